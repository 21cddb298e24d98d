// Package search builds the site's search index at build time, in Go, so that search works from
// the output folder alone: over HTTP under any path prefix and from a copy opened from disk.
//
// The browser cannot run the Snowball stemmer, so the index is built to need none at query time.
// Every word of the site is indexed by its folded surface form ("adviseurs"), and each surface
// form points to the postings of its stem group (all pages with "adviseur", "adviseurs", ...).
// The browser only folds and lower-cases the query (see Fold) and looks the words up: exactly,
// as a prefix while typing, within one or two edits for typos. Long words also count for the
// corpus words they end in (gemeentesecretaris for "secretaris"), at a lower weight.
//
// The index is cut into small JavaScript files that register themselves with search.js
// (browsers refuse fetch() of local files, but load <script src> from disk): a manifest, term
// shards by prefix, and page data in blocks of DocsPerShard, so a first query loads little.
package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"handboek/generator/graph"
	"handboek/internal/par"
)

// Weights of a word by where it occurs on a page. A page's weight for a word is the weight of
// the best field it occurs in plus the number of times it occurs in the body (at most BodyMax):
// any title, alias or summary match ranks above any body-only match.
const (
	WeightTitle   = 24
	WeightAlias   = 20
	WeightSummary = 12
	WeightBody    = 2 // per occurrence
	BodyMax       = 10
	// CompoundPercent is the share of a word's weight that its compound parts get.
	CompoundPercent = 60
)

// Tuning of the files.
const (
	DocsPerShard = 8       // pages per page-data file
	MaxPostings  = 300     // pages kept per stem group, the best-weighted ones
	ShardBudget  = 8 << 10 // a term shard is split by a longer prefix above this estimate
	MaxKeyRunes  = 4       // longest shard prefix
	ExcerptRunes = 200     // length of a page's excerpt
	minCompound  = 4       // shortest compound part (raad in gemeenteraad)
	minHead      = 3       // shortest head before a compound part
)

// Dir is the output folder of the index files.
const Dir = "assets/search/"

// Doc is a page as search results show it.
type Doc struct {
	URL     string // relative to the output root
	Title   string
	Kind    int // index into Index.Kinds
	Excerpt string
}

// Posting is a page and its weight for a stem group.
type Posting struct{ Doc, Weight int32 }

// Shard holds the terms starting with Key (and, for keys that were split further, only the
// term equal to Key).
type Shard struct {
	Key      string
	Terms    []string    // sorted folded surface forms
	Groups   []int       // per term: its stem group, an index into Postings
	Postings [][]Posting // per stem group, by page
}

// Index is the whole search index, as the browser gets it.
type Index struct {
	Language string
	Kinds    []string
	Docs     []Doc
	Stop     []string
	Shards   []*Shard // sorted by key
}

// Build indexes every page of g (drafts are not in the graph unless built with -drafts). Pages
// are analysed in parallel on every core; the result does not depend on the number of cores.
func Build(g *graph.Graph) *Index {
	a := NewAnalyzer(g.Config.Language)
	v := newVocab()
	nodes := g.All()
	pages := make([]*analysis, len(nodes))
	par.ForWith(len(nodes), newWorker(v, a), func(w *worker, i int) {
		pages[i] = (*Cache)(nil).analyse(w, nodes[i], label(g, a, nodes[i]))
	})
	return assemble(a, v, pages)
}

