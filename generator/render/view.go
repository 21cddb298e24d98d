package render

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strings"
	"time"

	"handboek/generator/graph"
)

// View is what a layout template receives.
type View struct {
	Site      SiteView
	T         map[string]string
	Root      string // relative path from this page to the output root: "", "../", "../../"
	URL       string // this page's URL relative to the output root
	Layout    string
	Title     string
	Summary   string
	Kind      string   // the label of the page's kind, or ""
	Canonical string   // absolute URL when base_url is set
	content   lazyHTML // the body: Content

	Nav       []NavLink
	Crumbs    []Link
	Relations []Group // this page's relation fields
	Backlinks []Group // relations pointing here, under their inverse label
	Mentioned []Link  // pages whose body links here
	Roles     []RoleRow
	RACI      *RACI
	Children  []Link // a section page's pages
	Prev      *Link
	Next      *Link
	Sections  []SectionLink // the home page's overview
	Routes    []RouteView   // the home page's routes
	OnRoutes  []RouteStep   // where this page stands on a route
	RoleMap   *RoleMapView
	Matrix    []MatrixGroup
	// MatrixParties are the columns shared by every group of Matrix; nil when each group has its
	// own (too many parties for one table).
	MatrixParties []Link
	LocalMap      *MapView      // an entity page's small map of its neighbours
	PhaseFlow     *MapView      // the phases in order, on the section page of the phase kind
	StepFlow      []PhaseColumn // a process page's steps under their phases

	LastModified    string
	LastModifiedISO string // the same date as 2006-01-02, for <time datetime>
	EditURL         string
	Glossary        []GlossaryEntry // the woordenlijst page's terms
	SearchURL       string

	// Header and Footer are the theme's site-header and site-footer templates, made once per
	// build for every depth and current menu entry (see chrome in render.go); empty when the
	// theme has no such templates, and then base.html runs them itself.
	Header template.HTML
	Footer template.HTML
}

// Figure is a map with its heading, as the rm-figure template shows it.
type Figure struct {
	Map     *MapView
	Kind    string // "local" or "flow"
	ID      string // the heading's id
	Heading string
}

// Content is the page's body as HTML.
func (v *View) Content() template.HTML { return v.content.get() }

// lazyHTML is HTML made for one page when it is first needed: the Go page writer writes it
// straight into the page; a template gets it made once.
type lazyHTML struct {
	html     template.HTML
	appendTo func(b []byte) []byte // appends the HTML to b; nil when html holds it
}

func (l *lazyHTML) get() template.HTML {
	if l.appendTo != nil {
		l.html, l.appendTo = template.HTML(l.appendTo(nil)), nil
	}
	return l.html
}

func (l *lazyHTML) writeTo(b *bytes.Buffer) {
	if l.appendTo == nil {
		b.WriteString(string(l.html))
		return
	}
	b.Write(l.appendTo(b.AvailableBuffer()))
}

// LocalFigure is LocalMap as a figure, or nil when the page has none.
func (v *View) LocalFigure() *Figure {
	if v.LocalMap == nil {
		return nil
	}
	return &Figure{Map: v.LocalMap, Kind: "local", ID: "in-beeld", Heading: v.T["localMap"]}
}

// PhaseFigure is PhaseFlow as a figure, or nil when the page has none.
func (v *View) PhaseFigure() *Figure {
	if v.PhaseFlow == nil {
		return nil
	}
	return &Figure{Map: v.PhaseFlow, Kind: "flow", ID: "fasen-kop", Heading: v.T["phaseFlow"]}
}

// StepFlowView is what the step-flow template receives.
type StepFlowView struct {
	Cols []PhaseColumn
	T    map[string]string
}

// StepFlowTable is StepFlow for the step-flow template, or nil when the page has no steps.
func (v *View) StepFlowTable() *StepFlowView {
	if len(v.StepFlow) == 0 {
		return nil
	}
	return &StepFlowView{Cols: v.StepFlow, T: v.T}
}

