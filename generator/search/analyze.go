package search

import (
	"strings"
	"unicode"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"

	"handboek/generator/slug"
)

// Fold is the one normalisation both sides apply before anything else: accents and
// compatibility forms removed (golang.org/x/text, through slug.Fold), then lower case.
// "Coöperatief" → "cooperatief", "ideeën" → "ideeen". search.js has the same function; a
// browser test holds the two together.
func Fold(s string) string { return strings.ToLower(slug.Fold(s)) }

// Tokens splits folded text into words: runs of letters and digits. An ampersand inside a word
// joins it ("b&w" → "bw"), so the abbreviations editors write are one word.
func Tokens(folded string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			if w := strings.ReplaceAll(folded[start:end], "&", ""); w != "" {
				out = append(out, w)
			}
			start = -1
		}
	}
	for i, r := range folded {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '&' {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(folded))
	return out
}

// Analyzer is the language-dependent part of the text analysis: stop words and stemming.
type Analyzer struct {
	Language string
	stem     func(*snowball.Env) bool
	stop     map[string]bool
	stopLen  int // the length of the longest stop word
	cache    map[string]string
}

// NewAnalyzer returns the analyzer for a site language: "en" is English, anything else Dutch.
func NewAnalyzer(language string) *Analyzer {
	a := &Analyzer{Language: "nl", stem: dutch.Stem, cache: map[string]string{}}
	words := stopNL
	if language == "en" {
		a.Language, a.stem, words = "en", english.Stem, stopEN
	}
	a.stop = map[string]bool{}
	for _, w := range strings.Fields(words) {
		a.stop[w] = true
		a.stopLen = max(a.stopLen, len(w))
	}
	return a
}

// Stop reports whether a folded word is too common to index.
func (a *Analyzer) Stop(w string) bool { return len(w) <= a.stopLen && a.stop[w] }

// StopWords returns the stop words, for the browser (it drops them from queries too).
func (a *Analyzer) StopWords() []string {
	return strings.Fields(map[string]string{"nl": stopNL, "en": stopEN}[a.Language])
}

// Stem returns the Snowball stem of a folded word. Numbers and words under three letters are
// their own stem.
func (a *Analyzer) Stem(w string) string {
	if len(w) < 3 || w[0] >= '0' && w[0] <= '9' {
		return w
	}
	if s, ok := a.cache[w]; ok {
		return s
	}
	env := snowball.NewEnv(w)
	a.stem(env)
	s := env.Current()
	if s == "" {
		s = w
	}
	a.cache[w] = s
	return s
}

const stopNL = `aan al alle als ben bij dan dat de der des die dit deze door een en er had heb hebben heeft het hij
hoe hun ik in is je kan kon maar me met mij na naar niet nog nu of om onder ons ook op over te tot u uit van
veel voor want was wat we werd wie wij wil worden wordt zal ze zich zij zijn zo zou`

const stopEN = `a an and are as at be been but by for from had has have he her his i if in into is it its me my no
not of on or our she so than that the their them then there these they this to was we were what when which who
will with would you your`