// assemble puts the index of pages together.
func assemble(a *Analyzer, v *vocab, pages []*analysis) *Index {
	ix := &Index{Language: a.Language, Stop: a.StopWords()}
	kindIdx := map[string]int{}
	ix.Docs = make([]Doc, len(pages))
	for id, p := range pages {
		ix.setDoc(kindIdx, id, p)
	}
	surface := surfaceOf(pages, v)
	terms := slices.Sorted(maps.Keys(surface))

	// Stem groups: the words of each stem, and the words with a compound part of that stem.
	stems := make(map[string]string, len(terms))
	from := map[string]*sources{}
	for _, t := range terms {
		s := a.Stem(t)
		stems[t] = s
		if from[s] == nil {
			from[s] = &sources{}
		}
		from[s].words = append(from[s].words, surface[t])
	}
	for _, t := range terms {
		for _, part := range compoundParts(t, surface) {
			src := from[stems[part]]
			src.parts = append(src.parts, surface[t])
		}
	}
	keys := slices.Collect(maps.Keys(from))
	lists := make([][]Posting, len(keys))
	par.For(len(keys), func(i int) { lists[i] = from[keys[i]].postings() })
	groups := make(map[string][]Posting, len(keys))
	for i, s := range keys {
		groups[s] = lists[i]
	}
	ix.split("", terms, func(t string) []Posting { return groups[stems[t]] }, a)
	return ix
}

// surfaceOf returns the postings of every word on pages, each word's in page order: counted by
// word number, then placed, with no map on the way (a site of 10,000 pages has a million and
// more). Each list is capped, so that growing one never writes into the next.
func surfaceOf(pages []*analysis, v *vocab) map[string][]Posting {
	n := len(v.words)
	start := make([]int, n+1)
	for _, p := range pages {
		for _, t := range p.terms {
			start[t.word+1]++
		}
	}
	for i := range n {
		start[i+1] += start[i]
	}
	next := slices.Clone(start[:n])
	flat := make([]Posting, start[n])
	for d, p := range pages {
		for _, t := range p.terms {
			flat[next[t.word]] = Posting{int32(d), t.weight}
			next[t.word]++
		}
	}
	surface := map[string][]Posting{}
	for id, w := range v.words {
		if a, b := start[id], start[id+1]; a < b {
			surface[w] = flat[a:b:b]
		}
	}
	return surface
}

// setDoc fills ix.Docs[id] from p, numbering p's kind in kindIdx and ix.Kinds as it first
// appears.
func (ix *Index) setDoc(kindIdx map[string]int, id int, p *analysis) {
	k, ok := kindIdx[p.label]
	if !ok {
		k = len(ix.Kinds)
		kindIdx[p.label] = k
		ix.Kinds = append(ix.Kinds, p.label)
	}
	ix.Docs[id] = Doc{URL: p.url, Title: p.title, Kind: k, Excerpt: p.excerpt}
}

// compoundParts returns the words of the corpus that w ends in, such as "secretaris" for
// "gemeentesecretaris" and "adviseurs" for "beleidsadviseurs".
func compoundParts[P any](w string, vocab map[string]P) []string {
	var parts []string
	for i := minHead; i <= len(w)-minCompound; i++ {
		if !utf8.RuneStart(w[i]) {
			continue
		}
		if _, ok := vocab[w[i:]]; ok {
			parts = append(parts, w[i:])
		}
	}
	return parts
}

// sources are the postings a stem group is made of: those of its words, and at a lower weight
// those of the words with a compound part in the group.
type sources struct{ words, parts [][]Posting }

// postings are the group's postings in the index: each page's best weight, the MaxPostings
// best pages kept.
func (src *sources) postings() []Posting {
	list := src.words[0] // one word: one posting per page, in page order already
	if len(src.words) > 1 || len(src.parts) > 0 {
		list = bestPerPage(src.words, src.parts)
	}
	out, _ := cut(list, MaxPostings)
	return out
}

// bestPerPage returns each page's best weight over lists of postings, and at a lower weight
// over parts, in page order: a new list.
func bestPerPage(lists, parts [][]Posting) []Posting {
	n := 0
	for _, l := range slices.Concat(lists, parts) {
		n += len(l)
	}
	all := make([]Posting, 0, n)
	for _, l := range lists {
		all = append(all, l...)
	}
	for _, l := range parts {
		for _, p := range l {
			all = append(all, Posting{p.Doc, scaled(p.Weight)})
		}
	}
	slices.SortFunc(all, func(a, b Posting) int { return cmp.Or(cmp.Compare(a.Doc, b.Doc), cmp.Compare(b.Weight, a.Weight)) })
	return slices.CompactFunc(all, func(a, b Posting) bool { return a.Doc == b.Doc })
}

