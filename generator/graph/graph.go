// Package graph links parsed pages into one typed graph: every reference resolved to a page,
// every relation given its inverse, body links recorded as mentions and steps as RACI edges.
//
// This is where the validation lives that needs the whole site: unknown, ambiguous and
// wrongly-kinded references, cycles in acyclic relations, two pages on one URL. Once Link
// returns, the graph is read-only, but for Update (update.go): a dev server that rebuilds after
// an edit links just the edited pages again, in place.
package graph

import (
	"cmp"
	"fmt"
	"iter"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"handboek/generator/config"
	"handboek/generator/diag"
	"handboek/generator/markdown"
	"handboek/generator/page"
	"handboek/generator/slug"
	"handboek/internal/par"
)

// Mentions is the relation name of a link in a page's body.
const Mentions = "mentions"

// RACI are the relation names of step edges, in the order of page.Letters.
var RACI = [4]string{"responsible", "accountable", "consulted", "informed"}

// Graph is a linked site.
type Graph struct {
	Config   *config.Config
	Home     *Node
	Sections []*Section // in order of weight of their page, then title
	Nodes    []*Node    // every published page but the home and section pages, by ID
	Routes   []Route

	byID   map[string]*Node
	byPath map[string]*Node
	keys   map[string][]*Node
	drafts map[string]*page.Page // draft pages left out of this build, by reference key

	all    []*Node        // All(), worked out once
	pos    map[*Node]int  // place in Nodes, the order relation edges are linked in
	allPos map[*Node]int  // place in all, the order step and mention edges are linked in
	global []diag.Problem // problems that are not about the references of one page
	cycles []diag.Problem // cycles in acyclic relations
}

// Section is a top-level folder of content/.
type Section struct {
	Name  string
	Page  *Node        // its _index.md, or a page made up for it
	Kind  *config.Kind // nil for a section of articles
	Pages []*Node      // sorted by weight, then title
}

// Node is a page in the graph.
type Node struct {
	*page.Page
	ID  string // kind/slug, section/slug, or the section name for a section page; "" for home
	URL string // relative to the output root, ending in "/"; "" for the home page

	Section *Section
	Out     []Edge // relation edges from here, in front matter order
	In      []Edge // relation edges to here (shown as backlinks under the inverse label)

	MentionedBy []*Node         // pages whose body links here, in reading order (sortPages)
	Links       []markdown.Link // where each of the body's references (Page.Refs) leads
	Steps       []Step          // the page's own steps, resolved
	Roles       []Role          // steps of other pages this page is a party of
	Prev, Next  *Node           // neighbours in the section

	mentions []*Node        // the pages its body links to, each once, in order, not itself
	rank     int            // its place among all pages in reading order (sortPages)
	problems []diag.Problem // what is wrong with the references this page makes
}

// Edge is a typed edge. Relation is a relation key, Mentions, or one of RACI (then Step is set).
type Edge struct {
	From, To *Node
	Relation string
	Step     string
}

// Step is a resolved responsibility step.
type Step struct {
	Title   string
	Phase   *Node
	Parties [4][]*Node
}

// Role is a party's part in a step.
type Role struct {
	Process *Node
	Step    *Step
	Letter  string
}

// Route is a resolved reading route.
type Route struct {
	Name  string
	Pages []*Node
}

// Resolve finds the page a reference names, for use by stages after linking. kinds limits the
// allowed kinds (nil: any page). It returns nil when the reference does not name exactly one.
func (g *Graph) Resolve(ref string, kinds []string) *Node {
	n, _ := g.lookup(ref, kinds)
	if len(n) == 1 {
		return n[0]
	}
	return nil
}

// ByID returns the node with id.
func (g *Graph) ByID(id string) *Node { return g.byID[id] }

// All returns every node, home and section pages included, by URL. The slice is the caller's.
func (g *Graph) All() []*Node {
	return slices.Clone(g.all)
}

// KindLabel returns the label of n's kind, or "".
func (g *Graph) KindLabel(n *Node) string {
	if n.Kind == "" {
		return ""
	}
	return g.Config.Label(n.Kind)
}