// RACITableView is what the raci template receives.
type RACITableView struct {
	RACI    *RACI
	T       map[string]string
	Caption string
}

// RACITable is the page's RACI table for the raci template, captioned with the page's title.
func (v *View) RACITable() RACITableView {
	return RACITableView{RACI: v.RACI, T: v.T, Caption: v.Title}
}

// SiteView holds site-wide values.
type SiteView struct {
	Title    string
	Language string
	BaseURL  string
}

// Link is a link to a page, relative to the current page.
type Link struct {
	Title   string
	Href    string
	Kind    string
	Summary string
}

// A is the link as an element, <a href="Href">Title</a>, escaped exactly as a template writes
// it. {{.A}} is one template action where the element written out is four (each a call through
// reflection): on a large site that is a third of all template time. It is made when a
// template asks for it; the page writer writes it straight into the page (writeLink).
func (l Link) A() template.HTML { return anchor(l.Href, l.Title) }

func newLink(title, href string) Link { return Link{Title: title, Href: href} }

// NavLink is an entry of the main navigation.
type NavLink struct {
	Link
	Current bool
}

// Group is a labelled list of links: a relation and its targets.
type Group struct {
	Key   string
	Label string
	Links []Link
}

// RoleRow is one step a party takes part in.
type RoleRow struct {
	Process Link
	Step    string
	Phase   *Link
	Letter  string
}

// RACI is the responsibility table of a page with steps.
type RACI struct {
	Parties []Link
	Rows    []RACIRow
}

// RACIRow is one step: its title, phase and a letter per party ("" where none).
type RACIRow struct {
	Step  string
	Phase *Link
	Cells []string
}

// SectionLink is a section on the home page.
type SectionLink struct {
	Link
	Count int
}

// RouteView is a route with its pages.
type RouteView struct {
	Name  string
	Pages []Link
}

// RouteStep says where a page stands on a route.
type RouteStep struct {
	Name   string
	Label  string // "Stap 2 van 6"
	Number int
	Count  int
	First  Link
	Prev   *Link
	Next   *Link
}

// RoleMapView is the text form of the role map (the picture comes from the rolemap stage).
type RoleMapView struct {
	SVG    template.HTML
	Nodes  []RoleMapNode
	Legend []LegendItem
	Groups []Link // when the map is split: the map of each part
}

// RoleMapNode is one node with its outgoing relations.
type RoleMapNode struct {
	Link
	Relations []Group
}

// MatrixGroup is one process in the responsibility overview.
type MatrixGroup struct {
	Process Link
	RACI    *RACI
	Columns int // of the shared table: step, phase and every party (0 without one)
}

// Special is a generated page that has no source file.
type Special struct {
	URL    string
	Layout string
	Title  string
}

type site struct {
	g   *graph.Graph
	opt Options
	t   map[string]string
	nav []NavLink // hrefs relative to the root
	// navHrefs[d][i] is the href of nav[i] from a page d folders deep, and hrefs[n][d] the
	// href of page n: the same on thousands of pages, so made once (see rel).
	navHrefs [len(relDepths)][]string
	hrefs    map[*graph.Node][len(relDepths)]string
	special  []*Special
	search   *Special
	rm       *roleMaps
	gloss    *glossary
}

