package search

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"handboek/generator/graph"
	"handboek/internal/par"
)

// Merging again after an edit.
//
// Build puts every page's words together into stem groups and cuts the groups into shards: for
// a site of 10,000 pages a few million postings, sorted, each time. A Cache keeps the merged
// index between builds (merged) and, when the pages are the same pages in the same order and a
// few of them changed, changes just what those pages bring: their postings of each word, the
// stem groups they are in (a page's entry in a group is its best weight over the words of the
// group and the words with a part in the group, so it depends on that page's words alone), and
// the groups a word that came or went is a compound part of; then it lays out again only the
// shards whose words or groups changed, and Files encodes again only the files that changed.
// The result is Build's, byte for byte (TestCacheEqualsBuild).

// merged is an index with what it was made from.
type merged struct {
	v       *vocab
	lang    string
	urls    []string    // the pages, by number
	pages   []*analysis // the same
	surface map[string][]Posting
	stems   map[string]string
	parts   map[string][]string        // the compound parts of each word in the current words
	members map[string]map[string]bool // stem → the words with that stem
	contrib map[string]map[string]int  // stem → the words with parts of that stem, and how many
	full    map[string][]Posting       // stem → each page's best weight, by page
	groups  map[string][]Posting       // stem → the postings in the index: full, cut (see cut)
	lines   map[string]cutLine         // stem → where full was cut
	terms   []string                   // every word, sorted
	layout  map[string][]*Shard        // the shards of each prefix laid out, for reuse
	shards  []*Shard
}

// maxChanged is the most pages a merge changes one by one; more start afresh.
const maxChanged = 200

// Build is search.Build, reusing the analysis of every page whose text, title, summary,
// aliases, kind and URL are as in the previous build, and what the previous build merged.
func (c *Cache) Build(g *graph.Graph) *Index {
	a := c.analyzer(g.Config.Language)
	nodes := g.All()
	pages := make([]*analysis, len(nodes))
	par.ForWith(len(nodes), newWorker(c.v, a), func(w *worker, i int) {
		pages[i] = c.analyse(w, nodes[i], label(g, a, nodes[i]))
	})
	c.keep(nodes, pages)
	c.graph, c.doc = g, make(map[*graph.Node]int, len(nodes))
	for i, n := range nodes {
		c.doc[n] = i
	}
	m := c.merged
	if m == nil || !m.update(a, pages) {
		m = newMerged(a, c.v, pages)
	}
	c.merged = m
	return c.index(a, nil)
}

// BuildFor is Build for the graph of the Cache's last Build, since changed in place by
// graph.Update for nodes only (their pages' text, links, relations or steps, not what they are
// called): the analyses of the other pages are taken as they are, without looking at them. The
// Docs of the Index it returns are those of the last, changed in place.
func (c *Cache) BuildFor(g *graph.Graph, nodes []*graph.Node) *Index {
	m := c.merged
	if m == nil || g != c.graph || len(nodes) > maxChanged {
		return c.Build(g)
	}
	a := c.analyzer(g.Config.Language)
	pages := slices.Clone(m.pages)
	w := newWorker(c.v, a)()
	var changed []int
	for _, n := range nodes {
		i, ok := c.doc[n]
		if !ok {
			return c.Build(g)
		}
		pages[i] = c.analyse(w, n, label(g, a, n))
		c.pages[n.URL] = pages[i]
		changed = append(changed, i)
	}
	if !m.update(a, pages) {
		m = newMerged(a, c.v, pages)
		c.merged, changed = m, nil
	}
	return c.index(a, changed)
}

// index is the Index of the Cache's merged pages; when changed is not nil, only those pages
// differ from the last index's.
func (c *Cache) index(a *Analyzer, changed []int) *Index {
	m := c.merged
	ix := &Index{Language: a.Language, Stop: a.StopWords(), Shards: m.shards}
	kindIdx := map[string]int{}
	if last := c.last; changed != nil && last != nil && len(last.Docs) == len(m.pages) {
		for k, label := range last.Kinds {
			kindIdx[label] = k
		}
		known := true
		for _, id := range changed {
			_, ok := kindIdx[m.pages[id].label]
			known = known && ok
		}
		if known { // the last index's pages, changed in place: nothing else holds them
			ix.Kinds, ix.Docs = last.Kinds, last.Docs
			for _, id := range changed {
				p := m.pages[id]
				ix.Docs[id] = Doc{URL: p.url, Title: p.title, Kind: kindIdx[p.label], Excerpt: p.excerpt}
			}
			c.last = ix
			return ix
		}
		clear(kindIdx) // a kind no page had: numbered afresh
	}
	ix.Docs = make([]Doc, len(m.pages))
	for id, p := range m.pages {
		ix.setDoc(kindIdx, id, p)
	}
	c.last = ix
	return ix
}

