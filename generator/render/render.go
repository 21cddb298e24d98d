// Package render turns the linked graph and a theme into the output files, in memory.
//
// Every page is rendered with html/template from the theme's layouts; each view carries Root,
// the relative way back to the output root, so that every link in the output is relative and the
// folder works under any path prefix and from disk. Besides the pages it makes graph.json,
// sitemap.xml and 404.html, and copies the theme's and the site's static files.
package render

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"handboek/generator/graph"
	"handboek/generator/markdown"
	"handboek/generator/page"
	"handboek/internal/par"
)

// Files is the output: file contents by slash-separated path relative to the output root.
type Files map[string][]byte

// Layouts are the page templates a theme provides, each in layouts/NAME.html, all sharing
// layouts/base.html.
var Layouts = []string{"home", "section", "page", "rolkaart", "zoeken", "matrix", "woordenlijst", "404"}

// Renderer holds a theme's parsed templates.
type Renderer struct {
	theme fs.FS
	tmpl  map[string]*template.Template
	// inGo holds the writers of the layouts that are the default theme's own: those pages are
	// written in Go, not by html/template (see pagewriter.go).
	inGo map[string]func(*bytes.Buffer, *View)
}

// New parses the theme's templates. theme is an FS with layouts/ and static/ at its root.
func New(theme fs.FS) (*Renderer, error) {
	r := &Renderer{theme: theme, tmpl: map[string]*template.Template{}}
	baseSrc, err := fs.ReadFile(theme, "layouts/base.html")
	if err != nil {
		return nil, &TemplateError{File: "layouts/base.html", Msg: "missing: every theme needs layouts/base.html"}
	}
	base, err := template.New("base").Funcs(funcs).Parse(string(baseSrc))
	if err != nil {
		return nil, templateError("layouts/base.html", err)
	}
	if partials, _ := fs.Glob(theme, "layouts/partials/*.html"); len(partials) > 0 {
		for _, p := range partials {
			src, err := fs.ReadFile(theme, p)
			if err != nil {
				return nil, &TemplateError{File: p, Msg: err.Error()}
			}
			if _, err := base.New(path.Base(p)).Parse(string(src)); err != nil {
				return nil, templateError(p, err)
			}
		}
	}
	for _, name := range Layouts {
		file := "layouts/" + name + ".html"
		src, err := fs.ReadFile(theme, file)
		if err != nil {
			return nil, &TemplateError{File: file, Msg: "missing: the theme has no " + file}
		}
		t, err := template.Must(base.Clone()).Parse(string(src))
		if err != nil {
			return nil, templateError(file, err)
		}
		r.tmpl[name] = t
	}
	r.inGo = goLayouts(theme)
	return r, nil
}

// TemplateError is a mistake in a theme's template, with its place in the theme's folder.
type TemplateError struct {
	File string // relative to the theme's folder, such as layouts/base.html
	Line int    // 0 when unknown
	Msg  string
}

func (e *TemplateError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

var templateErrLine = regexp.MustCompile(`^template: [^:]*:(\d+):(?:\d+:)? ?(.*)$`)

// templateError turns an html/template parse error ("template: base:2: unexpected ...") into a
// TemplateError on file.
func templateError(file string, err error) *TemplateError {
	msg := err.Error()
	if m := templateErrLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &TemplateError{File: file, Line: line, Msg: "template error: " + m[2]}
	}
	return &TemplateError{File: file, Msg: "template error: " + strings.TrimPrefix(msg, "template: ")}
}

var funcs = template.FuncMap{
	"join": strings.Join,
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"printf": fmt.Sprintf,
}

// Options are what rendering needs besides the graph.
type Options struct {
	Markdown *markdown.Markdown
	// Extra receives each page's view before it is rendered; later stages (search, role map)
	// do not need it, but a dev server may add to the page. May be nil.
	LastModified func(sourcePath string) time.Time // may be nil
	// Pages limits rendering to the pages for which it returns true; nil renders all. Other
	// outputs (graph.json, sitemap, assets) are always made.
	Pages func(n *graph.Node) bool
	// Specials limits rendering of the generated pages (role map, search, responsibilities) to
	// those for which it returns true; nil renders all.
	Specials func(sp *Special) bool
	// Data limits making graph.json and sitemap.xml (by output name) to those for which it
	// returns true; nil makes both. A dev server skips them when their inputs did not change.
	Data func(name string) bool
	// Site, when set, is the site-wide part of rendering g made by Prepare(g), so that Render
	// does not work it out again; it is ignored for any other graph.
	Site *Site
	// Keep, when set, makes what Files holds for each rendered page from its bytes (which Keep
	// must not hold on to): a dev server that holds every page keeps them compressed. By
	// default Files holds a copy. Keep is called from several goroutines.
	Keep func(name string, data []byte) []byte
	// Emit, when set, receives every page as soon as it is rendered, instead of the page being
	// kept in the returned Files (which then hold only graph.json, the sitemap and the assets).
	// A page's parsed body (Doc) is dropped once the page is rendered, so nothing may
	// read them after Render. Emit is called from several goroutines; data is not kept.
	Emit func(name string, data []byte) error
}