func newSite(g *graph.Graph, opt Options) *site {
	s := &site{g: g, opt: opt, t: Strings(g.Config.Language)}
	s.search = &Special{URL: s.t["searchPage"] + "/", Layout: "zoeken", Title: s.t["search"]}
	s.special = []*Special{{URL: "rolkaart/", Layout: "rolkaart", Title: s.t["rolemap"]}, s.search}
	if hasSteps(g) {
		s.special = append(s.special, &Special{URL: s.t["matrixPage"] + "/", Layout: "matrix", Title: s.t["matrix"]})
	}
	if len(g.Config.Glossary) > 0 {
		s.special = append(s.special, &Special{URL: s.t["glossaryPage"] + "/", Layout: "woordenlijst", Title: s.t["glossary"]})
		s.gloss = newGlossary(g.Config.Glossary)
	}
	for _, sec := range g.Sections {
		s.nav = append(s.nav, NavLink{Link: newLink(sec.Page.Title, sec.Page.URL)})
	}
	for _, sp := range s.special {
		if sp != s.search {
			s.nav = append(s.nav, NavLink{Link: newLink(sp.Title, sp.URL)})
		}
	}
	for d, from := range relDepths {
		s.navHrefs[d] = make([]string, len(s.nav))
		for i, n := range s.nav {
			s.navHrefs[d][i] = graph.Up(from) + n.Href
		}
	}
	all := g.All()
	s.hrefs = make(map[*graph.Node][len(relDepths)]string, len(all))
	for _, n := range all {
		var h [len(relDepths)]string
		for d, from := range relDepths {
			h[d] = graph.Rel(from, n.URL)
		}
		s.hrefs[n] = h
	}
	s.rm = newRoleMaps(s) // after the menu: the role map's part pages are not in it
	return s
}

func hasSteps(g *graph.Graph) bool {
	for _, n := range g.All() {
		if len(n.Steps) > 0 {
			return true
		}
	}
	return false
}

func (s *site) base(url, layout, title string) *View {
	root := graph.Up(url)
	v := &View{
		Site:      SiteView{Title: s.g.Config.Title, Language: s.g.Config.Language, BaseURL: s.g.Config.BaseURL},
		T:         s.t,
		Root:      root,
		URL:       url,
		Layout:    layout,
		Title:     title,
		SearchURL: root + s.search.URL,
		Nav:       make([]NavLink, len(s.nav)),
	}
	if s.g.Config.BaseURL != "" {
		v.Canonical = s.g.Config.BaseURL + url
	}
	depth := len(root) / 3
	for i, n := range s.nav {
		n.Current = n.Href != "" && strings.HasPrefix(url, n.Href)
		if depth < len(s.navHrefs) {
			n.Link = newLink(n.Title, s.navHrefs[depth][i])
		} else {
			n.Link = newLink(n.Title, root+n.Href)
		}
		v.Nav[i] = n
	}
	return v
}

func (s *site) link(from string, n *graph.Node) Link {
	l := newLink(n.Title, s.rel(from, n))
	l.Kind, l.Summary = s.g.KindLabel(n), n.Summary
	return l
}

// rel is graph.Rel(from, n.URL), made once for each page and depth: the views of a site of
// 10,000 pages hold more than 250,000 links, to far fewer pages.
func (s *site) rel(from string, n *graph.Node) string {
	if d := strings.Count(from, "/"); d < len(relDepths) {
		if h, ok := s.hrefs[n]; ok {
			return h[d]
		}
	}
	return graph.Rel(from, n.URL)
}

// relDepths are URLs of pages as deep as the pages of a site go, for site.hrefs and navHrefs.
var relDepths = [...]string{"", "a/", "a/b/", "a/b/c/"}

func (s *site) linkPtr(from string, n *graph.Node) *Link {
	if n == nil {
		return nil
	}
	l := s.link(from, n)
	return &l
}

