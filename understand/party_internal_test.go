package understand

import (
	"strings"
	"testing"
)

// TestPartyPatternsHaveAKey: every pattern of Party holds a count or a
// word partyKey knows, which lets Party skip the messages with none.
func TestPartyPatternsHaveAKey(t *testing.T) {
	for i, p := range partyPatterns() {
		keyed := false
		for _, slot := range p.slots {
			if slot == "#" {
				keyed = true
			}
			for _, w := range strings.Split(slot, "|") {
				if w != "" && partyKey(w) {
					keyed = true
				}
			}
		}
		if !keyed {
			t.Errorf("pattern %d %q holds no count and no key word: add one to partyKey", i, p.slots)
		}
	}
}
