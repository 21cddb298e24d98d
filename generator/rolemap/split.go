package rolemap

import (
	"sort"
	"strconv"
	"strings"
)

// MaxNodes is the most nodes the role map draws in one picture. Past it, Graphviz takes seconds
// (a few hundred nodes) to minutes (thousands), and a picture that size is not readable on a
// screen anyway; the map is then split (see Split). Measured figures: BENCHMARKS-rolemap.md.
const MaxNodes = 150

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

// Sub is the map of one part: its nodes, the nodes outside it that they have edges with (with
// class rm-outside added), and those edges.
func Sub(m Map, p Part, label string) Map {
	in := map[int]bool{}
	for _, i := range p.Nodes {
		in[i] = true
	}
	keep := map[int]bool{}
	for i := range in {
		keep[i] = true
	}
	for _, e := range m.Edges {
		if in[e.From] || in[e.To] {
			keep[e.From], keep[e.To] = true, true
		}
	}
	idx := map[int]int{}
	sub := Map{Label: label, Flow: m.Flow}
	for i, n := range m.Nodes {
		if !keep[i] {
			continue
		}
		if !in[i] {
			n.Class = strings.TrimSpace(n.Class + " rm-outside")
		}
		idx[i] = len(sub.Nodes)
		sub.Nodes = append(sub.Nodes, n)
	}
	for _, e := range m.Edges {
		if in[e.From] || in[e.To] {
			e.From, e.To = idx[e.From], idx[e.To]
			sub.Edges = append(sub.Edges, e)
		}
	}
	return sub
}

// Overview is the map of the parts themselves: groups[i] is the node that stands for parts[i]
// (its title, URL and tooltip chosen by the caller), with one edge from a group to another where
// any node of the one has an edge to a node of the other.
func Overview(m Map, parts []Part, groups []Node, label string) Map {
	partOf := make([]int, len(m.Nodes))
	for pi, p := range parts {
		for _, i := range p.Nodes {
			partOf[i] = pi
		}
	}
	o := Map{Label: label, Nodes: groups}
	seen := map[[2]int]bool{}
	for _, e := range m.Edges {
		a, b := partOf[e.From], partOf[e.To]
		if a == b || seen[[2]int{a, b}] {
			continue
		}
		seen[[2]int{a, b}] = true
		o.Edges = append(o.Edges, Edge{From: a, To: b, Rel: "group", Class: "rm-group-edge"})
	}
	return o
}
