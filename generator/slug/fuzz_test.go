package slug

import (
	"testing"
	"unicode/utf8"
)

// FuzzSlug checks the promises URL and Key make for any name: URL gives a non-empty, lower-case
// ASCII path segment and is stable when applied again, and none of them panics.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"", "Coördinator wijkteams", "B&W", "ĳs", "straße", "--", " ", "\xff", "a\u0301", "ﬁ", "Ⅻ", "_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u := URL(s)
		if u == "" {
			t.Fatal("URL returned an empty string")
		}
		for i := 0; i < len(u); i++ {
			c := u[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
				t.Fatalf("URL(%q) = %q holds %q", s, u, c)
			}
		}
		if again := URL(u); again != u {
			t.Fatalf("URL(%q) = %q, but URL(%q) = %q", s, u, u, again)
		}
		k := Key(s)
		if utf8.ValidString(s) && !utf8.ValidString(k) {
			t.Fatalf("Key(%q) = %q is not valid UTF-8", s, k)
		}
		if utf8.ValidString(s) && !utf8.ValidString(Fold(s)) {
			t.Fatalf("Fold(%q) is not valid UTF-8", s)
		}
	})
}
