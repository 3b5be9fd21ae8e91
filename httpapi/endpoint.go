package httpapi

import "net/http"

// Auth is how an endpoint authenticates its caller.
type Auth string

// Authentication schemes, documented in /openapi.json.
const (
	AuthNone    Auth = ""
	AuthBooking Auth = "bookingToken" // Authorization: Bearer <manage token>
	AuthAdmin   Auth = "adminKey"     // Authorization: Bearer <admin API key>
	AuthSession Auth = "sessionToken" // Authorization: Bearer <session token>
	AuthEmail   Auth = "emailToken"   // Authorization: Bearer <verified-email token>
)

// Param documents a path, query or header parameter.
type Param struct {
	Name        string
	In          string // "path", "query" or "header"
	Type        string // "string", "integer"
	Format      string // "date", "date-time"…
	Description string
	Required    bool
	Enum        []string
}

// Response documents one possible response.
type Response struct {
	Status      int
	Description string
	Body        any    // a value of the body's type; nil for no body
	ContentType string // "application/json" by default
}

// Endpoint is one route: how it is served and how it is documented.
type Endpoint struct {
	Method      string
	Path        string
	OperationID string
	Summary     string
	Description string
	Tag         string
	Auth        Auth
	// RateClass names the rate limit that applies, counted per client
	// address before authentication. It is required: New refuses an
	// endpoint without a known class. (Chat handlers also count each
	// request against its session once the token is verified.)
	RateClass RateClass
	Params    []Param
	Body      any // a value of the request body's type; nil for none
	Responses []Response
	Handle    func(w http.ResponseWriter, r *http.Request) error
	// PersonalData marks an endpoint whose answer carries customers'
	// personal data: administrative calls of such endpoints are audited
	// even though they change nothing.
	PersonalData bool
	// Page marks a web page or asset (HTML, scripts, styles): served and
	// rate limited like any endpoint, but not part of the JSON API, so
	// left out of /openapi.json. Its handler sets its own content security
	// policy, which replaces the API's.
	Page bool
}

// Handle adapts a plain http.Handler to an endpoint handler.
func Handle(h http.Handler) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		h.ServeHTTP(w, r)
		return nil
	}
}
