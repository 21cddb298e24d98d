package rolemap

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// randomMap makes a map of n nodes with titles of different lengths (so boxes of different
// widths and heights) and e edges. With dag, every edge points from a later node to an earlier
// one, so no set of them runs in a circle; otherwise edges run anywhere, also to their own node.
// About one in lateral edges is Lateral.
func randomMap(r *rand.Rand, n, e int, flow, dag bool, lateral int) Map {
	words := []string{"Teamleider", "Adviseur", "Directie", "Raad", "Gemeentesecretaris", "van", "de", "Informatievoorziening", "B&W", "Overleg"}
	m := Map{Label: "Willekeurig", Flow: flow}
	for i := range n {
		var t []string
		for range 1 + r.Intn(6) {
			t = append(t, words[r.Intn(len(words))])
		}
		m.Nodes = append(m.Nodes, Node{ID: fmt.Sprintf("n%d", i), Title: strings.Join(t, " "), URL: fmt.Sprintf("rollen/n%d/", i)})
	}
	for range e {
		a, b := r.Intn(n), r.Intn(n)
		if dag {
			if n < 2 {
				break
			}
			for a == b {
				b = r.Intn(n)
			}
			a, b = max(a, b), min(a, b)
		}
		m.Edges = append(m.Edges, Edge{From: a, To: b, Rel: "r", Lateral: lateral > 0 && r.Intn(lateral) == 0})
	}
	return m
}

// laidOut is a map after layout, as the SVG will show it.
type laidOut struct {
	m     Map
	boxes []box
	paths []path
	w, h  float64
}

func layOut(t testing.TB, m Map) laidOut {
	t.Helper()
	boxes := make([]box, len(m.Nodes))
	for i, n := range m.Nodes {
		lines, w, h := measure(n.Title)
		boxes[i] = box{w: w, h: h, lines: lines}
	}
	paths := make([]path, len(m.Edges))
	w, h, err := layered(m, boxes, paths)
	if err != nil {
		t.Fatal(err)
	}
	return laidOut{m, boxes, paths, w, h}
}

// problems lists what is wrong with a layout: boxes that overlap or stick out of the drawing,
// numbers that are not finite, edges that do not run from their own box to their own box or
// that pass through a box.
func (lo laidOut) problems() []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if !finite(lo.w) || !finite(lo.h) || lo.w < 0 || lo.h < 0 {
		bad("the drawing is %v×%v", lo.w, lo.h)
	}
	const slack = 0.5 // coordinates are written to 0.1
	for i, a := range lo.boxes {
		if !finite(a.x) || !finite(a.y) {
			bad("box %d is at %v,%v", i, a.x, a.y)
			continue
		}
		if a.x-a.w/2 < -slack || a.y-a.h/2 < -slack || a.x+a.w/2 > lo.w+slack || a.y+a.h/2 > lo.h+slack {
			bad("box %d (%v,%v %v×%v) sticks out of the drawing %v×%v", i, a.x, a.y, a.w, a.h, lo.w, lo.h)
		}
		for j := i + 1; j < len(lo.boxes); j++ {
			b := lo.boxes[j]
			if math.Abs(a.x-b.x) < (a.w+b.w)/2 && math.Abs(a.y-b.y) < (a.h+b.h)/2 {
				bad("boxes %d (%v,%v %v×%v) and %d (%v,%v %v×%v) overlap", i, a.x, a.y, a.w, a.h, j, b.x, b.y, b.w, b.h)
			}
		}
	}
	for i, e := range lo.m.Edges {
		p := lo.paths[i]
		if e.From == e.To {
			if p.d != "" {
				bad("edge %d from node %d to itself is drawn", i, e.From)
			}
			continue
		}
		segs, err := parsePath(p.d)
		if err != nil {
			bad("edge %d: %v", i, err)
			continue
		}
		tip, err := parsePoints(p.arrow)
		if err != nil || len(tip) != 3 {
			bad("edge %d: arrowhead %q", i, p.arrow)
			continue
		}
		start := segs[0][0]
		if d := borderDistance(lo.boxes[e.From], start); d > slack {
			bad("edge %d starts at %v, %.1f from the border of its box %d", i, start, d, e.From)
		}
		if d := borderDistance(lo.boxes[e.To], tip[0]); d > slack {
			bad("edge %d's arrow points at %v, %.1f from the border of its box %d", i, tip[0], d, e.To)
		}
		for _, s := range segs {
			for k := 0; k <= 16; k++ {
				q := bezier(s, float64(k)/16)
				for j, b := range lo.boxes {
					if math.Abs(q[0]-b.x) < b.w/2-slack && math.Abs(q[1]-b.y) < b.h/2-slack {
						bad("edge %d (%d→%d) runs through box %d at %v", i, e.From, e.To, j, q)
						break
					}
				}
			}
		}
	}
	return out
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// borderDistance is how far p lies from the border of box b.
func borderDistance(b box, p [2]float64) float64 {
	dx, dy := math.Abs(p[0]-b.x)-b.w/2, math.Abs(p[1]-b.y)-b.h/2
	if dx <= 0 && dy <= 0 {
		return -max(dx, dy) // inside: distance to the nearest side
	}
	return math.Hypot(max(dx, 0), max(dy, 0))
}

