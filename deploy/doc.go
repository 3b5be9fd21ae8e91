// Package deploy holds the container image, the Compose fleet and the
// Kubernetes manifests of Rendezvous. It has no code: its tests check
// those files offline, with the libraries docker compose and Kubernetes
// themselves use to read them (docs/operations.md says what they cannot
// check without a Docker daemon or a cluster).
package deploy
