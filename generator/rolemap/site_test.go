package rolemap_test

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"handboek/internal/sitetest"
)

// site is a small municipality: roles and bodies with the three role map relations, phases in
// a chain, and a process with steps.
const site = `
-- site.toml --
title = "Handboek"
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
[kinds.proces]
section = "processen"
label = "Proces"
plural = "Processen"
[[relations]]
key = "opdrachtgever"
from = ["rol", "orgaan"]
to = ["rol", "orgaan"]
label = "Ambtelijk opdrachtgever"
inverse = "Opdrachtgever van"
acyclic = true
[[relations]]
key = "adviseert"
from = ["rol", "orgaan"]
to = ["rol", "orgaan"]
label = "Adviseert"
inverse = "Krijgt advies van"
[[relations]]
key = "lid_van"
from = ["rol"]
to = ["orgaan"]
label = "Lid van"
inverse = "Leden"
[[relations]]
key = "volgende_fase"
from = ["fase"]
to = ["fase"]
label = "Volgende fase"
inverse = "Vorige fase"
acyclic = true
[steps]
phase_kind = "fase"
party_kinds = ["rol", "orgaan"]
[rolemap]
kinds = ["rol", "orgaan"]
relations = ["opdrachtgever", "adviseert", "lid_van"]
-- content/rollen/secretaris.md --
+++
title = "Gemeentesecretaris"
summary = "Hoogste ambtenaar."
adviseert = ["college"]
lid_van = "directie"
+++
-- content/rollen/teamleider.md --
+++
title = "Teamleider"
opdrachtgever = "secretaris"
lid_van = "directie"
+++
-- content/rollen/adviseur.md --
+++
title = "Beleidsadviseur"
opdrachtgever = "teamleider"
adviseert = ["teamleider", "college"]
+++
-- content/organen/college.md --
+++
title = "College van B&W"
+++
-- content/organen/directie.md --
+++
title = "Concerndirectie"
opdrachtgever = "college"
+++
-- content/fasen/besluitvorming.md --
+++
title = "Besluitvorming"
weight = 1
+++
-- content/fasen/beeldvorming.md --
+++
title = "Beeldvorming"
weight = 3
volgende_fase = "oordeelsvorming"
+++
-- content/fasen/oordeelsvorming.md --
+++
title = "Oordeelsvorming"
weight = 2
volgende_fase = "besluitvorming"
+++
-- content/processen/voorstel.md --
+++
title = "Collegevoorstel"
[[steps]]
title = "Besluit nemen"
phase = "besluitvorming"
responsible = ["secretaris"]
accountable = ["college"]
informed = ["directie"]
[[steps]]
title = "Voorstel schrijven"
phase = "beeldvorming"
responsible = ["adviseur"]
accountable = ["teamleider"]
consulted = ["secretaris"]
+++
-- content/processen/brief.md --
+++
title = "Brief beantwoorden"
[[steps]]
title = "Antwoord versturen"
responsible = ["adviseur"]
accountable = ["secretaris"]
+++
`

