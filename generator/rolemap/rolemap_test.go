package rolemap

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
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
	// wrap keeps pieces of its input where it can; it must give what joining the words with
	// single spaces gives, for any spacing.
	simple := func(s string, n int) []string {
		var lines []string
		cur := ""
		for _, w := range strings.Fields(s) {
			switch {
			case cur == "":
				cur = w
			case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= n:
				cur += " " + w
			default:
				lines = append(lines, cur)
				cur = w
			}
		}
		if cur != "" || len(lines) == 0 {
			lines = append(lines, cur)
		}
		return lines
	}
	r := rand.New(rand.NewSource(1))
	pieces := []string{"a", "bb", "Coördinator", "wijkteams", "ĳ", " ", " ", "  ", "\t", "\u00a0", "\n", "\xff", "e\u0301"}
	for range 20000 {
		var b strings.Builder
		for range r.Intn(12) {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		s, n := b.String(), 1+r.Intn(20)
		if got, want := wrap(s, n), simple(s, n); !slices.Equal(got, want) {
			t.Fatalf("wrap(%q, %d) = %q, want %q", s, n, got, want)
		}
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

// TestDrawEdgesEndAtTheirNodes checks that every edge is drawn from its own node to its own
// node, each of two edges between the same pair separately: a mix-up of edges, chains of dummy
// vertices or ports would draw a line between the wrong boxes.
func TestDrawEdgesEndAtTheirNodes(t *testing.T) {
	m := Map{Label: "Rolkaart", Nodes: []Node{
		{ID: "a", Title: "Medewerker", URL: "rollen/a/"},
		{ID: "b", Title: "Teamleider", URL: "rollen/b/"},
		{ID: "c", Title: "Adviseur met een lange titel", URL: "rollen/c/"},
		{ID: "d", Title: "Directeur", URL: "rollen/d/"},
	}, Edges: []Edge{
		{From: 0, To: 1, Rel: "opdrachtgever"},
		{From: 1, To: 3, Rel: "opdrachtgever"},
		{From: 2, To: 1, Rel: "opdrachtgever"},
		{From: 1, To: 1, Rel: "adviseert"}, // to itself: not drawn
		{From: 0, To: 1, Rel: "adviseert"},
		{From: 2, To: 3, Rel: "adviseert"},
	}}
	svg, err := Draw(m, "rolkaart/")
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	type rect struct{ x, y, w, h float64 }
	boxes := map[string]rect{}
	for _, g := range regexp.MustCompile(`data-id="(\w)"><title>[^<]*</title><rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"`).FindAllStringSubmatch(s, -1) {
		boxes[g[1]] = rect{num(t, g[2]), num(t, g[3]), num(t, g[4]), num(t, g[5])}
	}
	if len(boxes) != len(m.Nodes) {
		t.Fatalf("found %d boxes, want %d:\n%s", len(boxes), len(m.Nodes), s)
	}
	// near reports whether (x, y) lies on or just outside box r (an edge ends at the border).
	near := func(r rect, x, y float64) bool {
		const slack = 3
		return x >= r.x-slack && x <= r.x+r.w+slack && y >= r.y-slack && y <= r.y+r.h+slack
	}
	edges := regexp.MustCompile(`data-from="(\w)" data-to="(\w)" data-rel="(\w+)">(?:<title>[^<]*</title>)?<path class="rm-line" d="M([-\d.]+) ([-\d.]+)C[^"]*"/><polygon class="rm-arrow" points="([-\d.]+),([-\d.]+) `).FindAllStringSubmatch(s, -1)
	if len(edges) != 5 {
		t.Fatalf("found %d edges, want 5 (the edge from b to itself is not drawn):\n%s", len(edges), s)
	}
	paths := map[string]bool{}
	for i, g := range edges {
		e := m.Edges[i]
		if i >= 3 {
			e = m.Edges[i+1]
		}
		if g[1] != m.Nodes[e.From].ID || g[2] != m.Nodes[e.To].ID || g[3] != e.Rel {
			t.Errorf("edge %d is %s→%s (%s), want %s→%s (%s)", i, g[1], g[2], g[3], m.Nodes[e.From].ID, m.Nodes[e.To].ID, e.Rel)
		}
		if sx, sy := num(t, g[4]), num(t, g[5]); !near(boxes[g[1]], sx, sy) {
			t.Errorf("edge %s→%s (%s) starts at %v,%v, not at box %s %+v", g[1], g[2], g[3], sx, sy, g[1], boxes[g[1]])
		}
		if tx, ty := num(t, g[6]), num(t, g[7]); !near(boxes[g[2]], tx, ty) {
			t.Errorf("edge %s→%s (%s) ends at %v,%v, not at box %s %+v", g[1], g[2], g[3], tx, ty, g[2], boxes[g[2]])
		}
		paths[g[4]+","+g[5]+","+g[6]+","+g[7]] = true
	}
	if len(paths) != len(edges) {
		t.Errorf("%d edges share a line with another: each of two edges between the same boxes needs its own", len(edges)-len(paths))
	}
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestAppendFIsStrconv holds appendF to what it stands for: v rounded to tenths, written by
// strconv in the shortest form.
func TestAppendFIsStrconv(t *testing.T) {
	want := func(v float64) string {
		v = math.Round(v*10) / 10
		if v == 0 {
			v = 0
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	values := []float64{0, math.Copysign(0, -1), 0.04, -0.04, 0.05, -0.05, 0.15, 0.25, 1, -1, 9.95, 10, 12.34, -12.35,
		99999.95, 1e11, 1e12, -1e12, 1e15, 1e300, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, math.SmallestNonzeroFloat64}
	rng := rand.New(rand.NewSource(1))
	for range 200000 {
		values = append(values, (rng.Float64()-0.5)*2e4, (rng.Float64()-0.5)*20, float64(rng.Intn(200000)-100000)/10, (rng.Float64()-0.5)*3e12)
	}
	for _, v := range values {
		if got := string(appendF(nil, v)); got != want(v) {
			t.Fatalf("appendF(%v) = %q, want %q", v, got, want(v))
		}
	}
}
