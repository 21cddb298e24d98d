package graph

import (
	"testing"

	"handboek/generator/config"
	"handboek/generator/diag"
	"handboek/generator/markdown"
	"handboek/generator/page"
)

const fuzzConfig = `
title = "Fuzz"
[kinds.rol]
section = "rollen"
[kinds.orgaan]
section = "organen"
[kinds.fase]
section = "fasen"
[[relations]]
key = "opdrachtgever"
from = ["rol"]
to = ["rol", "orgaan"]
acyclic = true
[steps]
phase_kind = "fase"
party_kinds = ["rol", "orgaan"]
[[routes]]
name = "Start"
pages = ["gemeentesecretaris", "raad"]
`

// FuzzLink links a small site whose file names, aliases, relation values, step parties and body
// links are fuzzed. Linking must never panic; every reference either becomes an edge between two
// pages of the graph or a problem with a position.
func FuzzLink(f *testing.F) {
	var l diag.List
	cfg := config.Parse(".", []byte(fuzzConfig), &l)
	if l.Len() > 0 {
		f.Fatal(l.Sorted())
	}
	md := markdown.New(markdown.Options{})
	f.Add("gemeentesecretaris", "GS", "raad", "gs", "raad", "Zie [[GS]] en [r](../organen/raad.md).")
	f.Add("coördinator", "coordinator", "Coördinator", "rollen/coordinator", "fasen/start", "[[rol/coördinator#x|y]]")
	f.Add("a", "a", "a", "a", "a", "[[a]] [[organen]] [b](b.md) [c](../../../etc/passwd.md)")
	f.Add("", "", "", "", "", "")
	f.Add("x/y", "raad", "rollen", "organen/raad", "start", "[[ ]] [[#]] [[|]]")
	f.Fuzz(func(t *testing.T, name, alias, ref1, ref2, ref3, body string) {
		if name == "" {
			name = "leeg"
		}
		mk := func(rel, fm, body string) *page.Page {
			p := page.Parse(rel, []byte("+++\n"+fm+"+++\n"+body), cfg, md)
			return p
		}
		sec := mk("content/rollen/"+name+".md", "title = \"Secretaris\"\n", body)
		sec.Aliases = []string{alias}
		sec.Relations = []page.Field{{Key: "opdrachtgever", Refs: []page.Ref{
			{Target: ref1, Pos: diag.Pos{Path: sec.Path, Line: 3}},
			{Target: ref2, Pos: diag.Pos{Path: sec.Path, Line: 4}},
		}}}
		raad := mk("content/organen/raad.md", "title = \"Raad\"\n", "[["+ref3+"]]")
		dir := mk("content/rollen/directeur.md", "title = \"Directeur\"\n", "")
		dir.Relations = []page.Field{{Key: "opdrachtgever", Refs: []page.Ref{{Target: ref1, Pos: diag.Pos{Path: dir.Path, Line: 3}}}}}
		proc := mk("content/processen/begroting.md", "title = \"Begroting\"\n", body)
		proc.Steps = []page.Step{{
			Title: "Stap",
			Phase: &page.Ref{Target: ref3, Pos: diag.Pos{Path: proc.Path, Line: 5}},
			Parties: [4][]page.Ref{
				{{Target: ref2, Pos: diag.Pos{Path: proc.Path, Line: 6}}},
				{{Target: alias, Pos: diag.Pos{Path: proc.Path, Line: 7}}},
			},
			Pos: diag.Pos{Path: proc.Path, Line: 4},
		}}
		start := mk("content/fasen/start.md", "title = \"Start\"\n", "")
		home := mk("content/_index.md", "title = \"Home\"\n", body)
		pages := []*page.Page{sec, raad, dir, proc, start, home}

		var problems diag.List
		g := Link(cfg, pages, nil, &problems)
		if g == nil || g.Home == nil {
			t.Fatal("Link returned no graph or no home page")
		}
		nodes := map[*Node]bool{}
		for _, n := range g.All() {
			nodes[n] = true
			if n != g.Home && n.URL == "" {
				t.Fatalf("page %s has no URL", n.Path)
			}
		}
		for e := range g.Edges() {
			if !nodes[e.From] || !nodes[e.To] {
				t.Fatalf("edge %s from %v to %v leaves the graph", e.Relation, e.From, e.To)
			}
			_ = Rel(e.From.URL, e.To.URL)
		}
		for _, p := range problems.Sorted() {
			if p.Pos.Path == "" || p.Msg == "" {
				t.Fatalf("problem without a place or a message: %q", p.String())
			}
		}
	})
}
