package graph

import (
	"slices"
	"sort"

	"handboek/generator/page"
)

// Linking again after an edit.
//
// An editor saving a page mostly changes its text, sometimes its relations or steps, rarely its
// title or name. Update handles the common cases in place: it unlinks each changed page (its
// relation edges, step roles and mentions, and with them the backlinks, roles and "mentioned by"
// entries on the other side), gives its node the new parse, and links it again, with the
// resolution rules of Link. What decides where a page is and what it is called — its path, slug,
// section, kind, title, aliases, weight, whether it is a draft — must be unchanged: that changes
// the names every reference is resolved by, the order of sections and neighbours, and the text
// of links on other pages, so it needs a new Link. TestUpdateEqualsLink checks that an updated
// graph is the graph Link makes.

// Delta says what Update changed.
type Delta struct {
	// Pages are the nodes that got a new parse.
	Pages []*Node
	// Touched are the nodes whose backlinks, roles or "mentioned by" lists were taken apart and
	// put together again: the relation targets, step parties and mentioned pages of Pages, before
	// and after. Their lists may be as they were.
	Touched []*Node
	// Relations, Steps and Mentions report whether any edge of that sort was added, removed or
	// changed (a step's title or phase counts as a change of Steps).
	Relations, Steps, Mentions bool
}

// Update links pages again, each the new parse of a page already in g, and records the
// problems of their references afresh (Problems returns them). It reports false, having changed
// nothing, when a page is not in g or differs from the page it replaces in anything that needs
// a new Link (see above). Update must not run while anything reads g.
func (g *Graph) Update(pages []*page.Page) (*Delta, bool) {
	nodes := make([]*Node, len(pages))
	for i, p := range pages {
		n := g.byPath[p.Path]
		if n == nil || n.Page == nil || !sameIdentity(n.Page, p) {
			return nil, false
		}
		if slices.Contains(nodes[:i], n) {
			return nil, false
		}
		nodes[i] = n
	}
	d := &Delta{Pages: nodes}
	cycles := false // whether cycles must be looked for again
	touched := map[*Node]bool{}
	touch := func(t *Node) {
		if !touched[t] {
			touched[t] = true
			d.Touched = append(d.Touched, t)
		}
	}
	for i, n := range nodes {
		oldOut, oldSteps, oldMentions := n.Out, n.Steps, n.mentions
		for _, e := range n.Out {
			e.To.In = slices.DeleteFunc(e.To.In, func(b Edge) bool { return b.From == n })
			touch(e.To)
		}
		for j := range n.Steps {
			for _, parties := range n.Steps[j].Parties {
				for _, t := range parties {
					t.Roles = slices.DeleteFunc(t.Roles, func(r Role) bool { return r.Process == n })
					touch(t)
				}
			}
		}
		for _, t := range n.mentions {
			t.MentionedBy = slices.DeleteFunc(t.MentionedBy, func(m *Node) bool { return m == n })
			touch(t)
		}
		cycles = cycles || !sameAcyclicRefs(g, n.Page, pages[i])
		n.Page = pages[i]
		n.Out, n.Steps, n.mentions, n.problems = nil, nil, nil, nil
		touch(n)
		if _, ok := g.pos[n]; ok {
			g.linkRelations(n)
		}
		g.linkSteps(n)
		g.linkBody(n)
		for _, e := range n.Out {
			touch(e.To)
		}
		for j := range n.Steps {
			for _, parties := range n.Steps[j].Parties {
				for _, t := range parties {
					touch(t)
				}
			}
		}
		for _, t := range n.mentions {
			touch(t)
		}
		d.Relations = d.Relations || !slices.Equal(oldOut, n.Out)
		d.Steps = d.Steps || !sameSteps(oldSteps, n.Steps)
		d.Mentions = d.Mentions || !slices.Equal(oldMentions, n.mentions)
	}
	// Put every list that was taken apart back in the order Link makes: backlinks by the place
	// of their page in Nodes (each page's in front matter order, as they were appended), roles
	// by the place of their process in All, "mentioned by" by less.
	for _, t := range d.Touched {
		sort.SliceStable(t.In, func(i, j int) bool { return g.pos[t.In[i].From] < g.pos[t.In[j].From] })
		sort.SliceStable(t.Roles, func(i, j int) bool { return g.allPos[t.Roles[i].Process] < g.allPos[t.Roles[j].Process] })
		sortMentionedBy(t)
	}
	if d.Relations || cycles {
		g.checkCycles()
	}
	return d, true
}

// sameAcyclicRefs reports whether a and b have the same references, at the same places, in the
// fields of acyclic relations: a cycle is reported where its last reference is written.
func sameAcyclicRefs(g *Graph, a, b *page.Page) bool {
	acyclic := func(p *page.Page) []page.Field {
		var out []page.Field
		for _, f := range p.Relations {
			if r := g.Config.Relation(f.Key); r != nil && r.Acyclic {
				out = append(out, f)
			}
		}
		return out
	}
	return slices.EqualFunc(acyclic(a), acyclic(b), func(x, y page.Field) bool {
		return x.Key == y.Key && slices.Equal(x.Refs, y.Refs)
	})
}

// sameIdentity reports whether b can take a's place in the graph without a new Link: everything
// that decides its node, its URL, the names it is found by and its place in lists is the same.
func sameIdentity(a, b *page.Page) bool {
	return a.Path == b.Path && a.Section == b.Section && a.Slug == b.Slug && a.IsIndex == b.IsIndex &&
		a.Title == b.Title && a.Kind == b.Kind && a.Weight == b.Weight && a.Draft == b.Draft &&
		slices.Equal(a.Aliases, b.Aliases)
}

func sameSteps(a, b []Step) bool {
	return slices.EqualFunc(a, b, func(x, y Step) bool {
		if x.Title != y.Title || x.Phase != y.Phase {
			return false
		}
		for i := range x.Parties {
			if !slices.Equal(x.Parties[i], y.Parties[i]) {
				return false
			}
		}
		return true
	})
}

// Mentions returns the pages n's body links to, each once, in the order of the body, n itself
// left out: the mention edges from n.
func (n *Node) Mentions() []*Node { return n.mentions }

// ByPath returns the node of the page whose source file is path ("content/x.md"), or nil.
func (g *Graph) ByPath(path string) *Node { return g.byPath[path] }
