// Package rolemap draws the graph as SVG at build time: the role map of the whole organisation
// (split into an overview and one map per group when it is too large to read or lay out
// quickly), a small map around every entity, the phases as a flow and a process's steps under
// their phases.
//
// New staff understand an organisation from a picture before they read a page, so the pictures
// must work everywhere the handbook does: without JavaScript, from disk, in print, in dark mode
// and under a strict Content-Security-Policy. That is why the SVG carries no colours and no style
// attributes at all, only classes (rm-kind-N for a node's kind, rm-rel-N for an edge's relation,
// numbered by their order in site.toml) that the theme styles with its custom properties. Every
// node that has a page is an <a> with a relative href and a <title> tooltip, so it is a link a
// keyboard reaches with Tab.
//
// Hierarchy and flow are laid out in layers, as Graphviz's dot does, by a layout written here in
// Go (layout.go): ranks along the edges, few crossings, parents over their children, curved
// edges that go round the boxes. It holds no global state, so maps can be laid out in parallel.
// Pictures whose shape is known in advance (a star around one entity, steps in phase columns)
// are laid out directly, which is faster and reads better than a general layout.
//
// The same Map gives the same bytes: the layout breaks every tie by the caller's order of nodes
// and edges, every number is written with fixed precision and nothing depends on map iteration.
package rolemap

import (
	"html"
	"math"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"handboek/generator/graph"
)

// Map is a picture to draw: nodes, and directed edges between them.
type Map struct {
	Label string // the picture's accessible name, such as "Rolkaart"
	Nodes []Node
	Edges []Edge
	// Flow lays the map out left to right (a sequence of phases); otherwise edges point up, so
	// that whoever an edge points to (an opdrachtgever, a body, the one advised) stands above.
	Flow bool
}

// Node is one box on the map.
type Node struct {
	ID    string // unique within the map and stable between builds: the page's graph ID
	Title string
	URL   string // the page's URL relative to the output root; "" for a box that is no link
	Tip   string // tooltip text, such as the page's summary
	Class string // classes for the theme, such as "rm-kind-1" or "rm-kind-1 rm-current"
}

// Edge is a directed edge between Nodes[From] and Nodes[To].
type Edge struct {
	From, To int
	Rel      string // the relation key, written as data-rel
	Class    string // classes for the theme, such as "rm-rel-2"
	Tip      string // tooltip text, such as "Griffier — Lid van → Raad"
	// Lateral edges do not decide what stands above what (in maps of more than smallMap
	// nodes): relations that may run in circles, such as "adviseert". Allowed to set the
	// ranks, they would break the rows of the hierarchy up and stretch a large map over
	// many more of them.
	Lateral bool
}

// Size limits of boxes, in SVG user units (the theme draws text at 13 units).
const (
	fontSize   = 13.0
	charWidth  = 7.0 // generous for 13px system-ui: a label must not overflow its box
	lineHeight = 16.0
	padX       = 12.0
	padY       = 8.0
	wrapAt     = 18 // characters per line of a node title
	margin     = 8.0
	// wide is the width past which a map is shown at its own size and scrolls sideways (class
	// rm--wide), rather than shrunk to fit and unreadable.
	wide = 1600.0
)

// box is a laid-out node: its centre and size, and its title in lines.
type box struct {
	x, y, w, h float64
	lines      []string
}

// path is a laid-out edge: an SVG path and its arrowhead polygon.
type path struct {
	d     string
	arrow string
}

// measure wraps a title into lines and returns the box size that holds them.
func measure(title string) (lines []string, w, h float64) {
	lines = wrap(title, wrapAt)
	longest := 0
	for _, l := range lines {
		longest = max(longest, utf8.RuneCountInString(l))
	}
	return lines, math.Ceil(float64(longest)*charWidth + 2*padX), math.Ceil(float64(len(lines))*lineHeight + 2*padY)
}

