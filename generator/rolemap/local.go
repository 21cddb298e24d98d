package rolemap

import (
	"math"
)

// Local layout: the star around one entity needs no layout engine. What the entity points to
// (its opdrachtgever, the bodies it is a member of, whom it advises) stands in rows above it,
// what points to it stands in rows below, just as on the whole role map.
const (
	localRowWidth = 560.0 // wrap a row of neighbours past this width
	localGapX     = 16.0
	localGapY     = 44.0
)

// DrawLocal draws m as a star around m.Nodes[0] (the entity itself) and appends it to b as an
// <svg> element for a page at URL from. Edges not touching the entity are left out. It is fast
// enough for every entity page of a large site: no general layout.
func DrawLocal(b []byte, m Map, from string) []byte {
	if len(m.Nodes) == 0 {
		return b
	}
	boxes := make([]box, len(m.Nodes))
	for i, n := range m.Nodes {
		lines, w, h := measure(n.Title)
		boxes[i] = box{w: w, h: h, lines: lines}
	}
	side := make([]int, len(m.Nodes)) // -1 above, +1 below, 0 the entity or not a neighbour
	var above, below []int
	for _, e := range m.Edges {
		switch {
		case e.From == 0 && e.To != 0 && side[e.To] == 0:
			side[e.To] = -1
			above = append(above, e.To)
		case e.To == 0 && e.From != 0 && side[e.From] == 0:
			side[e.From] = 1
			below = append(below, e.From)
		}
	}
	rowsAbove, rowsBelow := rows(above, boxes), rows(below, boxes)

	width := boxes[0].w
	for _, rs := range [][][]int{rowsAbove, rowsBelow} {
		for _, r := range rs {
			width = math.Max(width, rowWidth(r, boxes))
		}
	}
	y := 0.0
	place := func(rs [][]int) {
		for _, r := range rs {
			h := 0.0
			for _, i := range r {
				h = math.Max(h, boxes[i].h)
			}
			x := (width - rowWidth(r, boxes)) / 2
			for _, i := range r {
				boxes[i].x, boxes[i].y = x+boxes[i].w/2, y+h/2
				x += boxes[i].w + localGapX
			}
			y += h + localGapY
		}
	}
	// Rows above are listed nearest first; draw the farthest at the top.
	for i, j := 0, len(rowsAbove)-1; i < j; i, j = i+1, j-1 {
		rowsAbove[i], rowsAbove[j] = rowsAbove[j], rowsAbove[i]
	}
	place(rowsAbove)
	boxes[0].x, boxes[0].y = width/2, y+boxes[0].h/2
	y += boxes[0].h + localGapY
	place(rowsBelow)
	height := y - localGapY

	// Several relations between the same two pages: spread their lines side by side.
	count := map[[2]int]int{}
	for _, e := range m.Edges {
		count[pair(e)]++
	}
	nth := map[[2]int]int{}
	paths := make([]path, len(m.Edges))
	for i, e := range m.Edges {
		if (e.From != 0 && e.To != 0) || e.From == e.To {
			continue
		}
		k := pair(e)
		off := (float64(nth[k]) - float64(count[k]-1)/2) * 10
		nth[k]++
		a, b := boxes[e.From], boxes[e.To]
		x1, y1 := clip(a, b.x+off, b.y, off)
		x2, y2 := clip(b, a.x+off, a.y, off)
		d := make([]byte, 0, 32) // "M x1 y1L x2 y2": each number after its letter or space
		for j, v := range [4]float64{x1, y1, x2, y2} {
			d = appendF(append(d, "M L "[j]), v)
		}
		paths[i] = path{d: string(d), arrow: arrowhead(x1, y1, x2, y2)}
	}
	return write(b, m, from, "local", width, height, boxes, paths)
}

func pair(e Edge) [2]int {
	if e.From < e.To {
		return [2]int{e.From, e.To}
	}
	return [2]int{e.To, e.From}
}

// rows breaks nodes into rows no wider than localRowWidth.
func rows(nodes []int, boxes []box) [][]int {
	var out [][]int
	var cur []int
	w := 0.0
	for _, i := range nodes {
		if len(cur) > 0 && w+localGapX+boxes[i].w > localRowWidth {
			out = append(out, cur)
			cur, w = nil, 0
		}
		if len(cur) > 0 {
			w += localGapX
		}
		cur = append(cur, i)
		w += boxes[i].w
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func rowWidth(r []int, boxes []box) float64 {
	w := 0.0
	for k, i := range r {
		if k > 0 {
			w += localGapX
		}
		w += boxes[i].w
	}
	return w
}

// clip returns where the line from b's centre (shifted by off) towards (tx, ty) leaves box b.
func clip(b box, tx, ty, off float64) (float64, float64) {
	cx, cy := b.x+off, b.y
	dx, dy := tx-cx, ty-cy
	if dx == 0 && dy == 0 {
		return cx, cy
	}
	t := math.Inf(1)
	if dx != 0 {
		t = math.Min(t, (b.w/2-math.Abs(off))/math.Abs(dx))
	}
	if dy != 0 {
		t = math.Min(t, (b.h/2)/math.Abs(dy))
	}
	return cx + dx*t, cy + dy*t
}
