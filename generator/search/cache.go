package search

import (
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"handboek/generator/graph"
	"handboek/generator/markdown"
	"handboek/generator/slug"
)

// Cache keeps the analysis of each page (its words and their weights, its excerpt) from one
// build to the next, so that a rebuild only analyses the pages whose text changed. A caller
// that builds the same site again and again (the dev server's Builder) keeps one Cache and
// calls its Build; the index is the same as Build's, byte for byte. A Cache is not for use by
// two builds at the same time.
type Cache struct {
	seed   maphash.Seed
	pages  map[string]*analysis // by page URL
	a      *Analyzer            // with the stems of every word met
	v      *vocab               // every word met, numbered
	merged *merged              // the last index, with what it was made from (merge.go)
	enc    *encodings           // the files of the last index (merge.go)
	graph  *graph.Graph         // the graph of the last Build
	doc    map[*graph.Node]int  // its pages' numbers
	last   *Index               // the last index
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), pages: map[string]*analysis{}, v: newVocab()}
}

// analysis is what the index needs of one page.
type analysis struct {
	key               uint64 // hash of everything the analysis depends on
	url, title, label string
	excerpt           string
	terms             []termWeight

	// What the analysis was made from, to tell without the page's text that it is unchanged.
	lang, summary string
	aliases       []string
	doc           *markdown.Doc
	links         []markdown.Link
}

// termWeight is a word of a page, by its number in the site's vocab, and its weight there.
type termWeight struct{ word, weight int32 }

// vocab numbers the words of a site, the same word with the same number on every goroutine, so
// that the pages' postings are put together by number (an array) rather than by word (a map),
// and an analysis holds eight bytes per word and no pointer for the collector to follow.
type vocab struct {
	mu    sync.Mutex
	ids   map[string]int32
	words []string // by number; read only when no analysis is running
}

func newVocab() *vocab { return &vocab{ids: map[string]int32{}} }

// id returns the number of word w, numbering it if it is new, and the vocab's copy of w.
func (v *vocab) id(w string) (int32, string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	id, ok := v.ids[w]
	if !ok {
		id = int32(len(v.words))
		w = strings.Clone(w) // w may point into a page's text
		v.ids[w] = id
		v.words = append(v.words, w)
	}
	return id, v.words[id]
}

// worker holds the scratch state of one goroutine analysing pages.
type worker struct {
	v *vocab
	a *Analyzer
	// The numbers this goroutine has looked up, to lock v once per word, and the words the
	// title, summary and body leave out (stop words, words of one byte) as skip: one lookup per
	// word tells both.
	ids map[string]int32
	// By word number, for the page being analysed: the word's weight from the title, aliases
	// and summary, and how often it stands in the body; and the numbers met, to read them out
	// and set them back to zero. Arrays, not maps keyed by word: each word is hashed once.
	weight, count []int32
	met           []int32
	text          []byte // the body text of the page being analysed (bodyText)
	excerpt       []byte // its excerpt, before it is copied at its size
}

// newWorker returns a maker of the scratch state of one goroutine of par.ForWith, numbering
// words in v and leaving out a's stop words.
func newWorker(v *vocab, a *Analyzer) func() *worker {
	return func() *worker { return &worker{v: v, a: a, ids: map[string]int32{}} }
}

// skip is the number worker.ids gives a word that only aliases index.
const skip = -1

// add counts word t on the page being analysed: weight 0 is one more time in the body, another
// weight the word's weight in a field, the highest kept. A stop word, or a word of one byte,
// counts only in an alias (all).
func (w *worker) add(t string, weight int32, all bool) {
	id, ok := w.ids[t]
	if !ok {
		id = w.number(t)
	}
	if id == skip {
		if !all {
			return
		}
		id, _ = w.v.id(t) // aliases are few: no need to keep the number
	}
	if n := int(id) + 1; n > len(w.weight) {
		w.weight = slices.Grow(w.weight, n-len(w.weight))[:n]
		w.count = slices.Grow(w.count, n-len(w.count))[:n]
	}
	if w.weight[id] == 0 && w.count[id] == 0 {
		w.met = append(w.met, id)
	}
	if weight == 0 {
		w.count[id]++
	} else if weight > w.weight[id] {
		w.weight[id] = weight
	}
}

// terms returns the words added since the last call, with their weights: the weight from the
// fields plus WeightBody for each time in the body, at most BodyMax of it.
func (w *worker) terms() []termWeight {
	terms := make([]termWeight, len(w.met))
	for i, id := range w.met {
		terms[i] = termWeight{id, w.weight[id] + min(w.count[id]*WeightBody, BodyMax)}
		w.weight[id], w.count[id] = 0, 0
	}
	w.met = w.met[:0]
	return terms
}

// bodyText is BodyText(n), written into w's buffer rather than made anew for every page: the
// string it returns holds until the next call, so nothing may keep it (or a part of it) beyond
// analysing n. The vocab keeps copies of its words, and an excerpt is a string of its own.
func (w *worker) bodyText(n *graph.Node) string {
	if n.Page == nil {
		return ""
	}
	w.text = n.Doc.AppendText(w.text[:0], n.Links)
	return unsafe.String(unsafe.SliceData(w.text), len(w.text))
}

// number returns the number of a word not yet in w.ids, skip for a stop word or a word of one
// byte, and remembers it.
func (w *worker) number(t string) int32 {
	if w.a.Stop(t) || len(t) < 2 {
		w.ids[strings.Clone(t)] = skip // t may point into a page's text
		return skip
	}
	id, t := w.v.id(t) // the vocab's copy
	w.ids[t] = id
	return id
}