// label is what results call the kind of n's page.
func label(g *graph.Graph, a *Analyzer, n *graph.Node) string {
	if l := g.KindLabel(n); l != "" {
		return l
	}
	if a.Language == "en" {
		return "Page"
	}
	return "Pagina"
}

// analyzer returns the Cache's analyzer for language, whose stems are kept between builds.
func (c *Cache) analyzer(language string) *Analyzer {
	if language != "en" {
		language = "nl" // as NewAnalyzer does
	}
	if c.a == nil || c.a.Language != language {
		c.a = NewAnalyzer(language)
	}
	return c.a
}

func scaled(w int32) int32 { return max(1, w*CompoundPercent/100) }

// newMerged merges pages afresh.
func newMerged(a *Analyzer, v *vocab, pages []*analysis) *merged {
	m := &merged{v: v, lang: a.Language, pages: pages, urls: make([]string, len(pages)),
		surface: surfaceOf(pages, v), stems: map[string]string{}, parts: map[string][]string{},
		members: map[string]map[string]bool{}, contrib: map[string]map[string]int{},
		full: map[string][]Posting{}, groups: map[string][]Posting{}, lines: map[string]cutLine{}, layout: map[string][]*Shard{}}
	for i, p := range pages {
		m.urls[i] = p.url
	}
	m.terms = make([]string, 0, len(m.surface))
	for t := range m.surface {
		m.terms = append(m.terms, t)
	}
	sort.Strings(m.terms)
	for _, t := range m.terms {
		s := a.Stem(t)
		m.stems[t] = s
		if m.members[s] == nil {
			m.members[s] = map[string]bool{}
		}
		m.members[s][t] = true
	}
	for _, t := range m.terms {
		m.setParts(t, compoundParts(t, m.surface))
	}
	// Each page's best weight in each group, and the group cut: on every core.
	stems := slices.Collect(maps.Keys(m.members))
	full, groups, lines := make([][]Posting, len(stems)), make([][]Posting, len(stems)), make([]cutLine, len(stems))
	par.For(len(stems), func(i int) {
		full[i] = m.best(stems[i])
		groups[i], lines[i] = cut(full[i], MaxPostings)
	})
	for i, s := range stems {
		m.full[s], m.groups[s], m.lines[s] = full[i], groups[i], lines[i]
	}
	m.lay(a, nil)
	return m
}

// setParts makes parts the compound parts of t and reports the stems whose contributions
// changed.
func (m *merged) setParts(t string, parts []string) (changed []string) {
	old := m.parts[t]
	for _, p := range old {
		s := m.stems[p]
		if m.contrib[s][t]--; m.contrib[s][t] <= 0 {
			delete(m.contrib[s], t)
		}
		changed = append(changed, s)
	}
	for _, p := range parts {
		s := m.stems[p]
		if m.contrib[s] == nil {
			m.contrib[s] = map[string]int{}
		}
		m.contrib[s][t]++
		changed = append(changed, s)
	}
	if len(parts) == 0 {
		delete(m.parts, t)
	} else {
		m.parts[t] = parts
	}
	return changed
}

// entries returns the groups page p is in and its best weight in each.
func (m *merged) entries(p *analysis) map[string]int32 {
	out := make(map[string]int32, len(p.terms))
	for _, t := range p.terms {
		w, word := t.weight, m.v.words[t.word]
		if s := m.stems[word]; w > out[s] {
			out[s] = w
		}
		for _, part := range m.parts[word] {
			if s := m.stems[part]; scaled(w) > out[s] {
				out[s] = scaled(w)
			}
		}
	}
	return out
}

