package generator_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handboek/generator"
	"handboek/internal/sitetest"
)

// site is a small handbook with every kind of thing the output shows.
const site = `
-- site.toml --
title = "Handboek Test"
base_url = "https://intranet.example/handboek/"

[kinds.rol]
section = "rollen"
label = "Rol"
plural = "Rollen"

[kinds.orgaan]
section = "organen"
label = "Orgaan"
plural = "Organen"

[kinds.fase]
section = "fasen"
label = "Fase"
plural = "Fasen"

[[relations]]
key = "opdrachtgever"
from = ["rol"]
to = ["rol", "orgaan"]
label = "Ambtelijk opdrachtgever"
inverse = "Opdrachtgever van"
acyclic = true

[[relations]]
key = "lid_van"
from = ["rol"]
to = ["orgaan"]
label = "Lid van"
inverse = "Leden"

[steps]
phase_kind = "fase"
party_kinds = ["rol", "orgaan"]

[rolemap]
kinds = ["rol", "orgaan"]
relations = ["opdrachtgever", "lid_van"]
-- content/_index.md --
+++
title = "Welkom"
summary = "Het handboek van de test."
+++
Lees eerst over de [[gemeentesecretaris]].
-- content/rollen/_index.md --
+++
title = "Alle rollen"
+++
Wie doet wat.
-- content/rollen/gemeentesecretaris.md --
+++
title = "Gemeentesecretaris"
summary = "Hoogste ambtenaar."
aliases = ["GS", "secretaris"]
weight = 10
lid_van = "concerndirectie"
+++
De GS leidt de organisatie. Zie ook [de directie](../organen/concerndirectie.md#taken).
-- content/rollen/coördinator-wijkteams.md --
+++
title = "Coördinator wijkteams"
weight = 20
opdrachtgever = "GS"
+++
Werkt in de wijk; meldt aan [[gemeentesecretaris|de secretaris]] en [[rol/teamleider]].
-- content/rollen/teamleider.md --
+++
title = "Teamleider"
opdrachtgever = ["concerndirectie"]
+++
Stuurt [[coordinator-wijkteams]] aan.
-- content/rollen/concept.md --
+++
title = "Conceptrol"
draft = true
+++
Nog niet klaar.
-- content/organen/concerndirectie.md --
+++
title = "Concerndirectie"
+++
## Taken
Stuurt de organisatie.
-- content/fasen/besluitvorming.md --
+++
title = "Besluitvorming"
+++
Wat gaan we doen?
-- content/processen/collegevoorstel.md --
+++
title = "Collegevoorstel"
summary = "Van idee tot besluit."

[[steps]]
title = "Besluit in het college"
phase = "besluitvorming"
responsible = ["gemeentesecretaris"]
accountable = ["concerndirectie"]
consulted = ["teamleider"]
informed = ["coördinator-wijkteams"]
+++
Een voorstel gaat langs de [[GS]].

` + "```go\nfunc main() {}\n```\n" + `
| a | b |
|---|---|
| ~~x~~ | <b>vet</b> |

- [x] klaar
- [ ] nog niet

Zie https://www.example.org en [kwaad](javascript:alert(1)).
-- static/logo.txt --
logo
`

