package rolemap_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"handboek/bench/corpus"
	"handboek/generator"
	"handboek/generator/rolemap"
)

// BenchmarkRoleMapCorpus draws the role map of the generated benchmark corpus (bench/corpus,
// seed 1) the way a build does: the whole map split into parts, the overview and every part
// laid out in layers, and every role's local map. Sizes are content pages; 10000 has about
// 3,000 roles. It reports the number of nodes and parts besides the time.
func BenchmarkRoleMapCorpus(b *testing.B) {
	for _, n := range []int{1000, 3000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Generate(n, 1).Write(dir); err != nil {
				b.Fatal(err)
			}
			res := generator.NewBuilder().Build(generator.Options{Source: filepath.Join(dir, "handboek")})
			if !res.OK() {
				b.Fatalf("corpus of %d pages has problems: %v", n, res.Problems[0])
			}
			g := res.Graph
			whole := rolemap.Whole(g, "Rolkaart")
			var parts []rolemap.Part
			var whole1, local time.Duration
			for b.Loop() {
				t0 := time.Now()
				parts = rolemap.Split(whole, rolemap.MaxNodes, g.Config.RoleMap.Relations)
				groups := make([]rolemap.Node, len(parts))
				for i, p := range parts {
					groups[i] = rolemap.Node{ID: p.Slug, Title: whole.Nodes[p.Roots[0]].Title, URL: "rolkaart/" + p.Slug + "/"}
				}
				for i, p := range parts {
					if _, err := rolemap.Draw(rolemap.Sub(whole, parts, i, groups, "deel"), "rolkaart/"+p.Slug+"/"); err != nil {
						b.Fatal(err)
					}
				}
				if parts == nil {
					if _, err := rolemap.Draw(whole, "rolkaart/"); err != nil {
						b.Fatal(err)
					}
				} else if _, err := rolemap.Draw(rolemap.Overview(whole, parts, groups, "Rolkaart"), "rolkaart/"); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				for _, nd := range g.Nodes {
					if nd.Kind != "" && len(nd.Out)+len(nd.In) > 0 {
						rolemap.DrawLocal(nil, rolemap.Local(g, nd, "In beeld"), nd.URL)
					}
				}
				whole1 += t1.Sub(t0)
				local += time.Since(t1)
			}
			b.ReportMetric(float64(len(whole.Nodes)), "nodes")
			b.ReportMetric(float64(len(whole.Edges)), "edges")
			b.ReportMetric(float64(len(parts)), "parts")
			b.ReportMetric(whole1.Seconds()/float64(b.N), "s/rolemap")
			b.ReportMetric(local.Seconds()/float64(b.N), "s/localmaps")
		})
	}
}
