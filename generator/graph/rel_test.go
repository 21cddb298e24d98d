package graph

import (
	"strings"
	"testing"

	"handboek/generator/markdown"
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
			// A body link writes the same URL, without making it as a string first.
			l := markdown.Link{To: to, Up: strings.Count(from, "/"), Resolved: true}
			if got := string(l.AppendHref(nil)); got != want {
				t.Errorf("the link from %q to %q leads to %q, want %q", from, to, got, want)
			}
			l.Fragment = "taken"
			if got := string(l.AppendHref(nil)); got != want+"#taken" {
				t.Errorf("the link from %q to %q#taken leads to %q, want %q", from, to, got, want+"#taken")
			}
		}
	}
}
