package rendezvous

import "encoding/json"

// AppendJSONString appends s as encoding/json writes a string: plain
// ASCII as it is, anything else through encoding/json itself. For the hot
// paths that write their JSON by hand (a session token's claims, a list
// of slots), byte for byte what encoding/json would write.
func AppendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
