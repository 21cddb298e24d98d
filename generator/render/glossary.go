package render

import (
	"bytes"
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"handboek/generator/slug"
)

// GlossaryEntry is one term of the site's glossary, as the woordenlijst page shows it.
type GlossaryEntry struct {
	ID          string // anchor on the woordenlijst page: "term-po"
	Term        string
	Explanation string
}

// glossary marks terms of site.toml's [glossary] in rendered page bodies.
type glossary struct {
	terms []glossaryTerm // longest first, so that "B&W-lid" would win over "B&W"
}

type glossaryTerm struct {
	esc   string // the term as it appears in escaped HTML text: "B&amp;W"
	title string // the explanation, escaped for an attribute
	fold  bool   // match regardless of case: terms with lower-case letters ("Mandaat")
}

func newGlossary(m map[string]string) *glossary {
	g := &glossary{}
	for term, expl := range m {
		term = strings.TrimSpace(term)
		if term == "" {
			continue
		}
		g.terms = append(g.terms, glossaryTerm{
			esc:   html.EscapeString(term),
			title: html.EscapeString(strings.TrimSpace(expl)),
			fold:  strings.ToUpper(term) != term,
		})
	}
	sort.Slice(g.terms, func(i, j int) bool {
		if len(g.terms[i].esc) != len(g.terms[j].esc) {
			return len(g.terms[i].esc) > len(g.terms[j].esc)
		}
		return g.terms[i].esc < g.terms[j].esc
	})
	return g
}

// entries lists the glossary sorted by term, the way a reader looks a word up.
func glossaryEntries(m map[string]string) []GlossaryEntry {
	var out []GlossaryEntry
	for term, expl := range m {
		out = append(out, GlossaryEntry{ID: "term-" + slug.URL(term), Term: term, Explanation: expl})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := slug.Fold(strings.ToLower(out[i].Term)), slug.Fold(strings.ToLower(out[j].Term))
		if a != b {
			return a < b
		}
		return out[i].Term < out[j].Term
	})
	return out
}

// skipInside are elements whose text is never marked: code, links, headings, and terms that
// are already explained.
var skipInside = map[string]bool{
	"a": true, "abbr": true, "dfn": true, "code": true, "pre": true, "kbd": true, "samp": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"script": true, "style": true, "svg": true, "textarea": true, "button": true, "title": true,
}

// mark wraps the first use of each term in body (HTML as the Markdown renderer writes it) in
// <abbr title="explanation">. Text inside code, links and headings is left as it is, and so is
// every tag and attribute.
func (g *glossary) mark(body []byte) []byte {
	if g == nil || len(g.terms) == 0 {
		return body
	}
	used := make([]bool, len(g.terms))
	left := len(g.terms)
	var out bytes.Buffer
	out.Grow(len(body) + 256)
	skip := map[string]int{}
	depth := 0
	i := 0
	for i < len(body) {
		if body[i] == '<' {
			end := tagEnd(body, i)
			tag := body[i:end]
			out.Write(tag)
			i = end
			name, closing, selfClosing := tagName(tag)
			if name == "" || !skipInside[name] || selfClosing {
				continue
			}
			if closing {
				if skip[name] > 0 {
					skip[name]--
					depth--
				}
			} else {
				skip[name]++
				depth++
			}
			continue
		}
		next := bytes.IndexByte(body[i:], '<')
		if next < 0 {
			next = len(body)
		} else {
			next += i
		}
		text := body[i:next]
		if depth > 0 || left == 0 {
			out.Write(text)
		} else {
			left -= g.markText(&out, text, used)
		}
		i = next
	}
	return out.Bytes()
}

// markText writes text, marking unused terms, and returns how many it marked.
func (g *glossary) markText(out *bytes.Buffer, text []byte, used []bool) int {
	marked := 0
	start := 0
	for j := 0; j < len(text); {
		if wordAt(text, j-1, true) {
			_, size := utf8.DecodeRune(text[j:])
			j += size
			continue
		}
		hit := -1
		for k, t := range g.terms {
			if used[k] || len(text)-j < len(t.esc) {
				continue
			}
			cand := string(text[j : j+len(t.esc)])
			if cand != t.esc && !(t.fold && strings.EqualFold(cand, t.esc)) {
				continue
			}
			if wordAt(text, j+len(t.esc), false) {
				continue
			}
			hit = k
			break
		}
		if hit < 0 {
			_, size := utf8.DecodeRune(text[j:])
			j += size
			continue
		}
		t := g.terms[hit]
		out.Write(text[start:j])
		out.WriteString(`<abbr title="`)
		out.WriteString(t.title)
		out.WriteString(`">`)
		out.Write(text[j : j+len(t.esc)])
		out.WriteString(`</abbr>`)
		used[hit] = true
		marked++
		j += len(t.esc)
		start = j
	}
	out.Write(text[start:])
	return marked
}

// wordAt reports whether a letter or digit stands at byte offset i of text (the rune ending
// there when before is true, the one starting there otherwise).
func wordAt(text []byte, i int, before bool) bool {
	if i < 0 || i >= len(text) {
		return false
	}
	var r rune
	if before {
		r, _ = utf8.DecodeLastRune(text[:i+1])
	} else {
		r, _ = utf8.DecodeRune(text[i:])
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// tagEnd returns the offset just past the tag or comment starting at i.
func tagEnd(b []byte, i int) int {
	if bytes.HasPrefix(b[i:], []byte("<!--")) {
		if e := bytes.Index(b[i+4:], []byte("-->")); e >= 0 {
			return i + 4 + e + 3
		}
		return len(b)
	}
	var quote byte
	for j := i + 1; j < len(b); j++ {
		c := b[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j + 1
		}
	}
	return len(b)
}

// tagName returns the lower-case element name of a tag such as "<a href=...>" or "</a>".
func tagName(tag []byte) (name string, closing, selfClosing bool) {
	s := tag[1:]
	if len(s) > 0 && s[0] == '/' {
		closing = true
		s = s[1:]
	}
	n := 0
	for n < len(s) && (s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z' || s[n] >= '0' && s[n] <= '9') {
		n++
	}
	selfClosing = bytes.HasSuffix(tag, []byte("/>"))
	return strings.ToLower(string(s[:n])), closing, selfClosing
}
