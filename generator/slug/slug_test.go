package slug

import (
	"testing"
	"unicode/utf8"
)

func TestURL(t *testing.T) {
	for in, want := range map[string]string{
		"coördinator-wijkteams": "coordinator-wijkteams",
		"Ideeën & Plannen":      "ideeen-plannen",
		"ĳsbaan":                "ijsbaan",
		"straße":                "strasse",
		"  --a--b  ":            "a-b",
		"lid_van":               "lid_van",
		"???":                   "-",
	} {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKey(t *testing.T) {
	if Key("B&W") != Key("b&w") || Key("Coördinator Wijkteams") != Key("coordinator-wijkteams") {
		t.Fatal("keys differ")
	}
}

func FuzzURL(f *testing.F) {
	f.Add("coördinator-wijkteams")
	f.Fuzz(func(t *testing.T, s string) {
		u := URL(s)
		if u == "" || !utf8.ValidString(u) {
			t.Fatalf("URL(%q) = %q", s, u)
		}
		for _, r := range u {
			if r > 127 || r == '/' {
				t.Fatalf("URL(%q) = %q has %q", s, u, r)
			}
		}
		if URL(u) != u && u != "-" {
			t.Fatalf("not idempotent: %q → %q", u, URL(u))
		}
	})
}
