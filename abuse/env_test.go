package abuse_test

import (
	"strings"

	"github.com/rendezvous-oss/rendezvous/httpapi"
)

// generousLimits keeps the rate limits on, as in production, but so high
// that one test never reaches them: the scenarios that attack something
// else than the limits see every request reach its handler.
func generousLimits() map[string]string {
	env := map[string]string{}
	for _, c := range httpapi.RateClasses() {
		name := "RENDEZVOUS_RATE_LIMIT_" + strings.ToUpper(string(c.Class))
		env[name] = "1000000/min"
		env[name+"_BURST"] = "1000000"
	}
	// The scenarios book many slots for a few customers.
	env["RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER"] = "1000000"
	// Every attack comes from loopback: one client for the connection
	// bound, which the connection scenario sets itself.
	env["RENDEZVOUS_MAX_CONNECTIONS_PER_CLIENT"] = "100000"
	env["RENDEZVOUS_MAX_CONNECTIONS"] = "100000"
	return env
}

// with returns env with the pairs added (name, value, name, value …).
func with(env map[string]string, pairs ...string) map[string]string {
	out := make(map[string]string, len(env)+len(pairs)/2)
	for k, v := range env {
		out[k] = v
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		out[pairs[i]] = pairs[i+1]
	}
	return out
}
