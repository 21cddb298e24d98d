package rolemap

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// The layered layout of Draw, in the manner of Graphviz dot (Sugiyama's method):
//
//  1. ranks: longest path from the top over the constraining edges, honouring minlen, after
//     reversing the back edges a depth-first walk in input order finds; then every node with
//     more edges below it than above is moved down next to the highest of them (a body stands
//     just above its members, not at the top of the picture);
//  2. order within the ranks: a long edge gets a dummy vertex in every rank it crosses; an initial
//     order by a depth-first walk from the top, then sweeps down and up that sort each rank by
//     the mean (barycentre) or the weighted median place of each vertex's neighbours, each
//     followed by swaps of neighbours (transpose), keeping the order with the fewest crossings;
//  3. positions within the ranks: alternate sweeps that move every vertex to the weighted mean
//     of its neighbours in the rank above (or below), solved exactly for each rank under the
//     minimum separations by isotonic regression (pool adjacent violators), ending with a sweep
//     up so that a parent stands over the middle of its children;
//  4. edges: straight through the band of every rank they cross (at their dummy's place, which
//     no box takes) and an S-shaped cubic Bézier through the gap between two ranks, so an edge
//     never runs through a box; an edge between two boxes of one rank goes straight to its
//     neighbour or arcs through the gap above.
//
// Coordinates are worked out along two axes: p within a rank and q across the ranks. A
// hierarchy has q down and p to the right; a Flow map has q to the right and p down.

// Spacing, in SVG user units (points): Graphviz's nodesep and ranksep as they were set for dot.
const (
	hierNodeSep = 0.2 * 72
	hierRankSep = 0.6 * 72
	flowNodeSep = 0.25 * 72
	flowRankSep = 0.4 * 72
	arrowLength = 9.0 // as drawn by arrowhead
	portSpacing = 8.0 // between the ends of edges on one side of a box
	portInset   = 6.0 // keeps edge ends off a box's rounded corners
)

// Work limits: enough for maps of a few hundred nodes to settle; a fixed number keeps the
// layout's time near linear in the map's size times the passes.
const (
	orderPasses     = 24 // rounds of ordering sweeps (down, then up), fewer when they stop helping
	orderStale      = 4  // stop after this many sweeps without fewer crossings
	transposePasses = 4  // rounds of neighbour swaps after each sweep
	placePasses     = 8  // rounds of positioning sweeps, each down then up
)

// vertex is a box or a dummy on a long edge, in the layered graph.
type vertex struct {
	node          int     // index into Map.Nodes, or -1 for a dummy
	rank, pos     int     // rank, and place within it
	along, across float64 // size along the rank (p) and across it (q)
	p             float64 // centre within the rank
	up, down      []int   // neighbours in the rank above and below, by vertex
}

// chain is how an edge runs through the layered graph.
type chain struct {
	vs        []int // vertices from the upper end to the lower one; both ends when flat
	fromUpper bool  // Map.Edges[i].From is vs[0]
	flat      bool  // both ends in the same rank
}

type layout struct {
	m                Map
	boxes            []box
	nodeSep, rankSep float64
	v                []vertex
	ranks            [][]int
	chains           []chain
	q, band          []float64 // per rank: centre across, and its thickness (tallest box)
	portFrom, portTo []float64 // per edge: offset of its ends from the box centre, along p
	flatFrom, flatTo []float64 // per flat edge between neighbours: offset along q

	// Scratch of median, kept between its calls: ordering the whole role map calls it thousands
	// of times.
	moving []keyed
	places []int
}

// keyed is a vertex and the place median gives it.
type keyed struct {
	x   int
	key float64
}

