package generator

// Benchmarks for each stage of a build (role map and search index are parts of render, measured
// on their own too), on a generated corpus (package handboek/bench/corpus).
// The corpus size is HANDBOEK_BENCH_N (default 1000); run for example
//
//	HANDBOEK_BENCH_N=10000 go test ./generator/ -run '^$' -bench Stage -benchtime 3x -count 5
//
// Each benchmark prepares the inputs of its stage outside the timed loop. The figures are in
// BENCHMARKS.md; compare a stage's time at 1000 and 10000 pages to see that it grows linearly.

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"handboek/bench/corpus"
	"handboek/generator/config"
	"handboek/generator/diag"
	"handboek/generator/graph"
	"handboek/generator/markdown"
	"handboek/generator/output"
	"handboek/generator/page"
	"handboek/generator/render"
	"handboek/generator/rolemap"
	"handboek/generator/search"
)

// benchSite is a generated site and the output of each stage, up to the one a benchmark needs.
type benchSite struct {
	dir     string
	cfg     *config.Config
	md      *markdown.Markdown
	sources []source
	pages   []*page.Page
	g       *graph.Graph
	files   render.Files
}

// stage names how far newBenchSite runs the pipeline.
type stage int

const (
	toLoad stage = iota
	toParse
	toLink
	toRender
)

func newBenchSite(b *testing.B, upTo stage) *benchSite {
	b.Helper()
	n := 1000
	if v := os.Getenv("HANDBOEK_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 20 {
			b.Fatalf("HANDBOEK_BENCH_N=%q: want a number of pages, at least 20", v)
		}
	}
	dir := b.TempDir()
	if err := corpus.Generate(n, 1).Write(dir); err != nil {
		b.Fatal(err)
	}
	s := &benchSite{dir: filepath.Join(dir, "handboek")}
	cfg, problems := config.Load(s.dir)
	if len(problems) > 0 {
		b.Fatal(problems)
	}
	s.cfg = cfg
	s.md = markdown.New(markdown.Options{})
	var l diag.List
	if upTo >= toParse {
		sources, err := loadContent(s.dir, &l)
		if err != nil {
			b.Fatal(err)
		}
		s.sources = sources
	}
	if upTo >= toLink {
		s.pages = NewBuilder().parse(s.sources, cfg, s.md)
	}
	if upTo >= toRender {
		s.g = graph.Link(cfg, s.pages, nil, &l)
	}
	if l.Len() > 0 {
		b.Fatalf("the generated corpus has problems: %v", l.Sorted())
	}
	return s
}

func BenchmarkStageLoad(b *testing.B) {
	s := newBenchSite(b, toLoad)
	for b.Loop() {
		var l diag.List
		if _, err := loadContent(s.dir, &l); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStageParse(b *testing.B) {
	s := newBenchSite(b, toParse)
	for b.Loop() {
		NewBuilder().parse(s.sources, s.cfg, s.md) // an empty cache: every page is parsed
	}
}

func BenchmarkStageLink(b *testing.B) {
	s := newBenchSite(b, toLink)
	for b.Loop() {
		var l diag.List
		graph.Link(s.cfg, s.pages, nil, &l)
	}
}

func BenchmarkStageRender(b *testing.B) {
	s := newBenchSite(b, toRender)
	theme, err := themeFS(s.dir, s.cfg.Theme)
	if err != nil {
		b.Fatal(err)
	}
	r, err := render.New(theme)
	if err != nil {
		b.Fatal(err)
	}
	// Each page is made and let go, as "handboek build" passes it on to be written: holding
	// 10,000 pages would measure the garbage collector more than rendering.
	discard := func(string, []byte) []byte { return nil }
	for b.Loop() {
		if _, err := r.Render(s.g, render.Options{Markdown: s.md, Keep: discard}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStageSearchIndex(b *testing.B) {
	s := newBenchSite(b, toRender)
	for b.Loop() {
		search.Build(s.g).Files()
	}
}

// BenchmarkStageRoleMap lays out and draws what the render stage draws for the role map: every
// part of the whole map (split as rolkaart/ splits it) and the local map of every entity of the
// [rolemap] kinds.
func BenchmarkStageRoleMap(b *testing.B) {
	s := newBenchSite(b, toRender)
	rm := s.cfg.RoleMap
	for b.Loop() {
		whole := rolemap.Whole(s.g, "Rolkaart")
		parts := rolemap.Split(whole, rolemap.MaxNodes, rm.Relations)
		var groups []rolemap.Node
		for _, p := range parts {
			groups = append(groups, rolemap.Node{ID: "rolkaart/" + p.Slug, Title: p.Slug, URL: "rolkaart/" + p.Slug + "/", Class: "rm-group"})
		}
		// Each map is made just before it is drawn, as the render stage does (one page at a
		// time), so that the parts' maps are not all held at once.
		draw := func(m rolemap.Map) {
			if _, err := rolemap.Draw(m, "rolkaart/"); err != nil {
				b.Fatal(err)
			}
		}
		if parts == nil {
			draw(whole)
		} else {
			draw(rolemap.Overview(whole, parts, groups, "Rolkaart"))
			for i := range parts {
				draw(rolemap.Sub(whole, parts, i, groups, "Rolkaart"))
			}
		}
		for _, n := range s.g.All() {
			if slices.Contains(rm.Kinds, n.Kind) {
				rolemap.DrawLocal(nil, rolemap.Local(s.g, n, n.Title), n.URL)
			}
		}
	}
}

// BenchmarkStageWrite writes a whole build's files: into a new folder (fresh: no output and no
// spare from an earlier build), and over the output of the builds before (rebuild), which must
// not be slower.
//
// Each fresh write goes into a folder of its own, and all are deleted only at the end: on ext4,
// making files soon after many were deleted is slow (see bench/compare.sh), and deleting the
// folder of the iteration before made the next one pay for it.
func BenchmarkStageWrite(b *testing.B) {
	res := NewBuilder().Build(Options{Source: newBenchSite(b, toLoad).dir})
	if !res.OK() {
		b.Fatal(res.Problems)
	}
	b.Run("fresh", func(b *testing.B) {
		tmp := b.TempDir()
		for i := 0; b.Loop(); i++ {
			if err := output.Write(filepath.Join(tmp, "public-"+strconv.Itoa(i)), res.Files); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rebuild", func(b *testing.B) {
		dest := filepath.Join(b.TempDir(), "public")
		if err := output.Write(dest, res.Files); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := output.Write(dest, res.Files); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkStageAll is a whole build with a new Builder (nothing cached), streamed into a new
// folder (one per iteration, as in BenchmarkStageWrite): what "handboek build" does, without
// starting the process (and without its soft memory limit).
func BenchmarkStageAll(b *testing.B) {
	s := newBenchSite(b, toLoad)
	tmp := b.TempDir()
	for i := 0; b.Loop(); i++ {
		res, err := NewBuilder().BuildInto(Options{Source: s.dir}, filepath.Join(tmp, "public-"+strconv.Itoa(i)))
		if err != nil {
			b.Fatal(err)
		}
		if !res.OK() {
			b.Fatal(res.Problems)
		}
	}
}
