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
// Hierarchy is laid out by Graphviz dot (github.com/goccy/go-graphviz, Graphviz compiled to
// WebAssembly and run by wazero: no cgo, no installed Graphviz). Pictures whose shape is known in
// advance (a star around one entity, steps in phase columns) are laid out here directly, which is
// faster and reads better than a general layout.
//
// The same Map gives the same bytes: nodes and edges are handed to Graphviz in the caller's
// order, every number is written with fixed precision and nothing depends on map iteration.
package rolemap

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

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
	// Lateral edges do not decide what stands above what: relations that may run in circles,
	// such as "adviseert". Besides reading right, this is what keeps layout fast: Graphviz
	// spends minutes on a few hundred nodes when such edges are allowed to set the ranks.
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
		if n := len([]rune(l)); n > longest {
			longest = n
		}
	}
	return lines, math.Ceil(float64(longest)*charWidth + 2*padX), math.Ceil(float64(len(lines))*lineHeight + 2*padY)
}

// wrap breaks s at spaces into lines of at most n characters (a longer word keeps its own line).
func wrap(s string, n int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = w
		case len([]rune(cur))+1+len([]rune(w)) <= n:
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

// f writes a coordinate with fixed precision, without a trailing ".0".
func f(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	if s == "-0" {
		return "0"
	}
	return s
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
	return fmt.Sprintf("%s,%s %s,%s %s,%s", f(tx), f(ty), f(baseX-uy*half), f(baseY+ux*half), f(baseX+uy*half), f(baseY-ux*half))
}

// write renders the laid-out map as an <svg> element for inclusion in a page at URL from.
func write(m Map, from, variant string, width, height float64, boxes []box, paths []path) []byte {
	var b bytes.Buffer
	esc := html.EscapeString
	width, height = math.Ceil(width+2*margin), math.Ceil(height+2*margin)
	if width > wide {
		variant += " rm--wide"
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="rm rm--%s" viewBox="%s %s %s %s" width="%s" height="%s" role="group" aria-label="%s">`+"\n",
		variant, f(-margin), f(-margin), f(width), f(height), f(width), f(height), esc(m.Label))
	b.WriteString(`<g class="rm-edges">` + "\n")
	for i, e := range m.Edges {
		p := paths[i]
		if p.d == "" {
			continue
		}
		fmt.Fprintf(&b, `<g class="rm-edge %s" data-from="%s" data-to="%s" data-rel="%s">`, esc(e.Class), esc(m.Nodes[e.From].ID), esc(m.Nodes[e.To].ID), esc(e.Rel))
		if e.Tip != "" {
			fmt.Fprintf(&b, `<title>%s</title>`, esc(e.Tip))
		}
		fmt.Fprintf(&b, `<path class="rm-line" d="%s"/>`, p.d)
		if p.arrow != "" {
			fmt.Fprintf(&b, `<polygon class="rm-arrow" points="%s"/>`, p.arrow)
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</g>\n")
	b.WriteString(`<g class="rm-nodes">` + "\n")
	for i, n := range m.Nodes {
		bx := boxes[i]
		cls := "rm-node"
		if n.Class != "" {
			cls += " " + n.Class
		}
		if n.URL != "" {
			fmt.Fprintf(&b, `<a class="%s" href="%s" data-id="%s">`, esc(cls), esc(graph.Rel(from, n.URL)), esc(n.ID))
		} else {
			fmt.Fprintf(&b, `<g class="%s" data-id="%s">`, esc(cls), esc(n.ID))
		}
		tip := n.Title
		if n.Tip != "" {
			tip += " — " + n.Tip
		}
		fmt.Fprintf(&b, `<title>%s</title>`, esc(tip))
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" rx="5"/>`, f(bx.x-bx.w/2), f(bx.y-bx.h/2), f(bx.w), f(bx.h))
		top := bx.y - float64(len(bx.lines))*lineHeight/2 + lineHeight/2
		fmt.Fprintf(&b, `<text x="%s" y="%s">`, f(bx.x), f(top))
		for j, l := range bx.lines {
			if j == 0 {
				fmt.Fprintf(&b, `<tspan x="%s" dy="0.35em">%s</tspan>`, f(bx.x), esc(l))
			} else {
				fmt.Fprintf(&b, `<tspan x="%s" dy="%s">%s</tspan>`, f(bx.x), f(lineHeight), esc(l))
			}
		}
		b.WriteString(`</text>`)
		if n.URL != "" {
			b.WriteString("</a>\n")
		} else {
			b.WriteString("</g>\n")
		}
	}
	b.WriteString("</g>\n</svg>")
	return b.Bytes()
}
