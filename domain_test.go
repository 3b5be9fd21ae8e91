package rendezvous_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rendezvous-oss/rendezvous"
)

func TestNormalizeCustomer(t *testing.T) {
	tests := []struct {
		name       string
		in         rendezvous.Customer
		region     string
		want       rendezvous.Customer
		wantFields []string
	}{
		{"OKFrenchMobile", rendezvous.Customer{Name: "  Marie   Curie ", Email: "Marie.Curie@Example.com", Phone: "06 12 34 56 78"}, "FR",
			rendezvous.Customer{Name: "Marie Curie", Email: "marie.curie@example.com", Phone: "+33612345678"}, nil},
		{"OKDottedPhone", rendezvous.Customer{Name: "Léa", Email: "lea@example.fr", Phone: "06.12.34.56.78"}, "FR",
			rendezvous.Customer{Name: "Léa", Email: "lea@example.fr", Phone: "+33612345678"}, nil},
		{"OKInternational", rendezvous.Customer{Name: "Zoë", Email: "zoe@example.com", Phone: "+33 6 12 34 56 78"}, "CA",
			rendezvous.Customer{Name: "Zoë", Email: "zoe@example.com", Phone: "+33612345678"}, nil},
		{"OKMontreal", rendezvous.Customer{Name: "Jean Tremblay", Email: "jean@example.ca", Phone: "(514) 555-0123"}, "CA",
			rendezvous.Customer{Name: "Jean Tremblay", Email: "jean@example.ca", Phone: "+15145550123"}, nil},
		{"ErrEverything", rendezvous.Customer{Name: " ", Email: "not-an-email", Phone: "123"}, "FR", rendezvous.Customer{},
			[]string{"customer.name", "customer.email", "customer.phone"}},
		{"ErrDisplayNameEmail", rendezvous.Customer{Name: "A", Email: "Marie <marie@example.com>", Phone: "0612345678"}, "FR", rendezvous.Customer{}, []string{"customer.email"}},
		{"ErrEmailNoDot", rendezvous.Customer{Name: "A", Email: "marie@localhost", Phone: "0612345678"}, "FR", rendezvous.Customer{}, []string{"customer.email"}},
		{"ErrNameTooLong", rendezvous.Customer{Name: strings.Repeat("a", 101), Email: "a@b.co", Phone: "0612345678"}, "FR", rendezvous.Customer{}, []string{"customer.name"}},
		{"ErrNameControl", rendezvous.Customer{Name: "Bob\x00", Email: "a@b.co", Phone: "0612345678"}, "FR", rendezvous.Customer{}, []string{"customer.name"}},
		{"ErrNameNoLetters", rendezvous.Customer{Name: "12345", Email: "a@b.co", Phone: "0612345678"}, "FR", rendezvous.Customer{}, []string{"customer.name"}},
		{"ErrNameInvalidUTF8", rendezvous.Customer{Name: "Bob\xff", Email: "a@b.co", Phone: "0612345678"}, "FR", rendezvous.Customer{}, []string{"customer.name"}},
		{"ErrPhoneLetters", rendezvous.Customer{Name: "A", Email: "a@b.co", Phone: "call me maybe"}, "FR", rendezvous.Customer{}, []string{"customer.phone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rendezvous.NormalizeCustomer(tt.in, tt.region)
			var fields []string
			for _, f := range rendezvous.ErrorFieldsOf(err) {
				fields = append(fields, f.Field)
			}
			if diff := cmp.Diff(tt.wantFields, fields); diff != "" {
				t.Fatalf("fields (-want +got):\n%s\nerr: %v", diff, err)
			}
			if err == nil {
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("customer (-want +got):\n%s", diff)
				}
			} else if rendezvous.ErrorCodeOf(err) != rendezvous.EINVALID {
				t.Errorf("code = %s, want invalid", rendezvous.ErrorCodeOf(err))
			}
		})
	}
}

