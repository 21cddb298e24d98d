package generator

import (
	"strings"
	"sync"
	"time"

	"handboek/generator/diag"
	"handboek/generator/graph"
	"handboek/generator/markdown"
	"handboek/generator/output"
	"handboek/generator/render"
	"handboek/generator/search"
	"handboek/internal/par"
)

// BuildInto runs a build that writes its output into dest while it renders, instead of holding
// the whole site in memory: each page goes to a stage next to dest as soon as it is made, and
// its parsed body is dropped. The stage is swapped in only when the build has no problems;
// otherwise (or when writing fails) it is discarded and dest stays exactly as it was. Writing
// starts only once linking found no problems.
//
// The returned error is about writing; problems are in the Result. Result.Files stays nil, and
// the Builder keeps nothing for an incremental rebuild: this is for one-off builds (the build
// command), not for the dev server.
func (b *Builder) BuildInto(opt Options, dest string) (*Result, error) {
	var (
		once     sync.Once
		st       *output.Stage
		beginErr error
	)
	opt.emit = func(name string, data []byte) error {
		once.Do(func() { st, beginErr = output.Begin(dest) })
		if beginErr != nil {
			return beginErr
		}
		return st.Put(name, data)
	}
	res := b.Build(opt)
	if beginErr != nil {
		if st != nil {
			st.Abort()
		}
		return res, beginErr
	}
	if st == nil {
		if res.OK() {
			return res, Write(res, dest) // reports why nothing was made
		}
		return res, nil
	}
	if !res.OK() {
		st.Abort()
		return res, nil
	}
	return res, st.Commit()
}

// renderStreaming is the render stage of BuildInto: the search index first (it reads every
// page's parsed body, which rendering then drops), then the pages, then the rest, each file
// passed to opt.emit as soon as it is made.
func (b *Builder) renderStreaming(res *Result, problems *diag.List, r *render.Renderer, g *graph.Graph, md *markdown.Markdown, mtimes map[string]time.Time, opt Options, theme string) *Result {
	site := b.site // worked out after linking; not worked out again
	b.forget()     // nothing kept: the pages' parsed bodies are dropped while rendering
	b.prevFiles, b.prevPrints = nil, nil
	emitErr := func(err error) *Result {
		problems.Add(diag.Pos{Path: "themes/" + theme}, "%v", err)
		res.Problems = problems.Sorted()
		return res
	}
	if err := emitAll(search.Build(g).Files(), opt.emit); err != nil {
		return emitErr(err)
	}
	for _, n := range g.All() {
		if n.Page != nil {
			n.Doc.DropText() // only the index reads it
		}
	}
	var mu sync.Mutex
	files, err := r.Render(g, render.Options{
		Markdown:     md,
		LastModified: func(p string) time.Time { return mtimes[p] },
		Site:         site,
		Emit: func(name string, data []byte) error {
			if strings.HasSuffix(name, ".html") {
				mu.Lock()
				res.Pages++
				if isPageOutput(name) {
					res.Rendered++
				}
				mu.Unlock()
			}
			return opt.emit(name, data)
		},
	})
	b.cache = nil // the pages' parsed bodies were dropped while rendering
	if err != nil {
		return emitErr(err)
	}
	if err := addStatic(opt.Source, files); err != nil {
		problems.Add(diag.Pos{Path: "static"}, "cannot read the static folder: %v", err)
	}
	if res.Problems = problems.Sorted(); len(res.Problems) > 0 {
		return res
	}
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			res.Pages++
		}
	}
	if err := emitAll(files, opt.emit); err != nil {
		return emitErr(err)
	}
	return res
}

// emitAll passes every file to emit, on every core (a search index or a theme has hundreds of
// files, and most of the time of writing one is the system's), and returns the first error.
func emitAll(files map[string][]byte, emit func(name string, data []byte) error) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	var mu sync.Mutex
	var first error
	par.For(len(names), func(i int) {
		if err := emit(names[i], files[names[i]]); err != nil {
			mu.Lock()
			if first == nil {
				first = err
			}
			mu.Unlock()
		}
	})
	return first
}