// analyse returns n's analysis by w's analyzer: the cached one when n is unchanged, else a new
// one. c may be nil.
func (c *Cache) analyse(w *worker, n *graph.Node, label string) *analysis {
	a := w.a
	if c != nil && n.Page != nil { // the same parse of the page, whose links lead to the same titles
		if old := c.pages[n.URL]; old != nil && old.doc == n.Doc && old.title == n.Title && old.summary == n.Summary &&
			old.label == label && old.lang == a.Language && slices.Equal(old.aliases, n.Aliases) && slices.Equal(old.links, n.Links) {
			return old
		}
	}
	text := w.bodyText(n)
	var key uint64
	if c != nil {
		var h maphash.Hash
		h.SetSeed(c.seed)
		for _, s := range []string{a.Language, n.URL, label, n.Title, n.Summary} {
			h.WriteString(s)
			h.WriteByte(0)
		}
		for _, s := range n.Aliases {
			h.WriteString(s)
			h.WriteByte(1)
		}
		h.WriteByte(0)
		h.WriteString(text)
		key = h.Sum64()
		if old := c.pages[n.URL]; old != nil && old.key == key {
			if n.Page != nil { // the same text from another parse: tell it by the parse next time
				old.lang, old.summary, old.aliases, old.doc, old.links = a.Language, n.Summary, slices.Clone(n.Aliases), n.Doc, slices.Clone(n.Links)
			}
			return old
		}
	}
	w.excerpt = appendExcerpt(w.excerpt[:0], n.Summary, text)
	p := &analysis{key: key, url: n.URL, title: n.Title, label: label, excerpt: string(w.excerpt)}
	if c != nil && n.Page != nil {
		p.lang, p.summary, p.aliases, p.doc, p.links = a.Language, n.Summary, slices.Clone(n.Aliases), n.Doc, slices.Clone(n.Links)
	}
	field := func(s string, weight int32, all bool) {
		eachToken(s, func(t string) { w.add(t, weight, all) })
	}
	field(n.Title, WeightTitle, false)
	for _, al := range n.Aliases {
		field(al, WeightAlias, true)
	}
	field(n.Summary, WeightSummary, false)
	field(text, 0, false)
	p.terms = w.terms()
	return p
}

// keep remembers this build's analyses for the next build, and forgets pages that are gone.
func (c *Cache) keep(nodes []*graph.Node, pages []*analysis) {
	if c == nil {
		return
	}
	clear(c.pages)
	for i, n := range nodes {
		c.pages[n.URL] = pages[i]
	}
}

// eachToken calls f with every word of Tokens(Fold(s)), in order, without folding the whole of
// s: runs of ASCII letters and digits (the bulk of a Dutch text) are only lower-cased, and only
// the runs holding other characters go through Fold. Cutting at ASCII characters that are not
// part of a word changes nothing: folding never joins such a character with its neighbours.
// Text that is not valid UTF-8 is folded whole, as Fold treats broken bytes by their context.
// The strings f gets may point into s.
func eachToken(s string, f func(string)) {
	if !utf8.ValidString(s) {
		for _, t := range Tokens(Fold(s)) {
			f(t)
		}
		return
	}
	start := 0
	for start < len(s) {
		// Skip ASCII bytes that are not part of words.
		for start < len(s) && s[start] < 0x80 && !wordByte(s[start]) {
			start++
		}
		end, ascii, upper, amp := start, true, false, false
		for end < len(s) && (s[end] >= 0x80 || wordByte(s[end])) {
			switch b := s[end]; {
			case b >= 0x80:
				ascii = false
			case b >= 'A' && b <= 'Z':
				upper = true
			case b == '&':
				amp = true
			}
			end++
		}
		if end == start {
			break
		}
		seg := s[start:end]
		start = end
		if !ascii {
			if folded, ok := foldLatin(seg); ok {
				seg, upper = folded, false
			} else {
				for _, t := range Tokens(Fold(seg)) {
					f(t)
				}
				continue
			}
		}
		if upper {
			seg = strings.ToLower(seg)
		}
		if amp {
			seg = strings.ReplaceAll(seg, "&", "")
		}
		if seg != "" {
			f(seg)
		}
	}
}

// latin is Fold then lower case of each letter below U+0250 that folds to ASCII letters and
// digits only ("é" → "e", "ß" → "ss", "ĳ" → "ij"); "" for the others. Read-only after start.
var latin = func() (t [0x250]string) {
	for r := rune(0x80); r < 0x250; r++ {
		f := strings.ToLower(slug.Fold(string(r)))
		if f != "" && strings.IndexFunc(f, func(c rune) bool { return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') }) < 0 {
			t[r] = f
		}
	}
	return t
}()

// foldLatin returns Fold(seg) in lower case when seg (ASCII word bytes and other characters)
// has only characters that latin folds: each folds on its own, as none combines with its
// neighbours. It reports false for anything else (combining marks, other scripts).
func foldLatin(seg string) (string, bool) {
	var b strings.Builder
	b.Grow(len(seg))
	for _, r := range seg {
		switch {
		case r < 0x80:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
		case r < 0x250 && latin[r] != "":
			b.WriteString(latin[r])
		default:
			return "", false
		}
	}
	return b.String(), true
}

func wordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '&'
}
