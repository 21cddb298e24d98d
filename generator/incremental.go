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

	"handboek/generator/diag"
	"handboek/generator/graph"
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

// fingerprints holds what fingerprinting a graph needs besides the graph.
type fingerprints struct {
	seed   maphash.Seed
	g      *graph.Graph
	site   uint64 // config, theme, navigation
	keys   map[string][32]byte
	mtimes map[string]time.Time
	stamp  map[*graph.Node]uint64 // what a link to the node shows
	bodyTo map[*graph.Node][]*graph.Node
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
	p.num(s)
}

// newFingerprints prepares fingerprinting g. config is site.toml with the command line's
// overrides; theme the theme's files.
func newFingerprints(seed maphash.Seed, g *graph.Graph, config []byte, theme fs.FS, keys map[string][32]byte, mtimes map[string]time.Time) *fingerprints {
	f := &fingerprints{seed: seed, g: g, keys: keys, mtimes: mtimes, stamp: map[*graph.Node]uint64{}, bodyTo: map[*graph.Node][]*graph.Node{}}
	p := &printer{}
	p.h.SetSeed(seed)
	p.str(string(config))
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
	for _, s := range g.Sections {
		f.link(p, s.Page)
		p.num(uint64(len(s.Pages)))
	}
	for _, sp := range render.SpecialPages(g) {
		p.str(sp.URL)
		p.str(sp.Title)
		p.str(sp.Layout)
	}
	f.site = p.h.Sum64()
	for _, e := range g.Edges {
		if e.Relation == graph.Mentions {
			f.bodyTo[e.From] = append(f.bodyTo[e.From], e.To)
		}
	}
	return f
}

// page is the fingerprint of n's page.
func (f *fingerprints) page(n *graph.Node) uint64 {
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
	for _, t := range f.bodyTo[n] {
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
	p := f.printer()
	p.str(sp.URL)
	p.str(sp.Layout)
	g := f.g
	switch sp.Layout {
	case "zoeken":
	case "rolkaart":
		kinds := g.Config.RoleMap.Kinds
		for _, n := range g.Nodes {
			if !hasString(kinds, n.Kind) {
				continue
			}
			f.link(p, n)
			for _, e := range n.Out {
				p.str(e.Relation)
				f.link(p, e.To)
			}
		}
	case "matrix":
		for _, n := range g.All() {
			if len(n.Steps) == 0 {
				continue
			}
			f.link(p, n)
			for i := range n.Steps {
				f.step(p, &n.Steps[i])
			}
		}
	default:
		return 0 // a generated page this file does not know: always render it
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
	b.sources = map[string]source{}
	if err != nil {
		b.sources = nil // read everything again next time
	}
	for _, s := range srcs {
		b.sources[s.rel] = s
	}
	return srcs, len(srcs), err
}

// loadChanged updates the Builder's sources for the changed paths; ok is false when a change
// needs the whole folder read again.
func (b *Builder) loadChanged(root string, changed []string) (out []source, read int, ok bool) {
	had := map[string]bool{}
	for _, p := range b.loadProblems {
		had[p.Pos.Path] = true
	}
	next := make(map[string]source, len(b.sources)+len(changed))
	for rel, s := range b.sources {
		next[rel] = s
	}
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
			if _, wasFile := next[rel]; !wasFile {
				return nil, 0, false // perhaps a folder: its files went with it
			}
			delete(next, rel)
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
		next[rel] = source{rel: rel, data: data, mtime: info.ModTime()}
		read++
	}
	out = make([]source, 0, len(next))
	for _, s := range next {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	b.sources = next
	return out, read, true
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
	for _, e := range f.g.Edges {
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

// sitemap is the fingerprint of sitemap.xml: the URL of every page (the base URL and the
// generated pages are in the site's part of every fingerprint).
func (f *fingerprints) sitemap() uint64 {
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
		return f.graphJSON()
	case "sitemap.xml":
		return f.sitemap()
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