func TestRoleMapLinksEveryNodeAndDrawsEveryEdge(t *testing.T) {
	res := sitetest.MustBuild(t, site)
	sitetest.Assert(t, res, "rolkaart/index.html",
		`<svg xmlns="http://www.w3.org/2000/svg" class="rm rm--hierarchy"`,
		`role="group" aria-label="Rolkaart"`,
		// every node: a relative link to its page, with a tooltip
		`<a class="rm-node rm-kind-4" href="../rollen/secretaris/" data-id="rol/secretaris"><title>Gemeentesecretaris — Hoogste ambtenaar.</title>`,
		`href="../rollen/teamleider/" data-id="rol/teamleider"><title>Teamleider</title>`,
		`href="../rollen/adviseur/" data-id="rol/adviseur"><title>Beleidsadviseur</title>`,
		`<a class="rm-node rm-kind-2" href="../organen/college/" data-id="orgaan/college"><title>College van B&amp;W</title>`,
		`href="../organen/directie/" data-id="orgaan/directie"><title>Concerndirectie</title>`,
		// every edge of the role map relations, styled per relation, with a tooltip
		`<g class="rm-edge rm-rel-1" data-from="orgaan/directie" data-to="orgaan/college" data-rel="opdrachtgever"><title>Concerndirectie — Ambtelijk opdrachtgever → College van B&amp;W</title>`,
		`data-from="rol/adviseur" data-to="rol/teamleider" data-rel="opdrachtgever"`,
		`data-from="rol/teamleider" data-to="rol/secretaris" data-rel="opdrachtgever"`,
		`<g class="rm-edge rm-rel-2" data-from="rol/adviseur" data-to="rol/teamleider" data-rel="adviseert">`,
		`data-from="rol/adviseur" data-to="orgaan/college" data-rel="adviseert"`,
		`data-from="rol/secretaris" data-to="orgaan/college" data-rel="adviseert"`,
		`<g class="rm-edge rm-rel-3" data-from="rol/secretaris" data-to="orgaan/directie" data-rel="lid_van">`,
		`data-from="rol/teamleider" data-to="orgaan/directie" data-rel="lid_van"`,
		// the legend, and the text alternative
		`<rect class="rm-swatch-box rm-kind-4"`, `</svg> Rol</li>`, `</svg> Orgaan</li>`,
		`<g class="rm-rel-1"><path class="rm-line"`, `</svg> Ambtelijk opdrachtgever</li>`, `</svg> Adviseert</li>`, `</svg> Lid van</li>`,
		`<h2 id="rolkaart-tekst">Rolkaart als lijst</h2>`,
		`<dt>Adviseert</dt><dd><a href="../rollen/teamleider/">Teamleider</a>, <a href="../organen/college/">College van B&amp;W</a></dd>`,
		// phases and processes are not on the role map
		`! data-id="fase/`, `! data-id="proces/`, `! data-rel="volgende_fase"`,
	)
	svg := svgOf(t, res.Files["rolkaart/index.html"], "rm--hierarchy")
	if n := strings.Count(svg, `<a class="rm-node`); n != 5 {
		t.Errorf("the role map has %d node links, want 5", n)
	}
	if n := strings.Count(svg, `<g class="rm-edge `); n != 8 {
		t.Errorf("the role map has %d edges, want 8", n)
	}
	if n := strings.Count(svg, `<polygon class="rm-arrow"`); n != 8 {
		t.Errorf("the role map has %d arrowheads, want 8", n)
	}
	// Colours come from the theme's CSS only: a strict Content-Security-Policy forbids style
	// attributes and <style> elements, and dark mode needs the custom properties.
	for _, bad := range []string{"style", "fill=", "stroke=", "font-family", "<script"} {
		if strings.Contains(svg, bad) {
			t.Errorf("the role map SVG contains %q", bad)
		}
	}
}

// svgOf returns the first <svg> element of page whose class contains class.
func svgOf(t *testing.T, page []byte, class string) string {
	t.Helper()
	s := string(page)
	i := strings.Index(s, `class="rm `)
	for i >= 0 && !strings.HasPrefix(s[i:], `class="rm rm--`) || i >= 0 && !strings.Contains(s[i:i+60], class) {
		j := strings.Index(s[i+1:], `class="rm `)
		if j < 0 {
			i = -1
			break
		}
		i += 1 + j
	}
	if i < 0 {
		t.Fatalf("no <svg class=\"rm %s\"> on the page", class)
	}
	start := strings.LastIndex(s[:i], "<svg")
	end := strings.Index(s[i:], "</svg>")
	return s[start : i+end+len("</svg>")]
}

func TestRoleMapIsTheSameOnEveryBuild(t *testing.T) {
	a := sitetest.MustBuild(t, site)
	b := sitetest.MustBuild(t, site)
	for _, name := range []string{"rolkaart/index.html", "fasen/index.html", "rollen/teamleider/index.html", "processen/voorstel/index.html", "verantwoordelijkheden/index.html"} {
		if !bytes.Equal(a.Files[name], b.Files[name]) {
			t.Errorf("%s differs between two builds of the same site", name)
		}
	}
}

