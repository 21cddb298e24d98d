package markdown

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzParseWikiLink checks that a wiki link is read within its line: the length it takes lies
// inside the input, the link ends in "]]", and a link always has a target.
func FuzzParseWikiLink(f *testing.F) {
	for _, s := range []string{
		"[[a]]", "[[a|b]]", "[[a#b|c]]", "[[", "[[]]", "[[ | ]]", "[[a]", "[[a\n]]", "[[[a]]]",
		"[[coördinator-wijkteams]] en meer", "[[a]]]]", "[[|x]]", "[[#f]]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		target, fragment, label, n := ParseWikiLink(line)
		if n == 0 {
			if target != "" || fragment != "" || label != "" {
				t.Fatalf("no link but a result: %q %q %q", target, fragment, label)
			}
			return
		}
		if n < 4 || n > len(line) {
			t.Fatalf("length %d outside 4..%d", n, len(line))
		}
		if !bytes.HasPrefix(line, []byte("[[")) || !bytes.HasSuffix(line[:n], []byte("]]")) {
			t.Fatalf("link %q is not [[...]]", line[:n])
		}
		if target == "" || strings.TrimSpace(target) != target {
			t.Fatalf("target %q is empty or untrimmed", target)
		}
		if strings.ContainsAny(target+fragment+label, "[]\n\r") {
			t.Fatalf("link parts hold brackets or line breaks: %q %q %q", target, fragment, label)
		}
	})
}

// FuzzMarkdown checks that any text parses, lists its references at offsets inside the text, and
// renders, with references bound or unbound, without a panic; and that no script or javascript:
// link comes out of text that is not allowed raw HTML.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"# Kop\n\nZie [[a]], [[b|c]] en [d](../x/d.md#e).\n",
		"> > > [[a]]\n- - - [[b]]\n", "```go\nfunc main() {}\n```\n", "| a | b |\n|---|---|\n| [[x]] | y |\n",
		"<script>alert(1)</script>\n", "[x](javascript:alert(1)) <a href=\"javascript:x\">y</a>\n",
		"[[[[[[", "[x](a.md)[[y]]", "![img](data:text/html,x)", "https://example.org/[[a]]",
	} {
		f.Add([]byte(s), false)
	}
	safe := New(Options{})
	unsafe := New(Options{UnsafeHTML: true})
	f.Fuzz(func(t *testing.T, src []byte, bind bool) {
		for _, m := range []*Markdown{safe, unsafe} {
			doc := m.Parse(src)
			links := make([]Link, len(doc.Refs))
			for i, r := range doc.Refs {
				if r.Offset < 0 || r.Offset > len(src) {
					t.Fatalf("reference %q at offset %d outside 0..%d", r.Target, r.Offset, len(src))
				}
				if bind {
					links[i] = Link{To: "x/", Up: 1, Title: "X <b>", Resolved: true}
				}
			}
			out := string(doc.AppendHTML(nil, links))
			if strings.IndexByte(out, 0) >= 0 || strings.IndexByte(doc.Text(links), 0) >= 0 {
				t.Fatalf("a placeholder is left in the output of %q:\n%q", src, out)
			}
			if m == safe {
				low := strings.ToLower(out)
				if strings.Contains(low, "<script") || strings.Contains(low, "href=\"javascript:") {
					t.Fatalf("unsafe output from %q:\n%s", src, out)
				}
			}
		}
	})
}