func TestBuildPages(t *testing.T) {
	res := sitetest.MustBuild(t, site)

	// One page per published page, section pages, the home page.
	for _, name := range []string{
		"index.html", "rollen/index.html", "organen/index.html", "fasen/index.html", "processen/index.html",
		"rollen/gemeentesecretaris/index.html", "rollen/coordinator-wijkteams/index.html", "rollen/teamleider/index.html",
		"organen/concerndirectie/index.html", "fasen/besluitvorming/index.html", "processen/collegevoorstel/index.html",
		"rolkaart/index.html", "zoeken/index.html", "verantwoordelijkheden/index.html", "404.html",
		"graph.json", "sitemap.xml", "logo.txt", "assets/handboek.css",
	} {
		if _, ok := res.Files[name]; !ok {
			t.Errorf("missing %s", name)
		}
	}
	// Nothing leaks: no draft, no source, no configuration.
	for name := range res.Files {
		if strings.Contains(name, "concept") || strings.HasSuffix(name, ".md") || strings.Contains(name, "site.toml") {
			t.Errorf("output leaks %s", name)
		}
		if strings.HasSuffix(name, ".html") && strings.Contains(string(res.Files[name]), "Conceptrol") {
			t.Errorf("%s shows the draft page", name)
		}
	}

	// Relations with labels, backlinks under the inverse label, relative links.
	sitetest.Assert(t, res, "rollen/coordinator-wijkteams/index.html",
		"<h1>Coördinator wijkteams</h1>",
		"Ambtelijk opdrachtgever",
		`<a href="../../rollen/gemeentesecretaris/">Gemeentesecretaris</a>`,
		// wiki link with own text, and by id
		`<a href="../../rollen/gemeentesecretaris/">de secretaris</a>`,
		`<a href="../../rollen/teamleider/">Teamleider</a>`,
		"! href=\"/",
	)
	sitetest.Assert(t, res, "rollen/gemeentesecretaris/index.html",
		"Opdrachtgever van", `<a href="../../rollen/coordinator-wijkteams/">Coördinator wijkteams</a>`,
		"Lid van", `<a href="../../organen/concerndirectie/">Concerndirectie</a>`,
		// a relative .md link, rewritten with its fragment
		`<a href="../../organen/concerndirectie/#taken">de directie</a>`,
		// mentioned on
		"Genoemd op", `<a href="../../processen/collegevoorstel/">Collegevoorstel</a>`,
		// the steps it takes part in, with its letter
		"Neemt deel aan", "Besluit in het college", `<td class="raci-letter">R</td>`,
	)
	sitetest.Assert(t, res, "organen/concerndirectie/index.html",
		"Leden", "Opdrachtgever van", `<a href="../../rollen/teamleider/">Teamleider</a>`,
		`<h2 id="taken">Taken</h2>`,
		`<td class="raci-letter">A</td>`)

	// The RACI table: one row per step, one column per party.
	sitetest.Assert(t, res, "processen/collegevoorstel/index.html",
		`<table class="raci-table">`,
		`<th scope="row">Besluit in het college</th>`,
		`<a href="../../fasen/besluitvorming/">Besluitvorming</a>`,
		`<th scope="col"><a href="../../rollen/gemeentesecretaris/">Gemeentesecretaris</a></th>`,
		`<td class="raci-letter">R</td><td class="raci-letter">A</td><td class="raci-letter">C</td><td class="raci-letter">I</td>`,
		// Markdown: highlighting with classes, tables, strikethrough, task lists, autolinks
		`<pre class="chroma">`, `<span class="kd">func</span>`,
		"<table>", "<del>x</del>", `<input checked="" disabled="" type="checkbox"`,
		`<a href="https://www.example.org">https://www.example.org</a>`,
		// raw HTML escaped, dangerous links not links
		"&lt;b&gt;vet&lt;/b&gt;", "! <b>vet</b>", "! javascript:", "kwaad",
	)

	// Section pages list their pages by weight, then title.
	home := string(res.Files["rollen/index.html"])
	i1, i2, i3 := strings.Index(home, "Gemeentesecretaris"), strings.Index(home, "Coördinator wijkteams"), strings.Index(home, ">Teamleider<")
	if !(i1 >= 0 && i1 < i2 && i2 < i3) {
		t.Errorf("section order wrong: %d %d %d", i1, i2, i3)
	}
	sitetest.Assert(t, res, "rollen/index.html", "<h1>Alle rollen</h1>", `href="../"`, `href="../assets/handboek.css"`)
	// A section without _index.md gets its kind's plural as title.
	sitetest.Assert(t, res, "organen/index.html", "<h1>Organen</h1>")
	sitetest.Assert(t, res, "index.html", `href="rollen/gemeentesecretaris/"`, `href="assets/handboek.css"`, `action="zoeken/"`)

	// Previous/next within a section.
	sitetest.Assert(t, res, "rollen/coordinator-wijkteams/index.html", `rel="prev" href="../../rollen/gemeentesecretaris/"`, `rel="next" href="../../rollen/teamleider/"`)

	// The role map page lists every node with a link, usable without JavaScript.
	sitetest.Assert(t, res, "rolkaart/index.html", `href="../rollen/teamleider/"`, `href="../organen/concerndirectie/"`, "! besluitvorming/")

	sitetest.Assert(t, res, "sitemap.xml", "<loc>https://intranet.example/handboek/rollen/gemeentesecretaris/</loc>", "! concept")
	sitetest.Assert(t, res, "rollen/gemeentesecretaris/index.html", `<link rel="canonical" href="https://intranet.example/handboek/rollen/gemeentesecretaris/">`)
}