// layered lays m out and fills in boxes (centres) and paths; it returns the size of the drawing.
// Edges from a node to itself are left out (nothing to draw).
func layered(m Map, boxes []box, paths []path) (width, height float64, err error) {
	for i, e := range m.Edges {
		if e.From < 0 || e.From >= len(m.Nodes) || e.To < 0 || e.To >= len(m.Nodes) {
			return 0, 0, fmt.Errorf("edge %d runs from node %d to node %d, outside the %d nodes", i, e.From, e.To, len(m.Nodes))
		}
	}
	if len(m.Nodes) == 0 {
		return 0, 0, nil
	}
	l := &layout{m: m, boxes: boxes, nodeSep: hierNodeSep, rankSep: hierRankSep}
	if m.Flow {
		l.nodeSep, l.rankSep = flowNodeSep, flowRankSep
	}
	l.build(assignRanks(m))
	l.order()
	l.place()
	l.ports()
	width, height = l.draw(paths)
	return width, height, nil
}

// upperLower returns an edge's ends as they stand in the layering: the one it points to above
// in a hierarchy (edges point up), the one it comes from first in a flow.
func upperLower(m Map, e Edge) (int, int) {
	if m.Flow {
		return e.From, e.To
	}
	return e.To, e.From
}

// assignRanks returns every node's rank, 0 at the top (the left of a flow).
func assignRanks(m Map) []int {
	n := len(m.Nodes)
	constrains, minlen := ranks(m)
	type arc struct{ u, l, minlen int }
	var arcs []arc
	out := make([][]int, n) // arcs by their upper end, in input order
	hasIn := make([]bool, n)
	for i, e := range m.Edges {
		if !constrains[i] || e.From == e.To {
			continue
		}
		u, l := upperLower(m, e)
		out[u] = append(out[u], len(arcs))
		hasIn[l] = true
		arcs = append(arcs, arc{u, l, minlen[i]})
	}

	// Break cycles: a depth-first walk, from the nodes nothing points down to first, reverses
	// every arc that leads back to a node on the walk's stack.
	state := make([]byte, n) // 0 not seen, 1 on the stack, 2 done
	type frame struct{ node, next int }
	var stack []frame
	walk := func(r int) {
		if state[r] != 0 {
			return
		}
		state[r] = 1
		stack = append(stack[:0], frame{r, 0})
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next == len(out[top.node]) {
				state[top.node] = 2
				stack = stack[:len(stack)-1]
				continue
			}
			a := &arcs[out[top.node][top.next]]
			top.next++
			switch state[a.l] {
			case 0:
				state[a.l] = 1
				stack = append(stack, frame{a.l, 0})
			case 1:
				a.u, a.l = a.l, a.u
			}
		}
	}
	for i := range n {
		if !hasIn[i] {
			walk(i)
		}
	}
	for i := range n {
		walk(i)
	}

	// Longest path from the top, in a topological order (Kahn's, nodes in input order).
	down := make([][]int, n)
	upCount := make([]int, n)
	indeg := make([]int, n)
	for ai, a := range arcs {
		down[a.u] = append(down[a.u], ai)
		upCount[a.l]++
		indeg[a.l]++
	}
	topo := make([]int, 0, n)
	for i := range n {
		if indeg[i] == 0 {
			topo = append(topo, i)
		}
	}
	rank := make([]int, n)
	for k := 0; k < len(topo); k++ {
		u := topo[k]
		for _, ai := range down[u] {
			a := arcs[ai]
			rank[a.l] = max(rank[a.l], rank[u]+a.minlen)
			if indeg[a.l]--; indeg[a.l] == 0 {
				topo = append(topo, a.l)
			}
		}
	}
	// Move down, from the bottom up, every node with more arcs below than above it.
	for k := len(topo) - 1; k >= 0; k-- {
		u := topo[k]
		if len(down[u]) <= upCount[u] {
			continue
		}
		r := math.MaxInt
		for _, ai := range down[u] {
			r = min(r, rank[arcs[ai].l]-arcs[ai].minlen)
		}
		rank[u] = max(rank[u], r)
	}
	low := math.MaxInt
	for _, r := range rank {
		low = min(low, r)
	}
	for i := range rank {
		rank[i] -= low
	}
	return rank
}