// Site is the part of rendering that looks at the whole graph: the menu, the generated pages,
// the role map and how it is split into parts. Render works it out on every call unless
// Options.Site brings it; a dev server that re-renders one page after an edit keeps it.
type Site struct{ s *site }

// Prepare works out the site-wide part of rendering g. It stays right for g as long as no page
// of g changes its title, URL, summary, relations or steps, and no page comes or goes.
func Prepare(g *graph.Graph) *Site { return &Site{s: newSite(g, Options{})} }

// Specials returns the generated pages (role map, search, responsibilities and the others).
func (p *Site) Specials() []*Special { return p.s.special }

// Render makes every output file for g.
func (r *Renderer) Render(g *graph.Graph, opt Options) (Files, error) {
	var s *site
	if opt.Site != nil && opt.Site.s.g == g {
		c := *opt.Site.s // the prepared parts are only read while rendering
		c.opt = opt
		s = &c
	} else {
		s = newSite(g, opt)
	}
	files := Files{}
	var mu sync.Mutex
	put := func(name string, b []byte) {
		mu.Lock()
		files[name] = b
		mu.Unlock()
	}

	type job struct {
		out    string
		layout string
		view   func() *View
	}
	// The generated pages come first: a role map or the responsibility matrix of a large site
	// takes as long as hundreds of ordinary pages, and started last it would keep one core busy
	// after the others have run out of work.
	var jobs []job
	for _, sp := range s.special {
		if opt.Specials != nil && !opt.Specials(sp) {
			continue
		}
		sp := sp
		jobs = append(jobs, job{out: sp.URL + "index.html", layout: sp.Layout, view: func() *View { return s.specialView(sp) }})
	}
	for _, n := range g.All() {
		if opt.Pages != nil && !opt.Pages(n) {
			continue
		}
		layout := "page"
		switch {
		case n == g.Home:
			layout = "home"
		case n.IsIndex:
			layout = "section"
		}
		n := n
		jobs = append(jobs, job{out: n.URL + "index.html", layout: layout, view: func() *View {
			v := s.pageView(n)
			if opt.Emit != nil && n.Page != nil {
				n.Doc = nil // v holds it until the page is written; not needed again
			}
			return v
		}})
	}
	jobs = append(jobs, job{out: "404.html", layout: "404", view: s.notFoundView})

	// graph.json is made alongside the pages: it reads only the graph, which rendering does not
	// change, and made after them it kept one core busy while the other had nothing to do.
	var graphJSON []byte
	var data sync.WaitGroup
	if opt.Data == nil || opt.Data("graph.json") {
		data.Go(func() { graphJSON = GraphJSON(g) })
	}

	var firstErr error
	var errMu sync.Mutex
	fail := func(err error) {
		errMu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		errMu.Unlock()
	}
	ch := &chrome{m: map[string]template.HTML{}}
	// Each core takes the next job by counting, not from a channel fed by this goroutine: with a
	// channel, a worker back from writing a file waited for the feeder to be scheduled, and at
	// 10,000 pages the two cores were busy only about three quarters of the time while rendering.
	par.ForWith(len(jobs), func() *bytes.Buffer { return new(bytes.Buffer) }, func(buf *bytes.Buffer, i int) {
		j := jobs[i]
		buf.Reset()
		t, v := r.tmpl[j.layout], j.view()
		err := ch.fill(t, v)
		if write := r.inGo[j.layout]; err == nil && write != nil {
			write(buf, v)
		} else if err == nil {
			err = t.ExecuteTemplate(buf, "base", v)
		}
		if err != nil {
			fail(fmt.Errorf("rendering %s with layouts/%s.html: %w", j.out, j.layout, err))
			return
		}
		if opt.Emit == nil && opt.Keep != nil {
			put(j.out, opt.Keep(j.out, buf.Bytes()))
		} else if opt.Emit == nil {
			put(j.out, bytes.Clone(buf.Bytes()))
		} else if err := opt.Emit(j.out, buf.Bytes()); err != nil {
			fail(fmt.Errorf("writing %s: %w", j.out, err))
		}
	})
	data.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := s.rm.Err(); err != nil {
		return nil, err
	}

	if graphJSON != nil {
		files["graph.json"] = graphJSON
	}
	if g.Config.BaseURL != "" && (opt.Data == nil || opt.Data("sitemap.xml")) {
		files["sitemap.xml"] = sitemap(g, s.special)
	}
	files["assets/chroma.css"] = markdown.CSS()
	if err := copyTree(r.theme, "static", files); err != nil {
		return nil, err
	}
	return files, nil
}

