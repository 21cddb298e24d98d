// Package generator runs a build: the stages of handboek, in order, in one place.
//
//	load    read site.toml, content/, themes/ and static/ (bytes only)
//	parse   each Markdown file on its own: front matter, body, references (cached by hash)
//	link    all pages into one typed graph; every reference resolved and checked
//	render  graph + theme → output files in memory
//	write   memory → disk, swapped in whole, only when the build has no problems
//
// Problems are collected across all stages and returned together; a build with problems renders
// nothing and writes nothing.
package generator

import (
	"crypto/sha256"
	"errors"
	"hash/maphash"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"handboek/generator/config"
	"handboek/generator/diag"
	"handboek/generator/graph"
	"handboek/generator/markdown"
	"handboek/generator/output"
	"handboek/generator/page"
	"handboek/generator/render"
	"handboek/generator/search"
	"handboek/internal/par"
	"handboek/internal/rawfile"
	"handboek/themes"
)

// Options say what to build.
type Options struct {
	Source  string // the folder holding site.toml
	Drafts  bool   // include pages with draft = true
	BaseURL string // overrides site.toml's base_url when set

	emit func(name string, data []byte) error // set by BuildInto: stream the output
	// Changed lists the paths (relative to Source, slash-separated) that changed since this
	// Builder's previous build, as a file watcher reports them; the Builder then reads only
	// those files of content/ again and reuses the rest (see load in incremental.go). nil means
	// not known: everything is read.
	Changed []string
	// Gzip makes the Builder keep the pages it renders gzip-compressed in Result.Files, for a
	// dev server that holds every page in memory (see compress.go).
	Gzip bool
	// Early, when set, is called once the pages are linked and the theme loaded without
	// problems, before rendering, with a function that renders one output by itself (see
	// earlyPages in incremental.go), so that a dev server can answer before the build is done.
	Early func(page func(name string) ([]byte, bool))
	// Loaded, when set, is told how many bytes of Markdown the build read (or kept from the
	// previous build), before anything is parsed: the build command sizes its memory limit by it.
	Loaded func(bytes int64)
}

// Result is the outcome of a build.
type Result struct {
	Config   *config.Config
	Graph    *graph.Graph // nil when linking was not reached
	Files    render.Files // nil when the build has problems
	Problems []diag.Problem
	// ConfigError is true when the problems are in the configuration (site.toml or the
	// command line), so that no page could be judged.
	ConfigError bool
	Pages       int // HTML pages in Files
	// Rendered counts the pages rendered by this build; a Builder that is used again renders
	// only the pages whose inputs changed (see incremental.go) and reuses the others.
	Rendered int
	// Changed lists the output paths whose bytes differ from the Builder's previous successful
	// build (added, changed or removed), sorted; every output on a Builder's first build.
	Changed []string
	// Read counts the Markdown files read from disk by this build.
	Read int
	// Gzipped names the outputs in Files that are gzip-compressed (Options.Gzip); it is not
	// changed by later builds.
	Gzipped map[string]bool
}

// OK reports whether the build has no problems.
func (r *Result) OK() bool { return len(r.Problems) == 0 }

// Builder runs builds and keeps what can be reused between them: parsed pages (by content
// hash), the linked graph (updated in place when an edit allows it, see graph.Update), the
// site-wide part of rendering, fingerprints, the search analysis, git's dates.
// A Builder is not safe for concurrent builds, and a Result's Graph may be changed by the
// Builder's next build.
type Builder struct {
	cache    map[[32]byte]*page.Page
	search   *search.Cache // each page's search analysis, reused while its text is unchanged
	cfgStamp [32]byte
	pathKeys map[string][32]byte // content hash of each source file, by path
	srcKeys  map[string]srcKey   // the same, with the bytes it was computed from
	rehashed []string            // the paths whose content hash the last parse worked out anew
	fresh    map[string][]byte   // their bytes
	keyBuf   [][32]byte          // parse's, reused

	spareTimes map[string]time.Time // a map of file times no longer read, to fill again

	// The last successful build, for incremental rendering.
	seed         maphash.Seed
	prevFiles    render.Files
	prevPrints   map[string]uint64 // page output path → fingerprint
	pages        int               // HTML files in prevFiles
	other        []string          // the outputs in prevFiles without a fingerprint (made every time)
	goodFP       *fingerprints     // the fingerprints of the last good build
	goodSpecials []string          // its generated pages (output paths)
	gzip         bool              // the last good build's Options.Gzip
	gzipped      map[string]bool   // the compressed outputs in prevFiles; replaced, not changed

	// What the last load read, for builds told what changed (Options.Changed).
	sources      map[string]source // by path; nil: read everything next time
	sorted       []source          // sources, by path
	loadProblems []diag.Problem

	// The last link, for updating it in place (see link).
	graph   *graph.Graph
	linked  map[string]*page.Page // the published pages graph holds, by path
	drafts  map[string]*page.Page // the drafts it was linked with, by path
	pending *graph.Delta          // the updates fp has not seen yet; nil after a new Link
	// the updates the search index has not seen yet; nil after a new Link
	searchPending *graph.Delta
	site          *render.Site  // the site-wide part of rendering graph; nil: not made yet
	fp            *fingerprints // of graph; nil: start afresh
	git           gitCache
	theme         struct { // the renderer of the last build's theme
		name string
		hash uint64
		r    *render.Renderer
	}
}

