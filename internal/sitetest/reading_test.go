package sitetest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handboek/generator"
	"handboek/generator/render"
	"handboek/internal/sitetest"
)

const routeSite = `
-- site.toml --
title = "Handboek"

[[routes]]
name = "Eerste week"
pages = ["welkom", "artikelen/bestuur", "werkwijze"]
-- content/_index.md --
+++
title = "Handboek"
+++
-- content/artikelen/welkom.md --
+++
title = "Welkom"
summary = "Wat je de eerste dag doet."
+++
Hallo.
-- content/artikelen/bestuur.md --
+++
title = "Het bestuur"
+++
Raad en college.
-- content/artikelen/werkwijze.md --
+++
title = "Zo werken we"
+++
Samen.
-- content/artikelen/los.md --
+++
title = "Los artikel"
+++
Niet op de route.
`

func TestRouteOnHomeAndPages(t *testing.T) {
	res := sitetest.MustBuild(t, routeSite)
	sitetest.Assert(t, res, "index.html",
		`<h3>Eerste week</h3>`,
		`<ol class="route__steps"><li><a href="artikelen/welkom/">Welkom</a><span class="route__summary">Wat je de eerste dag doet.</span></li><li><a href="artikelen/bestuur/">Het bestuur</a></li><li><a href="artikelen/werkwijze/">Zo werken we</a></li></ol>`)
	sitetest.Assert(t, res, "artikelen/bestuur/index.html",
		`<nav class="route-nav" aria-label="Route: Eerste week">`,
		`<strong>Eerste week</strong> · Stap 2 van 3`,
		`<a rel="prev" href="../../artikelen/welkom/">← Vorige: Welkom</a>`,
		`<a rel="next" href="../../artikelen/werkwijze/">Volgende: Zo werken we →</a>`,
		`<p class="route-next">Verder in de route: <a href="../../artikelen/werkwijze/">Zo werken we</a></p>`)
	sitetest.Assert(t, res, "artikelen/welkom/index.html",
		`Stap 1 van 3`, `Volgende: Het bestuur →`, `! ← Vorige:`)
	sitetest.Assert(t, res, "artikelen/werkwijze/index.html",
		`Stap 3 van 3`, `← Vorige: Het bestuur`, `! Volgende: `, `! Verder in de route`)
	sitetest.Assert(t, res, "artikelen/los/index.html", `! route-nav`, `! Stap `)
}

func TestRouteInEnglish(t *testing.T) {
	res := sitetest.MustBuild(t, strings.Replace(routeSite, `title = "Handboek"`+"\n\n", `title = "Handboek"`+"\nlanguage = \"en\"\n\n", 1))
	sitetest.Assert(t, res, "artikelen/bestuur/index.html", `Step 2 of 3`, `Previous: Welkom`, `Next on the route:`)
}

const glossarySite = `
-- site.toml --
title = "Handboek"

[glossary]
PO = "Portefeuillehoudersoverleg"
"B&W" = "Burgemeester en wethouders"
Mandaat = "Bevoegdheid om namens het college te besluiten"
-- content/_index.md --
+++
title = "Handboek"
+++
-- content/artikelen/overleg.md --
+++
title = "Overleg"
+++
## Het PO

In de kop hierboven blijft PO gewoon staan; hier krijgt PO zijn uitleg, en daarna niet meer: PO.

Een link [naar het PO](https://example.org/po) en code ` + "`PO`" + ` blijven zoals ze zijn.
POLITIEK en TOPO zijn geen PO-afkorting. Het college van B&W besluit. Het mandaat ligt vast.

    PO in een codeblok
-- content/artikelen/tweede.md --
+++
title = "Tweede"
+++
Ook hier: [link met PO](https://example.org) en dan pas PO.
`

func TestGlossaryMarksFirstUse(t *testing.T) {
	res := sitetest.MustBuild(t, glossarySite)
	const po = `<abbr title="Portefeuillehoudersoverleg">PO</abbr>`
	page := string(res.Files["artikelen/overleg/index.html"])
	if n := strings.Count(page, "<abbr"); n != 3 {
		t.Errorf("overleg has %d <abbr> elements, want 3 (PO, B&W, mandaat once each):\n%s", n, page)
	}
	sitetest.Assert(t, res, "artikelen/overleg/index.html",
		`<h2 id="het-po">Het PO</h2>`,
		`In de kop hierboven blijft `+po+` gewoon staan; hier krijgt PO zijn uitleg`,
		`<a href="https://example.org/po">naar het PO</a>`,
		`<code>PO</code>`,
		`POLITIEK en TOPO`,
		`college van <abbr title="Burgemeester en wethouders">B&amp;W</abbr> besluit`,
		`Het <abbr title="Bevoegdheid om namens het college te besluiten">mandaat</abbr> ligt vast`,
		"<pre><code>PO in een codeblok",
	)
	// Each page explains a term on its own first use, never inside a link.
	sitetest.Assert(t, res, "artikelen/tweede/index.html",
		`<a href="https://example.org">link met PO</a> en dan pas `+po+`.`)
}

