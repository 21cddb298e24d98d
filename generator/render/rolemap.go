package render

import (
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strings"
	"sync"

	"handboek/generator/graph"
	"handboek/generator/rolemap"
)

// MapView is a map with its legend, ready for the rm-figure partial.
type MapView struct {
	svg     lazyHTML // the map: SVG
	Legend  []LegendItem
	Caption string
}

// SVG is the map drawn as an <svg> element.
func (m *MapView) SVG() template.HTML { return m.svg.get() }

// LegendItem explains one class of line or box on a map.
type LegendItem struct {
	Label string
	Class string // rm-rel-N for a relation's line, rm-kind-N for a kind's box
	Box   bool   // a box (kind) rather than a line (relation)
}

// PhaseColumn is one phase on a process page with the steps that belong to it.
type PhaseColumn struct {
	Phase *Link // nil for the steps without a phase
	Steps []StepCard
}

// StepCard is one step under its phase: its title and who is accountable and responsible.
type StepCard struct {
	Title       string
	Accountable []Link
	Responsible []Link
}

// roleMaps is the role map of a site: the whole map, and when it is too large for one picture,
// its parts (each drawn on a page of its own under rolkaart/).
type roleMaps struct {
	whole  rolemap.Map
	parts  []rolemap.Part
	groups []rolemap.Node   // the node standing for each part
	pages  map[*Special]int // a part's page → its index in parts
	nodes  [][]*graph.Node  // the pages of each part, in the order of the graph
	mu     sync.Mutex       // guards err
	err    error            // the first layout failure
	legend []LegendItem
	phases []*graph.Node // rolemap.PhaseOrder, worked out once: it looks at every edge
}

// newRoleMaps splits the role map when it is too large and adds a page per part to s.special.
// Laying out happens later, when the pages are rendered.
func newRoleMaps(s *site) *roleMaps {
	rm := &roleMaps{whole: rolemap.Whole(s.g, s.t["rolemap"]), pages: map[*Special]int{}, phases: rolemap.PhaseOrder(s.g)}
	cfg := s.g.Config
	for _, k := range cfg.RoleMap.Kinds {
		rm.legend = append(rm.legend, LegendItem{Label: cfg.Label(k), Class: rolemap.KindClass(cfg, k), Box: true})
	}
	for _, key := range cfg.RoleMap.Relations {
		if r := cfg.Relation(key); r != nil {
			rm.legend = append(rm.legend, LegendItem{Label: r.Label, Class: rolemap.RelClass(cfg, key)})
		}
	}
	rm.parts = rolemap.Split(rm.whole, rolemap.MaxNodes, cfg.RoleMap.Relations)
	for i, p := range rm.parts {
		title := rm.whole.Nodes[p.Roots[0]].Title
		if len(p.Roots) > 1 {
			title = fmt.Sprintf(s.t["rolemapMore"], title, len(p.Roots)-1)
		}
		sp := &Special{URL: "rolkaart/" + p.Slug + "/", Layout: "rolkaart", Title: s.t["rolemap"] + ": " + title}
		rm.pages[sp] = i
		s.special = append(s.special, sp)
		rm.groups = append(rm.groups, rolemap.Node{ID: "rolkaart/" + p.Slug, Title: title, URL: sp.URL,
			Tip: fmt.Sprintf(s.t["rolemapCount"], len(p.Nodes)), Class: "rm-group"})
		idx := slices.Sorted(slices.Values(p.Nodes)) // the whole map has its nodes in the graph's order
		nodes := make([]*graph.Node, len(idx))
		for i, n := range idx {
			nodes[i] = s.g.ByID(rm.whole.Nodes[n].ID)
		}
		rm.nodes = append(rm.nodes, nodes)
	}
	return rm
}

func (rm *roleMaps) fail(err error) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	if rm.err == nil {
		rm.err = err
	}
}

// Err returns the first layout failure of any map, or nil.
func (rm *roleMaps) Err() error {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	return rm.err
}

// fillRoleMap draws the picture of a role map page (the whole map, the overview of its parts,
// or one part) into v, which already holds the text alternative of the whole map.
func (s *site) fillRoleMap(v *View, sp *Special) {
	rm := s.rm
	m := rm.whole
	pi, isPart := rm.pages[sp]
	if isPart {
		v.RoleMap = s.roleMap(sp.URL, rm.nodes[pi])
	} else {
		v.RoleMap = s.roleMap(sp.URL, s.g.Nodes)
	}
	v.RoleMap.Legend = rm.legend
	if isPart {
		m = rolemap.Sub(rm.whole, rm.parts, pi, rm.groups, sp.Title)
		v.Crumbs = append(v.Crumbs, newLink(s.t["rolemap"], graph.Rel(sp.URL, "rolkaart/")))
		v.Summary = s.t["rolemapPartIntro"]
	} else if rm.parts != nil {
		m = rolemap.Overview(rm.whole, rm.parts, rm.groups, s.t["rolemap"])
		for i := range rm.parts {
			g := rm.groups[i]
			l := newLink(g.Title, graph.Rel(sp.URL, g.URL))
			l.Summary = g.Tip
			v.RoleMap.Groups = append(v.RoleMap.Groups, l)
		}
		v.RoleMap.Legend = []LegendItem{{Label: s.t["rolemapGroup"], Class: "rm-group", Box: true}, {Label: s.t["rolemapUnder"], Class: "rm-group-edge"}}
	}
	svg, err := rolemap.Draw(m, sp.URL)
	if err != nil {
		rm.fail(err)
		return
	}
	v.RoleMap.SVG = template.HTML(svg)
}

