package rolemap

import (
	"handboek/generator/config"
	"handboek/generator/graph"
)

// Classes repeat after this many kinds or relations; the theme styles rm-kind-1…8, rm-rel-1…8.
const styles = 8

// The classes themselves, made once rather than for every box and line of every map.
var (
	kindClasses = [styles]string{"rm-kind-1", "rm-kind-2", "rm-kind-3", "rm-kind-4", "rm-kind-5", "rm-kind-6", "rm-kind-7", "rm-kind-8"}
	relClasses  = [styles]string{"rm-rel-1", "rm-rel-2", "rm-rel-3", "rm-rel-4", "rm-rel-5", "rm-rel-6", "rm-rel-7", "rm-rel-8"}
)

// KindClass returns the theme class of a kind, "rm-kind-N" with N its place among the site's
// kinds in alphabetical order, so that a kind has the same colour on every map.
func KindClass(cfg *config.Config, kind string) string {
	for i, k := range cfg.KindNames {
		if k == kind {
			return kindClasses[i%styles]
		}
	}
	return "rm-kind-0"
}

// RelClass returns the theme class of a relation, "rm-rel-N" with N its place in site.toml.
func RelClass(cfg *config.Config, key string) string {
	for i, r := range cfg.Relations {
		if r.Key == key {
			return relClasses[i%styles]
		}
	}
	return "rm-rel-0"
}

func node(g *graph.Graph, n *graph.Node) Node {
	return Node{ID: n.ID, Title: n.Title, URL: n.URL, Tip: n.Summary, Class: KindClass(g.Config, n.Kind)}
}

func edge(g *graph.Graph, e graph.Edge, from, to int) Edge {
	label := e.Relation
	if r := g.Config.Relation(e.Relation); r != nil {
		label = r.Label
	}
	return Edge{From: from, To: to, Rel: e.Relation, Class: RelClass(g.Config, e.Relation),
		Tip: e.From.Title + " — " + label + " → " + e.To.Title, Lateral: Lateral(g.Config, e.Relation)}
}

// Lateral reports whether a relation should not decide what stands above what on a map: it is
// not declared acyclic and its from and to kinds overlap, so its edges may run in circles
// ("adviseert"). An acyclic relation ("opdrachtgever") or one between different kinds
// ("lid_van", from rol to orgaan) is a hierarchy.
func Lateral(cfg *config.Config, key string) bool {
	r := cfg.Relation(key)
	if r == nil || r.Acyclic {
		return false
	}
	for _, k := range r.From {
		if in(r.To, k) {
			return true
		}
	}
	return false
}

// Whole is the role map of g: every page of the [rolemap] kinds, by ID, and every edge of the
// [rolemap] relations between two of them, in front matter order.
func Whole(g *graph.Graph, label string) Map {
	rm := g.Config.RoleMap
	m := Map{Label: label}
	idx := map[*graph.Node]int{}
	for _, n := range g.Nodes {
		if in(rm.Kinds, n.Kind) {
			idx[n] = len(m.Nodes)
			m.Nodes = append(m.Nodes, node(g, n))
		}
	}
	for _, n := range g.Nodes {
		from, ok := idx[n]
		if !ok {
			continue
		}
		for _, e := range n.Out {
			if to, ok := idx[e.To]; ok && in(rm.Relations, e.Relation) {
				m.Edges = append(m.Edges, edge(g, e, from, to))
			}
		}
	}
	return m
}

// Local is the map around n: n itself (class rm-current added) and its direct neighbours in
// both directions over all relations. It has no edges when n has no relations.
func Local(g *graph.Graph, n *graph.Node, label string) Map {
	size := 1 + len(n.Out) + len(n.In)
	m := Map{Label: label, Nodes: make([]Node, 0, size), Edges: make([]Edge, 0, size-1)}
	c := node(g, n)
	c.Class += " rm-current"
	c.URL = n.URL
	m.Nodes = append(m.Nodes, c)
	idx := map[*graph.Node]int{n: 0}
	at := func(t *graph.Node) int {
		if i, ok := idx[t]; ok {
			return i
		}
		idx[t] = len(m.Nodes)
		m.Nodes = append(m.Nodes, node(g, t))
		return idx[t]
	}
	for _, e := range n.Out {
		if e.To != n {
			m.Edges = append(m.Edges, edge(g, e, 0, at(e.To)))
		}
	}
	for _, e := range n.In {
		if e.From != n {
			m.Edges = append(m.Edges, edge(g, e, at(e.From), 0))
		}
	}
	return m
}

// PhaseOrder returns the pages of steps.phase_kind in order: along the acyclic relations between
// phases where there are any (a topological order), otherwise, and between equals, by weight and
// title as in their section.
func PhaseOrder(g *graph.Graph) []*graph.Node {
	kind := g.Config.Steps.PhaseKind
	if kind == "" {
		return nil
	}
	var phases []*graph.Node
	pos := map[*graph.Node]int{}
	for _, s := range g.Sections {
		for _, n := range s.Pages {
			if n.Kind == kind {
				pos[n] = len(phases)
				phases = append(phases, n)
			}
		}
	}
	for _, n := range g.Nodes {
		if _, ok := pos[n]; !ok && n.Kind == kind {
			pos[n] = len(phases)
			phases = append(phases, n)
		}
	}
	indeg := map[*graph.Node]int{}
	edges := phaseEdges(g, pos)
	for _, e := range edges {
		indeg[e.To]++
	}
	// Kahn's algorithm, always taking the earliest ready phase by weight order.
	done := map[*graph.Node]bool{}
	out := make([]*graph.Node, 0, len(phases))
	for len(out) < len(phases) {
		var next *graph.Node
		for _, p := range phases {
			if !done[p] && indeg[p] == 0 {
				next = p
				break
			}
		}
		if next == nil { // a cycle (reported by the graph stage): keep weight order for the rest
			for _, p := range phases {
				if !done[p] {
					next = p
					break
				}
			}
		}
		done[next] = true
		out = append(out, next)
		for _, e := range edges {
			if e.From == next {
				indeg[e.To]--
			}
		}
	}
	return out
}

// phaseEdges are the edges of acyclic relations from a phase to a phase.
func phaseEdges(g *graph.Graph, phases map[*graph.Node]int) []graph.Edge {
	var out []graph.Edge
	for e := range g.Edges() {
		r := g.Config.Relation(e.Relation)
		if r == nil || !r.Acyclic {
			continue
		}
		_, a := phases[e.From]
		_, b := phases[e.To]
		if a && b && e.From != e.To {
			out = append(out, e)
		}
	}
	return out
}

// Phases is the flow of the phases, left to right, in PhaseOrder: the acyclic relations between
// them as edges, or, where there are none, one phase after another.
func Phases(g *graph.Graph, label string) Map {
	order := PhaseOrder(g)
	m := Map{Label: label, Flow: true}
	idx := map[*graph.Node]int{}
	for i, p := range order {
		idx[p] = i
		m.Nodes = append(m.Nodes, node(g, p))
	}
	for _, e := range phaseEdges(g, idx) {
		m.Edges = append(m.Edges, edge(g, e, idx[e.From], idx[e.To]))
	}
	if len(m.Edges) == 0 {
		for i := 1; i < len(order); i++ {
			m.Edges = append(m.Edges, Edge{From: i - 1, To: i, Rel: "order", Class: "rm-sequence",
				Tip: order[i-1].Title + " → " + order[i].Title})
		}
	}
	return m
}

func in(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
