package generator

import (
	"bytes"
	"errors"
	"hash/maphash"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"handboek/generator/config"
	"handboek/generator/diag"
	"handboek/generator/graph"
	"handboek/generator/page"
	"handboek/generator/render"
)

// Incremental rendering.
//
// Every page output gets a fingerprint: a hash of everything its HTML is made from. A Builder
// that is used again (the dev server) renders only the outputs whose fingerprint changed since
// its last successful build and takes the bytes of the others from that build. A fingerprint
// covers:
//
//   - the site: site.toml, the theme's files, the navigation (section titles and URLs), the
//     generated pages' titles and URLs;
//   - the page's own file (its content hash, path and modification time), URL, ID and layout;
//   - the title, URL, kind and summary of every page it shows a link to: relation targets,
//     backlinks, pages that mention it, pages its body links to, steps and RACI parties, its
//     section (breadcrumb), its section's pages (section pages), prev/next, routes it is on,
//     and for the home page every section and route.
//
// Leaving something out here means a stale page in the dev server, so TestIncrementalEqualsFull
// compares incremental output with a clean build after many kinds of edit.

// printer accumulates one fingerprint.
type printer struct{ h maphash.Hash }

func (p *printer) str(s string) {
	var n [8]byte
	l := uint64(len(s))
	for i := range n {
		n[i] = byte(l >> (8 * i))
	}
	p.h.Write(n[:])
	p.h.WriteString(s)
}

func (p *printer) num(v uint64) {
	var n [8]byte
	for i := range n {
		n[i] = byte(v >> (8 * i))
	}
	p.h.Write(n[:])
}

// fingerprints holds what fingerprinting a graph needs besides the graph, and the fingerprints
// worked out so far. A Builder keeps it from one build to the next while its graph is updated in
// place (graph.Update), and forgets only what an update can have changed (see update).
type fingerprints struct {
	seed     maphash.Seed
	g        *graph.Graph
	site     uint64 // config, theme, navigation, generated pages
	keys     map[string][32]byte
	mtimes   map[string]time.Time
	specials []*render.Special
	stamp    map[*graph.Node]uint64 // what a link to the node shows

	pages map[*graph.Node]uint64 // page fingerprints worked out
	made  map[*graph.Node]bool   // the pages whose fingerprint may differ from the last good build
	// deps lists, for each node, the pages whose fingerprint shows a link to it (the pages to
	// work out again when what a link to it shows changes). It may hold pages that no longer
	// link to it: they are only worked out once more.
	deps       map[*graph.Node][]*graph.Node
	cur        *graph.Node // the page being fingerprinted, for deps
	roleMap    uint64      // what every role map page shows; 0: not worked out
	matrix     uint64      // what the responsibility overview shows; 0: not worked out
	graphPrint uint64      // graph.json's; 0: not worked out
	sitemap    uint64      // sitemap.xml's; 0: not worked out
}

func (f *fingerprints) printer() *printer {
	p := &printer{}
	p.h.SetSeed(f.seed)
	p.num(f.site)
	return p
}

// link adds what a link to n shows.
func (f *fingerprints) link(p *printer, n *graph.Node) {
	if n == nil {
		p.num(0)
		return
	}
	if f.cur != nil {
		if d := f.deps[n]; len(d) == 0 || d[len(d)-1] != f.cur {
			f.deps[n] = append(d, f.cur)
		}
	}
	p.num(f.linkStamp(n))
}

func (f *fingerprints) linkStamp(n *graph.Node) uint64 {
	s, ok := f.stamp[n]
	if !ok {
		q := &printer{}
		q.h.SetSeed(f.seed)
		q.str(n.ID)
		q.str(n.URL)
		q.str(n.Title)
		q.str(n.Kind)
		q.str(f.g.KindLabel(n))
		q.str(n.Summary)
		s = q.h.Sum64() | 1
		f.stamp[n] = s
	}
	return s
}

// siteHash is the part of every fingerprint that is the same for all pages: config is site.toml
// with the command line's overrides, theme the hash of the theme's files (hashTheme), specials
// the generated pages.
func siteHash(seed maphash.Seed, g *graph.Graph, config []byte, theme uint64, specials []*render.Special) uint64 {
	f := &fingerprints{seed: seed, g: g, stamp: map[*graph.Node]uint64{}}
	p := &printer{}
	p.h.SetSeed(seed)
	p.str(string(config))
	p.num(theme)
	for _, s := range g.Sections {
		f.link(p, s.Page)
		p.num(uint64(len(s.Pages)))
	}
	for _, sp := range specials {
		p.str(sp.URL)
		p.str(sp.Title)
		p.str(sp.Layout)
	}
	return p.h.Sum64()
}

