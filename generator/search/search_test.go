package search_test

import (
	"reflect"
	"strings"
	"testing"

	"handboek/generator"
	"handboek/generator/search"
	"handboek/internal/sitetest"
)

// site is a small handbook with the words a new colleague searches for.
const site = `
-- site.toml --
title = "Handboek Test"
[kinds.rol]
section = "rollen"
label = "Rol"
plural = "Rollen"
[kinds.orgaan]
section = "organen"
label = "Orgaan"
plural = "Organen"
-- content/_index.md --
+++
title = "Start"
+++
Welkom.
-- content/rollen/gemeentesecretaris.md --
+++
title = "Gemeentesecretaris"
summary = "Hoogste ambtenaar en eerste adviseur van het college."
aliases = ["GS"]
+++
Leidt de ambtelijke organisatie samen met de directie.
-- content/rollen/secretaris-raad.md --
+++
title = "Griffier"
summary = "Ondersteunt de raad."
+++
De griffier is de secretaris van de raad.
-- content/rollen/concerncontroller.md --
+++
title = "Concerncontroller"
summary = "Bewaakt de planning-en-controlcyclus."
+++
Werkt samen met iedere controller in de teams.
-- content/rollen/beleidsadviseur.md --
+++
title = "Beleidsadviseur"
summary = "Schrijft beleid en adviseert het bestuur."
+++
Beleidsadviseurs werken in de teams.
-- content/rollen/ciso.md --
+++
title = "Chief information security officer"
aliases = ["CISO"]
+++
Bewaakt de informatieveiligheid.
-- content/rollen/fg.md --
+++
title = "Functionaris gegevensbescherming"
aliases = ["FG"]
+++
Houdt toezicht op de privacy.
-- content/rollen/po.md --
+++
title = "Product owner"
aliases = ["PO"]
+++
Bepaalt de volgorde van het werk.
-- content/rollen/coordinator-wijkteams.md --
+++
title = "Coördinator wijkteams"
+++
Coöperatief leidinggeven aan de wijkteams. Nieuwe ideeën zijn welkom.
-- content/organen/college.md --
+++
title = "College van burgemeester en wethouders"
aliases = ["B&W", "college"]
+++
Het dagelijks bestuur.
-- content/organen/raad.md --
+++
title = "Gemeenteraad"
+++
Het hoogste orgaan. De gemeentesecretaris is er vaak bij.
-- content/organen/geheim.md --
+++
title = "Geheime commissie"
draft = true
+++
Een vertrouwelijke werkgroep voor de burgemeester.
`

func build(t *testing.T, drafts bool) (*generator.Result, *search.Index) {
	t.Helper()
	res := sitetest.MustBuild(t, site, func(o *generator.Options) { o.Drafts = drafts })
	return res, search.Build(res.Graph)
}

// titles returns the titles of the first n hits of q.
func titles(ix *search.Index, q string, n int) []string {
	var out []string
	for i, h := range ix.Search(q) {
		if i == n {
			break
		}
		out = append(out, ix.Docs[h.Doc].Title)
	}
	return out
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Coöperatief": "cooperatief",
		"ideeën":      "ideeen",
		"Café":        "cafe",
		"ĳverig":      "ijverig",
		"Straße":      "strasse",
		"B&W":         "b&w",
	} {
		if got := search.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := search.Tokens(search.Fold("College van B&W, coördinator-wijkteams (ideeën).")); !reflect.DeepEqual(got, []string{"college", "van", "bw", "coordinator", "wijkteams", "ideeen"}) {
		t.Errorf("Tokens = %q", got)
	}
}

func TestStems(t *testing.T) {
	nl := search.NewAnalyzer("nl")
	for _, pair := range [][2]string{
		{"beleidsadviseurs", "beleidsadviseur"},
		{"adviseurs", "adviseur"},
		{"gemeenten", "gemeent"},
		{"gemeente", "gemeent"},
		{"teams", "team"},
	} {
		if got := nl.Stem(pair[0]); got != pair[1] {
			t.Errorf("nl Stem(%q) = %q, want %q", pair[0], got, pair[1])
		}
	}
	en := search.NewAnalyzer("en")
	if got := en.Stem("advisers"); got != "advis" {
		t.Errorf("en Stem(advisers) = %q", got)
	}
	if en.Stem("running") != en.Stem("run") {
		t.Errorf("en: running and run have different stems: %q, %q", en.Stem("running"), en.Stem("run"))
	}
}

