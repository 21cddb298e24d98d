package generator

// BenchmarkRebuildOneEdit is what the dev server does for one save: a Builder that has built the
// site once is told which file changed (Options.Changed) and builds again. Each iteration edits
// the body of one role page, alternating between two texts, so every rebuild has one page to
// re-render. The corpus size is HANDBOEK_BENCH_N (default 1000); for a profile of the rebuild on
// the 10,000-page corpus:
//
//	HANDBOEK_BENCH_N=10000 go test ./generator/ -run '^$' -bench RebuildOneEdit -benchtime 20x -cpuprofile /tmp/rebuild.cpu
//	go tool pprof -tagfocus build=rebuild -top -cum /tmp/rebuild.cpu

import (
	"context"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
)

func BenchmarkRebuildOneEdit(b *testing.B) {
	s := newBenchSite(b, toLoad)
	entries, err := os.ReadDir(filepath.Join(s.dir, "content", "rollen"))
	if err != nil {
		b.Fatal(err)
	}
	var rel string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") && e.Name() != "_index.md" {
			rel = "content/rollen/" + e.Name()
			break
		}
	}
	file := filepath.Join(s.dir, filepath.FromSlash(rel))
	original, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	bld := NewBuilder()
	if res := bld.Build(Options{Source: s.dir}); !res.OK() {
		b.Fatal(res.Problems)
	}
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		text := append(append([]byte{}, original...), "\n\nMeetpunt "+string(rune('a'+i%2))+"\n"...)
		if err := os.WriteFile(file, text, 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var res *Result
		// Labelled, so that a profile can leave the first build out: -tagfocus build=rebuild.
		pprof.Do(context.Background(), pprof.Labels("build", "rebuild"), func(context.Context) {
			res = bld.Build(Options{Source: s.dir, Changed: []string{rel}})
		})
		if !res.OK() {
			b.Fatal(res.Problems)
		}
		if res.Rendered != 1 {
			b.Fatalf("%d pages re-rendered, want 1", res.Rendered)
		}
	}
}