func TestGraphJSON(t *testing.T) {
	res := sitetest.MustBuild(t, site)
	var g struct {
		Nodes []struct{ ID, Kind, Title, URL string }
		Edges []struct{ From, To, Relation, Step string }
	}
	if err := json.Unmarshal(res.Files["graph.json"], &g); err != nil {
		t.Fatal(err)
	}
	nodes := map[string]string{}
	for _, n := range g.Nodes {
		nodes[n.ID] = n.Kind + " " + n.Title + " " + n.URL
	}
	for id, want := range map[string]string{
		"rol/gemeentesecretaris":    "rol Gemeentesecretaris rollen/gemeentesecretaris/",
		"rol/coördinator-wijkteams": "rol Coördinator wijkteams rollen/coordinator-wijkteams/",
		"orgaan/concerndirectie":    "orgaan Concerndirectie organen/concerndirectie/",
		"processen/collegevoorstel": " Collegevoorstel processen/collegevoorstel/",
	} {
		if nodes[id] != want {
			t.Errorf("node %s = %q, want %q", id, nodes[id], want)
		}
	}
	if _, ok := nodes["rol/concept"]; ok {
		t.Error("graph.json has the draft")
	}
	edges := map[string]bool{}
	for _, e := range g.Edges {
		edges[e.From+" "+e.Relation+" "+e.To+" "+e.Step] = true
	}
	for _, want := range []string{
		"rol/coördinator-wijkteams opdrachtgever rol/gemeentesecretaris ",
		"rol/gemeentesecretaris lid_van orgaan/concerndirectie ",
		"rol/coördinator-wijkteams mentions rol/gemeentesecretaris ",
		"rol/gemeentesecretaris mentions orgaan/concerndirectie ",
		"processen/collegevoorstel responsible rol/gemeentesecretaris Besluit in het college",
		"processen/collegevoorstel accountable orgaan/concerndirectie Besluit in het college",
		"processen/collegevoorstel consulted rol/teamleider Besluit in het college",
		"processen/collegevoorstel informed rol/coördinator-wijkteams Besluit in het college",
	} {
		if !edges[want] {
			t.Errorf("graph.json lacks edge %q", want)
		}
	}
}

func TestDraftsFlag(t *testing.T) {
	res := sitetest.MustBuild(t, site, func(o *generator.Options) { o.Drafts = true })
	sitetest.Assert(t, res, "rollen/concept/index.html", "Conceptrol")
}

func TestEnglish(t *testing.T) {
	res := sitetest.MustBuild(t, strings.Replace(site, `title = "Handboek Test"`, "title = \"Handbook\"\nlanguage = \"en\"", 1))
	sitetest.Assert(t, res, "search/index.html", `<html lang="en">`, "Search the handbook")
	sitetest.Assert(t, res, "responsibilities/index.html", "Responsibilities")
	sitetest.Assert(t, res, "rollen/gemeentesecretaris/index.html", "Mentioned on", "Takes part in", "Skip to content", "! Genoemd op")
	if _, ok := res.Files["zoeken/index.html"]; ok {
		t.Error("English site has zoeken/")
	}
}

func TestPlainHandbook(t *testing.T) {
	res := sitetest.MustBuild(t, `
-- site.toml --
title = "Gewoon handboek"
-- content/_index.md --
+++
title = "Start"
+++
Zie [[over]] en [de regels](regels/huisregels.md).
-- content/over.md --
+++
title = "Over dit handboek"
+++
Tekst.
-- content/regels/huisregels.md --
+++
title = "Huisregels"
+++
Wees aardig. Terug naar [[over|de uitleg]].
`)
	sitetest.Assert(t, res, "index.html", `<a href="over/">Over dit handboek</a>`, `<a href="regels/huisregels/">de regels</a>`)
	sitetest.Assert(t, res, "regels/huisregels/index.html", `<a href="../../over/">de uitleg</a>`)
	sitetest.Assert(t, res, "graph.json", `"id":"regels/huisregels"`, `"id":"over"`)
	if _, ok := res.Files["sitemap.xml"]; ok {
		t.Error("sitemap.xml without base_url")
	}
}