// build makes the vertices, with a dummy in every rank a long edge crosses, and the ranks in
// a first order: a depth-first walk down from the nodes of the top rank, then from the other
// nodes, each in input order, so that what hangs under one node starts out together.
func (l *layout) build(rank []int) {
	m := l.m
	depth := 0
	for _, r := range rank {
		depth = max(depth, r+1)
	}
	for i, b := range l.boxes {
		v := vertex{node: i, rank: rank[i], along: b.w, across: b.h}
		if m.Flow {
			v.along, v.across = b.h, b.w
		}
		l.v = append(l.v, v)
	}
	l.chains = make([]chain, len(m.Edges))
	for i, e := range m.Edges {
		if e.From == e.To {
			continue
		}
		u, lo := e.From, e.To // a flat edge keeps its direction
		if rank[u] > rank[lo] {
			u, lo = lo, u
		}
		c := chain{vs: []int{u}, fromUpper: u == e.From, flat: rank[u] == rank[lo]}
		if !c.flat {
			prev := u
			for r := rank[u] + 1; r < rank[lo]; r++ {
				d := len(l.v)
				l.v = append(l.v, vertex{node: -1, rank: r, up: []int{prev}})
				l.v[prev].down = append(l.v[prev].down, d)
				c.vs = append(c.vs, d)
				prev = d
			}
			l.v[prev].down = append(l.v[prev].down, lo)
			l.v[lo].up = append(l.v[lo].up, prev)
		}
		c.vs = append(c.vs, lo)
		l.chains[i] = c
	}

	l.ranks = make([][]int, depth)
	seen := make([]bool, len(l.v))
	var stack []int
	visit := func(r int) {
		stack = append(stack[:0], r)
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[x] {
				continue
			}
			seen[x] = true
			l.v[x].pos = len(l.ranks[l.v[x].rank])
			l.ranks[l.v[x].rank] = append(l.ranks[l.v[x].rank], x)
			for k := len(l.v[x].down) - 1; k >= 0; k-- { // first child on top of the stack
				if d := l.v[x].down[k]; !seen[d] {
					stack = append(stack, d)
				}
			}
		}
	}
	for i := range m.Nodes {
		if rank[i] == 0 {
			visit(i)
		}
	}
	for i := range m.Nodes {
		visit(i)
	}
}

// order reduces crossings: weighted-median sweeps, each followed by transposition, keeping the
// best order seen.
func (l *layout) order() {
	best := l.crossings()
	saved := l.save(nil)
	stale := 0
	for pass := 0; pass < 2*orderPasses && best > 0 && stale < orderStale; pass++ {
		// Barycentres in the first pair of sweeps, weighted medians in the next, and so on:
		// each finds orders that the other misses.
		down, mean := pass%2 == 0, pass%4 < 2
		if down {
			for r := 1; r < len(l.ranks); r++ {
				l.median(r, true, mean)
			}
		} else {
			for r := len(l.ranks) - 2; r >= 0; r-- {
				l.median(r, false, mean)
			}
		}
		l.transpose()
		if c := l.crossings(); c < best {
			best, stale = c, 0
			saved = l.save(saved)
		} else {
			stale++
		}
	}
	for r, rk := range saved {
		copy(l.ranks[r], rk)
		for i, x := range l.ranks[r] {
			l.v[x].pos = i
		}
	}
}

func (l *layout) save(into [][]int) [][]int {
	if into == nil {
		into = make([][]int, len(l.ranks))
	}
	for r, rk := range l.ranks {
		into[r] = append(into[r][:0], rk...)
	}
	return into
}

// neighbours are x's neighbours in the rank above (fromAbove) or below.
func (l *layout) neighbours(x int, fromAbove bool) []int {
	if fromAbove {
		return l.v[x].up
	}
	return l.v[x].down
}