// srcKey is the content hash of a reading of a source file, and its parse.
type srcKey struct {
	read uint64 // source.read
	key  [32]byte
	page *page.Page
}

// NewBuilder returns a Builder with an empty cache.
func NewBuilder() *Builder {
	return &Builder{cache: map[[32]byte]*page.Page{}, search: search.NewCache(), seed: maphash.MakeSeed()}
}

// Build runs every stage but write.
func (b *Builder) Build(opt Options) *Result {
	res := &Result{}
	var problems diag.List

	// load: configuration
	cfgSrc, _ := os.ReadFile(filepath.Join(opt.Source, config.FileName))
	cfg, cfgProblems := config.Load(opt.Source)
	if len(cfgProblems) == 0 && opt.BaseURL != "" {
		u, err := config.NormalizeBaseURL(opt.BaseURL)
		if err != nil {
			cfgProblems = []diag.Problem{{Pos: diag.Pos{Path: "-base-url"}, Msg: err.Error()}}
		}
		cfg.BaseURL = u
	}
	if len(cfgProblems) > 0 {
		res.Problems, res.ConfigError = cfgProblems, true
		return res
	}
	res.Config = cfg
	stamp := sha256.Sum256(append(cfgSrc, opt.BaseURL...))
	if stamp != b.cfgStamp {
		// Pages are parsed with the config: read and parse every file again.
		b.cache, b.srcKeys, b.sources = map[[32]byte]*page.Page{}, nil, nil
		b.cfgStamp = stamp
		b.forget()
	}

	// load: content
	sources, read, err := b.load(opt, &problems)
	res.Read = read
	if err != nil {
		problems.Add(diag.Pos{Path: "content"}, "cannot read the content folder: %v", err)
	}
	if opt.Loaded != nil {
		var size int64
		for _, s := range sources {
			size += int64(len(s.data))
		}
		opt.Loaded(size)
	}

	// parse
	md := markdown.New(markdown.Options{UnsafeHTML: cfg.UnsafeHTML})
	var pages []*page.Page
	if opt.emit != nil {
		// A one-off build never reads the files again, nor parses them again: each file's bytes
		// go as soon as it is parsed (a tenth of its memory), and nothing is kept for a rebuild.
		pages = make([]*page.Page, len(sources))
		par.For(len(sources), func(i int) {
			pages[i] = page.Parse(sources[i].rel, sources[i].data, cfg, md)
			sources[i].data = nil
		})
		b.cache, b.pathKeys, b.srcKeys, b.sources, b.sorted, b.rehashed = nil, nil, nil, nil, nil, nil
	} else {
		pages = b.parse(sources, cfg, md)
		b.dropData(sources)
	}
	published := make([]*page.Page, 0, len(pages))
	var drafts []*page.Page
	for _, p := range pages {
		if p.Draft && !opt.Drafts {
			drafts = append(drafts, p) // a draft's own problems do not hold up publishing the rest
			continue
		}
		problems.Append(p.Problems...)
		published = append(published, p)
	}

	// link
	g := b.link(cfg, published, drafts, &problems)
	res.Graph = g
	if b.site == nil {
		b.site = render.Prepare(g)
	}
	specials := b.site.Specials()
	checkReserved(g, specials, &problems)

	// render
	if problems.Len() > 0 {
		res.Problems = problems.Sorted()
		return res
	}
	r, themeHash, err := b.renderer(opt, cfg.Theme)
	if err != nil {
		var te *render.TemplateError
		if errors.As(err, &te) {
			problems.Add(diag.Pos{Path: "themes/" + cfg.Theme + "/" + te.File, Line: te.Line}, "%s", te.Msg)
		} else {
			problems.Add(diag.Pos{Path: "themes/" + cfg.Theme}, "%v", err)
		}
		res.Problems = problems.Sorted()
		return res
	}
	mtimes := b.spareTimes // the map fingerprints used before the last one, not read any more
	if mtimes == nil {
		mtimes = make(map[string]time.Time, len(sources))
	}
	clear(mtimes)
	b.spareTimes = nil
	for _, s := range sources {
		mtimes[s.rel] = s.mtime
	}
	// "laatst gewijzigd": the last commit beats the file time
	for p, t := range b.git.dates(opt.Source, b.changedSources(opt), b.sourceData) {
		if _, ok := mtimes[p]; ok {
			mtimes[p] = t
		}
	}
	b.fresh = nil
	if opt.Early != nil {
		opt.Early(earlyPages(r, g, render.Options{Markdown: md, LastModified: func(p string) time.Time { return mtimes[p] }, Site: b.site}))
	}
	site := siteHash(b.seed, g, append(cfgSrc, opt.BaseURL...), themeHash, specials)
	fp := b.fp
	if fp != nil {
		b.spareTimes = fp.mtimes // fp takes this build's
	}
	if fp == nil || fp.g != g || b.pending == nil || !fp.update(b.pending, site, specials, b.pathKeys, mtimes) {
		fp = newFingerprints(b.seed, g, site, specials, b.pathKeys, mtimes)
		b.goodFP = nil // and with it the graph it was made for
	}
	b.fp, b.pending = fp, &graph.Delta{}
	if opt.emit != nil {
		return b.renderStreaming(res, &problems, r, g, md, mtimes, opt, cfg.Theme)
	}
	if opt.Gzip != b.gzip {
		b.prevFiles, b.prevPrints, b.goodFP, b.gzipped = nil, nil, nil, nil // kept in the other form
	}
	// What to render: the outputs whose fingerprint differs from the last good build's. When fp
	// was kept since that build, only the pages it worked out again since then can differ.
	quick := b.goodFP == fp
	prints := map[string]uint64{} // every output's, or only the changed ones' when quick
	var keep func(string, []byte) []byte
	var gzMu sync.Mutex
	gzipped := map[string]bool{} // the pages compressed by this build
	if opt.Gzip {
		keep = func(name string, data []byte) []byte {
			z := gzipBytes(data)
			gzMu.Lock()
			gzipped[name] = true
			gzMu.Unlock()
			return z
		}
	}
	fresh := func(out string, print uint64) bool {
		old, ok := b.prevPrints[out]
		if changed := print == 0 || !ok || old != print; changed || !quick {
			prints[out] = print
			return changed
		}
		return false
	}
	files, err := r.Render(g, render.Options{
		Markdown:     md,
		LastModified: func(p string) time.Time { return mtimes[p] },
		Pages: func(n *graph.Node) bool {
			if quick && !fp.made[n] {
				return false
			}
			return fresh(n.URL+"index.html", fp.page(n))
		},
		Specials: func(sp *render.Special) bool { return fresh(sp.URL+"index.html", fp.special(sp)) },
		Data:     func(name string) bool { return fresh(name, fp.data(name)) },
		Site:     b.site,
		Keep:     keep,
	})
	if err != nil {
		b.site = nil // a role map that failed to draw is not drawn from it again
		problems.Add(diag.Pos{Path: "themes/" + cfg.Theme}, "%v", err)
		res.Problems = problems.Sorted()
		return res
	}
	// The whole-site search index: only the pages that changed are looked at when the graph
	// was updated in place.
	var ix *search.Index
	if d := b.searchPending; d != nil {
		ix = b.search.BuildFor(g, d.Pages)
	} else {
		ix = b.search.Build(g)
	}
	b.searchPending = &graph.Delta{}
	for name, data := range b.search.Files(ix) {
		files[name] = data
	}
	if err := addStatic(opt.Source, files); err != nil {
		problems.Add(diag.Pos{Path: "static"}, "cannot read the static folder: %v", err)
	}
	res.Problems = problems.Sorted()
	if len(res.Problems) > 0 {
		return res
	}
	for name := range files {
		if isPageOutput(name) {
			res.Rendered++
		}
	}
	special := make([]string, len(specials))
	for i, sp := range specials {
		special[i] = sp.URL + "index.html"
	}
	if quick {
		b.assembleQuick(res, files, prints, special)
	} else {
		b.assemble(res, files, prints)
	}
	b.goodFP, b.goodSpecials, fp.made, b.gzip = fp, special, map[*graph.Node]bool{}, opt.Gzip
	if opt.Gzip {
		b.gzipped = keptGzipped(b.gzipped, gzipped, res)
		res.Gzipped = b.gzipped
	}
	return res
}

