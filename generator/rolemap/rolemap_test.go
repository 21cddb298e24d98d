package rolemap

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// org makes a synthetic organisation of n nodes: a hierarchy (each node's opdrachtgever one of
// the nodes before it, five to eight reports each), one body per 30 nodes that every tenth
// node is a member of, and an advice edge from every node to a random one (as in bench/corpus). The seed is fixed.
func org(n int) Map {
	r := rand.New(rand.NewSource(int64(n)))
	m := Map{Label: "Rolkaart"}
	for i := range n {
		m.Nodes = append(m.Nodes, Node{ID: fmt.Sprintf("rol/r%d", i), Title: fmt.Sprintf("Teamleider afdeling %d", i), URL: fmt.Sprintf("rollen/r%d/", i), Tip: "Een rol.", Class: "rm-kind-1"})
	}
	for i := 1; i < n; i++ {
		m.Edges = append(m.Edges, Edge{From: i, To: (i - 1) / (5 + r.Intn(4)), Rel: "opdrachtgever", Class: "rm-rel-1"})
	}
	bodies := n / 30
	for b := range bodies {
		m.Nodes = append(m.Nodes, Node{ID: fmt.Sprintf("orgaan/o%d", b), Title: fmt.Sprintf("Overleg %d", b), URL: fmt.Sprintf("organen/o%d/", b), Class: "rm-kind-2"})
	}
	for i := 0; i < n && bodies > 0; i += 10 {
		m.Edges = append(m.Edges, Edge{From: i, To: n + r.Intn(bodies), Rel: "lid_van", Class: "rm-rel-3"})
	}
	for i := 0; i < n; i++ {
		m.Edges = append(m.Edges, Edge{From: i, To: r.Intn(n), Rel: "adviseert", Class: "rm-rel-2", Lateral: true})
	}
	return m
}

func TestDrawLinksEveryNodeAndEdge(t *testing.T) {
	m := org(40)
	svg, err := Draw(m, "rolkaart/")
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, n := range m.Nodes {
		want := fmt.Sprintf(`href="../%s" data-id="%s"`, n.URL, n.ID)
		if !strings.Contains(s, want) {
			t.Errorf("no link %s", want)
		}
	}
	for _, e := range m.Edges {
		if e.From == e.To {
			continue
		}
		want := fmt.Sprintf(`data-from="%s" data-to="%s" data-rel="%s"`, m.Nodes[e.From].ID, m.Nodes[e.To].ID, e.Rel)
		if !strings.Contains(s, want) {
			t.Errorf("no edge %s", want)
		}
	}
	for _, bad := range []string{"style", "fill=", "stroke="} {
		if strings.Contains(s, bad) {
			t.Errorf("SVG contains %q; colours belong to the theme's CSS", bad)
		}
	}
	again, err := Draw(m, "rolkaart/")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(svg, again) {
		t.Error("the same map drawn twice gives different bytes")
	}
}

func TestWrap(t *testing.T) {
	got := strings.Join(wrap("Coördinator wijkteams en jeugdhulp in de regio", 24), "|")
	if want := "Coördinator wijkteams en|jeugdhulp in de regio"; got != want {
		t.Errorf("wrap = %q, want %q", got, want)
	}
}

func TestSplitKeepsEveryNodeOnceAndGroupsSmall(t *testing.T) {
	m := org(1000)
	parts := Split(m, 150, []string{"opdrachtgever", "adviseert", "lid_van"})
	if len(parts) < 2 {
		t.Fatalf("1000 nodes split into %d parts", len(parts))
	}
	seen := map[int]int{}
	for _, p := range parts {
		if len(p.Nodes) > 150 {
			t.Errorf("part %s has %d nodes, more than 150", p.Slug, len(p.Nodes))
		}
		for _, i := range p.Nodes {
			seen[i]++
		}
	}
	for i := range m.Nodes {
		if seen[i] != 1 {
			t.Errorf("node %s is in %d parts, want 1", m.Nodes[i].ID, seen[i])
		}
	}
	if Split(org(100), 150, nil) != nil {
		t.Error("a map of 103 nodes was split; it fits in one picture")
	}
}

// BenchmarkRoleMap lays out the whole role map of synthetic organisations in one picture.
func BenchmarkRoleMap(b *testing.B) {
	for _, n := range []int{100, 300, 1000} {
		m := org(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Draw(m, "rolkaart/"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRoleMapSplit is what a build does with a large role map: split it, lay out the
// overview and every group.
func BenchmarkRoleMapSplit(b *testing.B) {
	for _, n := range []int{300, 1000, 3000} {
		m := org(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				parts := Split(m, MaxNodes, []string{"opdrachtgever", "adviseert", "lid_van"})
				groups := make([]Node, len(parts))
				for i, p := range parts {
					groups[i] = Node{ID: p.Slug, Title: m.Nodes[p.Roots[0]].Title, URL: "rolkaart/" + p.Slug + "/"}
				}
				for i, p := range parts {
					if _, err := Draw(Sub(m, parts, i, groups, "groep"), "rolkaart/"+p.Slug+"/"); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := Draw(Overview(m, parts, groups, "overzicht"), "rolkaart/"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
