package rolemap

import "fmt"

// Draw lays m out in layers (see layout.go: few crossings, whoever an edge points to above, or
// left to right for a Flow map) and returns it as an <svg> element for a page at URL from
// (relative to the output root); node links are relative to that page. Ordering the ranks
// takes more than linear time in the size of a rank: keep maps below a few hundred nodes (see
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
	w, h, err := layered(m, boxes, paths)
	if err != nil {
		return nil, fmt.Errorf("laying out %s: %w", m.Label, err)
	}
	variant := "hierarchy"
	if m.Flow {
		variant = "flow"
	}
	return write(nil, m, from, variant, w, h, boxes, paths), nil
}

// smallMap is the size up to which every edge, lateral ones too, decides the ranks: in a small
// map that shows who advises whom best. In a larger one, lateral edges (which may run in
// circles, and in a large organisation run everywhere) would break up the hierarchy's rows.
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