// keptGzipped is the set of compressed outputs of res: the previous build's (old), but for the
// outputs that changed, which are compressed when this build compressed them (made). It is old
// itself when nothing changed.
func keptGzipped(old, made map[string]bool, res *Result) map[string]bool {
	if old == nil {
		return made
	}
	same := true
	for _, name := range res.Changed {
		same = same && made[name] == old[name]
	}
	if same {
		return old
	}
	out := maps.Clone(old)
	for _, name := range res.Changed {
		if made[name] {
			out[name] = true
		} else {
			delete(out, name)
		}
	}
	return out
}

// assemble makes res.Files from this build's files and, for the outputs with a fingerprint
// (prints: all of them) that were not made again, the last good build's.
func (b *Builder) assemble(res *Result, files render.Files, prints map[string]uint64) {
	for out := range prints {
		if _, ok := files[out]; !ok {
			files[out] = b.prevFiles[out]
		}
	}
	res.Files = files
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			res.Pages++
		}
	}
	res.Changed = changedOutputs(b.prevFiles, files)
	b.prevFiles, b.prevPrints, b.pages = files, prints, res.Pages
	b.other = b.other[:0]
	for name := range files {
		if _, ok := prints[name]; !ok {
			b.other = append(b.other, name)
		}
	}
}