// TestQueryAgreesWithIndex proves that the browser's side (fold + lookup, no stemmer) finds
// every page by every word the analysis indexed it under: for each word of each page, the shard
// the browser would load for the folded word holds that word, in the group of its stem.
func TestQueryAgreesWithIndex(t *testing.T) {
	res, ix := build(t, false)
	a := search.NewAnalyzer("nl")
	for id, n := range res.Graph.All() {
		text := n.Title + " " + n.Summary + " " + strings.Join(n.Aliases, " ") + " " + search.BodyText(n)
		for _, word := range strings.Fields(text) {
			for _, w := range search.Tokens(search.Fold(word)) {
				if a.Stop(w) || len(w) < 2 {
					continue
				}
				sh := ix.ShardFor(w)
				if sh == nil {
					t.Errorf("no shard for %q", w)
					continue
				}
				found := false
				for i, term := range sh.Terms {
					if term == w {
						for _, p := range sh.Postings[sh.Groups[i]] {
							found = found || int(p.Doc) == id
						}
					}
				}
				if !found {
					t.Errorf("query %q (%q) does not reach %s", word, w, n.URL)
				}
				if hits := ix.Search(word); !containsDoc(hits, id) {
					t.Errorf("Search(%q) misses %s", word, n.URL)
				}
			}
		}
	}
}

func containsDoc(hits []search.Hit, id int) bool {
	for _, h := range hits {
		if h.Doc == id {
			return true
		}
	}
	return false
}

func TestMatching(t *testing.T) {
	_, ix := build(t, false)
	for _, c := range []struct{ q, want string }{
		{"gemeentesecretaris", "Gemeentesecretaris"},
		{"Gemeentesecretaris", "Gemeentesecretaris"},
		{"gemeentesecr", "Gemeentesecretaris"},             // as you type
		{"gemeentesecretars", "Gemeentesecretaris"},        // one typo
		{"gemeentsecretaries", "Gemeentesecretaris"},       // two typos in a long word
		{"secretaris", "Gemeentesecretaris"},               // compound part in the title
		{"controller", "Concerncontroller"},                // compound part
		{"beleidsadviseurs", "Beleidsadviseur"},            // plural of a title word
		{"adviseurs", "Beleidsadviseur"},                   // compound part, other form
		{"cooperatief", "Coördinator wijkteams"},           // folding
		{"coöperatief", "Coördinator wijkteams"},           // folding, both ways
		{"ideeen", "Coördinator wijkteams"},                // folding
		{"wijkteams", "Coördinator wijkteams"},             // second word of a title
		{"coordinator wijkteams", "Coördinator wijkteams"}, // two words
		{"CISO", "Chief information security officer"},     // alias
		{"ciso", "Chief information security officer"},     // alias, lower case
		{"FG", "Functionaris gegevensbescherming"},         // short alias
		{"PO", "Product owner"},                            // short alias
		{"B&W", "College van burgemeester en wethouders"},  // alias with &
		{"gs", "Gemeentesecretaris"},                       // alias
		{"de gemeenteraad", "Gemeenteraad"},                // stop word left out
		{"burgemeester wethouders", "College van burgemeester en wethouders"},
	} {
		got := titles(ix, c.q, 1)
		if len(got) == 0 || got[0] != c.want {
			t.Errorf("Search(%q) first = %q, want %q (all: %q)", c.q, got, c.want, titles(ix, c.q, 5))
		}
	}
	for _, q := range []string{"po", "fg"} {
		if got := titles(ix, q, 5); len(got) != 1 {
			t.Errorf("Search(%q) = %q, want only the page with that alias", q, got)
		}
	}
	// Typos: none under 5 letters, so short words do not drift.
	if got := titles(ix, "raod", 5); len(got) != 0 {
		t.Errorf("Search(raod) = %q, want nothing (4 letters: no typo allowed)", got)
	}
	if got := titles(ix, "xyzzyqq", 5); len(got) != 0 {
		t.Errorf("Search(xyzzyqq) = %q, want nothing", got)
	}
}