// localMap is the small map on an entity page: the page and its direct neighbours over every
// relation, or nil when it has none.
func (s *site) localMap(n *graph.Node) *MapView {
	if n.Kind == "" || n.IsIndex || len(n.Out)+len(n.In) == 0 {
		return nil
	}
	m := rolemap.Local(s.g, n, s.t["localMap"]+": "+n.Title)
	// Drawn for this page alone: straight into the page when it is written.
	mv := &MapView{svg: lazyHTML{appendTo: func(b []byte) []byte { return rolemap.DrawLocal(b, m, n.URL) }}, Caption: s.t["localMapCaption"]}
	seen := map[string]bool{}
	for _, rel := range s.g.Config.Relations {
		for _, e := range m.Edges {
			if e.Rel == rel.Key && !seen[rel.Key] {
				seen[rel.Key] = true
				mv.Legend = append(mv.Legend, LegendItem{Label: rel.Label, Class: e.Class})
			}
		}
	}
	return mv
}

// phaseFlow draws the phases in order on the section page of the phase kind, or returns nil.
func (s *site) phaseFlow(n *graph.Node) *MapView {
	pk := s.g.Config.Steps.PhaseKind
	if pk == "" || !n.IsIndex || n.Section == nil || n.Section.Kind == nil || n.Section.Kind.Name != pk {
		return nil
	}
	m := rolemap.Phases(s.g, s.t["phaseFlow"])
	if len(m.Nodes) == 0 {
		return nil
	}
	svg, err := rolemap.Draw(m, n.URL)
	if err != nil {
		s.rm.fail(err)
		return nil
	}
	return &MapView{svg: lazyHTML{html: template.HTML(svg)}, Caption: s.t["phaseFlowCaption"]}
}

// stepFlow places a page's steps under their phases, phases in PhaseOrder; nil when no step has
// a phase.
func (s *site) stepFlow(n *graph.Node) []PhaseColumn {
	byPhase := map[*graph.Node][]StepCard{}
	var loose []StepCard
	any := false
	for i := range n.Steps {
		st := &n.Steps[i]
		c := StepCard{Title: st.Title}
		for _, p := range st.Parties[1] {
			c.Accountable = append(c.Accountable, s.link(n.URL, p))
		}
		for _, p := range st.Parties[0] {
			c.Responsible = append(c.Responsible, s.link(n.URL, p))
		}
		if st.Phase == nil {
			loose = append(loose, c)
			continue
		}
		any = true
		byPhase[st.Phase] = append(byPhase[st.Phase], c)
	}
	if !any {
		return nil
	}
	var cols []PhaseColumn
	for _, p := range s.rm.phases {
		if cards, ok := byPhase[p]; ok {
			cols = append(cols, PhaseColumn{Phase: s.linkPtr(n.URL, p), Steps: cards})
		}
	}
	if len(loose) > 0 {
		cols = append(cols, PhaseColumn{Steps: loose})
	}
	return cols
}

// maxMatrixParties is the most parties the responsibility overview shows as columns of one
// table; past it (a large organisation) each process gets a table of its own parties, which a
// screen can still show.
const maxMatrixParties = 40

// matrix builds the responsibility overview: every step of every process as a row, grouped by
// process. When at most maxMatrixParties parties take part in any step, every group shares
// the same columns (every party, by party_kinds order, then title); parties is then that list.
func (s *site) matrix(from string) (groups []MatrixGroup, parties []Link) {
	var procs []*graph.Node
	var all []*graph.Node
	seen := map[*graph.Node]bool{}
	for _, n := range s.g.All() {
		if len(n.Steps) == 0 {
			continue
		}
		procs = append(procs, n)
		all = stepParties(all, seen, n)
	}
	sort.SliceStable(procs, func(i, j int) bool { return strings.ToLower(procs[i].Title) < strings.ToLower(procs[j].Title) })
	if len(all) > maxMatrixParties {
		for _, n := range procs {
			groups = append(groups, MatrixGroup{Process: s.link(from, n), RACI: s.raci(from, n)})
		}
		return groups, nil
	}
	kindRank := func(n *graph.Node) int {
		for i, k := range s.g.Config.Steps.PartyKinds {
			if k == n.Kind {
				return i
			}
		}
		return len(s.g.Config.Steps.PartyKinds)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if a, b := kindRank(all[i]), kindRank(all[j]); a != b {
			return a < b
		}
		return strings.ToLower(all[i].Title) < strings.ToLower(all[j].Title)
	})
	for _, p := range all {
		parties = append(parties, s.link(from, p))
	}
	for _, n := range procs {
		t := &RACI{Parties: parties, Rows: s.raciRows(from, n, all)}
		groups = append(groups, MatrixGroup{Process: s.link(from, n), RACI: t, Columns: len(parties) + 2})
	}
	return groups, parties
}