// median sorts rank r by the weighted median place (or the mean place) of each vertex's
// neighbours in the rank above (fromAbove) or below; a vertex without such neighbours keeps its
// place, and equal keys keep their order.
func (l *layout) median(r int, fromAbove, mean bool) {
	rk := l.ranks[r]
	moving, ps := l.moving[:0], l.places
	for _, x := range rk {
		nb := l.neighbours(x, fromAbove)
		if len(nb) == 0 {
			continue
		}
		ps = ps[:0]
		for _, y := range nb {
			ps = append(ps, l.v[y].pos)
		}
		slices.Sort(ps)
		key := 0.0
		if mean {
			for _, q := range ps {
				key += float64(q)
			}
			key /= float64(len(ps))
		} else {
			key = weightedMedian(ps)
		}
		moving = append(moving, keyed{x, key})
	}
	l.moving, l.places = moving, ps
	slices.SortStableFunc(moving, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
	k := 0
	for i, x := range rk {
		if len(l.neighbours(x, fromAbove)) == 0 {
			continue
		}
		rk[i] = moving[k].x
		k++
	}
	for i, x := range rk {
		l.v[x].pos = i
	}
}

// weightedMedian is Gansner et al.'s median of sorted places: between the two middle ones of an
// even count, nearer the side where the places lie closer together.
func weightedMedian(ps []int) float64 {
	n := len(ps)
	mid := n / 2
	switch {
	case n%2 == 1:
		return float64(ps[mid])
	case n == 2:
		return float64(ps[0]+ps[1]) / 2
	}
	left, right := float64(ps[mid-1]-ps[0]), float64(ps[n-1]-ps[mid])
	if left+right == 0 {
		return float64(ps[mid-1]+ps[mid]) / 2
	}
	return (float64(ps[mid-1])*right + float64(ps[mid])*left) / (left + right)
}

// transpose swaps neighbours in a rank while that lowers the crossings of their edges.
func (l *layout) transpose() {
	for range transposePasses {
		improved := false
		for _, rk := range l.ranks {
			for i := 0; i+1 < len(rk); i++ {
				a, b := rk[i], rk[i+1]
				if ab, ba := l.pairCrossings(a, b); ba < ab {
					rk[i], rk[i+1] = b, a
					l.v[a].pos, l.v[b].pos = i+1, i
					improved = true
				}
			}
		}
		if !improved {
			return
		}
	}
}

// pairCrossings counts the crossings between the edges of a and those of b when a stands left
// of b (ab) and when b stands left of a (ba). Two edges to one vertex cross in neither order.
func (l *layout) pairCrossings(a, b int) (ab, ba int) {
	for _, side := range [2]bool{false, true} {
		na, nb := l.neighbours(a, !side), l.neighbours(b, !side)
		for _, x := range na {
			px := l.v[x].pos
			for _, y := range nb {
				switch py := l.v[y].pos; {
				case px > py:
					ab++
				case px < py:
					ba++
				}
			}
		}
	}
	return ab, ba
}

// crossings counts the crossings between every two neighbouring ranks (inversions counted
// with a Fenwick tree, as Barth, Jünger and Mutzel do).
func (l *layout) crossings() int {
	total := 0
	var tree []int
	var lower []int
	for r := 0; r+1 < len(l.ranks); r++ {
		n := len(l.ranks[r+1])
		tree = slices.Grow(tree[:0], n+1)[:n+1]
		clear(tree)
		seen := 0
		for _, x := range l.ranks[r] {
			lower = lower[:0]
			for _, y := range l.v[x].down {
				lower = append(lower, l.v[y].pos)
			}
			slices.Sort(lower)
			for _, p := range lower {
				// edges seen so far that end right of p cross this one
				le := 0
				for i := p + 1; i > 0; i -= i & -i {
					le += tree[i]
				}
				total += seen - le
			}
			for _, p := range lower {
				for i := p + 1; i <= n; i += i & -i {
					tree[i]++
				}
				seen++
			}
		}
	}
	return total
}

// weight is how strongly a segment between two vertices pulls them into line: long edges
// (dummy to dummy) most, so that they run straight, as in Graphviz.
func (l *layout) weight(a, b int) float64 {
	switch da, db := l.v[a].node < 0, l.v[b].node < 0; {
	case da && db:
		return 8
	case da || db:
		return 2
	}
	return 1
}

// place gives every vertex its centre along its rank, and every rank its place across.
func (l *layout) place() {
	for _, rk := range l.ranks { // packed, each rank centred on 0
		p := 0.0
		for i, x := range rk {
			if i > 0 {
				p += l.sep(rk[i-1], x)
			}
			l.v[x].p = p
		}
		for _, x := range rk {
			l.v[x].p -= p / 2
		}
	}
	for range placePasses {
		for r := 1; r < len(l.ranks); r++ {
			l.align(r, true)
		}
		for r := len(l.ranks) - 2; r >= 0; r-- {
			l.align(r, false)
		}
	}
	l.q = make([]float64, len(l.ranks))
	l.band = make([]float64, len(l.ranks))
	for r, rk := range l.ranks {
		for _, x := range rk {
			l.band[r] = max(l.band[r], l.v[x].across)
		}
		if r == 0 {
			l.q[r] = l.band[r] / 2
		} else {
			l.q[r] = l.q[r-1] + l.band[r-1]/2 + l.rankSep + l.band[r]/2
		}
	}
}

// sep is the least distance between the centres of neighbours a and b.
func (l *layout) sep(a, b int) float64 {
	return l.v[a].along/2 + l.v[b].along/2 + l.nodeSep
}

// align moves the vertices of rank r as near as they may come to the weighted mean of their
// neighbours in the rank above (fromAbove) or below, keeping their order and separations: it
// minimises Σ w·(p − target)² under p[i+1] − p[i] ≥ sep, which after subtracting the running
// sum of separations is weighted isotonic regression, solved by pooling adjacent violators.
func (l *layout) align(r int, fromAbove bool) {
	rk := l.ranks[r]
	type block struct{ w, wy float64 }
	blocks := make([]block, 0, len(rk))
	sizes := make([]int, 0, len(rk))
	off := 0.0
	for i, x := range rk {
		if i > 0 {
			off += l.sep(rk[i-1], x)
		}
		nb := l.neighbours(x, fromAbove)
		w, wp := 0.0, 0.0
		for _, y := range nb {
			k := l.weight(x, y)
			w += k
			wp += k * l.v[y].p
		}
		target := l.v[x].p
		if w == 0 {
			w = 1e-3 // stays where it is unless pushed
		} else {
			target = wp / w
		}
		b := block{w, w * (target - off)}
		size := 1
		for len(blocks) > 0 {
			last := blocks[len(blocks)-1]
			if last.wy/last.w <= b.wy/b.w {
				break
			}
			b = block{last.w + b.w, last.wy + b.wy}
			size += sizes[len(sizes)-1]
			blocks, sizes = blocks[:len(blocks)-1], sizes[:len(sizes)-1]
		}
		blocks, sizes = append(blocks, b), append(sizes, size)
	}
	i := 0
	off = 0
	for k, b := range blocks {
		y := b.wy / b.w
		for range sizes[k] {
			if i > 0 {
				off += l.sep(rk[i-1], rk[i])
			}
			l.v[rk[i]].p = y + off
			i++
		}
	}
}

// end is one end of an edge on a side of a box, waiting for its place along that side.
type end struct {
	edge int
	from bool    // the edge's From end
	key  float64 // where the edge goes: the place of the next vertex along p
}

// ports spreads the ends of the edges on each side of a box (the side towards the rank above,
// the one towards the rank below) along it, in the order of where they go, so that edges do
// not cross at the box and two edges between the same boxes get lines of their own. Flat edges
// between neighbours meet the boxes' facing sides, spread across.
func (l *layout) ports() {
	n := len(l.m.Nodes)
	l.portFrom = make([]float64, len(l.m.Edges))
	l.portTo = make([]float64, len(l.m.Edges))
	l.flatFrom = make([]float64, len(l.m.Edges))
	l.flatTo = make([]float64, len(l.m.Edges))
	sides := make([][2][]end, n) // [0]: towards the rank above, [1]: below
	pairs := map[[2]int][]int{}  // flat edges between neighbours, by box pair
	for i, c := range l.chains {
		if c.vs == nil {
			continue
		}
		first, last := c.vs[0], c.vs[len(c.vs)-1]
		if c.flat {
			if d := l.v[first].pos - l.v[last].pos; d == 1 || d == -1 {
				k := [2]int{min(first, last), max(first, last)}
				pairs[k] = append(pairs[k], i)
				continue
			}
			// arcs over the rank: both ends on the side towards the rank above
			sides[first][0] = append(sides[first][0], end{i, c.fromUpper, l.v[last].p})
			sides[last][0] = append(sides[last][0], end{i, !c.fromUpper, l.v[first].p})
			continue
		}
		sides[first][1] = append(sides[first][1], end{i, c.fromUpper, l.v[c.vs[1]].p})
		sides[last][0] = append(sides[last][0], end{i, !c.fromUpper, l.v[c.vs[len(c.vs)-2]].p})
	}
	for node := range sides {
		for s := range sides[node] {
			ends := sides[node][s]
			if len(ends) == 0 {
				continue
			}
			slices.SortStableFunc(ends, func(a, b end) int { return cmp.Or(cmp.Compare(a.key, b.key), a.edge-b.edge) })
			room := l.v[node].along - 2*portInset
			step := portSpacing
			if len(ends) > 1 {
				step = max(0, min(step, room/float64(len(ends)-1)))
			}
			for k, en := range ends {
				off := (float64(k) - float64(len(ends)-1)/2) * step
				if en.from {
					l.portFrom[en.edge] = off
				} else {
					l.portTo[en.edge] = off
				}
			}
		}
	}
	for k, edges := range pairs {
		room := min(l.v[k[0]].across, l.v[k[1]].across) - 2*portInset
		step := portSpacing
		if len(edges) > 1 {
			step = max(0, min(step, room/float64(len(edges)-1)))
		}
		for j, i := range edges { // edges are in input order
			off := (float64(j) - float64(len(edges)-1)/2) * step
			l.flatFrom[i], l.flatTo[i] = off, off
		}
	}
}

// pt is a point in layout coordinates: p along the ranks, q across them.
type pt struct{ p, q float64 }

// curve is an edge's line as cubic Bézier segments, from its start.
type curve struct {
	pts []pt // start, then three points per segment
}

func (c *curve) last() pt { return c.pts[len(c.pts)-1] }

// line adds a straight segment to b.
func (c *curve) line(b pt) {
	a := c.last()
	if a == b {
		return
	}
	c.pts = append(c.pts, pt{a.p + (b.p-a.p)/3, a.q + (b.q-a.q)/3}, pt{a.p + 2*(b.p-a.p)/3, a.q + 2*(b.q-a.q)/3}, b)
}

// gap adds an S-shaped segment to b that leaves and arrives along q, as an edge runs between
// two ranks. The control points a third of the way across keep the middle of a long segment
// diagonal, so that edges crossing the same gap do not all run along its middle.
func (c *curve) gap(b pt) {
	a := c.last()
	k := (b.q - a.q) / 3
	c.pts = append(c.pts, pt{a.p, a.q + k}, pt{b.p, b.q - k}, b)
}

// draw routes every edge and writes the boxes' centres and the paths, in SVG coordinates with
// the drawing's top left corner at 0, 0; it returns the drawing's size.
func (l *layout) draw(paths []path) (width, height float64) {
	curves := make([]curve, len(l.m.Edges))
	tips := make([]pt, len(l.m.Edges))
	for i, c := range l.chains {
		if c.vs == nil {
			continue
		}
		curves[i], tips[i] = l.route(i, c)
	}

	// Bounds of the boxes and of every curve's points (a Bézier lies in the hull of its points).
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	grow := func(x, y float64) {
		minX, maxX = min(minX, x), max(maxX, x)
		minY, maxY = min(minY, y), max(maxY, y)
	}
	xy := func(a pt) (float64, float64) {
		if l.m.Flow {
			return a.q, a.p
		}
		return a.p, a.q
	}
	for i := range l.boxes {
		x, y := xy(pt{l.v[i].p, l.q[l.v[i].rank]})
		l.boxes[i].x, l.boxes[i].y = x, y
		grow(x-l.boxes[i].w/2, y-l.boxes[i].h/2)
		grow(x+l.boxes[i].w/2, y+l.boxes[i].h/2)
	}
	for _, c := range curves {
		for _, a := range c.pts {
			grow(xy(a))
		}
	}
	for i := range l.boxes {
		l.boxes[i].x -= minX
		l.boxes[i].y -= minY
	}
	for i, c := range curves {
		if len(c.pts) < 4 {
			continue
		}
		d := make([]byte, 0, 12*len(c.pts))
		for k, a := range c.pts {
			x, y := xy(a)
			switch {
			case k == 0:
				d = append(d, 'M')
			case k%3 == 1:
				d = append(d, 'C')
			default:
				d = append(d, ' ')
			}
			d = appendF(append(appendF(d, x-minX), ' '), y-minY)
		}
		bx, by := xy(c.last())
		tx, ty := xy(tips[i])
		paths[i] = path{d: string(d), arrow: arrowhead(bx-minX, by-minY, tx-minX, ty-minY)}
	}
	return maxX - minX, maxY - minY
}

// route draws edge i from its From box to its To box: the line ends where the arrowhead starts,
// and tip is where the arrowhead touches the box.
func (l *layout) route(i int, c chain) (cv curve, tip pt) {
	vs := c.vs
	if !c.fromUpper {
		vs = slices.Clone(vs)
		slices.Reverse(vs)
	}
	from, to := vs[0], vs[len(vs)-1]
	fv, tv := &l.v[from], &l.v[to]
	fq, tq := l.q[fv.rank], l.q[tv.rank]
	if c.flat {
		if d := fv.pos - tv.pos; d == 1 || d == -1 {
			dir := 1.0
			if tv.p < fv.p {
				dir = -1
			}
			cv.pts = []pt{{fv.p + dir*fv.along/2, fq + l.flatFrom[i]}}
			tip = pt{tv.p - dir*tv.along/2, tq + l.flatTo[i]}
			cv.line(pt{tip.p - dir*arrowLength, tip.q})
			return cv, tip
		}
		// Over the boxes between: up out of the box, an arc through the gap above the rank, and
		// down into the other box.
		top := fq - l.band[fv.rank]/2
		a := pt{fv.p + l.portFrom[i], fq - fv.across/2}
		b := pt{tv.p + l.portTo[i], tq - tv.across/2}
		cv.pts = []pt{a}
		cv.line(pt{a.p, top})
		h := 0.9 * l.rankSep
		endQ := top
		if b.q-top < arrowLength {
			endQ = b.q - arrowLength
		}
		cv.pts = append(cv.pts, pt{a.p, top - h}, pt{b.p, top - h}, pt{b.p, endQ})
		cv.line(pt{b.p, b.q - arrowLength})
		return cv, b
	}
	s := 1.0 // the direction of travel across the ranks
	if tv.rank < fv.rank {
		s = -1
	}
	a := pt{fv.p + l.portFrom[i], fq + s*fv.across/2}
	cv.pts = []pt{a}
	cv.line(pt{a.p, fq + s*l.band[fv.rank]/2})
	for _, d := range vs[1 : len(vs)-1] {
		dv := &l.v[d]
		dq, band := l.q[dv.rank], l.band[dv.rank]
		cv.gap(pt{dv.p, dq - s*band/2})
		if band > 0 {
			cv.line(pt{dv.p, dq + s*band/2})
		}
	}
	tip = pt{tv.p + l.portTo[i], tq - s*tv.across/2}
	enter := pt{tip.p, tq - s*l.band[tv.rank]/2}
	base := pt{tip.p, tip.q - s*arrowLength}
	if s*(tip.q-enter.q) >= arrowLength {
		cv.gap(enter)
		cv.line(base)
	} else {
		cv.gap(base)
	}
	return cv, tip
}
