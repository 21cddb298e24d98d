package rolemap

import (
	"sort"
	"strconv"
	"strings"
)

// MaxNodes is the most nodes the role map draws in one picture. A picture larger than that is
// not readable on a screen, and ordering its ranks takes more than linear time; the map is then
// split (see Split). Figures: BENCHMARKS.md, "Role map".
const MaxNodes = 100

// Part is one group of a split map.
type Part struct {
	Slug   string // the group's folder under the role map, from its first top node's URL
	Roots  []int  // the tops of the group's subtrees, indices into the whole map's Nodes
	Parent int    // the node the group hangs under in the hierarchy, or -1
	Nodes  []int  // every node of the group, in map order
}

// Split divides m into groups of at most max nodes that follow the hierarchy, or returns nil
// when m has at most max nodes. rels lists relation keys by priority (the role map's relations in
// site.toml order): their edges are followed first, so that a group is a manager with the people
// under them, or a body with its members, rather than an arbitrary cut.
//
// It takes a spanning forest of the map (edges by priority, then in map order), hangs each tree
// from a node that points nowhere (the top of the hierarchy), and walking up from the leaves cuts
// the largest subtrees off any node whose subtree would exceed max; cut subtrees of one node and
// small whole trees are packed together into groups of at most max nodes. The result depends
// only on m's order, so it is the same on every build.
func Split(m Map, max int, rels []string) []Part {
	n := len(m.Nodes)
	if n <= max || max < 1 {
		return nil
	}
	rank := func(rel string) int {
		for i, r := range rels {
			if r == rel {
				return i
			}
		}
		return len(rels)
	}
	order := make([]int, len(m.Edges))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rank(m.Edges[order[a]].Rel) < rank(m.Edges[order[b]].Rel) })

	// Spanning forest by union-find; up[i] is true when node i points up along a tree edge.
	uf := make([]int, n)
	for i := range uf {
		uf[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for uf[i] != i {
			uf[i] = uf[uf[i]]
			i = uf[i]
		}
		return i
	}
	adj := make([][]int, n)
	pointsUp := make([]bool, n)
	for _, ei := range order {
		e := m.Edges[ei]
		a, b := find(e.From), find(e.To)
		if a == b {
			continue
		}
		uf[a] = b
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
		pointsUp[e.From] = true
	}
	for i := range adj {
		sort.Ints(adj[i])
	}

	// Root each tree at its first node that points nowhere (else its first node).
	root := map[int]int{}
	for i := 0; i < n; i++ {
		c := find(i)
		if r, ok := root[c]; !ok || (pointsUp[r] && !pointsUp[i]) {
			root[c] = i
		}
	}
	var roots []int
	for _, r := range root {
		roots = append(roots, r)
	}
	sort.Ints(roots)

	parent := make([]int, n)
	children := make([][]int, n)
	var post []int // post-order over all trees
	for _, r := range roots {
		parent[r] = -1
		// Iterative depth-first walk, so that deep hierarchies cannot overflow the stack.
		type frame struct{ node, next int }
		stack := []frame{{r, 0}}
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next < len(adj[top.node]) {
				c := adj[top.node][top.next]
				top.next++
				if c == parent[top.node] {
					continue
				}
				parent[c] = top.node
				children[top.node] = append(children[top.node], c)
				stack = append(stack, frame{c, 0})
				continue
			}
			post = append(post, top.node)
			stack = stack[:len(stack)-1]
		}
	}

	// Walk up from the leaves, cutting the largest subtrees off a node that grows too big.
	size := make([]int, n)
	cut := make([]bool, n)
	var parts []Part
	for _, u := range post {
		size[u] = 1
		for _, c := range children[u] {
			if !cut[c] {
				size[u] += size[c]
			}
		}
		if size[u] <= max {
			continue
		}
		kept := append([]int(nil), children[u]...)
		sort.SliceStable(kept, func(a, b int) bool { return size[kept[a]] > size[kept[b]] })
		var cutNow []int
		for _, c := range kept {
			if size[u] <= max {
				break
			}
			if cut[c] {
				continue
			}
			cut[c] = true
			size[u] -= size[c]
			cutNow = append(cutNow, c)
		}
		sort.Ints(cutNow)
		parts = append(parts, pack(cutNow, size, max, u)...)
	}
	parts = append(parts, pack(roots, size, max, -1)...)

	// Fill in each part's nodes: everything under its roots that was not cut off.
	for i := range parts {
		var nodes []int
		stack := append([]int(nil), parts[i].Roots...)
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			nodes = append(nodes, u)
			for _, c := range children[u] {
				if !cut[c] {
					stack = append(stack, c)
				}
			}
		}
		sort.Ints(nodes)
		parts[i].Nodes = nodes
	}
	sort.SliceStable(parts, func(a, b int) bool { return parts[a].Nodes[0] < parts[b].Nodes[0] })

	seen := map[string]bool{}
	for i := range parts {
		base := lastSegment(m.Nodes[parts[i].Roots[0]].URL)
		if base == "" {
			base = "groep"
		}
		s := base
		for k := 2; seen[s]; k++ {
			s = base + "-" + strconv.Itoa(k)
		}
		seen[s] = true
		parts[i].Slug = s
	}
	return parts
}