// update merges pages, the pages of m in the same order with some analyses changed, in place.
// It reports false, having left m unusable, when too much changed: then merge afresh.
func (m *merged) update(a *Analyzer, pages []*analysis) bool {
	if m.lang != a.Language || len(pages) != len(m.pages) {
		return false
	}
	var changed []int
	for i, p := range pages {
		if p.url != m.urls[i] {
			return false
		}
		if p != m.pages[i] {
			changed = append(changed, i)
			if len(changed) > maxChanged {
				return false
			}
		}
	}
	if len(changed) == 0 {
		return true
	}
	// The groups each changed page was in, before.
	before := make([]map[string]int32, len(changed))
	for k, d := range changed {
		before[k] = m.entries(m.pages[d])
	}
	// Its postings of each word.
	touched := map[string]bool{} // words whose postings changed
	for _, d := range changed {
		for _, t := range m.pages[d].terms {
			word := m.v.words[t.word]
			list := m.surface[word]
			if i, ok := slices.BinarySearchFunc(list, int32(d), byDoc); ok {
				m.surface[word] = slices.Delete(list, i, i+1)
			}
			touched[word] = true
		}
		for _, t := range pages[d].terms {
			word := m.v.words[t.word]
			list := m.surface[word]
			i, _ := slices.BinarySearchFunc(list, int32(d), byDoc) // not there: taken out above
			m.surface[word] = slices.Insert(list, i, Posting{int32(d), t.weight})
			touched[word] = true
		}
		m.pages[d] = pages[d]
	}
	// Words that came or went, and the words they are a compound part of.
	var came, went []string
	for t := range touched {
		_, known := m.stems[t]
		has := len(m.surface[t]) > 0
		switch {
		case has && !m.members[m.stems[t]][t]:
			came = append(came, t)
		case !has:
			delete(m.surface, t)
			if known && m.members[m.stems[t]][t] {
				went = append(went, t)
			}
		}
	}
	if len(came)+len(went) > maxChanged {
		return false
	}
	regroup := map[string]bool{} // groups to merge again in full
	dirtyWords := map[string]bool{}
	for _, t := range went {
		s := m.stems[t]
		delete(m.members[s], t)
		if len(m.members[s]) == 0 {
			delete(m.members, s)
		}
		for _, c := range m.setParts(t, nil) {
			regroup[c] = true
		}
		regroup[s] = true
		dirtyWords[t] = true
	}
	for _, t := range came {
		s, ok := m.stems[t]
		if !ok {
			s = a.Stem(t)
			m.stems[t] = s
		}
		if m.members[s] == nil {
			m.members[s] = map[string]bool{}
		}
		m.members[s][t] = true
		regroup[s] = true
		dirtyWords[t] = true
	}
	if len(came)+len(went) > 0 {
		terms := make([]string, 0, len(m.surface))
		for _, t := range m.terms {
			if _, ok := m.surface[t]; ok {
				terms = append(terms, t)
			}
		}
		for _, t := range came {
			terms = append(terms, t)
		}
		sort.Strings(terms)
		m.terms = terms
		// Words ending in a word that came or went have other compound parts now.
		for _, t := range m.terms {
			if !endsInAny(t, came, went) && !slices.Contains(came, t) {
				continue
			}
			for _, c := range m.setParts(t, compoundParts(t, m.surface)) {
				regroup[c] = true
			}
		}
	}
	// Each changed page's entries in its groups, before and after. A group is cut again unless
	// every change in it stayed under the line it was cut at.
	regrouped := map[string]bool{}
	for s := range regroup {
		m.merge(s)
		regrouped[s] = true
	}
	set := func(s string, d, w int32) {
		if old := m.setEntry(s, d, w); old == w {
			return
		} else if l, ok := m.lines[s]; !ok || l.above(d, old) || l.above(d, w) || len(m.full[s]) <= MaxPostings {
			regrouped[s] = true
		}
	}
	for k, d := range changed {
		after := m.entries(pages[d])
		for s := range before[k] {
			if _, still := after[s]; !still && !regroup[s] {
				set(s, int32(d), 0)
			}
		}
		for s, w := range after {
			if !regroup[s] {
				set(s, int32(d), w)
			}
		}
	}
	for s := range regrouped {
		list, ok := m.full[s]
		if !ok || len(list) == 0 {
			if _, had := m.groups[s]; had {
				delete(m.groups, s)
				delete(m.full, s)
				delete(m.lines, s)
			}
			continue
		}
		g, line := cut(list, MaxPostings)
		m.lines[s] = line
		if slices.Equal(g, m.groups[s]) {
			continue
		}
		m.groups[s] = g
		for t := range m.members[s] {
			dirtyWords[t] = true
		}
	}
	m.lay(a, dirtyWords)
	return true
}

func byDoc(p Posting, d int32) int {
	switch {
	case p.Doc < d:
		return -1
	case p.Doc > d:
		return 1
	}
	return 0
}

// endsInAny reports whether t has one of the words of a or b as a compound part.
func endsInAny(t string, a, b []string) bool {
	for _, list := range [][]string{a, b} {
		for _, w := range list {
			if len(w) >= minCompound && len(t)-len(w) >= minHead && strings.HasSuffix(t, w) {
				return true
			}
		}
	}
	return false
}

// best returns each page's best weight in group s, over the postings of the words of s and of
// the words with a part in it, in page order: a new list.
func (m *merged) best(s string) []Posting {
	var words, parts [][]Posting
	for t := range m.members[s] {
		words = append(words, m.surface[t])
	}
	for t := range m.contrib[s] {
		parts = append(parts, m.surface[t])
	}
	return bestPerPage(words, parts)
}

// merge makes group s again from the postings of its words and of the words with a part in it.
func (m *merged) merge(s string) {
	if list := m.best(s); len(list) > 0 {
		m.full[s] = list
	} else {
		delete(m.full, s)
	}
}