// assembleQuick is assemble for a build whose outputs with a fingerprint are those of the last
// good build, but for the generated pages in special: the last good build's files with what
// this build made (files, prints: those whose fingerprint changed) over them, without going
// through every output.
func (b *Builder) assembleQuick(res *Result, files render.Files, prints map[string]uint64, special []string) {
	out := maps.Clone(b.prevFiles)
	var gone []string
	for _, name := range b.other { // made on every build: gone when not made now
		if _, ok := files[name]; !ok {
			gone = append(gone, name)
		}
	}
	for _, name := range b.goodSpecials {
		if !slices.Contains(special, name) {
			gone = append(gone, name)
			delete(b.prevPrints, name)
		}
	}
	res.Pages = b.pages
	for _, name := range gone {
		delete(out, name)
		if strings.HasSuffix(name, ".html") {
			res.Pages--
		}
	}
	for name, data := range files {
		old, had := out[name]
		if !had && strings.HasSuffix(name, ".html") {
			res.Pages++
		}
		if !had || !same(old, data) {
			res.Changed = append(res.Changed, name)
		}
		out[name] = data
	}
	res.Changed = append(res.Changed, gone...)
	sort.Strings(res.Changed)
	for name, p := range prints {
		b.prevPrints[name] = p
	}
	b.other = b.other[:0]
	for name := range files {
		if _, ok := b.prevPrints[name]; !ok {
			b.other = append(b.other, name)
		}
	}
	res.Files, b.prevFiles, b.pages = out, out, res.Pages
}

// Write writes a successful build's files to dest, replacing it whole.
func Write(res *Result, dest string) error {
	if !res.OK() || res.Files == nil {
		return errors.New("the build has problems: nothing written")
	}
	return output.Write(dest, res.Files)
}

type source struct {
	rel   string // slash-separated, relative to the source folder
	data  []byte // nil once parsed: a Builder keeps the parse, not the bytes
	mtime time.Time
	read  uint64 // tells this reading of the file from every other
}