func TestGlossaryPage(t *testing.T) {
	res := sitetest.MustBuild(t, glossarySite)
	sitetest.Assert(t, res, "woordenlijst/index.html",
		`<title>Woordenlijst · Handboek</title>`,
		`<h1>Woordenlijst</h1>`,
		`<div class="glossary__entry" id="term-b-w">`,
		`<dt>B&amp;W</dt>`,
		`<dd>Burgemeester en wethouders</dd>`,
		`id="term-po"`)
	page := string(res.Files["woordenlijst/index.html"])
	if b, m, p := strings.Index(page, "<dt>B&amp;W"), strings.Index(page, "<dt>Mandaat"), strings.Index(page, "<dt>PO"); !(b < m && m < p) {
		t.Errorf("woordenlijst is not in alphabetical order (B&W %d, Mandaat %d, PO %d)", b, m, p)
	}
	sitetest.Assert(t, res, "index.html", `<a href="woordenlijst/">Woordenlijst</a>`)

	en := sitetest.MustBuild(t, strings.Replace(glossarySite, "title = \"Handboek\"\n\n[glossary]", "title = \"Handboek\"\nlanguage = \"en\"\n\n[glossary]", 1))
	sitetest.Assert(t, en, "glossary/index.html", `<h1>Glossary</h1>`)
	if _, ok := en.Files["woordenlijst/index.html"]; ok {
		t.Error("an English site has a woordenlijst/ page")
	}

	none := sitetest.MustBuild(t, routeSite)
	if _, ok := none.Files["woordenlijst/index.html"]; ok {
		t.Error("a site without [glossary] has a woordenlijst page")
	}
}

func TestGlossaryURLIsReserved(t *testing.T) {
	res := sitetest.Build(t, glossarySite+`
-- content/woordenlijst/_index.md --
+++
title = "Eigen woordenlijst"
+++
`)
	if got, want := sitetest.Problems(res), "content/woordenlijst: the folder content/woordenlijst has the name of a page handboek makes itself (woordenlijst/): rename the folder\n"; !strings.Contains(got, want) {
		t.Errorf("problems:\n%s\nwant a line:\n%s", got, want)
	}
}

const dateSite = `
-- site.toml --
title = "Handboek"
edit_url = "https://git.example/handboek/edit/main/{path}"
-- content/_index.md --
+++
title = "Handboek"
+++
-- content/rollen/griffier.md --
+++
title = "Griffier"
+++
Ondersteunt de raad.
-- content/rollen/nieuw.md --
+++
title = "Nieuw"
+++
Nog niet vastgelegd.
`

func TestLastModifiedFromFileTime(t *testing.T) {
	dir := sitetest.Write(t, dateSite)
	when := time.Date(2024, time.March, 5, 12, 0, 0, 0, time.Local)
	if err := os.Chtimes(filepath.Join(dir, "content", "rollen", "griffier.md"), when, when); err != nil {
		t.Fatal(err)
	}
	res := generator.NewBuilder().Build(generator.Options{Source: dir})
	if !res.OK() {
		t.Fatal(sitetest.Problems(res))
	}
	sitetest.Assert(t, res, "rollen/griffier/index.html",
		`Laatst gewijzigd: <time datetime="2024-03-05">5 maart 2024</time>`,
		`<a href="https://git.example/handboek/edit/main/content/rollen/griffier.md">Deze pagina bewerken</a>`)
}

func TestLastModifiedFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := sitetest.Write(t, dateSite)
	git := func(env []string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), append([]string{"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=Redactie", "GIT_AUTHOR_EMAIL=redactie@example.org",
			"GIT_COMMITTER_NAME=Redactie", "GIT_COMMITTER_EMAIL=redactie@example.org"}, env...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git(nil, "init", "-q")
	git(nil, "add", ".")
	git([]string{"GIT_AUTHOR_DATE=2023-01-02T12:00:00+01:00", "GIT_COMMITTER_DATE=2023-01-02T12:00:00+01:00"}, "commit", "-q", "-m", "eerste versie")
	if err := os.WriteFile(filepath.Join(dir, "content", "rollen", "griffier.md"), []byte("+++\ntitle = \"Griffier\"\n+++\nOndersteunt de raad en de commissies.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git([]string{"GIT_AUTHOR_DATE=2023-06-30T12:00:00+02:00", "GIT_COMMITTER_DATE=2023-06-30T12:00:00+02:00"}, "commit", "-q", "-am", "griffier aangevuld")
	// An uncommitted change: its file time counts, not the older commit.
	later := time.Date(2025, time.November, 22, 12, 0, 0, 0, time.Local)
	nieuw := filepath.Join(dir, "content", "rollen", "nieuw.md")
	if err := os.WriteFile(nieuw, []byte("+++\ntitle = \"Nieuw\"\n+++\nNu wel.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(nieuw, later, later); err != nil {
		t.Fatal(err)
	}
	// A checkout gives every file the time of the checkout; the history is what counts.
	now := time.Now()
	os.Chtimes(filepath.Join(dir, "content", "rollen", "griffier.md"), now, now)

	res := generator.NewBuilder().Build(generator.Options{Source: dir})
	if !res.OK() {
		t.Fatal(sitetest.Problems(res))
	}
	sitetest.Assert(t, res, "rollen/griffier/index.html", `Laatst gewijzigd: <time datetime="2023-06-30">30 juni 2023</time>`)
	sitetest.Assert(t, res, "index.html", `! Laatst gewijzigd`) // not on the home page's overview
	sitetest.Assert(t, res, "rollen/nieuw/index.html", `<time datetime="2025-11-22">22 november 2025</time>`)
}

func TestFormatDate(t *testing.T) {
	d := time.Date(2026, time.February, 1, 9, 0, 0, 0, time.UTC)
	if got := render.FormatDate(d, "nl"); got != "1 februari 2026" {
		t.Errorf("nl: %q", got)
	}
	if got := render.FormatDate(d, "en"); got != "1 February 2026" {
		t.Errorf("en: %q", got)
	}
}
