package rendezvous

import "time"

// LoadLocation loads an IANA time zone, refusing the empty name and "Local"
// (which would silently mean the server's zone) with an EINVALID error.
func LoadLocation(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, Errorf(EINVALID, "time zone %q: want an IANA name such as Europe/Paris", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, Errorf(EINVALID, "unknown time zone %q", name)
	}
	return loc, nil
}