func TestLocalMapShowsNeighboursBothWays(t *testing.T) {
	res := sitetest.MustBuild(t, site)
	sitetest.Assert(t, res, "rollen/teamleider/index.html",
		`<h2 id="in-beeld">In beeld</h2>`,
		`<svg xmlns="http://www.w3.org/2000/svg" class="rm rm--local"`, `aria-label="In beeld: Teamleider"`,
		`<a class="rm-node rm-kind-4 rm-current" href="../../rollen/teamleider/" data-id="rol/teamleider">`,
		// what it points to
		`href="../../rollen/secretaris/" data-id="rol/secretaris"`,
		`href="../../organen/directie/" data-id="orgaan/directie"`,
		// what points to it, over two relations from the same page
		`href="../../rollen/adviseur/" data-id="rol/adviseur"`,
		`data-from="rol/adviseur" data-to="rol/teamleider" data-rel="opdrachtgever"`,
		`data-from="rol/adviseur" data-to="rol/teamleider" data-rel="adviseert"`,
		`data-from="rol/teamleider" data-to="rol/secretaris" data-rel="opdrachtgever"`,
		`data-from="rol/teamleider" data-to="orgaan/directie" data-rel="lid_van"`,
		`</svg> Ambtelijk opdrachtgever</li>`, `</svg> Adviseert</li>`, `</svg> Lid van</li>`,
		// not its neighbours' neighbours
		`! data-id="orgaan/college"`,
	)
	svg := svgOf(t, res.Files["rollen/teamleider/index.html"], "rm--local")
	if n := strings.Count(svg, `<a class="rm-node`); n != 4 {
		t.Errorf("the local map of Teamleider has %d nodes, want 4", n)
	}
	// A page without relations has no map; a page of no kind neither.
	sitetest.Assert(t, res, "processen/voorstel/index.html", `! class="rm rm--local"`)
}

func TestPhaseFlowFollowsTheRelationNotTheWeight(t *testing.T) {
	res := sitetest.MustBuild(t, site)
	page := string(res.Files["fasen/index.html"])
	sitetest.Assert(t, res, "fasen/index.html",
		`<h2 id="fasen-kop">Fasen in volgorde</h2>`,
		`class="rm rm--flow"`,
		`data-from="fase/beeldvorming" data-to="fase/oordeelsvorming" data-rel="volgende_fase"`,
		`data-from="fase/oordeelsvorming" data-to="fase/besluitvorming" data-rel="volgende_fase"`,
	)
	order := regexp.MustCompile(`data-id="(fase/[a-z]+)"`).FindAllStringSubmatch(svgOf(t, []byte(page), "rm--flow"), -1)
	var got []string
	for _, m := range order {
		got = append(got, m[1])
	}
	if want := "fase/beeldvorming fase/oordeelsvorming fase/besluitvorming"; strings.Join(got, " ") != want {
		t.Errorf("phases drawn in order %v, want %s", got, want)
	}
	// Only the phases' own section page has the flow.
	sitetest.Assert(t, res, "rollen/index.html", `! rm--flow`)
}

func TestStepsStandUnderTheirPhase(t *testing.T) {
	res := sitetest.MustBuild(t, site)
	sitetest.Assert(t, res, "processen/voorstel/index.html",
		`<h2 id="stappen-kop">Stappen per fase</h2>`,
		`<h3><a href="../../fasen/beeldvorming/">Beeldvorming</a></h3>
      <ol class="step-flow__steps">
        <li class="step-flow__step"><span class="step-flow__title">Voorstel schrijven</span>
          <span class="step-flow__party"><abbr title="eindverantwoordelijk">A</abbr>: <a href="../../rollen/teamleider/">Teamleider</a></span>
          <span class="step-flow__party"><abbr title="verantwoordelijk">R</abbr>: <a href="../../rollen/adviseur/">Beleidsadviseur</a></span>`,
	)
	page := string(res.Files["processen/voorstel/index.html"])
	// Phases in flow order, not in the order of the steps on the page.
	if a, b := strings.Index(page, `step-flow__title">Voorstel schrijven`), strings.Index(page, `step-flow__title">Besluit nemen`); a < 0 || b < 0 || a > b {
		t.Errorf("Voorstel schrijven (beeldvorming) must stand before Besluit nemen (besluitvorming)")
	}
	// A process whose steps have no phase gets no flow.
	sitetest.Assert(t, res, "processen/brief/index.html", `! step-flow`)
}