// parsePath reads the paths Draw writes, "Mx yCx y x y x yC...", as cubic segments.
func parsePath(d string) ([][4][2]float64, error) {
	if !strings.HasPrefix(d, "M") || !strings.Contains(d, "C") {
		return nil, fmt.Errorf("path %q is not a move followed by cubic Béziers", d)
	}
	parts := strings.Split(d[1:], "C")
	var pts [][2]float64
	for k, part := range parts {
		f := strings.Fields(part)
		if k == 0 && len(f) != 2 || k > 0 && len(f) != 6 {
			return nil, fmt.Errorf("path %q: %q has %d numbers", d, part, len(f))
		}
		for i := 0; i < len(f); i += 2 {
			x, err1 := strconv.ParseFloat(f[i], 64)
			y, err2 := strconv.ParseFloat(f[i+1], 64)
			if err1 != nil || err2 != nil || !finite(x) || !finite(y) {
				return nil, fmt.Errorf("path %q: bad number in %q", d, part)
			}
			pts = append(pts, [2]float64{x, y})
		}
	}
	var segs [][4][2]float64
	for i := 0; i+3 < len(pts); i += 3 {
		segs = append(segs, [4][2]float64{pts[i], pts[i+1], pts[i+2], pts[i+3]})
	}
	return segs, nil
}

func parsePoints(s string) ([][2]float64, error) {
	var out [][2]float64
	for _, f := range strings.Fields(s) {
		x, y, ok := strings.Cut(f, ",")
		a, err1 := strconv.ParseFloat(x, 64)
		b, err2 := strconv.ParseFloat(y, 64)
		if !ok || err1 != nil || err2 != nil || !finite(a) || !finite(b) {
			return nil, fmt.Errorf("bad point %q", f)
		}
		out = append(out, [2]float64{a, b})
	}
	return out, nil
}

func bezier(s [4][2]float64, t float64) [2]float64 {
	u := 1 - t
	var p [2]float64
	for i := range 2 {
		p[i] = u*u*u*s[0][i] + 3*u*u*t*s[1][i] + 3*u*t*t*s[2][i] + t*t*t*s[3][i]
	}
	return p
}

// wrongWay lists the constraining edges whose target does not stand wholly above their source
// (in a Flow map: wholly right of it).
func (lo laidOut) wrongWay() []string {
	var out []string
	constrains, _ := ranks(lo.m)
	for i, e := range lo.m.Edges {
		if !constrains[i] || e.From == e.To {
			continue
		}
		a, b := lo.boxes[e.From], lo.boxes[e.To]
		if lo.m.Flow && !(a.x+a.w/2 < b.x-b.w/2) || !lo.m.Flow && !(b.y+b.h/2 < a.y-a.h/2) {
			out = append(out, fmt.Sprintf("edge %d: node %d at %v,%v, node %d at %v,%v", i, e.From, a.x, a.y, e.To, b.x, b.y))
		}
	}
	return out
}