// hashTheme is a hash of every file of the theme.
func hashTheme(seed maphash.Seed, theme fs.FS) uint64 {
	p := &printer{}
	p.h.SetSeed(seed)
	_ = fs.WalkDir(theme, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(theme, name)
		if err != nil {
			return nil
		}
		p.str(name)
		p.str(string(b))
		return nil
	})
	return p.h.Sum64()
}

// newFingerprints prepares fingerprinting g; site is siteHash's.
func newFingerprints(seed maphash.Seed, g *graph.Graph, site uint64, specials []*render.Special, keys map[string][32]byte, mtimes map[string]time.Time) *fingerprints {
	return &fingerprints{seed: seed, g: g, site: site, specials: specials, keys: keys, mtimes: mtimes,
		stamp: map[*graph.Node]uint64{}, pages: map[*graph.Node]uint64{}, made: map[*graph.Node]bool{}, deps: map[*graph.Node][]*graph.Node{}}
}

// update brings f, made for the same graph, up to date after graph.Update changed it as d says
// (the deltas of every update since f was last used, merged), and the pages' files changed as
// keys and mtimes say. It reports false when f cannot be kept (the site hash changed).
func (f *fingerprints) update(d *graph.Delta, site uint64, specials []*render.Special, keys map[string][32]byte, mtimes map[string]time.Time) bool {
	if f.site != site {
		return false
	}
	dirty := map[*graph.Node]bool{}
	for _, n := range d.Touched {
		dirty[n] = true
	}
	stamps := false
	for _, n := range d.Pages {
		old := f.stamp[n]
		delete(f.stamp, n)
		if f.linkStamp(n) != old {
			stamps = true
			for _, m := range f.deps[n] {
				dirty[m] = true
			}
		}
	}
	for path, t := range mtimes { // a commit changes the date of pages whose file did not change
		if old, ok := f.mtimes[path]; !ok || !old.Equal(t) {
			if n := f.g.ByPath(path); n != nil {
				dirty[n] = true
			}
		}
	}
	for n := range dirty {
		delete(f.pages, n)
		f.made[n] = true
	}
	if d.Relations || stamps {
		f.roleMap = 0
	}
	if d.Steps || stamps {
		f.matrix = 0
	}
	if d.Relations || d.Steps || d.Mentions || stamps {
		f.graphPrint = 0
	}
	f.specials, f.keys, f.mtimes = specials, keys, mtimes
	return true
}

// page is the fingerprint of n's page.
func (f *fingerprints) page(n *graph.Node) uint64 {
	if v, ok := f.pages[n]; ok {
		return v
	}
	f.cur = n
	v := f.makePage(n)
	f.cur = nil
	f.pages[n] = v
	f.made[n] = true
	return v
}

func (f *fingerprints) makePage(n *graph.Node) uint64 {
	p := f.printer()
	g := f.g
	p.str(n.URL)
	p.str(n.ID)
	if n == g.Home {
		p.str("home")
	} else if n.IsIndex {
		p.str("section")
	}
	if n.Page != nil {
		k := f.keys[n.Path]
		p.h.Write(k[:])
		p.str(n.Path)
		p.str(n.Title) // pages made up for sections have no file
		p.num(uint64(f.mtimes[n.Path].UnixNano()))
	}
	if n.Section != nil {
		f.link(p, n.Section.Page)
		if n.IsIndex && n.Section.Page == n {
			for _, c := range n.Section.Pages {
				f.link(p, c)
			}
		}
	}
	for _, e := range n.Out {
		p.str(e.Relation)
		f.link(p, e.To)
	}
	p.str("in")
	for _, e := range n.In {
		p.str(e.Relation)
		f.link(p, e.From)
	}
	p.str("mentioned")
	for _, m := range n.MentionedBy {
		f.link(p, m)
	}
	p.str("body")
	for _, t := range n.Mentions() {
		f.link(p, t)
	}
	p.str("roles")
	for _, r := range n.Roles {
		f.link(p, r.Process)
		f.step(p, r.Step)
		p.str(r.Letter)
	}
	p.str("steps")
	for i := range n.Steps {
		f.step(p, &n.Steps[i])
	}
	f.link(p, n.Prev)
	f.link(p, n.Next)
	for _, r := range g.Routes {
		on := n == g.Home
		for _, q := range r.Pages {
			on = on || q == n
		}
		if !on {
			continue
		}
		p.str(r.Name)
		for _, q := range r.Pages {
			f.link(p, q)
			if q == n {
				p.str("here")
			}
		}
	}
	if n == g.Home {
		for _, s := range g.Sections {
			f.link(p, s.Page)
			p.num(uint64(len(s.Pages)))
		}
	}
	return p.h.Sum64()
}