func (s *site) pageView(n *graph.Node) *View {
	layout := "page"
	if n == s.g.Home {
		layout = "home"
	} else if n.IsIndex {
		layout = "section"
	}
	v := s.base(n.URL, layout, n.Title)
	v.Summary = n.Summary
	v.Kind = s.g.KindLabel(n)
	if doc, links := n.Doc, n.Links; doc != nil {
		if s.gloss == nil || len(s.gloss.terms) == 0 {
			v.content.appendTo = func(b []byte) []byte { return doc.AppendHTML(b, links) }
		} else {
			v.content.appendTo = func(b []byte) []byte { return append(b, s.gloss.mark(doc.AppendHTML(nil, links))...) }
		}
	}
	if n != s.g.Home {
		v.Crumbs = append(v.Crumbs, newLink(s.t["home"], graph.Rel(n.URL, "")))
		if n.Section != nil && n.Section.Page != n {
			v.Crumbs = append(v.Crumbs, s.link(n.URL, n.Section.Page))
		}
	}
	if s.opt.LastModified != nil && n.Page != nil && n.Doc != nil {
		if t := s.opt.LastModified(n.Path); !t.IsZero() {
			v.LastModified = FormatDate(t, s.g.Config.Language)
			v.LastModifiedISO = t.Format("2006-01-02")
		}
	}
	if e := s.g.Config.EditURL; e != "" && n.Page != nil && n.Doc != nil {
		v.EditURL = strings.ReplaceAll(e, "{path}", n.Path)
	}

	// Relations, in the order of site.toml.
	for _, rel := range s.g.Config.Relations {
		g := Group{Key: rel.Key, Label: rel.Label}
		for _, e := range n.Out {
			if e.Relation == rel.Key {
				g.Links = append(g.Links, s.link(n.URL, e.To))
			}
		}
		if len(g.Links) > 0 {
			v.Relations = append(v.Relations, g)
		}
		b := Group{Key: rel.Key, Label: rel.Inverse}
		var from []*graph.Node
		for _, e := range n.In {
			if e.Relation == rel.Key {
				from = append(from, e.From)
			}
		}
		sort.SliceStable(from, func(i, j int) bool { return from[i].Title < from[j].Title })
		b.Links = make([]Link, len(from))
		for i, f := range from {
			b.Links[i] = s.link(n.URL, f)
		}
		if len(b.Links) > 0 {
			v.Backlinks = append(v.Backlinks, b)
		}
	}
	if len(n.MentionedBy) > 0 {
		v.Mentioned = make([]Link, len(n.MentionedBy))
		for i, m := range n.MentionedBy {
			v.Mentioned[i] = s.link(n.URL, m)
		}
	}
	seen := map[*graph.Step]bool{}
	for _, r := range n.Roles {
		if seen[r.Step] {
			continue
		}
		seen[r.Step] = true
		v.Roles = append(v.Roles, RoleRow{Process: s.link(n.URL, r.Process), Step: r.Step.Title, Phase: s.linkPtr(n.URL, r.Step.Phase), Letter: letters(r.Step, n)})
	}
	v.RACI = s.raci(n.URL, n)
	v.LocalMap, v.PhaseFlow, v.StepFlow = s.localMap(n), s.phaseFlow(n), s.stepFlow(n)

	if n.IsIndex && n.Section != nil {
		for _, c := range n.Section.Pages {
			v.Children = append(v.Children, s.link(n.URL, c))
		}
	}
	v.Prev, v.Next = s.linkPtr(n.URL, n.Prev), s.linkPtr(n.URL, n.Next)

	if n == s.g.Home {
		for _, sec := range s.g.Sections {
			v.Sections = append(v.Sections, SectionLink{Link: s.link(n.URL, sec.Page), Count: len(sec.Pages)})
		}
	}
	for _, r := range s.g.Routes {
		if n == s.g.Home { // the routes are listed on the home page alone
			rv := RouteView{Name: r.Name, Pages: make([]Link, len(r.Pages))}
			for i, p := range r.Pages {
				rv.Pages[i] = s.link(n.URL, p)
			}
			v.Routes = append(v.Routes, rv)
		}
		for i, p := range r.Pages {
			if p != n {
				continue
			}
			st := RouteStep{Name: r.Name, Number: i + 1, Count: len(r.Pages), First: s.link(n.URL, r.Pages[0])}
			st.Label = fmt.Sprintf(s.t["routeStep"], i+1, len(r.Pages))
			if i > 0 {
				st.Prev = s.linkPtr(n.URL, r.Pages[i-1])
			}
			if i+1 < len(r.Pages) {
				st.Next = s.linkPtr(n.URL, r.Pages[i+1])
			}
			v.OnRoutes = append(v.OnRoutes, st)
		}
	}
	return v
}