// reads numbers the readings of source files.
var reads atomic.Uint64

// loadContent reads every Markdown file under content/. It follows no link that leads outside
// the source folder, and skips dotfiles. The folders are walked first; the files are then read
// on all cores, as most of the time goes to system calls per file.
func loadContent(root string, problems *diag.List) ([]source, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	absRoot, _ = filepath.EvalSymlinks(absRoot)
	contentDir := filepath.Join(root, "content")
	var out []source
	var walk func(dir string) error
	walk = func(dir string) error {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			full := filepath.Join(dir, name)
			rel, _ := filepath.Rel(root, full)
			rel = filepath.ToSlash(rel)
			isDir := e.IsDir()
			if e.Type()&fs.ModeSymlink != 0 {
				info, err := os.Stat(full)
				target, lerr := filepath.EvalSymlinks(full)
				if lerr != nil || err != nil {
					problems.Add(diag.Pos{Path: rel}, "broken link: %s points to something that does not exist", rel)
					continue
				}
				if target != absRoot && !strings.HasPrefix(target, absRoot+string(filepath.Separator)) {
					problems.Add(diag.Pos{Path: rel}, "%s links to %s, outside the source folder: it is not read; copy the file into content/ instead", rel, target)
					continue
				}
				isDir = info.IsDir()
			}
			if isDir {
				if err := walk(full); err != nil {
					return err
				}
				continue
			}
			if !strings.EqualFold(filepath.Ext(name), ".md") {
				continue
			}
			out = append(out, source{rel: rel, read: reads.Add(1)})
		}
		return nil
	}
	if _, err := os.Stat(contentDir); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err := walk(contentDir); err != nil {
		return nil, err
	}
	failed := make([]error, len(out))
	par.For(len(out), func(i int) {
		out[i].data, out[i].mtime, failed[i] = rawfile.Read(filepath.Join(root, filepath.FromSlash(out[i].rel)))
	})
	kept := out[:0]
	for i, s := range out {
		if failed[i] != nil {
			problems.Add(diag.Pos{Path: s.rel}, "cannot read: %v", failed[i])
			continue
		}
		kept = append(kept, s)
	}
	out = kept
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, nil
}

// parse parses every source on all cores, reusing cached pages whose file did not change.
func (b *Builder) parse(sources []source, cfg *config.Config, md *markdown.Markdown) []*page.Page {
	pages := make([]*page.Page, len(sources))
	if cap(b.keyBuf) < len(sources) {
		b.keyBuf = make([][32]byte, len(sources))
	}
	keys := b.keyBuf[:len(sources)] // every one is set below
	var todo []int
	var rehashed []string
	for i, s := range sources {
		if k, ok := b.srcKeys[s.rel]; ok && k.read == s.read {
			keys[i], pages[i] = k.key, k.page // the same reading as last time: no need to hash it again
			continue
		}
		keys[i] = sourceKey(s.rel, s.data)
		rehashed = append(rehashed, s.rel)
		if p, ok := b.cache[keys[i]]; ok {
			pages[i] = p
		} else {
			todo = append(todo, i)
		}
	}
	par.For(len(todo), func(k int) {
		i := todo[k]
		pages[i] = page.Parse(sources[i].rel, sources[i].data, cfg, md)
	})
	b.rehashed = rehashed
	if len(b.srcKeys) == len(sources) && len(rehashed) < len(sources)/2 {
		// The same files, a few of them read anew: update the maps in place.
		same := true
		for _, rel := range rehashed {
			_, had := b.srcKeys[rel]
			same = same && had
		}
		if same {
			for i, s := range sources {
				k := b.srcKeys[s.rel]
				if k.read == s.read {
					continue
				}
				delete(b.cache, k.key)
				b.cache[keys[i]] = pages[i]
				b.pathKeys[s.rel] = keys[i]
				b.srcKeys[s.rel] = newSrcKey(s, keys[i], pages[i])
			}
			return pages
		}
	}
	b.cache = make(map[[32]byte]*page.Page, len(pages))
	b.pathKeys = make(map[string][32]byte, len(pages))
	b.srcKeys = make(map[string]srcKey, len(pages))
	for i, p := range pages {
		b.cache[keys[i]] = p
		b.pathKeys[sources[i].rel] = keys[i]
		b.srcKeys[sources[i].rel] = newSrcKey(sources[i], keys[i], p)
	}
	return pages
}

