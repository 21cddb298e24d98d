package render

import (
	"html/template"
	"strings"
	"testing"
)

var anchorTemplate = template.Must(template.New("a").Parse(`<a href="{{.Href}}">{{.Title}}</a>`))

func templateAnchor(t *testing.T, href, title string) string {
	var b strings.Builder
	if err := anchorTemplate.Execute(&b, Link{Href: href, Title: title}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestAnchorIsWhatTheTemplateWrites(t *testing.T) {
	for _, c := range [][2]string{
		{"../rollen/griffier/", "Griffier"}, {"", ""}, {"./", "Start & <meer>"},
		{"javascript:alert(1)", "x"}, {"JavaScript:x", "y"}, {"mailto:a@b.nl", "a+b"}, {"https://x.nl/a b?c=d&e", `"q" 'r'`},
		{"../a%2Fb/%zz/%4", "\x00é\xff"}, {"../é/ü/", "\uFDD0\uFFFE"}, {"a/b:c", "d"}, {"{x}|^`\\", "<script>"},
	} {
		if got, want := string(anchor(c[0], c[1])), templateAnchor(t, c[0], c[1]); got != want {
			t.Errorf("anchor(%q, %q)\n got %s\nwant %s", c[0], c[1], got, want)
		}
	}
}

func FuzzAnchor(f *testing.F) {
	f.Add("../rollen/griffier/", "Griffier")
	f.Add("javascript:x", "<&>\"'+\x00")
	f.Add("%2f%G1 é", "\xff")
	f.Fuzz(func(t *testing.T, href, title string) {
		if got, want := string(anchor(href, title)), templateAnchor(t, href, title); got != want {
			t.Fatalf("anchor(%q, %q)\n got %s\nwant %s", href, title, got, want)
		}
	})
}
