package rolemap

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-graphviz"
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
//
// Every call into go-graphviz enters its WebAssembly module anew (and costs wazero a fresh call
// engine and stack), so the graph is not built node by node through the API: it is written as
// DOT text here, parsed by one call, laid out, and every position is read back from one render
// in Graphviz's "json0" format. Building with the API took several calls per node and edge, and
// was most of a large build's time and garbage.
func dot(m Map, boxes []box, paths []path) (width, height float64, err error) {
	src := dotSource(m, boxes)
	gvMu.Lock()
	out, err := layout(src)
	gvMu.Unlock()
	if err != nil {
		return 0, 0, err
	}
	var res layoutJSON
	if err := json.Unmarshal(out, &res); err != nil {
		return 0, 0, fmt.Errorf("reading the layout: %w", err)
	}
	bb := points(res.BB)
	if len(bb) != 4 {
		return 0, 0, fmt.Errorf("no bounding box in the layout")
	}
	llx, ury := bb[0], bb[3]
	width, height = bb[2]-bb[0], bb[3]-bb[1]
	placed := make([]bool, len(boxes))
	for _, o := range res.Objects {
		i, ok := index(o.Name, "n", len(boxes))
		p := points(o.Pos)
		if !ok || len(p) != 2 {
			continue
		}
		boxes[i].x, boxes[i].y = p[0]-llx, ury-p[1]
		placed[i] = true
	}
	for i, ok := range placed {
		if !ok {
			return 0, 0, fmt.Errorf("node %s has no position", m.Nodes[i].ID)
		}
	}
	for _, e := range res.Edges {
		if i, ok := index(e.ID, "e", len(paths)); ok {
			paths[i] = spline(e.Pos, llx, ury)
		}
	}
	return width, height, nil
}

// layoutJSON is what dot reads from Graphviz's "json0" output: the bounding box, and the
// position of every node (by name, "n<index>") and edge (by its id attribute, "e<index>").
type layoutJSON struct {
	BB      string `json:"bb"`
	Objects []struct {
		Name string `json:"name"`
		Pos  string `json:"pos"`
	} `json:"objects"`
	Edges []struct {
		ID  string `json:"id"`
		Pos string `json:"pos"`
	} `json:"edges"`
}

// index parses a name written by dotSource, prefix followed by an index below n.
func index(name, prefix string, n int) (int, bool) {
	if !strings.HasPrefix(name, prefix) {
		return 0, false
	}
	i, err := strconv.Atoi(name[len(prefix):])
	return i, err == nil && i >= 0 && i < n
}

// dotSource writes m as a DOT graph for dot: node i is "n<i>" with the size of boxes[i], edge i
// has id "e<i>"; edges from a node to itself are left out (nothing to draw). No text of the
// map goes into it, so nothing needs quoting, and the same map gives the same text.
func dotSource(m Map, boxes []box) []byte {
	var b bytes.Buffer
	b.WriteString("digraph {\n")
	if m.Flow {
		b.WriteString("graph [rankdir=LR nodesep=0.25 ranksep=0.4]\n")
	} else {
		b.WriteString("graph [rankdir=BT nodesep=0.2 ranksep=0.6]\n")
	}
	// The label is left at its default (the node's name): ParseBytes gives every node with an
	// empty label that default with one more call per node, and with fixedsize it has no effect
	// on the layout; the boxes' text is written by write, not by Graphviz.
	b.WriteString("node [shape=box fixedsize=true]\n")
	for i, bx := range boxes {
		fmt.Fprintf(&b, "n%d [width=%s height=%s]\n", i, inches(bx.w), inches(bx.h))
	}
	constrains, minlen := ranks(m)
	for i, e := range m.Edges {
		if e.From == e.To {
			continue
		}
		fmt.Fprintf(&b, "n%d -> n%d [id=e%d arrowsize=0.8", e.From, e.To, i)
		if !constrains[i] {
			b.WriteString(" constraint=false")
		}
		if minlen[i] > 1 {
			fmt.Fprintf(&b, " minlen=%d", minlen[i])
		}
		b.WriteString("]\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// layout parses src, lays it out with dot and returns the result in Graphviz's "json0" format.
// The caller holds gvMu. A panic inside go-graphviz is returned as an error.
func layout(src []byte) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("graphviz failed: %v", r)
		}
	}()
	ctx := context.Background()
	// graphviz.New registers PNG and JPEG renderers written in Go, dozens of calls into the
	// module per map; dot and the json0 renderer are built into Graphviz, so one plugin does (go-
	// graphviz cannot start a context with none).
	plugin, err := graphviz.PNGDevicePlugin(ctx)
	if err != nil {
		return nil, err
	}
	gv, err := graphviz.NewWithPlugins(ctx, plugin)
	if err != nil {
		return nil, err
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(src)
	if err != nil {
		return nil, err
	}
	defer g.Close()
	var b bytes.Buffer
	if err := gv.Render(ctx, g, "json0", &b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
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