// wrap breaks s at white space into lines of at most n characters (a longer word keeps its own
// line), with one space between the words of a line. Every entity page's map wraps the titles of
// its neighbours, so a line is a piece of s where s has one space between those words, and only
// other spacing makes a new string.
func wrap(s string, n int) []string {
	var lines []string
	line, size := "", 0 // the line so far and its length in characters
	end := 0            // where line ends in s when it is a piece of s, else -1
	for i := 0; i < len(s); {
		if r, w := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
			i += w
			continue
		}
		start, count := i, 0
		for i < len(s) {
			r, w := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				break
			}
			i += w
			count++
		}
		switch {
		case line == "":
			line, size, end = s[start:i], count, i
		case size+1+count <= n:
			if end >= 0 && start == end+1 && s[end] == ' ' {
				line = s[end-len(line) : i]
				end = i
			} else {
				line += " " + s[start:i]
				end = -1
			}
			size += 1 + count
		default:
			lines = append(lines, line)
			line, size, end = s[start:i], count, i
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// appendF appends a coordinate: v rounded to tenths, as strconv would write that number
// shortest ("12.3", "12", "-0.5"). A map has tens of thousands of coordinates, so the tenths
// are written as a whole number and one digit; strconv's general algorithm is left for values
// too large to be coordinates.
func appendF(b []byte, v float64) []byte {
	r := math.Round(v * 10)
	if !(math.Abs(r) < 1e12) { // NaN too
		v = r / 10
		if v == 0 {
			v = 0 // not -0
		}
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	n := int64(r)
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/10, 10)
	if d := n % 10; d != 0 {
		b = append(b, '.', byte('0'+d))
	}
	return b
}

// arrowhead returns the polygon points of an arrow whose tip is at (tx, ty), coming from (bx, by).
func arrowhead(bx, by, tx, ty float64) string {
	dx, dy := tx-bx, ty-by
	l := math.Hypot(dx, dy)
	if l == 0 {
		return ""
	}
	const length, half = 9.0, 4.0
	ux, uy := dx/l, dy/l
	baseX, baseY := tx-ux*length, ty-uy*length
	b := make([]byte, 0, 48) // "x,y x,y x,y": a comma inside a point, a space between points
	for i, v := range [6]float64{tx, ty, baseX - uy*half, baseY + ux*half, baseX + uy*half, baseY - ux*half} {
		if i > 0 {
			b = append(b, ", , ,"[i-1])
		}
		b = appendF(b, v)
	}
	return string(b)
}

// write appends the laid-out map to b as an <svg> element for inclusion in a page at URL from,
// making room for it first, without fmt: it runs for every entity page's map.
func write(b []byte, m Map, from, variant string, width, height float64, boxes []box, paths []path) []byte {
	esc := html.EscapeString
	width, height = math.Ceil(width+2*margin), math.Ceil(height+2*margin)
	if width > wide {
		variant += " rm--wide"
	}
	b = slices.Grow(b, 256+400*len(m.Nodes)+300*len(m.Edges))
	b = append(b, `<svg xmlns="http://www.w3.org/2000/svg" class="rm rm--`...)
	b = append(b, variant...)
	b = append(b, `" viewBox="`...)
	b = appendF(b, -margin)
	b = append(b, ' ')
	b = appendF(b, -margin)
	b = append(b, ' ')
	b = appendF(b, width)
	b = append(b, ' ')
	b = appendF(b, height)
	b = append(b, `" width="`...)
	b = appendF(b, width)
	b = append(b, `" height="`...)
	b = appendF(b, height)
	b = append(b, `" role="group" aria-label="`...)
	b = append(b, esc(m.Label)...)
	b = append(b, "\">\n<g class=\"rm-edges\">\n"...)
	for i, e := range m.Edges {
		p := paths[i]
		if p.d == "" {
			continue
		}
		b = append(b, `<g class="rm-edge `...)
		b = append(b, esc(e.Class)...)
		b = append(b, `" data-from="`...)
		b = append(b, esc(m.Nodes[e.From].ID)...)
		b = append(b, `" data-to="`...)
		b = append(b, esc(m.Nodes[e.To].ID)...)
		b = append(b, `" data-rel="`...)
		b = append(b, esc(e.Rel)...)
		b = append(b, `">`...)
		if e.Tip != "" {
			b = append(b, `<title>`...)
			b = append(b, esc(e.Tip)...)
			b = append(b, `</title>`...)
		}
		b = append(b, `<path class="rm-line" d="`...)
		b = append(b, p.d...)
		b = append(b, `"/>`...)
		if p.arrow != "" {
			b = append(b, `<polygon class="rm-arrow" points="`...)
			b = append(b, p.arrow...)
			b = append(b, `"/>`...)
		}
		b = append(b, "</g>\n"...)
	}
	b = append(b, "</g>\n<g class=\"rm-nodes\">\n"...)
	for i, n := range m.Nodes {
		bx := boxes[i]
		if n.URL != "" {
			b = append(b, `<a class="rm-node`...)
		} else {
			b = append(b, `<g class="rm-node`...)
		}
		if n.Class != "" {
			b = append(b, ' ')
			b = append(b, esc(n.Class)...)
		}
		if n.URL != "" {
			b = append(b, `" href="`...)
			b = append(b, esc(graph.Rel(from, n.URL))...)
		}
		b = append(b, `" data-id="`...)
		b = append(b, esc(n.ID)...)
		b = append(b, `"><title>`...)
		b = append(b, esc(n.Title)...)
		if n.Tip != "" {
			b = append(b, " — "...)
			b = append(b, esc(n.Tip)...)
		}
		b = append(b, `</title><rect x="`...)
		b = appendF(b, bx.x-bx.w/2)
		b = append(b, `" y="`...)
		b = appendF(b, bx.y-bx.h/2)
		b = append(b, `" width="`...)
		b = appendF(b, bx.w)
		b = append(b, `" height="`...)
		b = appendF(b, bx.h)
		b = append(b, `" rx="5"/><text x="`...)
		b = appendF(b, bx.x)
		b = append(b, `" y="`...)
		b = appendF(b, bx.y-float64(len(bx.lines))*lineHeight/2+lineHeight/2)
		b = append(b, `">`...)
		for j, l := range bx.lines {
			b = append(b, `<tspan x="`...)
			b = appendF(b, bx.x)
			if j == 0 {
				b = append(b, `" dy="0.35em">`...)
			} else {
				b = append(b, `" dy="`...)
				b = appendF(b, lineHeight)
				b = append(b, `">`...)
			}
			b = append(b, esc(l)...)
			b = append(b, `</tspan>`...)
		}
		b = append(b, `</text>`...)
		if n.URL != "" {
			b = append(b, "</a>\n"...)
		} else {
			b = append(b, "</g>\n"...)
		}
	}
	return append(b, "</g>\n</svg>"...)
}