func TestRanking(t *testing.T) {
	_, ix := build(t, false)
	// Title above a body mention: the gemeenteraad page mentions the gemeentesecretaris.
	got := titles(ix, "gemeentesecretaris", 5)
	if !reflect.DeepEqual(got, []string{"Gemeentesecretaris", "Gemeenteraad"}) {
		t.Errorf("Search(gemeentesecretaris) = %q, want the role first, then the page that mentions it", got)
	}
	// A compound part in a title ranks above the plain word in a body.
	got = titles(ix, "secretaris", 5)
	if len(got) < 2 || got[0] != "Gemeentesecretaris" || got[1] != "Griffier" {
		t.Errorf("Search(secretaris) = %q, want Gemeentesecretaris, then Griffier", got)
	}
	// Summary above body: "adviseur" is in the summary of the gemeentesecretaris and the
	// body of no page; "bestuur" is in the summary of Beleidsadviseur and the body of the college.
	got = titles(ix, "bestuur", 5)
	if len(got) != 2 || got[0] != "Beleidsadviseur" {
		t.Errorf("Search(bestuur) = %q, want Beleidsadviseur (summary) above College (body)", got)
	}
	// Alias above body.
	got = titles(ix, "college", 5)
	if len(got) < 2 || got[0] != "College van burgemeester en wethouders" {
		t.Errorf("Search(college) = %q, want the college first", got)
	}
}

func TestDraftsNotIndexed(t *testing.T) {
	res, ix := build(t, false)
	if got := titles(ix, "vertrouwelijke", 5); len(got) != 0 {
		t.Errorf("draft page found: %q", got)
	}
	for name, b := range res.Files {
		if strings.HasPrefix(name, search.Dir) && strings.Contains(string(b), "Geheime") {
			t.Errorf("%s holds the draft's title", name)
		}
	}
	_, ix = build(t, true)
	if got := titles(ix, "vertrouwelijke", 5); len(got) != 1 {
		t.Errorf("with -drafts: Search(vertrouwelijke) = %q, want the draft page", got)
	}
}

func TestFiles(t *testing.T) {
	res, _ := build(t, false)
	// Every file but the manifest has a hash of its content in its name, listed in the manifest.
	names := map[string]string{}
	for name := range res.Files {
		if rest, ok := strings.CutPrefix(name, "assets/search/"); ok && rest != "manifest.js" {
			base, hash, _ := strings.Cut(strings.TrimSuffix(rest, ".js"), ".")
			names[base] = hash
			if len(hash) != 8 {
				t.Errorf("%s: want a name with a hash of 8 hex digits", name)
			}
			sitetest.Assert(t, res, name, `(window.__handboekSearch=window.__handboekSearch||[]).push({"f":"`+base+"."+hash+`",`)
			sitetest.Assert(t, res, "assets/search/manifest.js", `"`+hash+`"`)
		}
	}
	for _, base := range []string{"kinds", "d/0", "t/0"} {
		if names[base] == "" {
			t.Errorf("no file %s.<hash>.js in assets/search/; have %v", base, names)
		}
	}
	sitetest.Assert(t, res, "assets/search/manifest.js", `(window.__handboekSearch=window.__handboekSearch||[]).push({"f":"manifest",`)
	sitetest.Assert(t, res, "assets/search/manifest.js", `"lang":"nl"`, `"Rol"`, `"Orgaan"`)
}

func TestEnglish(t *testing.T) {
	res := sitetest.MustBuild(t, `
-- site.toml --
title = "Handbook"
language = "en"
-- content/_index.md --
+++
title = "Start"
+++
Welcome.
-- content/guide/advisers.md --
+++
title = "Policy advisers"
+++
They write the policies.
`)
	ix := search.Build(res.Graph)
	for _, q := range []string{"adviser", "policy", "advise", "advisers"} {
		if got := titles(ix, q, 1); len(got) != 1 || got[0] != "Policy advisers" {
			t.Errorf("Search(%q) = %q", q, got)
		}
	}
	sitetest.Assert(t, res, "assets/search/manifest.js", `"lang":"en"`, `"Page"`)
	sitetest.Assert(t, res, "search/index.html", `<noscript><p class="search-noscript">Search needs JavaScript. Turn JavaScript on in your browser, or find pages through the menu and the overview pages.</p></noscript>`)
}

// TestNoScript: with JavaScript off, the search page says why it shows nothing.
func TestNoScript(t *testing.T) {
	res, _ := build(t, false)
	sitetest.Assert(t, res, "zoeken/index.html", `<noscript><p class="search-noscript">Zoeken werkt met JavaScript. Zet JavaScript aan in uw browser, of zoek via het menu en de overzichtspagina&#39;s.</p></noscript>`)
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"secretaris", "secretaris", 0},
		{"secretars", "secretaris", 1},
		{"secertaris", "secretaris", 1},
		{"sekretaries", "secretaris", 2},
		{"abc", "xyzuvw", 3},
	} {
		if got := search.Distance([]rune(c.a), []rune(c.b), 2); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