// setEntry sets page d's best weight in group s, 0 taking the page out, and returns the weight
// it had (0: none).
func (m *merged) setEntry(s string, d, w int32) (old int32) {
	list := m.full[s]
	i, ok := slices.BinarySearchFunc(list, d, byDoc)
	if ok {
		old = list[i].Weight
	}
	switch {
	case ok && w == 0:
		m.full[s] = slices.Delete(list, i, i+1)
	case ok:
		list[i].Weight = w
	case w != 0:
		m.full[s] = slices.Insert(list, i, Posting{d, w})
	}
	return old
}

// lay lays the words out in shards, again only for the prefixes of dirty words (all of them
// when dirty is nil), and reuses the shards of every other prefix.
func (m *merged) lay(a *Analyzer, dirty map[string]bool) {
	keys := map[string]bool{}
	for t := range dirty {
		for i := range t {
			if utf8.RuneCountInString(t[:i]) <= MaxKeyRunes {
				keys[t[:i]] = true
			}
		}
		keys[t] = true
	}
	postings := func(t string) []Posting { return m.groups[m.stems[t]] }
	laid := map[string][]*Shard{}
	var sub func(key string, terms []string) []*Shard
	sub = func(key string, terms []string) []*Shard {
		if shards, ok := m.layout[key]; ok && dirty != nil && !keys[key] {
			laid[key] = shards
			return shards
		}
		shards := layout(key, terms, postings, a, sub)
		for _, sh := range shards {
			if sh.Key == key { // made just now, not by sub: its words are a part of m.terms,
				sh.Terms = slices.Clone(sh.Terms) // which is replaced when words come or go
			}
		}
		laid[key] = shards
		return shards
	}
	m.shards = sub("", m.terms)
	m.layout = laid
}

// Files is ix.Files for an index this Cache's Build made last, encoding again only the files
// whose content changed since its previous call.
func (c *Cache) Files(ix *Index) map[string][]byte {
	if c.enc == nil {
		c.enc = &encodings{shards: map[*Shard]*encoded{}, blocks: map[int]*encoded{}}
	}
	e := c.enc
	files := map[string][]byte{}
	keys := make([]string, len(ix.Shards))
	termHashes := make([]string, len(ix.Shards))
	seen := map[*Shard]*encoded{}
	for i, sh := range ix.Shards {
		keys[i] = sh.Key
		base := fmt.Sprintf("t/%d", i)
		en := e.shards[sh]
		if en == nil {
			en = newEncoded(base, sh.data())
		} else if en.base != base { // the same shard at another place: only its name changes
			h := header(base, en.hash)
			en.base, en.file, en.head = base, append(h, en.file[en.head:]...), len(h)
		}
		seen[sh] = en
		files[Dir+FileName(base, en.hash)] = en.file
		termHashes[i] = en.hash
	}
	e.shards = seen
	var docHashes []string
	for start := 0; start < len(ix.Docs); start += DocsPerShard {
		docs := ix.Docs[start:min(start+DocsPerShard, len(ix.Docs))]
		block := start / DocsPerShard
		en := e.blocks[block]
		if en == nil || !slices.Equal(en.docs, docs) {
			en = newEncoded(fmt.Sprintf("d/%d", block), docData(docs))
			en.docs = slices.Clone(docs)
			e.blocks[block] = en
		}
		files[Dir+FileName(en.base, en.hash)] = en.file
		docHashes = append(docHashes, en.hash)
	}
	for block := range e.blocks {
		if block*DocsPerShard >= len(ix.Docs) {
			delete(e.blocks, block)
		}
	}
	kinds := make([]int, len(ix.Docs))
	for i, d := range ix.Docs {
		kinds[i] = d.Kind
	}
	if e.kinds == nil || !slices.Equal(e.kindList, kinds) {
		e.kinds, e.kindList = newEncoded("kinds", map[string]any{"k": kinds}), kinds
	}
	files[Dir+FileName("kinds", e.kinds.hash)] = e.kinds.file
	ix.manifest(files, keys, termHashes, docHashes, e.kinds.hash)
	return files
}

// encodings are the files of the index last made, for reuse.
type encodings struct {
	shards   map[*Shard]*encoded
	blocks   map[int]*encoded // page data, by block
	kinds    *encoded
	kindList []int
}

type encoded struct {
	base, hash string
	file       []byte
	head       int   // the length of its header (see header)
	docs       []Doc // of a block of page data
}

func newEncoded(base string, data map[string]any) *encoded {
	p, hash := payload(base, data)
	return &encoded{base: base, hash: hash, file: wrap(base, hash, p), head: len(header(base, hash))}
}
