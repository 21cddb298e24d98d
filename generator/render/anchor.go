package render

import (
	"html/template"
	"strings"
)

// anchor is <a href="{{.Href}}">{{.Title}}</a> as html/template writes it, without a template:
// the URL filtered (a scheme other than http, https or mailto becomes #ZgotmplZ), normalised
// (percent-encoding what is not allowed in a URL) and escaped for the attribute, and the title
// escaped for text. TestAnchorIsWhatTheTemplateWrites and FuzzAnchor hold it to that.
func anchor(href, title string) template.HTML {
	var b strings.Builder
	b.Grow(len(href) + len(title) + 15)
	writeAnchor(&b, href, title)
	return template.HTML(b.String())
}

// writeAnchor writes anchor(href, title) to b.
func writeAnchor[W writer](b W, href, title string) {
	b.WriteString(`<a href="`)
	escapeURL(b, href)
	b.WriteString(`">`)
	escapeHTML(b, title)
	b.WriteString(`</a>`)
}

// writer is where anchor and escapeHTML write: a strings.Builder or a bytes.Buffer.
type writer interface{ WriteString(string) (int, error) }

// escapeURL writes s as html/template writes a value at the start of a URL attribute: filtered,
// normalised and escaped for the attribute.
func escapeURL[W writer](b W, s string) {
	if !safeURL(s) {
		s = "#ZgotmplZ"
	}
	escapeHTML(b, normaliseURL(s))
}

// safeURL is html/template's test of a URL at the start of an attribute.
func safeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		return strings.EqualFold(protocol, "http") || strings.EqualFold(protocol, "https") || strings.EqualFold(protocol, "mailto")
	}
	return true
}

// normaliseURL percent-encodes the bytes html/template's URL normaliser encodes: all but
// letters, digits, "-._~", the reserved "!#$&*+,/:;=?@[]" and valid %XX escapes.
func normaliseURL(s string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte("0123456789abcdef"[c>>4])
		b.WriteByte("0123456789abcdef"[c&0xf])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// htmlEscapes holds what escapeHTML writes for each byte it replaces. Read only.
var htmlEscapes = [256]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// escapeHTML writes s as html/template escapes text and quoted attribute values: NUL as U+FFFD,
// and " & ' + < > as character references. Every one of them is an ASCII byte, which never
// occurs inside the encoding of another character, so s is scanned byte by byte.
func escapeHTML[W writer](b W, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		repl := htmlEscapes[s[i]]
		if repl == "" {
			continue
		}
		b.WriteString(s[written:i])
		b.WriteString(repl)
		written = i + 1
	}
	b.WriteString(s[written:])
}