func TestLayoutKeepsTheHierarchyAndOverlapsNothing(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for k := range 300 {
		n := 1 + r.Intn(40)
		if k%10 == 0 {
			n = 61 + r.Intn(100) // past smallMap: lateral edges do not set the ranks
		}
		flow := k%3 == 0
		m := randomMap(r, n, r.Intn(2*n+1), flow, true, 3)
		lo := layOut(t, m)
		for _, p := range append(lo.problems(), lo.wrongWay()...) {
			t.Errorf("map %d (%d nodes, %d edges, flow %v): %s", k, n, len(m.Edges), flow, p)
		}
		if t.Failed() {
			return
		}
	}
}

func TestLayoutOfCyclesOverlapsNothing(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for k := range 300 {
		n := 1 + r.Intn(30)
		if k%10 == 0 {
			n = 61 + r.Intn(100)
		}
		m := randomMap(r, n, r.Intn(3*n+1), k%3 == 0, false, 2)
		for _, p := range layOut(t, m).problems() {
			t.Errorf("map %d (%d nodes, %d edges): %s", k, n, len(m.Edges), p)
		}
		if t.Failed() {
			return
		}
	}
	// A circle of three: two edges keep their direction, one is turned round, all are drawn.
	m := Map{Nodes: []Node{{Title: "A"}, {Title: "B"}, {Title: "C"}}, Edges: []Edge{{From: 0, To: 1}, {From: 1, To: 2}, {From: 2, To: 0}}}
	lo := layOut(t, m)
	if w := lo.wrongWay(); len(w) != 1 {
		t.Errorf("a circle of three edges has %d edges pointing down, want 1: %v", len(w), w)
	}
	for _, p := range lo.problems() {
		t.Error(p)
	}
}

func TestLayoutIsTheSameEveryTime(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for k := range 20 {
		m := randomMap(r, 5+r.Intn(120), 300, k%2 == 0, k%3 == 0, 3)
		a, err := Draw(m, "rolkaart/")
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			b, err := Draw(m, "rolkaart/")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Fatalf("map %d drawn twice gives different bytes", k)
			}
		}
	}
}

// TestLayoutCentresParentsOverChildren: a manager over three reports of the same size stands
// over the middle one, the reports side by side in one row, edges from each report's top.
func TestLayoutCentresParentsOverChildren(t *testing.T) {
	m := Map{Nodes: []Node{{Title: "Directeur"}, {Title: "Team A"}, {Title: "Team B"}, {Title: "Team C"}},
		Edges: []Edge{{From: 1, To: 0}, {From: 2, To: 0}, {From: 3, To: 0}}}
	lo := layOut(t, m)
	for _, p := range append(lo.problems(), lo.wrongWay()...) {
		t.Error(p)
	}
	b := lo.boxes
	if b[1].y != b[2].y || b[2].y != b[3].y {
		t.Errorf("the reports stand at heights %v, %v, %v; want one row", b[1].y, b[2].y, b[3].y)
	}
	if !(b[1].x < b[2].x && b[2].x < b[3].x) {
		t.Errorf("the reports stand at %v, %v, %v; want them in input order", b[1].x, b[2].x, b[3].x)
	}
	if math.Abs(b[0].x-b[2].x) > 0.5 {
		t.Errorf("the manager stands at x=%v, the middle report at %v; want it centred", b[0].x, b[2].x)
	}
	if gap := b[2].x - b[2].w/2 - (b[1].x + b[1].w/2); math.Abs(gap-hierNodeSep) > 0.5 {
		t.Errorf("the reports are %v apart, want nodesep %v", gap, hierNodeSep)
	}
	if gap := b[1].y - b[1].h/2 - (b[0].y + b[0].h/2); math.Abs(gap-hierRankSep) > 0.5 {
		t.Errorf("the rows are %v apart, want ranksep %v", gap, hierRankSep)
	}
}