// cutLine is where a list was cut: it kept the postings above weight limit and those of weight
// limit up to page last. A list that was not cut keeps everything (limit -1).
type cutLine struct{ limit, last int32 }

// above reports whether a posting of page d with weight w is (or would be) kept.
func (l cutLine) above(d, w int32) bool { return w > l.limit || w == l.limit && d <= l.last }

// cut returns a new list of the postings of list (one per page, in page order) that the index
// keeps: when there are more than n, the n best-weighted pages, the first pages first among
// equal weights, still in page order. Weights take few values, so it counts them rather than
// sorting thousands of postings of a common word by weight.
func cut(list []Posting, n int) ([]Posting, cutLine) {
	keep := len(list)
	var limit int32 // weights above limit are kept, and the first extra postings of limit
	extra := 0
	if keep > n {
		var small [64]int // how many postings have each weight: weights are small
		large := map[int32]int{}
		var ws []int32
		for _, p := range list {
			if p.Weight >= 0 && p.Weight < int32(len(small)) {
				if small[p.Weight] == 0 {
					ws = append(ws, p.Weight)
				}
				small[p.Weight]++
				continue
			}
			if large[p.Weight] == 0 {
				ws = append(ws, p.Weight)
			}
			large[p.Weight]++
		}
		slices.Sort(ws)
		left := n
		for i := len(ws) - 1; i >= 0; i-- {
			c := large[ws[i]]
			if ws[i] >= 0 && ws[i] < int32(len(small)) {
				c = small[ws[i]]
			}
			if c < left {
				left -= c
				continue
			}
			limit, extra = ws[i], left
			break
		}
		keep = n
	}
	out := make([]Posting, 0, keep)
	line := cutLine{limit: -1, last: -1} // no page of weight limit kept unless extra says so
	if len(list) > n {
		line.limit = limit
	}
	for _, p := range list {
		if len(list) > n && p.Weight <= limit {
			if p.Weight < limit || extra == 0 {
				continue
			}
			extra--
			line.last = p.Doc
		}
		out = append(out, p)
	}
	return out, line
}

// split puts terms (all starting with key) into one shard, or into shards by a longer prefix
// when they would be too big.
func (ix *Index) split(key string, terms []string, postings func(string) []Posting, a *Analyzer) {
	ix.Shards = append(ix.Shards, layout(key, terms, postings, a, nil)...)
}

// layout returns the shards of terms (all starting with key): one shard, or when that would be
// too big, a shard for the term that is key itself and the shards of each longer prefix, each
// laid out by sub (by layout itself when sub is nil).
func layout(key string, terms []string, postings func(string) []Posting, a *Analyzer, sub func(key string, terms []string) []*Shard) []*Shard {
	if len(terms) == 0 {
		return nil
	}
	if utf8.RuneCountInString(key) >= MaxKeyRunes || !tooBig(terms, postings, a) {
		return []*Shard{makeShard(key, terms, postings, a)}
	}
	if sub == nil {
		sub = func(key string, terms []string) []*Shard { return layout(key, terms, postings, a, nil) }
	}
	var out []*Shard
	i := 0
	if terms[0] == key {
		out = append(out, makeShard(key, terms[:1], postings, a))
		i = 1
	}
	for i < len(terms) {
		_, w := utf8.DecodeRuneInString(terms[i][len(key):])
		child := terms[i][:len(key)+w]
		j := i
		for j < len(terms) && strings.HasPrefix(terms[j], child) {
			j++
		}
		out = append(out, sub(child, terms[i:j])...)
		i = j
	}
	return out
}