func TestMatrixHasEveryPartyAsAColumnGroupedByProcess(t *testing.T) {
	res := sitetest.MustBuild(t, site)
	page := string(res.Files["verantwoordelijkheden/index.html"])
	head := page[strings.Index(page, "<thead>"):strings.Index(page, "</thead>")]
	cols := regexp.MustCompile(`<th scope="col" class="matrix-party"><a href="[^"]+">([^<]+)</a>`).FindAllStringSubmatch(head, -1)
	var got []string
	for _, c := range cols {
		got = append(got, c[1])
	}
	// every party of any step: rol first, then orgaan (party_kinds order), by title
	if want := "Beleidsadviseur|Gemeentesecretaris|Teamleider|College van B&amp;W|Concerndirectie"; strings.Join(got, "|") != want {
		t.Errorf("matrix columns %q, want %q", strings.Join(got, "|"), want)
	}
	sitetest.Assert(t, res, "verantwoordelijkheden/index.html",
		`<tbody class="matrix-group">
  <tr class="matrix-process"><th scope="rowgroup" colspan="7"><a href="../processen/brief/">Brief beantwoorden</a></th></tr>
  <tr><th scope="row">Antwoord versturen</th><td></td><td class="raci-letter">R</td><td class="raci-letter">A</td><td class="raci-letter"></td><td class="raci-letter"></td><td class="raci-letter"></td></tr>`,
		`<tr class="matrix-process"><th scope="rowgroup" colspan="7"><a href="../processen/voorstel/">Collegevoorstel</a></th></tr>
  <tr><th scope="row">Besluit nemen</th><td><a href="../fasen/besluitvorming/">Besluitvorming</a></td><td class="raci-letter"></td><td class="raci-letter">R</td><td class="raci-letter"></td><td class="raci-letter">A</td><td class="raci-letter">I</td></tr>
  <tr><th scope="row">Voorstel schrijven</th><td><a href="../fasen/beeldvorming/">Beeldvorming</a></td><td class="raci-letter">R</td><td class="raci-letter">C</td><td class="raci-letter">A</td><td class="raci-letter"></td><td class="raci-letter"></td></tr>`,
	)
	// Each party's own page lists the steps it takes part in.
	sitetest.Assert(t, res, "rollen/secretaris/index.html",
		`<td><a href="../../processen/voorstel/">Collegevoorstel</a></td><td>Voorstel schrijven</td><td><a href="../../fasen/beeldvorming/">Beeldvorming</a></td><td class="raci-letter">C</td>`,
		`<td><a href="../../processen/brief/">Brief beantwoorden</a></td><td>Antwoord versturen</td><td></td><td class="raci-letter">A</td>`,
	)
}