// Link builds the graph from pages (drafts already removed) and reports what does not fit.
//
// drafts are the draft pages left out of the build: a reference to one of them is reported as a
// link to a draft rather than to a page that does not exist.
func Link(cfg *config.Config, pages, drafts []*page.Page, problems *diag.List) *Graph {
	g := &Graph{Config: cfg, byID: map[string]*Node{}, byPath: map[string]*Node{}, drafts: map[string]*page.Page{}}
	var global diag.List // problems of the site as a whole; each page keeps its own
	for _, d := range drafts {
		for _, k := range append([]string{d.Slug, d.Path}, d.Aliases...) {
			g.drafts[slug.Key(k)] = d
		}
		if d.Kind != "" {
			g.drafts[slug.Key(d.Kind+"/"+d.Slug)] = d
		}
		if d.Section != "" {
			g.drafts[slug.Key(d.Section+"/"+d.Slug)] = d
		}
	}
	sections := map[string]*Section{}
	section := func(name string) *Section {
		if s := sections[name]; s != nil {
			return s
		}
		s := &Section{Name: name, Kind: cfg.KindOfSection(name)}
		sections[name] = s
		return s
	}

	sorted := append([]*page.Page(nil), pages...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	urls := map[string]*Node{}
	for _, p := range sorted {
		n := &Node{Page: p}
		switch {
		case p.IsIndex && p.Section == "":
			if p.Path != "content/_index.md" {
				continue
			}
			g.Home = n
		case p.IsIndex && p.Slug == p.Section:
			n.ID, n.URL = p.Section, slug.URL(p.Section)+"/"
			s := section(p.Section)
			s.Page, n.Section = n, s
		default:
			sec := p.Section
			if p.Kind != "" {
				n.ID = p.Kind + "/" + p.Slug
			} else if sec != "" {
				n.ID = sec + "/" + p.Slug
			} else {
				n.ID = p.Slug
			}
			if sec != "" {
				n.URL = slug.URL(sec) + "/" + slug.URL(p.Slug) + "/"
				n.Section = section(sec)
				n.Section.Pages = append(n.Section.Pages, n)
			} else {
				n.URL = slug.URL(p.Slug) + "/"
			}
			g.Nodes = append(g.Nodes, n)
		}
		if other := urls[n.URL]; other != nil && n != g.Home {
			global.Add(diag.Pos{Path: p.Path, Line: 1, Col: 1}, "two pages on one URL %s: %s and %s; rename one of the files", n.URL, other.Path, p.Path)
			continue
		}
		urls[n.URL] = n
		g.byPath[p.Path] = n
		if n.ID != "" {
			g.byID[n.ID] = n
		}
	}
	if g.Home == nil {
		g.Home = &Node{Page: &page.Page{Path: "content/_index.md", Title: cfg.Title, IsIndex: true}}
	}
	for name, s := range sections {
		if s.Page == nil {
			first, size := utf8.DecodeRuneInString(name) // the whole first letter: "ämbten" → "Ämbten"
			title := string(unicode.ToUpper(first)) + name[size:]
			if s.Kind != nil {
				title = s.Kind.Plural
			}
			s.Page = &Node{Page: &page.Page{Path: "content/" + name + "/_index.md", Section: name, Slug: name, IsIndex: true, Title: title},
				ID: name, URL: slug.URL(name) + "/", Section: s}
			if other := urls[s.Page.URL]; other != nil {
				global.Add(diag.Pos{Path: other.Path, Line: 1, Col: 1}, "page %s takes the URL %s of section %q; rename the file", other.Path, s.Page.URL, name)
			}
			g.byID[name] = s.Page
		}
		g.Sections = append(g.Sections, s)
	}
	sortBy(g.Sections, func(s *Section) *Node { return s.Page })
	sort.Slice(g.Nodes, func(i, j int) bool { return g.Nodes[i].ID < g.Nodes[j].ID })

	g.all = make([]*Node, 0, len(g.Nodes)+len(g.Sections)+1)
	g.all = append(g.all, g.Home)
	for _, s := range g.Sections {
		g.all = append(g.all, s.Page)
	}
	g.all = append(g.all, g.Nodes...)
	sort.Slice(g.all, func(i, j int) bool { return g.all[i].URL < g.all[j].URL })
	g.pos = make(map[*Node]int, len(g.Nodes))
	for i, n := range g.Nodes {
		g.pos[n] = i
	}
	g.allPos = make(map[*Node]int, len(g.all))
	for i, n := range g.all {
		g.allPos[n] = i
	}
	// The names pages are referred to by are registered while the pages are put in order.
	var indexed sync.WaitGroup
	indexed.Go(g.index)
	// Every page's place in reading order, so that the lists of pages that mention a page
	// are put in that order by comparing numbers: folding titles while sorting each list cost
	// more than all the rest of linking on a large site. What decides the order (weight, title,
	// path) is never changed by Update.
	order := slices.Clone(g.all)
	sortPages(order)
	for i, n := range order {
		n.rank = i
	}
	// A section's pages in the same order, by comparing numbers.
	for _, s := range g.Sections {
		slices.SortFunc(s.Pages, func(a, b *Node) int { return cmp.Compare(a.rank, b.rank) })
		for i, n := range s.Pages {
			if i > 0 {
				n.Prev = s.Pages[i-1]
			}
			if i+1 < len(s.Pages) {
				n.Next = s.Pages[i+1]
			}
		}
	}

	indexed.Wait()
	// Each page's references are resolved on every core (only reading the indexes, writing only
	// to the page). Then every page is put in the backlinks and roles of the pages it points
	// to, in the order of Nodes and All, as Update puts them back, and in their "mentioned by"
	// lists in reading order, which is the order sortMentionedBy gives.
	par.For(len(g.all), func(i int) {
		n := g.all[i]
		if _, ok := g.pos[n]; ok {
			g.resolveRelations(n)
		}
		g.resolveSteps(n)
		g.resolveBody(n)
	})
	for _, n := range g.Nodes {
		n.backlink()
	}
	for _, n := range g.all {
		n.addRoles()
	}
	for _, n := range order {
		n.mention()
	}
	g.linkRoutes(&global)
	g.global = global.Sorted()
	g.checkCycles()
	problems.Append(g.Problems()...)
	return g
}

// Problems returns every problem linking found: in the site as a whole and in each page's
// references, in no particular order.
func (g *Graph) Problems() []diag.Problem {
	out := append(append([]diag.Problem(nil), g.global...), g.cycles...)
	for _, n := range g.all {
		out = append(out, n.problems...)
	}
	return out
}

// Edges yields every edge: relation edges by page (Nodes order) in front matter order, then
// step edges by page (All order), step, letter and party, then mention edges by page (All
// order) in body order. They are worked out as they are asked for, not kept: at 10,000 pages a
// list of them holds over 100,000 edges, which the collector would go through in every cycle
// while the pages are written.
func (g *Graph) Edges() iter.Seq[Edge] {
	return func(yield func(Edge) bool) {
		for _, n := range g.Nodes {
			for _, e := range n.Out {
				if !yield(e) {
					return
				}
			}
		}
		for _, n := range g.all {
			for i := range n.Steps {
				s := &n.Steps[i]
				for li, parties := range s.Parties {
					for _, t := range parties {
						if !yield(Edge{From: n, To: t, Relation: RACI[li], Step: s.Title}) {
							return
						}
					}
				}
			}
		}
		for _, n := range g.all {
			for _, t := range n.mentions {
				if !yield(Edge{From: n, To: t, Relation: Mentions}) {
					return
				}
			}
		}
	}
}

// addProblems keeps what l found wrong with n's references.
func (n *Node) addProblems(l *diag.List) {
	if l.Len() > 0 {
		n.problems = append(n.problems, l.Sorted()...)
	}
}

// sortPages puts pages in reading order: pages with a weight first, by weight, then by title
// (accents and case aside), then by path. Each title is folded once, not in every comparison:
// a section of thousands of pages is sorted with tens of thousands of comparisons.
func sortPages(ns []*Node) { sortBy(ns, func(n *Node) *Node { return n }) }

// sortBy sorts xs as sortPages sorts the pages page(x).
func sortBy[T any](xs []T, page func(T) *Node) {
	type item struct {
		x     T
		n     *Node
		title string
	}
	items := make([]item, len(xs))
	for i, x := range xs {
		n := page(x)
		items[i] = item{x, n, strings.ToLower(slug.Fold(n.Title))}
	}
	slices.SortStableFunc(items, func(a, b item) int {
		if wa, wb := a.n.Weight, b.n.Weight; wa != wb {
			switch {
			case wa == 0: // pages with a weight come before pages without one
				return 1
			case wb == 0:
				return -1
			}
			return cmp.Compare(wa, wb)
		}
		if c := strings.Compare(a.title, b.title); c != 0 {
			return c
		}
		return strings.Compare(a.n.Path, b.n.Path)
	})
	for i, it := range items {
		xs[i] = it.x
	}
}

// index registers every name a page can be referred to by.
func (g *Graph) index() {
	g.keys = make(map[string][]*Node, 3*len(g.Nodes)) // slug, ID, section/slug: most pages have three
	add := func(key string, n *Node) {
		k := slug.Key(key)
		for _, m := range g.keys[k] {
			if m == n {
				return
			}
		}
		g.keys[k] = append(g.keys[k], n)
	}
	for _, n := range g.Nodes {
		add(n.Slug, n)
		add(slug.URL(n.Slug), n)
		add(n.ID, n)
		if n.Section != nil {
			add(n.Section.Name+"/"+n.Slug, n)
		}
		for _, a := range n.Aliases {
			add(a, n)
		}
	}
	for _, s := range g.Sections {
		if _, taken := g.keys[slug.Key(s.Name)]; !taken {
			add(s.Name, s.Page)
		}
		if s.Page.Page != nil {
			for _, a := range s.Page.Aliases {
				add(a, s.Page)
			}
		}
	}
}

// lookup returns the pages ref names among kinds (nil: all), and all pages it names at all.
func (g *Graph) lookup(ref string, kinds []string) (allowed, named []*Node) {
	named = g.keys[slug.Key(ref)]
	if len(named) == 0 {
		named = g.keys[slug.Key(slug.URL(ref))]
	}
	if kinds == nil {
		return named, named // every one is allowed; neither is changed by the callers
	}
	for _, n := range named {
		if slices.Contains(kinds, n.Kind) {
			allowed = append(allowed, n)
		}
	}
	return allowed, named
}

// resolve finds the one page ref names, or reports why it cannot. what names the expected kinds
// in messages ("rol or orgaan", "page"), field the field that holds the reference.
func (g *Graph) resolve(ref page.Ref, kinds []string, field string, problems *diag.List) *Node {
	allowed, named := g.lookup(ref.Target, kinds)
	what := "page"
	if kinds != nil {
		what = strings.Join(kinds, " or ")
	}
	switch {
	case len(allowed) == 1:
		return allowed[0]
	case len(allowed) > 1:
		ids := make([]string, len(allowed))
		for i, n := range allowed {
			ids[i] = n.ID
		}
		problems.Add(ref.Pos, "%q is ambiguous: it names %s; write the id of the page you mean", ref.Target, strings.Join(ids, " and "))
	case len(named) > 0:
		problems.Add(ref.Pos, "%s cannot point to %q: that is %s, and %s points to %s pages only", field, ref.Target, kindName(named[0]), field, what)
	case g.drafts[slug.Key(ref.Target)] != nil:
		d := g.drafts[slug.Key(ref.Target)]
		problems.Add(ref.Pos, "%q is a draft (%s has draft = true), so it is not published: remove this reference, or publish the page", ref.Target, d.Path)
	default:
		problems.Add(ref.Pos, "unknown %s %q%s", what, ref.Target, diag.DidYouMean(ref.Target, g.candidates(kinds)))
	}
	return nil
}

// kindName says what n is, with an article: "a rol page", "a section page".
func kindName(n *Node) string {
	switch {
	case n.Kind != "":
		return diag.A(n.Kind) + " page"
	case n.IsIndex:
		return "a section page"
	}
	return "a page without a kind"
}

// candidates lists the slugs and aliases of pages of kinds, for suggestions.
func (g *Graph) candidates(kinds []string) []string {
	var out []string
	for _, n := range g.Nodes {
		if kinds == nil || slices.Contains(kinds, n.Kind) {
			out = append(out, n.Slug)
			out = append(out, n.Aliases...)
		}
	}
	return out
}

// linkRelations resolves the relation fields of n, one of Nodes, and puts its edges among the
// backlinks of their targets.
func (g *Graph) linkRelations(n *Node) {
	g.resolveRelations(n)
	n.backlink()
}

// resolveRelations resolves the relation fields of n, one of Nodes, into n.Out. It changes n
// alone, so it runs for many pages at once.
func (g *Graph) resolveRelations(n *Node) {
	var problems diag.List
	for _, f := range n.Relations {
		rel := g.Config.Relation(f.Key)
		first := len(n.Out)
		for _, r := range f.Refs {
			t := g.resolve(r, rel.To, f.Key, &problems)
			if t == nil || slices.ContainsFunc(n.Out[first:], func(e Edge) bool { return e.To == t }) {
				continue
			}
			n.Out = append(n.Out, Edge{From: n, To: t, Relation: f.Key})
		}
	}
	n.addProblems(&problems)
}

// backlink adds n's relation edges to the backlinks of their targets.
func (n *Node) backlink() {
	for _, e := range n.Out {
		e.To.In = append(e.To.In, e)
	}
}

// linkSteps resolves the steps of n, and gives their parties their roles.
func (g *Graph) linkSteps(n *Node) {
	g.resolveSteps(n)
	n.addRoles()
}

// resolveSteps resolves the steps of n into n.Steps. It changes n alone, so it runs for many
// pages at once.
func (g *Graph) resolveSteps(n *Node) {
	if n.Page == nil {
		return
	}
	sc := g.Config.Steps
	var phaseKinds, partyKinds []string
	if sc.PhaseKind != "" {
		phaseKinds = []string{sc.PhaseKind}
	}
	if len(sc.PartyKinds) > 0 {
		partyKinds = sc.PartyKinds
	}
	var problems diag.List
	for _, s := range n.Page.Steps {
		rs := Step{Title: s.Title}
		if s.Phase != nil {
			rs.Phase = g.resolve(*s.Phase, phaseKinds, "phase", &problems)
		}
		for li := range s.Parties {
			for _, r := range s.Parties[li] {
				if t := g.resolve(r, partyKinds, page.PartyFields[li], &problems); t != nil {
					rs.Parties[li] = append(rs.Parties[li], t)
				}
			}
		}
		n.Steps = append(n.Steps, rs)
	}
	n.addProblems(&problems)
}

// addRoles gives the parties of n's steps their role in it.
func (n *Node) addRoles() {
	for i := range n.Steps {
		s := &n.Steps[i]
		for li, parties := range s.Parties {
			for _, t := range parties {
				t.Roles = append(t.Roles, Role{Process: n, Step: s, Letter: page.Letters[li]})
			}
		}
	}
}

// linkBody resolves the links in n's body.
func (g *Graph) linkBody(n *Node) {
	g.resolveBody(n)
	n.mention()
}

// mention adds n to the "mentioned by" list of each page it links to.
func (n *Node) mention() {
	for _, t := range n.mentions {
		t.MentionedBy = append(t.MentionedBy, n)
	}
}

// resolveBody resolves the links in n's body, and lists the pages they lead to in n.mentions.
// It changes n alone, so it runs for many pages at once.
func (g *Graph) resolveBody(n *Node) {
	if n.Page == nil {
		return
	}
	var problems diag.List
	n.Links = make([]markdown.Link, len(n.Refs))
	for i, r := range n.Refs {
		var t *Node
		if r.Kind == markdown.FileRef {
			t = g.resolveFile(n, r, &problems)
		} else {
			t = g.resolve(page.Ref{Target: r.Target, Pos: r.Pos}, nil, "link", &problems)
		}
		if t == nil {
			continue // broken: no link
		}
		n.Links[i] = markdown.Link{To: t.URL, Fragment: r.Fragment, Title: t.Title, Up: strings.Count(n.URL, "/"), Resolved: true}
		if t != n && !slices.Contains(n.mentions, t) { // few pages each: a list beats a map
			n.mentions = append(n.mentions, t)
		}
	}
	n.addProblems(&problems)
}

// sortMentionedBy puts the pages that mention n in their order on n's page.
func sortMentionedBy(n *Node) {
	slices.SortFunc(n.MentionedBy, func(a, b *Node) int { return cmp.Compare(a.rank, b.rank) })
}

func (g *Graph) resolveFile(from *Node, r page.BodyRef, problems *diag.List) *Node {
	target := path.Clean(path.Join(path.Dir(from.Path), r.Target))
	if t := g.byPath[target]; t != nil {
		return t
	}
	if t := g.byPath[target[:len(target)-len(path.Ext(target))]+".md"]; t != nil {
		return t
	}
	if d := g.drafts[slug.Key(target)]; d != nil {
		problems.Add(r.Pos, "%s is a draft (draft = true), so it is not published: remove this link, or publish the page", r.Target)
		return nil
	}
	// Suggest the page whose file name is nearest, written relative to the linking page.
	byName := map[string]string{}
	var names []string
	for p := range g.byPath {
		name := strings.TrimSuffix(path.Base(p), ".md")
		if _, dup := byName[name]; !dup {
			names = append(names, name)
		}
		byName[name] = p
	}
	hint := ""
	if near := diag.Nearest(strings.TrimSuffix(path.Base(target), ".md"), names); near != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", relPath(path.Dir(from.Path), byName[near]))
	}
	problems.Add(r.Pos, "link to a page that does not exist: %s%s", r.Target, hint)
	return nil
}