// tooBig reports whether a shard of terms would be over ShardBudget, by an estimate of its size:
// each term, and each stem group's postings once.
func tooBig(terms []string, postings func(string) []Posting, a *Analyzer) bool {
	size := 0
	seen := map[string]bool{}
	for _, t := range terms {
		size += len(t) + 4
		if s := a.Stem(t); !seen[s] {
			seen[s] = true
			size += 7 * len(postings(t))
		}
		if size > ShardBudget {
			return true
		}
	}
	return false
}

func makeShard(key string, terms []string, postings func(string) []Posting, a *Analyzer) *Shard {
	sh := &Shard{Key: key, Terms: terms}
	byStem := map[string]int{}
	for _, t := range terms {
		s := a.Stem(t)
		g, ok := byStem[s]
		if !ok {
			g = len(sh.Postings)
			byStem[s] = g
			sh.Postings = append(sh.Postings, postings(t))
		}
		sh.Groups = append(sh.Groups, g)
	}
	return sh
}

// BodyText is the plain text of a page's body: its words without markup, code blocks left out.
func BodyText(n *graph.Node) string {
	if n.Page == nil {
		return ""
	}
	return n.Doc.Text(n.Links)
}

// appendExcerpt appends to b the text results show under a title: the summary, then the start
// of the body, with runs of white space as one space, cut after ExcerptRunes characters at a
// space near the end when there is one. It is written in one pass over the words it needs, as
// it runs for every page of every build, into a buffer the caller keeps.
func appendExcerpt(b []byte, summary, body string) []byte {
	if len(body) > 4*ExcerptRunes {
		body = body[:4*ExcerptRunes] // enough for the excerpt; a rune cut in two is dropped below
	}
	runes := 0
	cut := -1 // length of b up to the last space in the excerpt's last quarter
	words := 0
	for _, part := range [2]string{summary, body} {
		for len(part) > 0 {
			// Skip white space, then take a word: what strings.Fields would give.
			i := 0
			for i < len(part) {
				r, n := utf8.DecodeRuneInString(part[i:])
				if !unicode.IsSpace(r) {
					break
				}
				i += n
			}
			part = part[i:]
			if part == "" {
				break
			}
			if words > 0 {
				if runes == ExcerptRunes {
					return excerptCut(b, cut)
				}
				if runes > ExcerptRunes*3/4 {
					cut = len(b)
				}
				b = append(b, ' ')
				runes++
			}
			words++
			for part != "" {
				r, n := utf8.DecodeRuneInString(part)
				if unicode.IsSpace(r) {
					break
				}
				if r == utf8.RuneError && n == 1 {
					part = part[n:]
					continue // broken UTF-8 is left out
				}
				if runes == ExcerptRunes {
					return excerptCut(b, cut)
				}
				b = append(b, part[:n]...)
				part = part[n:]
				runes++
			}
		}
	}
	return b
}

// excerptCut ends an excerpt that went on past ExcerptRunes characters: at cut, the last space in
// its last quarter, or else after exactly ExcerptRunes characters (all of b).
func excerptCut(b []byte, cut int) []byte {
	if cut >= 0 {
		b = b[:cut]
	}
	return append(b, " …"...)
}

// Files returns the index as files of the output, under Dir: manifest.js, and the term shards,
// page data and kinds with a hash of their content in their names ("t/3.1a2b3c4d.js"), listed
// in the manifest. A browser holding an old manifest thus never mixes it with new shards: it
// gets the old shards, or none (search.js then loads the manifest afresh).
func (ix *Index) Files() map[string][]byte {
	files := map[string][]byte{}
	keys := make([]string, len(ix.Shards))
	termHashes := make([]string, len(ix.Shards))
	for i, sh := range ix.Shards {
		keys[i] = sh.Key
		termHashes[i] = register(files, fmt.Sprintf("t/%d", i), sh.data())
	}
	var docHashes []string
	for start := 0; start < len(ix.Docs); start += DocsPerShard {
		docHashes = append(docHashes, register(files, fmt.Sprintf("d/%d", start/DocsPerShard), docData(ix.Docs[start:min(start+DocsPerShard, len(ix.Docs))])))
	}
	kindsHash := register(files, "kinds", ix.kindData())
	ix.manifest(files, keys, termHashes, docHashes, kindsHash)
	return files
}

