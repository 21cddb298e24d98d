package markdown

import (
	"testing"

	"github.com/yuin/goldmark/util"
)

// A document is rendered once, at parse time; every build then fills in where its references
// lead. These cases pin what a reader sees for each kind of reference, resolved and broken.
func TestDocFillsInReferences(t *testing.T) {
	src := []byte("Zie [[griffier]], [[raad|de raad]] en [het team](../teams/wijk.md#taken \"Wijkteam\").\n\n" +
		"Ook [[onbekend]] en [kapot](weg.md).\n")
	doc := New(Options{}).Parse(src)
	var targets []string
	for _, r := range doc.Refs {
		targets = append(targets, r.Target)
	}
	if got, want := targets, []string{"griffier", "raad", "../teams/wijk.md", "onbekend", "weg.md"}; !equal(got, want) {
		t.Fatalf("references %q, want %q", got, want)
	}
	links := []Link{
		{To: "rollen/griffier/", Up: 2, Title: "Griffier", Resolved: true},
		{To: "organen/raad/", Up: 2, Title: "Gemeenteraad", Resolved: true},
		{To: "teams/wijk/", Fragment: "taken", Up: 2, Title: "Wijkteam", Resolved: true},
		{}, // broken
		// weg.md: links is short, so it is broken too
	}
	got := string(doc.AppendHTML(nil, links))
	want := `<p>Zie <a href="../../rollen/griffier/">Griffier</a>, <a href="../../organen/raad/">de raad</a> en ` +
		`<a href="../../teams/wijk/#taken" title="Wijkteam">het team</a>.</p>` + "\n" +
		`<p>Ook <span class="broken-link">onbekend</span> en kapot.</p>` + "\n"
	if got != want {
		t.Errorf("HTML:\n got %s\nwant %s", got, want)
	}
	if got, want := doc.Text(links), "Zie Griffier, de raad en het team.\nOok onbekend en kapot.\n"; got != want {
		t.Errorf("Text:\n got %q\nwant %q", got, want)
	}
	// The same document filled again for another build: nothing of the first is left.
	if got, want := doc.Text(nil), "Zie griffier, de raad en het team.\nOok onbekend en kapot.\n"; got != want {
		t.Errorf("Text without links:\n got %q\nwant %q", got, want)
	}
}

func TestDocEscapesWhatItFillsIn(t *testing.T) {
	doc := New(Options{}).Parse([]byte("[[a]] [[b]]\n"))
	got := string(doc.AppendHTML(nil, []Link{{To: `x/"y"/`, Title: "<b>&</b>", Resolved: true}, {Title: "<i>"}}))
	want := `<p><a href="x/&quot;y&quot;/">&lt;b&gt;&amp;&lt;/b&gt;</a> <span class="broken-link">b</span></p>` + "\n"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestAppendEscapedIsGoldmarks(t *testing.T) {
	for _, s := range []string{"", "Griffie", `<a href="x">&</a>`, "a\x00b", "collega's \"raad\" > <", "é&\xff"} {
		if got, want := string(appendEscaped([]byte("x"), s)), "x"+string(util.EscapeHTML([]byte(s))); got != want {
			t.Errorf("appendEscaped(%q) = %q, want %q", s, got, want)
		}
	}
}

// A NUL in the source must not be taken for a placeholder (nor produce a link).
func TestDocSourceWithNUL(t *testing.T) {
	doc := New(Options{UnsafeHTML: true}).Parse([]byte("a\x00w0\x00 [[b]] <span>\x00o0\x00</span>\n"))
	got := string(doc.AppendHTML(nil, []Link{{To: "b/", Up: 1, Title: "B", Resolved: true}}))
	want := `<p>a w0  <a href="../b/">B</a> <span> o0 </span></p>` + "\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