func TestThemeOverride(t *testing.T) {
	res := sitetest.MustBuild(t, site+`
-- themes/default/layouts/404.html --
{{define "main"}}<h1>Eigen 404</h1>{{end}}
-- themes/default/static/assets/extra.css --
body{}
`)
	sitetest.Assert(t, res, "404.html", "<h1>Eigen 404</h1>")
	sitetest.Assert(t, res, "rollen/teamleider/index.html", "<h1>Teamleider</h1>")
	if _, ok := res.Files["assets/extra.css"]; !ok {
		t.Error("theme static file not copied")
	}
}

func TestFailedBuildLeavesDestinationAlone(t *testing.T) {
	dir := sitetest.Write(t, site)
	dest := filepath.Join(t.TempDir(), "public")
	res := generator.NewBuilder().Build(generator.Options{Source: dir})
	if err := generator.Write(res, dest); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dest)

	// Break the site and build again: nothing may change, no stray folders may appear.
	sitetest.WriteInto(t, dir, "-- content/rollen/teamleider.md --\n+++\ntitle = \"Teamleider\"\nopdrachtgever = \"directeilid\"\n+++\n")
	res = generator.NewBuilder().Build(generator.Options{Source: dir})
	if res.OK() {
		t.Fatal("broken site built without problems")
	}
	if err := generator.Write(res, dest); err == nil {
		t.Fatal("Write of a failed build succeeded")
	}
	after := snapshot(t, dest)
	if len(before) != len(after) {
		t.Fatalf("file count changed: %d → %d", len(before), len(after))
	}
	for name, b := range before {
		if after[name] != b {
			t.Errorf("%s changed", name)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(strayEntries(entries, dest)) > 0 {
		t.Errorf("stray entries next to the destination: %v", entries)
	}

	// A good build replaces the site whole.
	sitetest.WriteInto(t, dir, "-- content/rollen/teamleider.md --\n+++\ntitle = \"Teamleider nieuw\"\n+++\n")
	res = generator.NewBuilder().Build(generator.Options{Source: dir})
	if err := generator.Write(res, dest); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(snapshot(t, dest)["rollen/teamleider/index.html"], "Teamleider nieuw") {
		t.Error("good build not written")
	}
	entries, _ = os.ReadDir(filepath.Dir(dest))
	if len(strayEntries(entries, dest)) > 0 {
		t.Errorf("stray entries next to the destination: %v", entries)
	}
}

// strayEntries returns the entries next to dest other than dest itself and its spare (the site
// before the last one, which the next build updates instead of writing every file anew).
func strayEntries(entries []os.DirEntry, dest string) []string {
	var stray []string
	for _, e := range entries {
		if n := e.Name(); n != filepath.Base(dest) && n != "."+filepath.Base(dest)+".spare" {
			stray = append(stray, n)
		}
	}
	return stray
}

func TestWriteRefusesForeignFolder(t *testing.T) {
	res := sitetest.MustBuild(t, site)
	dest := t.TempDir()
	os.WriteFile(filepath.Join(dest, "belangrijk.docx"), []byte("x"), 0o644)
	err := generator.Write(res, dest)
	if err == nil || !strings.Contains(err.Error(), "holds files that handboek did not make") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "belangrijk.docx")); err != nil {
		t.Error("foreign file removed")
	}
}

func TestExampleHandbook(t *testing.T) {
	res := generator.NewBuilder().Build(generator.Options{Source: ".."})
	if !res.OK() {
		t.Fatalf("the example handbook has problems:\n%s", sitetest.Problems(res))
	}
	pages := 0
	for _, n := range res.Graph.Nodes {
		if !n.IsIndex {
			pages++
		}
	}
	if pages < 40 {
		t.Errorf("example handbook has %d pages, want at least 40", pages)
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
