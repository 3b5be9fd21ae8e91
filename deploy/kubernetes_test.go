package deploy_test

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/yaml"
)

// manifests are the objects deploy/kubernetes/kustomization.yaml lists,
// each decoded strictly into the Kubernetes API's own Go types: an
// unknown or misspelt field, or a value of the wrong type, fails.
type manifests struct {
	deployment appsv1.Deployment
	service    corev1.Service
	configMap  corev1.ConfigMap
	pdb        policyv1.PodDisruptionBudget
	hpa        autoscalingv2.HorizontalPodAutoscaler
}

func loadManifests(t *testing.T) *manifests {
	t.Helper()
	var kust struct {
		Resources []string `json:"resources"`
	}
	readYAML(t, "kustomization.yaml", &kust)
	m := &manifests{}
	want := map[string]any{
		"apps/v1 Deployment":                     &m.deployment,
		"v1 Service":                             &m.service,
		"v1 ConfigMap":                           &m.configMap,
		"policy/v1 PodDisruptionBudget":          &m.pdb,
		"autoscaling/v2 HorizontalPodAutoscaler": &m.hpa,
	}
	for _, file := range kust.Resources {
		var tm metav1.TypeMeta
		readYAML(t, file, &tm)
		dst, ok := want[tm.APIVersion+" "+tm.Kind]
		if !ok {
			t.Fatalf("%s: unexpected %s %s", file, tm.APIVersion, tm.Kind)
		}
		delete(want, tm.APIVersion+" "+tm.Kind)
		raw, err := os.ReadFile(filepath.Join("kubernetes", file))
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.UnmarshalStrict(raw, dst); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
	}
	for kind := range want {
		t.Errorf("kustomization.yaml lists no %s", kind)
	}
	return m
}

func readYAML(t *testing.T, file string, dst any) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("kubernetes", file))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(raw, dst); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// TestKubernetes checks what the manifests promise: every selector picks
// the Deployment's pods, probes on /healthz and /readyz at named ports,
// locked-down containers, secrets read from mounted files, a grace period
// that covers the drain, and a configuration `rendezvous serve` accepts.
func TestKubernetes(t *testing.T) {
	m := loadManifests(t)
	d := &m.deployment
	pod := d.Spec.Template
	podLabels := labels.Set(pod.Labels)
	selects := func(what string, sel *metav1.LabelSelector) {
		s, err := metav1.LabelSelectorAsSelector(sel)
		if err != nil || s.Empty() || !s.Matches(podLabels) {
			t.Errorf("%s selector %v does not select the pods (%v): %v", what, sel, pod.Labels, err)
		}
	}
	selects("Deployment", d.Spec.Selector)
	selects("PodDisruptionBudget", m.pdb.Spec.Selector)
	selects("Service", &metav1.LabelSelector{MatchLabels: m.service.Spec.Selector})
	if ref := m.hpa.Spec.ScaleTargetRef; ref.Kind != "Deployment" || ref.Name != d.Name || ref.APIVersion != "apps/v1" {
		t.Errorf("HPA scales %+v, not the Deployment %s", ref, d.Name)
	}
	// The autoscaler must never go below what a drain leaves serving.
	if min := m.hpa.Spec.MinReplicas; min == nil || *min < 2 || m.pdb.Spec.MaxUnavailable == nil || int32(m.pdb.Spec.MaxUnavailable.IntValue()) >= *min {
		t.Errorf("HPA minReplicas %v with PDB maxUnavailable %v: a drain could stop every pod", min, m.pdb.Spec.MaxUnavailable)
	}
	if ru := d.Spec.Strategy.RollingUpdate; ru == nil || ru.MaxUnavailable == nil || ru.MaxUnavailable.IntValue() != 0 {
		t.Errorf("rolling update %+v: want maxUnavailable 0", ru)
	}

	ps := pod.Spec
	if sc := ps.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 {
		t.Errorf("pod securityContext %+v: want runAsNonRoot and a non-zero runAsUser", sc)
	}
	if ps.AutomountServiceAccountToken == nil || *ps.AutomountServiceAccountToken {
		t.Error("the pods need no Kubernetes API token: automountServiceAccountToken: false")
	}
	volumes := map[string]corev1.Volume{}
	for _, v := range ps.Volumes {
		volumes[v.Name] = v
	}
	containers := append(slices.Clone(ps.InitContainers), ps.Containers...)
	if len(ps.InitContainers) != 1 || strings.Join(ps.InitContainers[0].Args, " ") != "migrate" {
		t.Errorf("want one init container running migrate, have %+v", ps.InitContainers)
	}
	for _, c := range containers {
		t.Run(c.Name, func(t *testing.T) {
			sc := c.SecurityContext
			if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot ||
				sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
				t.Errorf("securityContext %+v: want readOnlyRootFilesystem, runAsNonRoot, no privilege escalation, every capability dropped", sc)
			}
			// The configuration the container runs with: the ConfigMap,
			// its env, and each *_FILE pointing into a mounted Secret.
			env := map[string]string{}
			for _, from := range c.EnvFrom {
				if from.ConfigMapRef == nil || from.ConfigMapRef.Name != m.configMap.Name {
					t.Fatalf("envFrom %+v: not the ConfigMap", from)
				}
				for k, v := range m.configMap.Data {
					env[k] = v
				}
			}
			secretDir := t.TempDir()
			for _, e := range c.Env {
				if e.ValueFrom != nil {
					t.Errorf("%s comes from %+v: secrets are mounted as files, read through *_FILE", e.Name, e.ValueFrom)
				}
				env[e.Name] = e.Value
				if !strings.HasSuffix(e.Name, "_FILE") {
					continue
				}
				mount := mountOf(c, e.Value)
				if mount == nil || !mount.ReadOnly || volumes[mount.Name].Secret == nil {
					t.Errorf("%s=%s is not in a read-only Secret volume", e.Name, e.Value)
					continue
				}
				env[e.Name] = filepath.Join(secretDir, filepath.Base(e.Value))
				writeSecret(t, env[e.Name], strings.TrimSuffix(e.Name, "_FILE"))
			}
			for k, v := range env {
				if !strings.HasSuffix(k, "_FILE") && secretLike(k) {
					t.Errorf("%s=%q is a secret in plain configuration: use %s_FILE", k, v, k)
				}
			}
			configCheck(t, env)
			if c.Name != "rendezvous" {
				return
			}
			ports := map[string]int32{}
			for _, p := range c.Ports {
				ports[p.Name] = p.ContainerPort
			}
			if want := ":" + strconv.Itoa(int(ports["http"])); env["RENDEZVOUS_ADDR"] != want {
				t.Errorf("RENDEZVOUS_ADDR = %q, the http port is %s", env["RENDEZVOUS_ADDR"], want)
			}
			if want := ":" + strconv.Itoa(int(ports["metrics"])); env["RENDEZVOUS_METRICS_ADDR"] != want {
				t.Errorf("RENDEZVOUS_METRICS_ADDR = %q, the metrics port is %s", env["RENDEZVOUS_METRICS_ADDR"], want)
			}
			for _, pr := range []struct {
				name  string
				probe *corev1.Probe
				path  string
			}{{"startup", c.StartupProbe, "/healthz"}, {"liveness", c.LivenessProbe, "/healthz"}, {"readiness", c.ReadinessProbe, "/readyz"}} {
				if pr.probe == nil || pr.probe.HTTPGet == nil || pr.probe.HTTPGet.Path != pr.path || ports[pr.probe.HTTPGet.Port.String()] == 0 {
					t.Errorf("%s probe %+v: want GET %s on a named container port", pr.name, pr.probe, pr.path)
				}
			}
			for _, sp := range m.service.Spec.Ports {
				if ports[sp.TargetPort.String()] == 0 {
					t.Errorf("Service port %s targets %s, which the container does not name", sp.Name, sp.TargetPort.String())
				}
			}
			// The kubelet waits for the preStop pause, then the drain.
			grace, err := time.ParseDuration(env["RENDEZVOUS_SHUTDOWN_GRACE"])
			if err != nil {
				grace = 15 * time.Second
			}
			var pause time.Duration
			if c.Lifecycle != nil && c.Lifecycle.PreStop != nil && c.Lifecycle.PreStop.Sleep != nil {
				pause = time.Duration(c.Lifecycle.PreStop.Sleep.Seconds) * time.Second
			}
			if ps.TerminationGracePeriodSeconds == nil || time.Duration(*ps.TerminationGracePeriodSeconds)*time.Second <= grace+pause {
				t.Errorf("terminationGracePeriodSeconds %v does not cover the preStop pause (%s) and RENDEZVOUS_SHUTDOWN_GRACE (%s)",
					ps.TerminationGracePeriodSeconds, pause, grace)
			}
		})
	}
}