// stepParties appends to list every party of n's steps not in seen yet, in the order of the
// steps and their letters, and marks them seen.
func stepParties(list []*graph.Node, seen map[*graph.Node]bool, n *graph.Node) []*graph.Node {
	for i := range n.Steps {
		for _, ps := range n.Steps[i].Parties {
			for _, p := range ps {
				if !seen[p] {
					seen[p] = true
					list = append(list, p)
				}
			}
		}
	}
	return list
}

// raci builds the responsibility table of n's steps, or nil when it has none.
func (s *site) raci(from string, n *graph.Node) *RACI {
	if len(n.Steps) == 0 {
		return nil
	}
	t := &RACI{}
	parties := stepParties(nil, map[*graph.Node]bool{}, n)
	for _, p := range parties {
		t.Parties = append(t.Parties, s.link(from, p))
	}
	t.Rows = s.raciRows(from, n, parties)
	return t
}

// raciRows makes one row per step of n, with the letters of each of parties in its cells.
func (s *site) raciRows(from string, n *graph.Node, parties []*graph.Node) []RACIRow {
	rows := make([]RACIRow, 0, len(n.Steps))
	for i := range n.Steps {
		st := &n.Steps[i]
		row := RACIRow{Step: st.Title, Phase: s.linkPtr(from, st.Phase)}
		for _, p := range parties {
			row.Cells = append(row.Cells, letters(st, p))
		}
		rows = append(rows, row)
	}
	return rows
}

func (s *site) specialView(sp *Special) *View {
	v := s.base(sp.URL, sp.Layout, sp.Title)
	v.Crumbs = []Link{newLink(s.t["home"], v.Root)}
	switch sp.Layout {
	case "rolkaart":
		v.Summary = s.t["rolemapIntro"]
		s.fillRoleMap(v, sp)
	case "woordenlijst":
		v.Summary = s.t["glossaryIntro"]
		v.Glossary = glossaryEntries(s.g.Config.Glossary)
	case "matrix":
		v.Summary = s.t["matrixIntro"]
		v.Matrix, v.MatrixParties = s.matrix(sp.URL)
	}
	return v
}

// roleMap lists those of nodes (all the graph's, or a part's of a split map) that are of the role
// map's kinds, with their role map relations.
func (s *site) roleMap(from string, nodes []*graph.Node) *RoleMapView {
	rm := s.g.Config.RoleMap
	m := &RoleMapView{}
	for _, n := range nodes {
		if !slices.Contains(rm.Kinds, n.Kind) {
			continue
		}
		rn := RoleMapNode{Link: s.link(from, n)}
		for _, key := range rm.Relations {
			rel := s.g.Config.Relation(key)
			g := Group{Key: key, Label: rel.Label}
			for _, e := range n.Out {
				if e.Relation == key && slices.Contains(rm.Kinds, e.To.Kind) {
					g.Links = append(g.Links, s.link(from, e.To))
				}
			}
			if len(g.Links) > 0 {
				rn.Relations = append(rn.Relations, g)
			}
		}
		m.Nodes = append(m.Nodes, rn)
	}
	sort.SliceStable(m.Nodes, func(i, j int) bool { return m.Nodes[i].Title < m.Nodes[j].Title })
	return m
}

func (s *site) notFoundView() *View {
	v := s.base("", "404", s.t["notFound"])
	v.Summary = s.t["notFoundText"]
	return v
}

var dutchMonths = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// FormatDate writes t as "22 november 2026" (nl) or "22 November 2026" (en).
func FormatDate(t time.Time, language string) string {
	if language == "en" {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", t.Day(), dutchMonths[t.Month()-1], t.Year())
}
