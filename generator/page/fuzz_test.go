package page

import (
	"bytes"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"handboek/generator/config"
	"handboek/generator/diag"
	"handboek/generator/markdown"
)

// FuzzSplit checks that Split never panics and that what it returns lies within its input: the
// front matter and the body are the input's own bytes, and the body runs to the end.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"", "+++", "+++\n", "+++\n+++", "+++\n+++\n", "+++\ntitle = \"x\"\n+++\nbody\n",
		"---\ntitle: x\n---\n", "+++  \n+++\t\n", "\n+++\n+++\n", "+++\n\n\n", "tekst zonder front matter",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body, start, err := Split(src)
		if err != nil {
			if fm != nil || body != nil || start != 0 {
				t.Fatalf("Split returned an error and a result: %q %q %d", fm, body, start)
			}
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if start < 0 || start > len(src) {
			t.Fatalf("body start %d outside 0..%d", start, len(src))
		}
		if !bytes.Equal(body, src[start:]) {
			t.Fatalf("body %q is not src[%d:]", body, start)
		}
		if !bytes.Contains(src, fm) {
			t.Fatalf("front matter %q is not part of the input", fm)
		}
	})
}

// fuzzConfig is a site with kinds, a relation and steps, so that Parse checks every field type.
const fuzzConfig = `
title = "Fuzz"
[kinds.rol]
section = "rollen"
[kinds.orgaan]
section = "organen"
[kinds.fase]
section = "fasen"
[[relations]]
key = "opdrachtgever"
from = ["rol"]
to = ["rol", "orgaan"]
[steps]
phase_kind = "fase"
party_kinds = ["rol", "orgaan"]
`

// FuzzParse checks that any file decodes into a page or into problems, never a panic, and that
// every problem points into the file.
func FuzzParse(f *testing.F) {
	var l diag.List
	cfg := config.Parse(".", []byte(fuzzConfig), &l)
	if l.Len() > 0 {
		f.Fatal(l.Sorted())
	}
	md := markdown.New(markdown.Options{})
	for _, s := range []string{
		"+++\ntitle = \"Gemeentesecretaris\"\naliases = [\"GS\"]\nweight = 3\nopdrachtgever = \"college\"\n+++\nZie [[burgemeester|de burgemeester]] en [x](../organen/raad.md).\n",
		"+++\ntitle = \"Proces\"\n[[steps]]\ntitle = \"Besluit\"\nphase = \"besluitvorming\"\nresponsible = [\"a\"]\naccountable = [\"b\", \"c\"]\n[params]\nx = 1\n+++\n",
		"+++\ntitle = 1\ndraft = \"ja\"\nweight = 1.5\nkind = \"rool\"\nopdrachtgevr = \"x\"\nsteps = 3\nparams = 2\n+++\n",
		"\ufeff+++\r\ntitle = \"crlf\"\r\n+++\r\nbody\r\n",
		"+++\ntitle = \"x\"\n", "+++\n[[steps]]\n[[steps]]\naccountable = []\n+++\n", "\xff\xfe",
	} {
		f.Add("content/rollen/x.md", []byte(s))
	}
	f.Add("content/_index.md", []byte("+++\ntitle = \"Home\"\nkind = \"rol\"\n+++\n"))
	f.Fuzz(func(t *testing.T, rel string, src []byte) {
		p := Parse(rel, src, cfg, md)
		if p == nil {
			t.Fatal("Parse returned nil")
		}
		for _, pr := range p.Problems {
			if pr.Pos.Path != rel {
				t.Fatalf("problem about another file: %v", pr)
			}
			if pr.Msg == "" {
				t.Fatalf("problem without a message at %v", pr.Pos)
			}
			if pr.Pos.Line < 0 || pr.Pos.Col < 0 {
				t.Fatalf("negative position: %v", pr)
			}
		}
	})
}

// FuzzLineCounter checks lineCounter against counting from the start of the text every time,
// for offsets asked in any order, outside the text too.
func FuzzLineCounter(f *testing.F) {
	f.Add([]byte("één\ntwee\n\ndrie"), []byte{0, 3, 4, 9, 2, 15, 200})
	f.Add([]byte("\n\n\xff\n"), []byte{5, 1, 1, 0})
	f.Fuzz(func(t *testing.T, src, offsets []byte) {
		var c lineCounter
		for _, o := range offsets {
			offset := int(o) - 8 // some below zero
			want := min(max(offset, 0), len(src))
			line, start := 1, 0
			for i, b := range src[:want] {
				if b == '\n' {
					line, start = line+1, i+1
				}
			}
			col := utf8.RuneCount(src[start:want]) + 1
			if l, c := c.pos(src, offset); l != line || c != col {
				t.Fatalf("pos(%d) in %q = %d:%d, want %d:%d", offset, src, l, c, line, col)
			}
		}
	})
}

// FuzzDecodeSimple holds decodeSimple to toml.Decode: whatever it accepts, toml.Decode accepts
// too and decodes to the same values.
func FuzzDecodeSimple(f *testing.F) {
	for _, s := range []string{
		"", "\n", "title = \"x\"", "title = \"x\"\n", "title=\"x\"\r\nweight = -3\ndraft = true\n",
		"# comment\n\ntitle = \"Rol\" # na\nlid_van = [\"a\", \"b\",]\n", "x = []\ny = [ ]\n",
		"title = \"Proces\"\n[[steps]]\ntitle = \"Eén\"\nresponsible = [\"a\"]\n\n[[steps]] # twee\ntitle = \"Twee\"\n",
		"a = 1\na = 2\n", "steps = 1\n[[steps]]\n", "[steps]\nx = 1\n", "x = 01\n", "x = +0\n", "x = 1_000\n",
		"x = 1.5\n", "x = 'lit'\n", "x = \"a\\\"b\"\n", "x = \"a\tb\"\n", "x = [1, 2]\n", "x = [\"a\"\n", "x = truex\n",
		"[params]\nafdeling = \"x\"\n", "[params]\n[params]\n", "[a]\n[[a]]\n", "[[a]]\n[a]\n", "a = 1\n[a]\n", "[ a ]\n",
		"x = 9223372036854775808\n", "x = -9223372036854775808\n", "x = \"\xff\"\n", "# \xff\n", "x = \"a\" \"b\"\n",
		"\ufefftitle = \"x\"\n", "x.y = 1\n", "\"x\" = 1\n", "x = {a = 1}\n", "x = 1979-05-27\n", "x\r= 1\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		fast, ok := decodeSimple(src)
		if !ok {
			return
		}
		var slow map[string]any
		if _, err := toml.Decode(src, &slow); err != nil {
			t.Fatalf("decodeSimple accepted what toml.Decode refuses (%v): %q", err, src)
		}
		if len(fast) == 0 && len(slow) == 0 {
			return
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("decodeSimple(%q)\n = %#v\ntoml.Decode gives\n   %#v", src, fast, slow)
		}
	})
}