// relPath returns target relative to the folder dir (both slash-separated, relative to one root).
func relPath(dir, target string) string {
	d := strings.Split(dir, "/")
	t := strings.Split(target, "/")
	i := 0
	for i < len(d) && i < len(t)-1 && d[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(d)-i) + strings.Join(t[i:], "/")
}

func (g *Graph) linkRoutes(problems *diag.List) {
	for _, r := range g.Config.Routes {
		route := Route{Name: r.Name}
		for i, ref := range r.Pages {
			tp := g.Config.Pos.Value(fmt.Sprintf("routes[%d].pages[%d]", r.Index, i))
			pos := diag.Pos{Path: config.FileName, Line: tp.Line, Col: tp.Col}
			if t := g.resolve(page.Ref{Target: ref, Pos: pos}, nil, "route", problems); t != nil {
				route.Pages = append(route.Pages, t)
			}
		}
		g.Routes = append(g.Routes, route)
	}
}

// checkCycles finds every cycle in each acyclic relation, once, naming the whole cycle.
func (g *Graph) checkCycles() {
	var problems diag.List
	defer func() { g.cycles = problems.Sorted() }()
	for _, rel := range g.Config.Relations {
		if !rel.Acyclic {
			continue
		}
		const (
			white = iota
			grey
			black
		)
		state := map[*Node]int{}
		var stack []*Node
		var visit func(n *Node)
		visit = func(n *Node) {
			state[n] = grey
			stack = append(stack, n)
			for _, e := range n.Out {
				if e.Relation != rel.Key {
					continue
				}
				switch state[e.To] {
				case white:
					visit(e.To)
				case grey:
					start := 0
					for i, m := range stack {
						if m == e.To {
							start = i
						}
					}
					cycle := stack[start:]
					names := make([]string, 0, len(cycle)+1)
					for _, m := range cycle {
						names = append(names, m.Slug)
					}
					names = append(names, e.To.Slug)
					pos := refPos(cycle[len(cycle)-1], rel.Key, e.To)
					problems.Add(pos, "%s forms a cycle: %s; remove one of these references", rel.Key, strings.Join(names, " → "))
				}
			}
			stack = stack[:len(stack)-1]
			state[n] = black
		}
		for _, n := range g.Nodes {
			if state[n] == white {
				visit(n)
			}
		}
	}
}