// TestLayoutStaggersLeaves: the five reports of one manager who have no reports themselves stand
// in three rows (minlen 1, 2, 3, 1, 2 from ranks), the lower ones reached between the upper ones.
func TestLayoutStaggersLeaves(t *testing.T) {
	m := Map{Nodes: []Node{{Title: "Manager"}}}
	for i := range 5 {
		m.Nodes = append(m.Nodes, Node{Title: fmt.Sprintf("Medewerker %d", i)})
		m.Edges = append(m.Edges, Edge{From: i + 1, To: 0})
	}
	lo := layOut(t, m)
	for _, p := range append(lo.problems(), lo.wrongWay()...) {
		t.Error(p)
	}
	rows := map[float64][]int{}
	for i := 1; i <= 5; i++ {
		rows[lo.boxes[i].y] = append(rows[lo.boxes[i].y], i)
	}
	if len(rows) != 3 {
		t.Errorf("the five reports stand in %d rows, want 3: %v", len(rows), rows)
	}
	if a, b := lo.boxes[1].y, lo.boxes[4].y; a != b {
		t.Errorf("reports 1 and 4 (minlen 1) stand at %v and %v, want one row", a, b)
	}
}

// TestLayoutAvoidsCrossings: two managers whose reports are listed crosswise get their reports
// under them, without crossing lines.
func TestLayoutAvoidsCrossings(t *testing.T) {
	m := Map{Nodes: []Node{{Title: "Links"}, {Title: "Rechts"}, {Title: "R1"}, {Title: "L1"}, {Title: "R2"}, {Title: "L2"}},
		Edges: []Edge{{From: 2, To: 1}, {From: 3, To: 0}, {From: 4, To: 1}, {From: 5, To: 0}}}
	l := &layout{m: m, boxes: layOut(t, m).boxes, nodeSep: hierNodeSep, rankSep: hierRankSep}
	l.build(assignRanks(m))
	l.order()
	if c := l.crossings(); c != 0 {
		t.Errorf("%d crossings, want 0: ranks %v", c, l.ranks)
	}
}

func TestLayoutRejectsEdgesOutsideTheMap(t *testing.T) {
	m := Map{Nodes: []Node{{Title: "A"}}, Edges: []Edge{{From: 0, To: 1}}}
	if _, err := Draw(m, ""); err == nil {
		t.Error("an edge to node 1 of a map of 1 node was drawn")
	}
}

// FuzzLayout lays out small maps read from bytes: the first says how many nodes and whether the
// map is a flow, each next pair is an edge (the high bit of its first byte makes it lateral), and
// titles vary in length with the node's number and the input.
func FuzzLayout(f *testing.F) {
	f.Add([]byte{5, 1, 0, 2, 0, 3, 1, 4, 2, 4, 0})
	f.Add([]byte{0x83, 0, 1, 1, 2, 2, 0})
	f.Add([]byte{70, 1, 0, 0x82, 1, 3, 3, 69, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		n := 1 + int(data[0]&0x7f)
		m := Map{Label: "Fuzz", Flow: data[0]&0x80 != 0}
		for i := range n {
			seed := 0
			if len(data) > 1 {
				seed = int(data[1+i%(len(data)-1)])
			}
			m.Nodes = append(m.Nodes, Node{ID: strconv.Itoa(i), Title: strings.Repeat("x ", 1+(i*7+seed)%40)})
		}
		for k := 1; k+1 < len(data); k += 2 {
			m.Edges = append(m.Edges, Edge{From: int(data[k]&0x7f) % n, To: int(data[k+1]) % n, Lateral: data[k]&0x80 != 0})
		}
		svg, err := Draw(m, "")
		if err != nil {
			t.Fatal(err)
		}
		if s := string(svg); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			t.Fatalf("the SVG has a number that is not finite:\n%s", s)
		}
		for _, p := range layOut(t, m).problems() {
			t.Error(p)
		}
	})
}