func TestStepRuleChecks(t *testing.T) {
	res := sitetest.Build(t, site+`
-- content/processen/fout.md --
+++
title = "Fout"
[[steps]]
title = "Schrijven"
phase = "college"
responsible = ["teamleider"]
accountable = ["besluitvorming"]
[[steps]]
title = "Besluiten"
phase = "besluitvorming"
accountable = ["college", "secretaris"]
[[steps]]
title = "Uitvoeren"
responsible = ["teamleider"]
+++
`)
	want := `content/processen/fout.md:5:9: phase cannot point to "college": that is an orgaan page, and phase points to fase pages only
content/processen/fout.md:7:16: accountable cannot point to "besluitvorming": that is a fase page, and accountable points to rol or orgaan pages only
content/processen/fout.md:8:1: step "Besluiten" has no responsible party: add responsible = ["..."]
content/processen/fout.md:11:27: step "Besluiten" has 2 accountable parties (college, secretaris): exactly one party is accountable; make the others responsible or consulted
content/processen/fout.md:12:1: step "Uitvoeren" has no accountable party: add accountable = ["..."] with exactly one party
`
	if got := sitetest.Problems(res); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

// TestLargeRoleMapIsSplit builds a site of 400 roles under 20 managers: too many for one
// picture, so rolkaart/ shows the parts and each part has its own page.
func TestLargeRoleMapIsSplit(t *testing.T) {
	var b strings.Builder
	b.WriteString(`-- site.toml --
title = "Groot"
[kinds.rol]
section = "rollen"
label = "Rol"
plural = "Rollen"
[[relations]]
key = "opdrachtgever"
from = ["rol"]
to = ["rol"]
label = "Opdrachtgever"
inverse = "Opdrachtgever van"
acyclic = true
[rolemap]
kinds = ["rol"]
relations = ["opdrachtgever"]
-- content/rollen/directeur.md --
+++
title = "Directeur"
+++
`)
	for m := range 20 {
		fmt.Fprintf(&b, "-- content/rollen/manager-%02d.md --\n+++\ntitle = \"Manager %02d\"\nopdrachtgever = \"directeur\"\n+++\n", m, m)
		for e := range 19 {
			fmt.Fprintf(&b, "-- content/rollen/medewerker-%02d-%02d.md --\n+++\ntitle = \"Medewerker %02d-%02d\"\nopdrachtgever = \"manager-%02d\"\n+++\n", m, e, m, e, m)
		}
	}
	res := sitetest.MustBuild(t, b.String())
	sitetest.Assert(t, res, "rolkaart/index.html",
		`<h2 id="rolkaart-delen">De rolkaart per deel</h2>`,
		`class="rm-node rm-group" href="`, `</svg> Valt onder</li>`,
		// the text alternative still lists every role
		`<a href="../rollen/medewerker-19-18/">Medewerker 19-18</a>`,
	)
	svg := svgOf(t, res.Files["rolkaart/index.html"], "rm--hierarchy")
	if strings.Contains(svg, `data-id="rol/`) {
		t.Error("the overview draws single roles; it should draw the parts")
	}
	var parts []string
	seen := map[string]int{}
	for name, content := range res.Files {
		if strings.HasPrefix(name, "rolkaart/") && name != "rolkaart/index.html" {
			parts = append(parts, name)
			s := svgOf(t, content, "rm--hierarchy")
			var drawn, listed []string
			for _, m := range regexp.MustCompile(`<a class="rm-node rm-kind-1" href="[^"]+" data-id="rol/([^"]+)"`).FindAllStringSubmatch(s, -1) {
				seen[m[1]]++
				drawn = append(drawn, m[1])
			}
			// The part's text alternative lists the same roles as its picture, no others.
			list := string(content)[strings.Index(string(content), `<ul class="rolemap-list">`):]
			for _, m := range regexp.MustCompile(`\n    <li><a href="../../rollen/([^/"]+)/">`).FindAllStringSubmatch(list, -1) {
				listed = append(listed, m[1])
			}
			slices.Sort(drawn)
			slices.Sort(listed)
			if len(drawn) == 0 || !slices.Equal(drawn, listed) {
				t.Errorf("%s draws %d roles and lists %d; want the same roles:\ndrawn  %v\nlisted %v", name, len(drawn), len(listed), drawn, listed)
			}
			if !strings.Contains(string(content), `<a href="../../rolkaart/">Rolkaart</a>`) {
				t.Errorf("%s has no way back to the overview", name)
			}
		}
	}
	if len(parts) < 3 {
		t.Fatalf("the role map of 401 roles has %d part pages, want at least 3", len(parts))
	}
	if len(seen) != 401 {
		t.Errorf("the parts draw %d distinct roles, want all 401", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s is drawn as a member of %d parts, want 1", id, n)
		}
	}
}
