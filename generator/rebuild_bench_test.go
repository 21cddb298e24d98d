package generator

// BenchmarkRebuildOneEdit is what the dev server does for one save: a Builder that has built the
// site once, with its pages compressed as the server keeps them, is told which file changed
// (Options.Changed) and builds again. Each iteration edits one role page, alternating between
// two versions: its body (one page re-rendered), its title (every page that shows it), or a
// relation (both sides, the role map). The corpus size is HANDBOEK_BENCH_N (default 1000); for
// a profile of the rebuild on the 10,000-page corpus:
//
//	HANDBOEK_BENCH_N=10000 go test ./generator/ -run '^$' -bench RebuildOneEdit/body -benchtime 20x -cpuprofile /tmp/rebuild.cpu
//	go tool pprof -tagfocus build=rebuild -top -cum /tmp/rebuild.cpu
//
// (the label leaves the first build out).

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
	var others []string // two other roles, for the relation edit
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") && e.Name() != "_index.md" {
			if rel == "" {
				rel = "content/rollen/" + e.Name()
			} else if len(others) < 2 {
				others = append(others, strings.TrimSuffix(e.Name(), ".md"))
			}
		}
	}
	file := filepath.Join(s.dir, filepath.FromSlash(rel))
	original, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	title := regexp.MustCompile(`(?m)^title = "(.*)"$`)
	advises := regexp.MustCompile(`(?m)^adviseert = .*$`)
	edits := []struct {
		name string
		edit func(i int) []byte
	}{
		{"body", func(i int) []byte { return fmt.Appendf(append([]byte{}, original...), "\n\nMeetpunt %d\n", i%2) }},
		{"title", func(i int) []byte { return title.ReplaceAll(original, fmt.Appendf(nil, `title = "${1} %d"`, i%2)) }},
		{"relation", func(i int) []byte {
			return advises.ReplaceAll(original, fmt.Appendf(nil, "adviseert = [%q]", others[i%2]))
		}},
	}
	for _, e := range edits {
		b.Run(e.name, func(b *testing.B) {
			defer os.WriteFile(file, original, 0o644)
			bld := NewBuilder()
			if res := bld.Build(Options{Source: s.dir, Gzip: true}); !res.OK() {
				b.Fatal(res.Problems)
			}
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				if err := os.WriteFile(file, e.edit(i), 0o644); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				var res *Result
				// Labelled, so that a profile can leave the first build out: -tagfocus build=rebuild.
				pprof.Do(context.Background(), pprof.Labels("build", "rebuild"), func(context.Context) {
					res = bld.Build(Options{Source: s.dir, Changed: []string{rel}, Gzip: true})
				})
				if !res.OK() {
					b.Fatal(res.Problems)
				}
				if e.name == "body" && res.Rendered != 1 {
					b.Fatalf("%d pages re-rendered, want 1", res.Rendered)
				}
			}
		})
	}
}
