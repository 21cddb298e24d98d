package graph

import (
	"strings"
	"testing"
)

// TestRel checks Rel against writing "../" once for each folder of from, past the depth its
// table of ways up covers.
func TestRel(t *testing.T) {
	for depth := range 12 {
		from := strings.Repeat("map/", depth)
		for _, to := range []string{"", "rollen/griffier/", "index.xml"} {
			want := strings.Repeat("../", depth) + to
			if want == "" {
				want = "./"
			}
			if got := Rel(from, to); got != want {
				t.Errorf("Rel(%q, %q) = %q, want %q", from, to, got, want)
			}
		}
	}
}