func (f *fingerprints) step(p *printer, s *graph.Step) {
	p.str(s.Title)
	f.link(p, s.Phase)
	for _, parties := range s.Parties {
		p.str("|")
		for _, q := range parties {
			f.link(p, q)
		}
	}
}

// special is the fingerprint of a generated page, or 0 when it must always be rendered.
func (f *fingerprints) special(sp *render.Special) uint64 {
	var shown uint64
	switch sp.Layout {
	case "zoeken":
	case "rolkaart":
		if f.roleMap == 0 {
			f.roleMap = f.makeRoleMap()
		}
		shown = f.roleMap
	case "matrix":
		if f.matrix == 0 {
			f.matrix = f.makeMatrix()
		}
		shown = f.matrix
	default:
		return 0 // a generated page this file does not know: always render it
	}
	p := f.printer()
	p.str(sp.URL)
	p.str(sp.Layout)
	p.num(shown)
	return p.h.Sum64() | 1
}

// makeRoleMap is what every page of the role map is drawn from: the pages of its kinds and
// their relations.
func (f *fingerprints) makeRoleMap() uint64 {
	p := f.printer()
	kinds := f.g.Config.RoleMap.Kinds
	for _, n := range f.g.Nodes {
		if !hasString(kinds, n.Kind) {
			continue
		}
		f.link(p, n)
		for _, e := range n.Out {
			p.str(e.Relation)
			f.link(p, e.To)
		}
	}
	return p.h.Sum64() | 1
}

