// Package slug turns names as editors write them into plain ASCII URL parts and lookup keys.
//
// Editors name files the way the words are spelled ("coördinator-wijkteams.md"); browsers, web
// servers and people typing a reference are better served by plain ASCII. Both spellings must
// lead to the same page, so references and URLs go through the same folding.
package slug

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

var special = strings.NewReplacer("ß", "ss", "æ", "ae", "Æ", "AE", "ø", "o", "Ø", "O", "œ", "oe", "Œ", "OE", "ł", "l", "Ł", "L", "đ", "d", "Đ", "D", "þ", "th")

// folders holds Fold's transformers: a chain has buffers of its own, too large to make for each
// word that search folds.
var folders = sync.Pool{New: func() any { return transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC) }}

// Fold removes accents and compatibility forms: "Coördinator ĳs" → "Coordinator ijs".
// Case is kept; everything else that is not a letter with a diacritic is left as it is.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	out, _, err := transform.String(t, special.Replace(s)) // resets t first
	if err != nil {
		return s
	}
	return out
}

// URL folds s into a lower-case ASCII URL path segment: letters, digits and single hyphens.
// "Coördinator wijkteams" → "coordinator-wijkteams". An empty result becomes "-".
func URL(s string) string {
	f := strings.ToLower(Fold(s))
	var b strings.Builder
	b.Grow(len(f))
	dash := false
	for _, r := range f {
		switch {
		case (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "-"
	}
	return b.String()
}

// Key is the lookup key for a reference: case and accents do not matter, spaces and hyphens are
// the same ("B&W" and "b&w" match, "Coördinator Wijkteams" matches "coordinator-wijkteams").
func Key(s string) string {
	f := strings.ToLower(Fold(strings.TrimSpace(s)))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' {
			return '-'
		}
		return r
	}, f)
}
