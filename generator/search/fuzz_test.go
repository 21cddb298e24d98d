package search

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzTokenizer runs any text through the analysis the index and the query share: folding,
// splitting into words, stemming in both languages, and the typo distance. None of it may panic;
// words are non-empty runs of letters and digits that split the same way again; a stem is never
// empty; the distance of a word to itself is 0 and the distance is symmetric.
func FuzzTokenizer(f *testing.F) {
	for _, s := range []string{
		"Coöperatief dualisme: B&W en de raad", "ideeën, ĳsbaan; ﬁets", "&&& & a&", "", "   ",
		"gemeentesecretaris 2026", "\xff\xfe ongeldig", "ǅ İ ß ẞ", "a\u0301\u0301\u0301", "x&y&z",
	} {
		f.Add(s, "gemeentesecretars")
	}
	nl, en := NewAnalyzer("nl"), NewAnalyzer("en")
	f.Fuzz(func(t *testing.T, text, query string) {
		words := Tokens(Fold(text))
		for _, w := range words {
			if w == "" {
				t.Fatal("empty word")
			}
			for _, r := range w {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					t.Fatalf("word %q from %q holds %q", w, text, r)
				}
			}
			for _, a := range []*Analyzer{nl, en} {
				if s := a.Stem(w); s == "" {
					t.Fatalf("%s stem of %q is empty", a.Language, w)
				}
				_ = a.Stop(w)
			}
		}
		if again := Tokens(strings.Join(words, " ")); !slices.Equal(again, words) {
			t.Fatalf("words %q split again into %q", words, again)
		}
		q := []rune(Fold(query))
		if len(words) > 0 {
			w := []rune(words[0])
			if d := Distance(w, w, 2); d != 0 {
				t.Fatalf("Distance(%q, itself) = %d", words[0], d)
			}
			d1, d2 := Distance(w, q, 2), Distance(q, w, 2)
			if d1 != d2 || d1 < 0 || d1 > 3 {
				t.Fatalf("Distance(%q, %q) = %d, the other way %d", words[0], string(q), d1, d2)
			}
		}
		_ = MaxEdits(string(q))
	})
}

// FuzzEachToken holds the index's fast word splitter to the definition: eachToken gives exactly
// the words of Tokens(Fold(s)), whatever the mix of ASCII, accented letters, combining marks,
// compatibility forms and broken UTF-8.
func FuzzEachToken(f *testing.F) {
	for _, s := range []string{
		"Coöperatief dualisme: B&W en de raad", "ideeën, ĳsbaan; ﬁets", "&&& & a&", "", "É.é,e\u0301!",
		"Straße ÆØ œuvre Łódź Đ þ", "\xff\xfe ongeldig é\xff", "ǅ İ ß ẞ", "a\u0301\u0301 ,\u0301x", "x&Y&z",
		"<\u0338 =\u0338 ½ ² ª\u00a0º", "İstanbul ĲSSEL ŉ", "a&é&B", "\u00adsoft\u00adhyphen",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got []string
		eachToken(s, func(w string) { got = append(got, w) })
		if want := Tokens(Fold(s)); !slices.Equal(got, want) {
			t.Fatalf("eachToken(%q) = %q, Tokens(Fold) = %q", s, got, want)
		}
	})
}

// excerptReference is the plain statement of what appendExcerpt does, which appendExcerpt does in
// one pass.
func excerptReference(summary, body string) string {
	if len(body) > 4*ExcerptRunes {
		body = body[:4*ExcerptRunes]
	}
	s := strings.ToValidUTF8(strings.Join(strings.Fields(summary+" "+body), " "), "")
	if utf8.RuneCountInString(s) <= ExcerptRunes {
		return s
	}
	r := []rune(s)[:ExcerptRunes]
	cut := len(r)
	for i := len(r) - 1; i > ExcerptRunes*3/4; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return string(r[:cut]) + " …"
}

func FuzzExcerpt(f *testing.F) {
	long := strings.Repeat("gemeentesecretaris adviseert het college ", 12)
	for _, s := range [][2]string{
		{"", ""}, {"Kort.", "Tekst\n\nmet  regels."}, {"", long}, {long, long},
		{strings.Repeat("x", 300), ""}, {"a \xff b", "\xe2\x82"}, {"\u00a0één\u2003twee", "drie\tvier"},
		{"", strings.Repeat("é", 250)}, {strings.Repeat("ab ", 66) + "abcdef", "ghij klm"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, summary, body string) {
		// Appended to bytes already there, which it must leave as they are.
		if got, want := string(appendExcerpt([]byte("<"), summary, body)[1:]), excerptReference(summary, body); got != want {
			t.Fatalf("appendExcerpt(%q, %q)\n got %q\nwant %q", summary, body, got, want)
		}
	})
}

// FuzzCut holds cut to what it stands for: sort by weight (the first pages among equal weights),
// keep n, sort by page again; and its line to what it kept.
func FuzzCut(f *testing.F) {
	f.Add([]byte{5, 1, 5, 9, 1, 1, 3, 9, 0, 2}, uint8(4))
	f.Add([]byte{1, 1, 1, 1, 1}, uint8(2))
	f.Add([]byte{}, uint8(0))
	f.Add([]byte{0, 0, 0, 0, 0, 0}, uint8(7))
	f.Add([]byte{200, 3, 90, 3, 200, 70}, uint8(3))
	f.Fuzz(func(t *testing.T, weights []byte, n uint8) {
		ps := make([]Posting, len(weights))
		for i, w := range weights {
			ps[i] = Posting{Doc: int32(i * 3), Weight: int32(w % 100)} // above 64 too: counted in a map
		}
		want := slices.Clone(ps)
		slices.SortStableFunc(want, func(a, b Posting) int { return cmp.Compare(b.Weight, a.Weight) })
		want = want[:min(int(n), len(want))]
		slices.SortFunc(want, func(a, b Posting) int { return cmp.Compare(a.Doc, b.Doc) })
		in := slices.Clone(ps)
		got, line := cut(in, int(n))
		if !slices.Equal(got, want) {
			t.Fatalf("cut(%v, %d) = %v, want %v", ps, n, got, want)
		}
		if !slices.Equal(in, ps) {
			t.Fatalf("cut changed its list: %v, was %v", in, ps)
		}
		for _, p := range ps {
			if kept := slices.Contains(got, p); line.above(p.Doc, p.Weight) != kept {
				t.Fatalf("cut(%v, %d): line %+v says %v is kept: %v; it was kept: %v", ps, n, line, p, !kept, kept)
			}
		}
	})
}