func TestParseStart(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	toronto, _ := time.LoadLocation("America/Toronto")
	tests := []struct {
		name       string
		in         string
		loc        *time.Location
		want       string
		wantReason string
	}{
		{"OKOffset", "2026-11-24T09:30:00+01:00", paris, "2026-11-24T08:30:00Z", ""},
		{"OKUTC", "2026-11-24T08:30:00Z", toronto, "2026-11-24T08:30:00Z", ""},
		{"OKLocalWinter", "2026-11-24T09:30", paris, "2026-11-24T08:30:00Z", ""},
		{"OKLocalSummer", "2026-07-01 09:30", paris, "2026-07-01T07:30:00Z", ""},
		{"OKLocalToronto", "2026-11-24T09:30:00", toronto, "2026-11-24T14:30:00Z", ""},
		{"DSTGapParis", "2026-03-29T02:30", paris, "", rendezvous.ReasonDSTGap},
		{"DSTGapToronto", "2026-03-08T02:15", toronto, "", rendezvous.ReasonDSTGap},
		{"AmbiguousParis", "2026-10-25T02:30", paris, "", rendezvous.ReasonAmbiguousTime},
		{"AmbiguousToronto", "2026-11-01T01:30", toronto, "", rendezvous.ReasonAmbiguousTime},
		{"OKJustAfterGap", "2026-03-29T03:00", paris, "2026-03-29T01:00:00Z", ""},
		{"ErrGarbage", "tomorrow", paris, "", rendezvous.ReasonValidation},
		{"ErrBadDay", "2026-02-30T10:00", paris, "", rendezvous.ReasonValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rendezvous.ParseStart(tt.in, tt.loc)
			if rendezvous.ErrorReasonOf(err) != tt.wantReason {
				t.Fatalf("ParseStart(%q) error = %v, want reason %q", tt.in, err, tt.wantReason)
			}
			if err == nil && got.UTC().Format(time.RFC3339) != tt.want {
				t.Errorf("ParseStart(%q) = %s, want %s", tt.in, got.UTC().Format(time.RFC3339), tt.want)
			}
		})
	}
}

func TestFoldKey(t *testing.T) {
	for in, want := range map[string]string{
		"Saint-Étienne":           "saint etienne",
		"  SAINT  ÉTIENNE ":       "saint etienne",
		"Montréal":                "montreal",
		"L'Haÿ-les-Roses":         "l hay les roses",
		"Dr. Léa Martin":          "dr lea martin",
		"":                        "",
		"%_":                      "",
		"Cabinet Dentaire Élysée": "cabinet dentaire elysee",
	} {
		if got := rendezvous.FoldKey(in); got != want {
			t.Errorf("FoldKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidateProvider(t *testing.T) {
	good := func() *rendezvous.Provider {
		return &rendezvous.Provider{Name: "Cabinet", Kind: rendezvous.KindDentist, City: "Lyon", TimeZone: "Europe/Paris",
			Languages: []string{"fr"}, Policy: rendezvous.DefaultPolicy()}
	}
	if err := rendezvous.ValidateProvider(good()); err != nil {
		t.Fatalf("good provider: %v", err)
	}
	tests := []struct {
		name   string
		mutate func(p *rendezvous.Provider)
		field  string
	}{
		{"ErrName", func(p *rendezvous.Provider) { p.Name = "" }, "name"},
		{"ErrKind", func(p *rendezvous.Provider) { p.Kind = "plumber" }, "kind"},
		{"ErrTimeZone", func(p *rendezvous.Provider) { p.TimeZone = "Local" }, "timezone"},
		{"ErrLanguage", func(p *rendezvous.Provider) { p.Languages = []string{"French"} }, "languages[0]"},
		{"ErrStep", func(p *rendezvous.Provider) { p.Policy.SlotStep = time.Minute }, "policy.slot_step_minutes"},
		{"ErrBuffer", func(p *rendezvous.Provider) { p.Policy.Buffer = 13 * time.Hour }, "policy.buffer_minutes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := good()
			tt.mutate(p)
			fields := rendezvous.ErrorFieldsOf(rendezvous.ValidateProvider(p))
			if len(fields) != 1 || fields[0].Field != tt.field {
				t.Errorf("fields = %+v, want one on %s", fields, tt.field)
			}
		})
	}
}

func TestValidateTimeOff(t *testing.T) {
	start := time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		reason string
		field  string // "" when valid
	}{
		{"Plain", "Congés de Noël", ""},
		{"Empty", "", ""},
		{"NUL", "Congés\x00", "reason"},
		{"LineBreak", "Congés\nde Noël", "reason"},
		{"Delete", "Congés\x7f", "reason"},
		{"InvalidUTF8", "Cong\xe9s", "reason"},
		{"TooLong", strings.Repeat("é", 201), "reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off := &rendezvous.TimeOff{ProviderID: 1, Start: start, End: start.Add(48 * time.Hour), Reason: tt.reason}
			fields := rendezvous.ErrorFieldsOf(rendezvous.ValidateTimeOff(off))
			switch {
			case tt.field == "" && len(fields) != 0:
				t.Errorf("refused: %+v", fields)
			case tt.field != "" && (len(fields) != 1 || fields[0].Field != tt.field):
				t.Errorf("fields = %+v, want one on %s", fields, tt.field)
			}
		})
	}
	off := &rendezvous.TimeOff{ProviderID: 1, Start: start, End: start}
	if fields := rendezvous.ErrorFieldsOf(rendezvous.ValidateTimeOff(off)); len(fields) == 0 {
		t.Error("an empty time off was accepted")
	}
}