// makeMatrix is what the responsibility overview shows: every step of every page.
func (f *fingerprints) makeMatrix() uint64 {
	p := f.printer()
	for _, n := range f.g.All() {
		if len(n.Steps) == 0 {
			continue
		}
		f.link(p, n)
		for i := range n.Steps {
			f.step(p, &n.Steps[i])
		}
	}
	return p.h.Sum64() | 1
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// same reports whether a and b hold the same bytes, comparing slices that share memory first.
func same(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return bytes.Equal(a, b)
}

// changedOutputs lists the output paths whose bytes differ between old and cur (added, changed
// or removed), sorted.
func changedOutputs(old, cur render.Files) []string {
	var out []string
	for name, b := range cur {
		if ob, ok := old[name]; !ok || !same(ob, b) {
			out = append(out, name)
		}
	}
	for name := range old {
		if _, ok := cur[name]; !ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// isPageOutput reports whether an output path is a fingerprinted page (404.html is not: it
// is always made).
func isPageOutput(name string) bool {
	return strings.HasSuffix(name, "/index.html") || name == "index.html"
}

// Loading only what changed.
//
// A Builder keeps the sources it loaded last. When Options.Changed lists the paths a watcher
// saw change, load re-reads just those files and takes the others from the previous build; any
// change it cannot account for file by file (a folder made, removed or renamed, a link, a path
// that had a problem when read) falls back to reading all of content/ again, as does a Builder
// with nothing loaded yet or Options.Changed == nil.

// load returns the sources of content/, sorted by path, and how many files it read from disk,
// and reports the problems met reading them.
func (b *Builder) load(opt Options, problems *diag.List) ([]source, int, error) {
	if opt.Changed != nil && b.sources != nil {
		if srcs, read, ok := b.loadChanged(opt.Source, opt.Changed); ok {
			problems.Append(b.loadProblems...)
			return srcs, read, nil
		}
	}
	var own diag.List
	srcs, err := loadContent(opt.Source, &own)
	b.loadProblems = own.Sorted()
	problems.Append(b.loadProblems...)
	b.sources, b.sorted = map[string]source{}, srcs
	if err != nil {
		b.sources = nil // read everything again next time
	}
	for _, s := range srcs {
		b.sources[s.rel] = s
	}
	return srcs, len(srcs), err
}

// loadChanged updates the Builder's sources for the changed paths; ok is false when a change
// needs the whole folder read again (the sources are then read again in full, so it may leave
// them half updated).
func (b *Builder) loadChanged(root string, changed []string) (out []source, read int, ok bool) {
	had := map[string]bool{}
	for _, p := range b.loadProblems {
		had[p.Pos.Path] = true
	}
	updates := map[string]*source{} // nil: the file is gone
	for _, rel := range changed {
		if !strings.HasPrefix(rel, "content/") || had[rel] {
			if had[rel] {
				return nil, 0, false
			}
			continue // site.toml, themes/ and static/ are read on every build
		}
		hidden := false
		for _, seg := range strings.Split(rel, "/") {
			hidden = hidden || strings.HasPrefix(seg, ".")
		}
		if hidden {
			continue // loadContent leaves dotfiles and dot-folders out
		}
		full := filepath.Join(root, filepath.FromSlash(rel))
		info, err := os.Lstat(full)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if _, wasFile := b.sources[rel]; !wasFile {
				return nil, 0, false // perhaps a folder: its files went with it
			}
			updates[rel] = nil
			continue
		case err != nil, !info.Mode().IsRegular():
			return nil, 0, false // a folder, a link, something unreadable
		}
		if !strings.EqualFold(filepath.Ext(rel), ".md") {
			continue
		}
		data, err := os.ReadFile(full)
		if err != nil {
			return nil, 0, false
		}
		updates[rel] = &source{rel: rel, data: data, mtime: info.ModTime(), read: reads.Add(1)}
		read++
	}
	moved := false // a file came or went: the sorted list is made again
	for rel, s := range updates {
		if _, was := b.sources[rel]; s == nil || !was {
			moved = true
		}
		if s == nil {
			delete(b.sources, rel)
		} else {
			b.sources[rel] = *s
		}
	}
	if moved {
		b.sorted = make([]source, 0, len(b.sources))
		for _, s := range b.sources {
			b.sorted = append(b.sorted, s)
		}
		sort.Slice(b.sorted, func(i, j int) bool { return b.sorted[i].rel < b.sorted[j].rel })
	} else {
		for rel, s := range updates {
			i := sort.Search(len(b.sorted), func(i int) bool { return b.sorted[i].rel >= rel })
			b.sorted[i] = *s
		}
	}
	return b.sorted, read, true
}

// changedSources lists the paths whose content this build read anew, for git's dates; nil when
// the build was not told what changed (then git is asked again).
func (b *Builder) changedSources(opt Options) []string {
	if opt.Changed == nil {
		return nil
	}
	return b.rehashed
}

// sourceData returns the content of the source file at path, when this build read it anew.
func (b *Builder) sourceData(path string) ([]byte, bool) {
	data, ok := b.fresh[path]
	return data, ok && data != nil
}

// link links the published pages: by updating the previous build's graph in place when only
// pages that are in it changed, in ways graph.Update handles; by a new graph.Link otherwise.
func (b *Builder) link(cfg *config.Config, published, drafts []*page.Page, problems *diag.List) *graph.Graph {
	if g := b.updated(published, drafts); g != nil {
		problems.Append(g.Problems()...)
		return g
	}
	g := graph.Link(cfg, published, drafts, problems)
	b.graph, b.site, b.fp, b.pending, b.searchPending = g, nil, nil, nil, nil
	b.linked = make(map[string]*page.Page, len(published))
	for _, p := range published {
		b.linked[p.Path] = p
	}
	b.drafts = make(map[string]*page.Page, len(drafts))
	for _, p := range drafts {
		b.drafts[p.Path] = p
	}
	return g
}

// updated updates the Builder's graph for published and drafts in place and returns it, or
// returns nil when it needs a new Link: no graph yet, a page or draft added, removed or
// changed in what graph.Update cannot handle.
func (b *Builder) updated(published, drafts []*page.Page) *graph.Graph {
	if b.graph == nil || len(published) != len(b.linked) || len(drafts) != len(b.drafts) {
		return nil
	}
	for _, d := range drafts {
		if b.drafts[d.Path] != d {
			return nil // a draft's names are in the messages about references to it
		}
	}
	var changed []*page.Page
	summaries := false
	for _, p := range published {
		old, ok := b.linked[p.Path]
		if !ok {
			return nil
		}
		if old != p {
			changed = append(changed, p)
			summaries = summaries || old.Summary != p.Summary
		}
	}
	d := &graph.Delta{}
	if len(changed) > 0 {
		var ok bool
		if d, ok = b.graph.Update(changed); !ok {
			return nil
		}
	}
	for _, p := range changed {
		b.linked[p.Path] = p
	}
	if d.Relations || d.Steps || summaries {
		b.site = nil // the role map, the phases and the generated pages may differ
	}
	b.pending = mergeDelta(b.pending, d)
	b.searchPending = mergeDelta(b.searchPending, d)
	return b.graph
}

// mergeDelta is what a and then b changed; nil (not known) stays nil.
func mergeDelta(a, b *graph.Delta) *graph.Delta {
	if a == nil {
		return nil
	}
	out := &graph.Delta{Relations: a.Relations || b.Relations, Steps: a.Steps || b.Steps, Mentions: a.Mentions || b.Mentions}
	seen := map[*graph.Node]bool{}
	for _, n := range append(append([]*graph.Node(nil), a.Pages...), b.Pages...) {
		if !seen[n] {
			seen[n] = true
			out.Pages = append(out.Pages, n)
		}
	}
	clear(seen)
	for _, n := range append(append([]*graph.Node(nil), a.Touched...), b.Touched...) {
		if !seen[n] {
			seen[n] = true
			out.Touched = append(out.Touched, n)
		}
	}
	return out
}

// Holds reports whether the Builder's last build read the file at path (relative to the source
// folder, "content/x.md") with exactly the content data.
func (b *Builder) Holds(path string, data []byte) bool {
	k, ok := b.pathKeys[path]
	return ok && k == sourceKey(path, data)
}

// forget drops the graph and everything made from it: the next build links anew.
func (b *Builder) forget() {
	b.graph, b.site, b.fp, b.pending, b.searchPending = nil, nil, nil, nil, nil
}

// graphJSON is the fingerprint of graph.json: every node's ID, kind, title and URL and every
// edge, in order.
func (f *fingerprints) graphJSON() uint64 {
	p := f.printer()
	p.str("graph.json")
	for _, n := range f.g.Nodes {
		p.str(n.ID)
		p.str(n.Kind)
		p.str(n.Title)
		p.str(n.URL)
	}
	p.str("edges")
	for e := range f.g.Edges() {
		p.str(e.From.ID)
		p.str(e.To.ID)
		p.str(e.Relation)
		p.str(e.Step)
		var nav uint64
		if e.From.IsIndex {
			nav |= 1
		}
		if e.To.IsIndex {
			nav |= 2
		}
		p.num(nav)
	}
	return p.h.Sum64() | 1
}

// makeSitemap is the fingerprint of sitemap.xml: the URL of every page (the base URL and the
// generated pages are in the site's part of every fingerprint).
func (f *fingerprints) makeSitemap() uint64 {
	p := f.printer()
	p.str("sitemap.xml")
	for _, n := range f.g.All() {
		p.str(n.URL)
	}
	return p.h.Sum64() | 1
}

// data is the fingerprint of one of render's data outputs (render.Options.Data), or 0 when it
// must always be made.
func (f *fingerprints) data(name string) uint64 {
	switch name {
	case "graph.json":
		if f.graphPrint == 0 {
			f.graphPrint = f.graphJSON()
		}
		return f.graphPrint
	case "sitemap.xml":
		if f.sitemap == 0 {
			f.sitemap = f.makeSitemap()
		}
		return f.sitemap
	}
	return 0
}

// earlyPages returns a function that renders one output of g by itself, for a dev server that
// answers before the whole site is rendered: name is an output path ("rollen/x/index.html",
// "assets/handboek.css"). ok is false for outputs it cannot make alone (the generated pages,
// the search index, graph.json): those must wait for the whole build. Safe for concurrent use.
func earlyPages(r *render.Renderer, g *graph.Graph, opt render.Options) func(name string) ([]byte, bool) {
	var once sync.Once
	var byOut map[string]*graph.Node
	var shell render.Files // assets and 404.html, made once
	none := func(*render.Special) bool { return false }
	nodata := func(string) bool { return false }
	return func(name string) ([]byte, bool) {
		once.Do(func() {
			byOut = map[string]*graph.Node{}
			for _, n := range g.All() {
				byOut[n.URL+"index.html"] = n
			}
			o := opt
			o.Pages, o.Specials, o.Data = func(*graph.Node) bool { return false }, none, nodata
			shell, _ = r.Render(g, o)
		})
		if n, ok := byOut[name]; ok {
			o := opt
			o.Pages, o.Specials, o.Data = func(m *graph.Node) bool { return m == n }, none, nodata
			files, err := r.Render(g, o)
			b, ok := files[name]
			return b, err == nil && ok
		}
		if name == "404.html" || strings.HasPrefix(name, "assets/") {
			b, ok := shell[name]
			return b, ok
		}
		return nil, false
	}
}