// mountOf returns the volume mount that holds path.
func mountOf(c corev1.Container, path string) *corev1.VolumeMount {
	for i, vm := range c.VolumeMounts {
		if strings.HasPrefix(path, strings.TrimSuffix(vm.MountPath, "/")+"/") {
			return &c.VolumeMounts[i]
		}
	}
	return nil
}

func secretLike(name string) bool {
	for _, s := range []string{"SECRET", "PEPPER", "PASSWORD", "API_KEY", "DATABASE_URL", "REDIS_URL", "SMTP_URL"} {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}

// writeSecret writes what an operator would put in the Secret under the
// setting's name.
func writeSecret(t *testing.T, path, setting string) {
	t.Helper()
	key := func(b byte) string {
		raw := make([]byte, 32)
		for i := range raw {
			raw[i] = b + byte(i*7)
		}
		return base64.StdEncoding.EncodeToString(raw)
	}
	values := map[string]string{
		"RENDEZVOUS_DATABASE_URL":     "postgres://rendezvous:pw@postgres.db.svc:5432/rendezvous?sslmode=verify-full",
		"RENDEZVOUS_REDIS_URL":        "rediss://:pw@redis.db.svc:6379/0",
		"RENDEZVOUS_SMTP_URL":         "smtp://rendezvous:pw@smtp.example.com:587",
		"RENDEZVOUS_SECRET_KEY":       key(1),
		"RENDEZVOUS_ADMIN_KEY_PEPPER": key(101),
	}
	v, ok := values[setting]
	if !ok {
		t.Fatalf("no example value for %s", setting)
	}
	if err := os.WriteFile(path, []byte(v+"\n"), 0o400); err != nil {
		t.Fatal(fmt.Errorf("write %s: %w", setting, err))
	}
}