// data is what the file of a term shard holds: its terms, each term's group, and each group's
// postings as pairs of (page number minus the one before, weight).
func (sh *Shard) data() map[string]any {
	ps := make([][]int32, len(sh.Postings))
	for g, list := range sh.Postings {
		flat := make([]int32, 0, 2*len(list))
		var prev int32
		for _, p := range list {
			flat = append(flat, p.Doc-prev, p.Weight)
			prev = p.Doc
		}
		ps[g] = flat
	}
	return map[string]any{"t": sh.Terms, "g": sh.Groups, "p": ps}
}

// docData is what the file of a block of pages holds.
func docData(docs []Doc) map[string]any {
	var rows [][]any
	for _, d := range docs {
		rows = append(rows, []any{d.URL, d.Title, d.Kind, d.Excerpt})
	}
	return map[string]any{"d": rows}
}

// kindData is what the file of the pages' kinds holds.
func (ix *Index) kindData() map[string]any {
	kinds := make([]int, len(ix.Docs))
	for i, d := range ix.Docs {
		kinds[i] = d.Kind
	}
	return map[string]any{"k": kinds}
}

// manifest adds the manifest, which names every other file.
func (ix *Index) manifest(files map[string][]byte, keys, termHashes, docHashes []string, kindsHash string) {
	register(files, "manifest", map[string]any{
		"lang": ix.Language, "n": len(ix.Docs), "ds": DocsPerShard,
		"kinds": ix.Kinds, "keys": keys, "stop": ix.Stop,
		"th": termHashes, "dh": docHashes, "kh": kindsHash,
	})
}

// FileName returns the name under Dir of one of the index's files, as search.js makes it:
// base is "manifest", "kinds", "t/<shard>" or "d/<block>", hash the file's hash from the
// manifest ("" for the manifest).
func FileName(base, hash string) string {
	if hash == "" {
		return base + ".js"
	}
	return base + "." + hash + ".js"
}

// register adds the file that hands data to search.js under the name of base (a hash of the
// data in it, except for the manifest) and returns the hash. The script starts
// {"f":"<name>", so search.js knows which file it was.
func register(files map[string][]byte, base string, data map[string]any) string {
	p, hash := payload(base, data)
	files[Dir+FileName(base, hash)] = wrap(base, hash, p)
	return hash
}

// payload is data as JSON, and its hash ("" for the manifest).
func payload(base string, data map[string]any) (p []byte, hash string) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b) // escapes <, > and & so no data can end the script
	_ = enc.Encode(data)
	p = bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	if base != "manifest" {
		sum := sha256.Sum256(p)
		hash = hex.EncodeToString(sum[:4])
	}
	return p, hash
}

// wrap is the script that hands payload p, with that hash, to search.js as the file base.
func wrap(base, hash string, p []byte) []byte {
	h := header(base, hash)
	b := make([]byte, 0, len(h)+len(p)+3)
	b = append(b, h...)
	if len(p) > 2 {
		b = append(b, ',')
	}
	b = append(b, p[1:]...)
	return append(b, ");\n"...)
}

// header is how the script of the file base with that hash starts, up to its name.
func header(base, hash string) []byte {
	name := strings.TrimSuffix(FileName(base, hash), ".js")
	var b bytes.Buffer
	b.WriteString("(window.__handboekSearch=window.__handboekSearch||[]).push({\"f\":")
	_ = json.NewEncoder(&b).Encode(name)
	b.Truncate(b.Len() - 1)
	return b.Bytes()
}