// pack puts subtrees (by their roots, in order) into parts of at most max nodes, first fit.
func pack(tops []int, size []int, max, parent int) []Part {
	var parts []Part
	var fill []int
	for _, t := range tops {
		placed := false
		for i := range parts {
			if fill[i]+size[t] <= max {
				parts[i].Roots = append(parts[i].Roots, t)
				fill[i] += size[t]
				placed = true
				break
			}
		}
		if !placed {
			parts = append(parts, Part{Roots: []int{t}, Parent: parent})
			fill = append(fill, size[t])
		}
	}
	return parts
}

func lastSegment(url string) string {
	url = strings.TrimSuffix(url, "/")
	return url[strings.LastIndex(url, "/")+1:]
}

// Sub is the map of part parts[pi]: its nodes and the edges between them, and for every
// hierarchy edge to or from a node in another part, an edge to or from that part's node in
// groups (class rm-outside added), so that a reader sees where the hierarchy continues and can
// follow it there. Lateral edges to other parts are left out: in a large organisation they run
// to every part, which makes the picture unreadable and its layout slow; the text alternative
// and each page's own map still show them. groups[i] stands for parts[i], as in Overview.
func Sub(m Map, parts []Part, pi int, groups []Node, label string) Map {
	partOf := partIndex(m, parts)
	idx := map[int]int{}
	sub := Map{Label: label, Flow: m.Flow}
	for _, i := range parts[pi].Nodes {
		idx[i] = len(sub.Nodes)
		sub.Nodes = append(sub.Nodes, m.Nodes[i])
	}
	stub := map[int]int{}
	at := func(i int) int {
		if j, ok := idx[i]; ok {
			return j
		}
		p := partOf[i]
		if j, ok := stub[p]; ok {
			return j
		}
		g := groups[p]
		g.Class = strings.TrimSpace(g.Class + " rm-outside")
		stub[p] = len(sub.Nodes)
		sub.Nodes = append(sub.Nodes, g)
		return stub[p]
	}
	seen := map[Edge]bool{}
	for _, e := range m.Edges {
		if partOf[e.From] != pi && partOf[e.To] != pi {
			continue
		}
		inside := partOf[e.From] == pi && partOf[e.To] == pi
		if !inside && e.Lateral {
			continue
		}
		e.From, e.To = at(e.From), at(e.To)
		if !inside {
			e.Tip = "" // the tooltip named a page that the group's node stands for
		}
		if seen[e] {
			continue
		}
		seen[e] = true
		sub.Edges = append(sub.Edges, e)
	}
	return sub
}

func partIndex(m Map, parts []Part) []int {
	partOf := make([]int, len(m.Nodes))
	for pi, p := range parts {
		for _, i := range p.Nodes {
			partOf[i] = pi
		}
	}
	return partOf
}

// Overview is the map of the parts themselves: groups[i] is the node that stands for parts[i]
// (its title, URL and tooltip chosen by the caller), with an edge from a part to the part of
// the node it hangs under: the hierarchy of the groups, without the relations that cross it
// (those are on the groups' own maps).
func Overview(m Map, parts []Part, groups []Node, label string) Map {
	partOf := partIndex(m, parts)
	o := Map{Label: label, Nodes: groups}
	for pi, p := range parts {
		if p.Parent >= 0 && partOf[p.Parent] != pi {
			o.Edges = append(o.Edges, Edge{From: pi, To: partOf[p.Parent], Rel: "group", Class: "rm-group-edge"})
		}
	}
	return o
}
