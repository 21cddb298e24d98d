package rolemap

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-graphviz"
	"github.com/goccy/go-graphviz/cgraph"
)

// gvMu serialises every use of Graphviz. go-graphviz runs a single WebAssembly instance for the
// whole process (it is created in that package's init), and an instance must not be entered by
// two goroutines at once; so this lock is process-wide by necessity, not by choice.
var gvMu sync.Mutex

// Draw lays m out with Graphviz dot (layered, few crossings) and returns it as an <svg> element
// for a page at URL from (relative to the output root); node links are relative to that page.
// Layout time grows faster than the number of nodes: keep maps below a few hundred nodes (see
// Split).
func Draw(m Map, from string) ([]byte, error) {
	boxes := make([]box, len(m.Nodes))
	for i, n := range m.Nodes {
		lines, w, h := measure(n.Title)
		boxes[i] = box{w: w, h: h, lines: lines}
	}
	paths := make([]path, len(m.Edges))
	if len(m.Nodes) == 0 {
		return nil, nil
	}
	w, h, err := dot(m, boxes, paths)
	if err != nil {
		return nil, fmt.Errorf("laying out %s with Graphviz: %w", m.Label, err)
	}
	variant := "hierarchy"
	if m.Flow {
		variant = "flow"
	}
	return write(m, from, variant, w, h, boxes, paths), nil
}

// dot runs Graphviz and fills in boxes and paths; it returns the size of the drawing.
func dot(m Map, boxes []box, paths []path) (width, height float64, err error) {
	gvMu.Lock()
	defer gvMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("graphviz failed: %v", r)
		}
	}()
	ctx := context.Background()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer gv.Close()
	g, err := gv.Graph()
	if err != nil {
		return 0, 0, err
	}
	defer g.Close()
	if m.Flow {
		g.SetRankDir(cgraph.LRRank)
		g.SetNodeSeparator(0.25)
		g.SetRankSeparator(0.4)
	} else {
		g.SetRankDir(cgraph.BTRank)
		g.SetNodeSeparator(0.2)
		g.SetRankSeparator(0.6)
	}
	nodes := make([]*cgraph.Node, len(m.Nodes))
	for i := range m.Nodes {
		n, err := g.CreateNodeByName("n" + strconv.Itoa(i))
		if err != nil {
			return 0, 0, err
		}
		for _, a := range [][3]string{
			{"shape", "box", "ellipse"},
			{"fixedsize", "true", "false"},
			{"label", "", `\N`},
			{"width", inches(boxes[i].w), "0.75"},
			{"height", inches(boxes[i].h), "0.5"},
		} {
			if err := n.SafeSet(a[0], a[1], a[2]); err != nil {
				return 0, 0, err
			}
		}
		nodes[i] = n
	}
	constrains, minlen := ranks(m)
	edges := make([]*cgraph.Edge, len(m.Edges))
	for i, e := range m.Edges {
		if e.From == e.To {
			continue // a page that points to itself: nothing to draw
		}
		ge, err := g.CreateEdgeByName("e"+strconv.Itoa(i), nodes[e.From], nodes[e.To])
		if err != nil {
			return 0, 0, err
		}
		ge.SetArrowSize(0.8)
		if !constrains[i] {
			if err := ge.SafeSet("constraint", "false", "true"); err != nil {
				return 0, 0, err
			}
		}
		if minlen[i] > 1 {
			if err := ge.SafeSet("minlen", strconv.Itoa(minlen[i]), "1"); err != nil {
				return 0, 0, err
			}
		}
		edges[i] = ge
	}
	if err := gv.Render(ctx, g, graphviz.XDOT, io.Discard); err != nil {
		return 0, 0, err
	}
	bb := points(g.GetStr("bb"))
	if len(bb) != 4 {
		return 0, 0, fmt.Errorf("no bounding box in the layout")
	}
	llx, ury := bb[0], bb[3]
	width, height = bb[2]-bb[0], bb[3]-bb[1]
	for i, n := range nodes {
		p := points(n.GetStr("pos"))
		if len(p) != 2 {
			return 0, 0, fmt.Errorf("node %s has no position", m.Nodes[i].ID)
		}
		boxes[i].x, boxes[i].y = p[0]-llx, ury-p[1]
	}
	for i, e := range edges {
		if e == nil {
			continue
		}
		paths[i] = spline(e.GetStr("pos"), llx, ury)
	}
	return width, height, nil
}