// chrome holds the site header and footer of a build, made once for every depth and current
// menu entry: they are the same on thousands of pages, and executing them for each page was a
// large share of template time and garbage.
type chrome struct {
	mu sync.Mutex
	m  map[string]template.HTML
}

// fill sets v.Header and v.Footer from t's site-header and site-footer templates. A theme
// without them is left to run its own header in base.html.
func (c *chrome) fill(t *template.Template, v *View) error {
	var cur strings.Builder
	for i, n := range v.Nav {
		if n.Current {
			cur.WriteString(strconv.Itoa(i))
			cur.WriteByte(',')
		}
	}
	for _, part := range []struct {
		name string
		dst  *template.HTML
	}{{"site-header", &v.Header}, {"site-footer", &v.Footer}} {
		if t.Lookup(part.name) == nil {
			continue
		}
		key := part.name + "\x00" + v.Root + "\x00" + cur.String()
		c.mu.Lock()
		h, ok := c.m[key]
		c.mu.Unlock()
		if !ok {
			var b bytes.Buffer
			if err := t.ExecuteTemplate(&b, part.name, v); err != nil {
				return err
			}
			h = template.HTML(b.String())
			c.mu.Lock()
			c.m[key] = h
			c.mu.Unlock()
		}
		*part.dst = h
	}
	return nil
}

// copyTree adds every file under dir of fsys to files, leaving out dotfiles.
func copyTree(fsys fs.FS, dir string, files Files) error {
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return fs.SkipDir
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != dir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files[strings.TrimPrefix(p, dir+"/")] = b
		return nil
	})
	return err
}

// GraphJSON is graph.json: every page as a node, every relation, mention and step as an edge.
// It is compact JSON, written by hand: at 10,000 pages it holds about 100,000 edges, and
// encoding/json took most of a second over them. The bytes are what json.Marshal gives for
//
//	{"nodes":[{"id","kind","title","url"}…],"edges":[{"from","to","relation","step" (when set)}…]}
//
// (TestGraphJSONIsWhatMarshalGives holds it to that).
func GraphJSON(g *graph.Graph) []byte {
	size := 32
	for _, n := range g.Nodes {
		size += 40 + len(n.ID) + len(n.Kind) + len(n.Title) + len(n.URL)
	}
	for e := range g.Edges() {
		size += 50 + len(e.From.ID) + len(e.To.ID) + len(e.Relation) + len(e.Step)
	}
	b := make([]byte, 0, size) // escapes aside, the exact size: no copying as it grows
	b = append(b, `{"nodes":[`...)
	for i, n := range g.Nodes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendJSON(b, n.ID)
		b = append(b, `,"kind":`...)
		b = appendJSON(b, n.Kind)
		b = append(b, `,"title":`...)
		b = appendJSON(b, n.Title)
		b = append(b, `,"url":`...)
		b = appendJSON(b, n.URL)
		b = append(b, '}')
	}
	b = append(b, `],"edges":[`...)
	first := true
	for e := range g.Edges() {
		if e.From.ID == "" || e.To.ID == "" || e.From.IsIndex || e.To.IsIndex {
			continue // the home and section pages are navigation, not entities
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, `{"from":`...)
		b = appendJSON(b, e.From.ID)
		b = append(b, `,"to":`...)
		b = appendJSON(b, e.To.ID)
		b = append(b, `,"relation":`...)
		b = appendJSON(b, e.Relation)
		if e.Step != "" {
			b = append(b, `,"step":`...)
			b = appendJSON(b, e.Step)
		}
		b = append(b, '}')
	}
	return append(b, "]}\n"...)
}

// appendJSON appends s as a JSON string exactly as encoding/json writes it: <, > and & as
// \u003c, \u003e and \u0026, control characters escaped, broken UTF-8 as \ufffd, and U+2028
// and U+2029 escaped.
func appendJSON(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func sitemap(g *graph.Graph, special []*Special) []byte {
	type url struct {
		Loc string `xml:"loc"`
	}
	var urls []url
	for _, n := range g.All() {
		urls = append(urls, url{Loc: g.Config.BaseURL + n.URL})
	}
	for _, s := range special {
		urls = append(urls, url{Loc: g.Config.BaseURL + s.URL})
	}
	sort.Slice(urls, func(i, j int) bool { return urls[i].Loc < urls[j].Loc })
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range urls {
		b.WriteString("  <url><loc>")
		_ = xml.EscapeText(&b, []byte(u.Loc))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// letters returns the RACI letters of party in step, such as "R" or "R, C".
func letters(s *graph.Step, party *graph.Node) string {
	var ls []string
	for li, parties := range s.Parties {
		for _, p := range parties {
			if p == party {
				ls = append(ls, page.Letters[li])
				break
			}
		}
	}
	return strings.Join(ls, ", ")
}
