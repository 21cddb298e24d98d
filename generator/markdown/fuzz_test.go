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
			for _, r := range Refs(doc) {
				if r.Offset < 0 || r.Offset > len(src) {
					t.Fatalf("reference %q at offset %d outside 0..%d", r.Target, r.Offset, len(src))
				}
				if bind {
					r.Bind("../x/", "X <b>")
				} else {
					r.Bind("", "")
				}
			}
			var out bytes.Buffer
			if err := m.Render(&out, src, doc); err != nil {
				t.Fatalf("render: %v", err)
			}
			if m == safe {
				low := strings.ToLower(out.String())
				if strings.Contains(low, "<script") || strings.Contains(low, "href=\"javascript:") {
					t.Fatalf("unsafe output from %q:\n%s", src, out.String())
				}
			}
		}
	})
}