// dropData lets the bytes of sources go once they are parsed, but for the files this build read
// anew, which git's dates may compare with HEAD (sourceData).
func (b *Builder) dropData(sources []source) {
	b.fresh = make(map[string][]byte, len(b.rehashed))
	for _, rel := range b.rehashed {
		b.fresh[rel] = nil
	}
	for i := range sources {
		s := &sources[i]
		if s.data == nil {
			continue
		}
		if _, ok := b.fresh[s.rel]; ok {
			b.fresh[s.rel] = s.data
		}
		s.data = nil
		if b.sources != nil {
			b.sources[s.rel] = *s
		}
	}
}

// sourceKey is the content hash of the source file at rel with content data.
func sourceKey(rel string, data []byte) (key [32]byte) {
	h := sha256.New()
	h.Write([]byte(rel))
	h.Write([]byte{0})
	h.Write(data)
	copy(key[:], h.Sum(nil))
	return key
}

func newSrcKey(s source, key [32]byte, p *page.Page) srcKey {
	return srcKey{read: s.read, key: key, page: p}
}

// checkReserved reports pages and folders whose URL is one the generated pages need.
func checkReserved(g *graph.Graph, specials []*render.Special, problems *diag.List) {
	reserved := map[string]bool{"assets/": true}
	for _, s := range specials {
		reserved[s.URL] = true
	}
	for _, s := range g.Sections {
		if reserved[s.Page.URL] {
			problems.Add(diag.Pos{Path: "content/" + s.Name}, "the folder content/%s has the name of a page handboek makes itself (%s): rename the folder", s.Name, s.Page.URL)
		}
	}
	for _, n := range g.Nodes {
		if n.Section == nil && reserved[n.URL] {
			problems.Add(diag.Pos{Path: n.Path, Line: 1, Col: 1}, "the URL %s is used by handboek itself: rename the file", n.URL)
		}
	}
}

// renderer returns the renderer of the theme name, and a hash of the theme's files: the
// Builder's last when a build told what changed was not told of a change in themes/.
func (b *Builder) renderer(opt Options, name string) (*render.Renderer, uint64, error) {
	same := opt.Changed != nil && b.theme.r != nil && b.theme.name == name
	for _, p := range opt.Changed {
		same = same && !strings.HasPrefix(p, "themes/")
	}
	if same {
		return b.theme.r, b.theme.hash, nil
	}
	r := b.theme.r
	b.theme.r = nil
	theme, err := themeFS(opt.Source, name)
	if err != nil {
		return nil, 0, err
	}
	h := hashTheme(b.seed, theme)
	if r == nil || h != b.theme.hash {
		if r, err = render.New(theme); err != nil {
			return nil, 0, err
		}
	}
	b.theme.r, b.theme.hash, b.theme.name = r, h, name
	return r, h, nil
}

// themeFS returns the theme's files: the site's themes/NAME/ over the built-in default theme.
func themeFS(source, name string) (fs.FS, error) {
	builtin, err := fs.Sub(themes.Default, "default")
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(source, "themes", name)
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return layered{os.DirFS(dir), builtin}, nil
	}
	return builtin, nil
}

// addStatic copies the site's static/ folder into files, over the theme's files.
func addStatic(source string, files render.Files) error {
	dir := filepath.Join(source, "static")
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
}

// layered is a read-only FS that looks in each layer in turn.
type layered []fs.FS

func (l layered) Open(name string) (fs.File, error) {
	var firstErr error
	for _, f := range l {
		file, err := f.Open(name)
		if err == nil {
			if st, serr := file.Stat(); serr == nil && st.IsDir() {
				file.Close()
				return l.openDir(name)
			}
			return file, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// ReadDir merges the folder name of every layer, upper layers first.
func (l layered) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]bool{}
	var out []fs.DirEntry
	found := false
	for _, f := range l {
		entries, err := fs.ReadDir(f, name)
		if err != nil {
			continue
		}
		found = true
		for _, e := range entries {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func (l layered) openDir(name string) (fs.File, error) {
	for _, f := range l {
		if file, err := f.Open(name); err == nil {
			return file, nil
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