// inches converts SVG user units (points) to Graphviz inches.
func inches(v float64) string { return strconv.FormatFloat(v/72, 'f', 4, 64) }

// points parses "x,y" or "a,b,c,d" into numbers.
func points(s string) []float64 {
	var out []float64
	for _, part := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}

// spline turns a Graphviz edge pos ("e,x,y p0 p1 p2 p3 ...", y up) into an SVG path (y down)
// and its arrowhead.
func spline(pos string, llx, ury float64) path {
	var pts [][2]float64
	var end *[2]float64
	for _, tok := range strings.Fields(pos) {
		isEnd, isStart := strings.HasPrefix(tok, "e,"), strings.HasPrefix(tok, "s,")
		if isEnd || isStart {
			tok = tok[2:]
		}
		p := points(tok)
		if len(p) != 2 {
			return path{}
		}
		pt := [2]float64{p[0] - llx, ury - p[1]}
		switch {
		case isEnd:
			end = &pt
		case isStart: // arrow tails are not drawn
		default:
			pts = append(pts, pt)
		}
	}
	if len(pts) < 4 {
		return path{}
	}
	var d strings.Builder
	fmt.Fprintf(&d, "M%s %s", f(pts[0][0]), f(pts[0][1]))
	for i := 1; i+2 < len(pts); i += 3 {
		fmt.Fprintf(&d, "C%s %s %s %s %s %s", f(pts[i][0]), f(pts[i][1]), f(pts[i+1][0]), f(pts[i+1][1]), f(pts[i+2][0]), f(pts[i+2][1]))
	}
	p := path{d: d.String()}
	if end != nil {
		last := pts[len(pts)-1]
		p.arrow = arrowhead(last[0], last[1], end[0], end[1])
	}
	return p
}

// smallMap is the size up to which every edge, lateral ones too, decides the ranks: in a small
// map that shows who advises whom best, and Graphviz is fast at any rate.
const smallMap = 60

// stagger is how many rows the leaves under one node are spread over (as Graphviz's unflatten
// does), so that a manager with twenty reports does not make the picture twenty boxes wide.
const stagger = 3

// ranks decides which edges set the ranks and the minimum length of each: the leaves hanging
// from the same node get lengths 1, 2, 3, 1, 2, ... so that they stand in staggered rows.
func ranks(m Map) (constrains []bool, minlen []int) {
	constrains = make([]bool, len(m.Edges))
	minlen = make([]int, len(m.Edges))
	below := make([]int, len(m.Nodes)) // constraining edges pointing to a node
	up := make([]int, len(m.Nodes))    // constraining edges from a node
	for i, e := range m.Edges {
		constrains[i] = !e.Lateral || len(m.Nodes) <= smallMap
		minlen[i] = 1
		if constrains[i] && e.From != e.To {
			below[e.To]++
			up[e.From]++
		}
	}
	leaves := map[int]int{} // leaves seen so far under a node
	for i, e := range m.Edges {
		if constrains[i] && e.From != e.To && below[e.From] == 0 && up[e.From] == 1 {
			minlen[i] = 1 + leaves[e.To]%stagger
			leaves[e.To]++
		}
	}
	// A node under fewer than stagger+1 leaves needs no staggering.
	for i, e := range m.Edges {
		if minlen[i] > 1 && leaves[e.To] <= stagger {
			minlen[i] = 1
		}
	}
	return constrains, minlen
}