// refPos is the position of the reference from n to t in field key.
func refPos(n *Node, key string, t *Node) diag.Pos {
	for _, f := range n.Relations {
		if f.Key != key {
			continue
		}
		for _, r := range f.Refs {
			if slug.Key(r.Target) == slug.Key(t.Slug) || slug.Key(r.Target) == slug.Key(t.ID) || slug.URL(r.Target) == slug.URL(t.Slug) {
				return r.Pos
			}
			for _, a := range t.Aliases {
				if slug.Key(a) == slug.Key(r.Target) {
					return r.Pos
				}
			}
		}
	}
	return diag.Pos{Path: n.Path, Line: 1, Col: 1}
}

// Rel returns the relative URL from the page at URL from to the page at URL to (both relative to
// the output root, ending in "/" or empty for the root).
func Rel(from, to string) string {
	up := Up(from)
	if to == "" && up == "" {
		return "./"
	}
	return up + to
}

// Up returns the way from the page at URL from up to the output root: "../" for each folder,
// "" for the root itself.
func Up(from string) string {
	depth := strings.Count(from, "/")
	if 3*depth > len(ups) {
		return strings.Repeat("../", depth)
	}
	return ups[:3*depth]
}

// ups is the way up from a page in a folder as deep as a site's pages: Rel is called for every
// link on every page, and takes its "../" from here rather than making them each time.
const ups = "../../../../../../../../"
