package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"handboek/generator/search"
	"handboek/internal/browsertest"
	"handboek/internal/sitetest"
)

// browserSite is the test site plus a page whose title is an attack.
const browserSite = site + `-- content/artikelen/privacy.md --
+++
title = "<img src=x onerror=alert(1)> Privacyverklaring"
+++
Over <script>alert(2)</script> privacyregels.
`

// firstResult waits until the box's first result has title want and returns "" then, or the
// titles shown when it does not come.
func waitFirst(ctx context.Context, list, want string) string {
	js := fmt.Sprintf(`(() => { const o = document.querySelector(%q); return !!o && o.textContent === %q; })()`,
		list+" .search-hit__title", want)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(5*time.Second))); err == nil {
		return ""
	}
	got, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
		`Array.from(document.querySelectorAll(%q)).map(e => e.textContent)`, list+" .search-hit__title")))
	return fmt.Sprintf("%q", got)
}

// waitPath waits until the browser is at a path ending in suffix; a navigation may be under way.
func waitPath(ctx context.Context, suffix string) error {
	var last string
	for range 100 {
		p, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.pathname : ""`))
		if err == nil && strings.HasSuffix(p, suffix) {
			return nil
		}
		last = p
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("still at %q", last)
}

// typeQuery empties the search box and types q into it, key by key.
func typeQuery(t *testing.T, ctx context.Context, q string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("zoekveld").value = ""`),
		chromedp.Focus(chromedp.ID("zoekveld")),
		chromedp.SendKeys(chromedp.ID("zoekveld"), q),
	); err != nil {
		t.Fatal(err)
	}
}

func location(t *testing.T, ctx context.Context) (string, string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	return loc, strings.TrimSpace(h1)
}

func TestSearchBoxOverHTTP(t *testing.T) {
	res := sitetest.MustBuild(t, browserSite)
	base := browsertest.Serve(t, res.Files, "/intranet/handboek/")
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"rollen/ciso/")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ q, want string }{
		{"secretaris", "Gemeentesecretaris"},
		{"gemeentesecretars", "Gemeentesecretaris"},
		{"controller", "Concerncontroller"},
		{"beleidsadviseurs", "Beleidsadviseur"},
		{"cooperatief", "Coördinator wijkteams"},
		{"wijkteams", "Coördinator wijkteams"},
		{"B&W", "College van burgemeester en wethouders"},
		{"FG", "Functionaris gegevensbescherming"},
		{"PO", "Product owner"},
		{"gemeentesecr", "Gemeentesecretaris"},
	} {
		typeQuery(t, ctx, c.q)
		if got := waitFirst(ctx, "#zoek-suggesties [role=option]", c.want); got != "" {
			t.Errorf("typing %q: first result is not %q; shown: %s", c.q, c.want, got)
		}
	}

	// The list is a combobox: Escape closes it, ArrowDown opens it and picks, Enter goes there.
	typeQuery(t, ctx, "concerncontroller")
	if got := waitFirst(ctx, "#zoek-suggesties [role=option]", "Concerncontroller"); got != "" {
		t.Fatalf("typing concerncontroller: %s", got)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`document.getElementById("zoekveld").getAttribute("aria-expanded") + " " + document.getElementById("zoek-suggesties").hidden`))
	if err != nil || state != "false true" {
		t.Errorf("after Escape: aria-expanded and hidden = %q, want \"false true\" (%v)", state, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	sel, _ := chromedp.Run(ctx, chromedp.Evaluate[string](
		`(() => { const id = document.getElementById("zoekveld").getAttribute("aria-activedescendant"); const o = id && document.getElementById(id); return o ? o.getAttribute("aria-selected") + " " + o.querySelector(".search-hit__title").textContent : ""; })()`))
	if sel != "true Concerncontroller" {
		t.Errorf("after ArrowDown: active option = %q, want \"true Concerncontroller\"", sel)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if err := waitPath(ctx, "/concerncontroller/"); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("ArrowDown + Enter did not go to the page: at %s", loc)
	}
	loc, h1 := location(t, ctx)
	if !strings.HasSuffix(loc, "/intranet/handboek/rollen/concerncontroller/") || h1 != "Concerncontroller" {
		t.Errorf("after Enter: at %s with h1 %q", loc, h1)
	}

	// Enter with no option picked submits to the search page, with the query in the URL.
	typeQuery(t, ctx, "raad")
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if err := waitPath(ctx, "/zoeken/"); err != nil {
		t.Fatalf("Enter did not open the search page: %v", err)
	}
	if got := waitFirst(ctx, "#zoekresultaten li", "Gemeenteraad"); got != "" {
		t.Errorf("search page for raad: first result not Gemeenteraad: %s", got)
	}
}

func TestSearchPage(t *testing.T) {
	res := sitetest.MustBuild(t, browserSite)
	base := browsertest.Serve(t, res.Files, "/intranet/handboek/")
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"zoeken/?q=secretaris")); err != nil {
		t.Fatal(err)
	}
	if got := waitFirst(ctx, "#zoekresultaten li", "Gemeentesecretaris"); got != "" {
		t.Fatalf("zoeken/?q=secretaris: %s", got)
	}
	html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("#zoekresultaten li")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="../rollen/gemeentesecretaris/"`, `<mark>Gemeentesecretaris</mark>`, `class="search-hit__kind">Rol<`} {
		if !strings.Contains(html, want) {
			t.Errorf("first result %s does not contain %s", html, want)
		}
	}
	value, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("zoekpagina-veld")))
	if value != "secretaris" {
		t.Errorf("search field holds %q, want the query from the URL", value)
	}

	// Filter by kind: "raad" is the Gemeenteraad (orgaan) and the Griffier (rol, in the body).
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"zoeken/?q=raad")); err != nil {
		t.Fatal(err)
	}
	if got := waitFirst(ctx, "#zoekresultaten li", "Gemeenteraad"); got != "" {
		t.Fatalf("zoeken/?q=raad: %s", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("zoek-soort"), "Rol"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("zoek-soort").dispatchEvent(new Event("change"))`),
	); err != nil {
		t.Fatal(err)
	}
	if got := waitFirst(ctx, "#zoekresultaten li", "Griffier"); got != "" {
		t.Fatalf("filtered on Rol: %s", got)
	}
	n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#zoekresultaten li").length`))
	search, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	if n != 1 || search != "?q=raad&kind=Rol" {
		t.Errorf("filtered on Rol: %d results at %q, want 1 (Griffier) at ?q=raad&kind=Rol", n, search)
	}

	// A hostile title and body are shown as text.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"zoeken/?q=privacyverklaring")); err != nil {
		t.Fatal(err)
	}
	if got := waitFirst(ctx, "#zoekresultaten li", "<img src=x onerror=alert(1)> Privacyverklaring"); got != "" {
		t.Fatalf("hostile title: %s", got)
	}
	imgs, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#zoekresultaten img, #zoekresultaten script").length`))
	if imgs != 0 {
		t.Errorf("the hostile title became %d elements", imgs)
	}
}

// TestSearchFromDisk opens the output from disk, where browsers refuse fetch(): the index
// loads as scripts, and ArrowDown + Enter opens the page.
func TestSearchFromDisk(t *testing.T) {
	res := sitetest.MustBuild(t, browserSite)
	dir := t.TempDir()
	for name, b := range res.Files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(dir)+"/organen/raad/index.html")); err != nil {
		t.Fatal(err)
	}
	typeQuery(t, ctx, "gemeentesecretaris")
	if got := waitFirst(ctx, "#zoek-suggesties [role=option]", "Gemeentesecretaris"); got != "" {
		t.Fatalf("from disk, typing gemeentesecretaris: %s", got)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if err := waitPath(ctx, "/rollen/gemeentesecretaris/index.html"); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("from disk, ArrowDown + Enter: at %s", loc)
	}
	if _, h1 := location(t, ctx); h1 != "Gemeentesecretaris" {
		t.Errorf("h1 = %q", h1)
	}
	// The search page from disk, with the query in the URL.
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(dir)+"/zoeken/index.html?q=ideeën")); err != nil {
		t.Fatal(err)
	}
	if got := waitFirst(ctx, "#zoekresultaten li", "Coördinator wijkteams"); got != "" {
		t.Errorf("from disk, zoeken/index.html?q=ideeën: %s", got)
	}
}

// TestFoldAgreesWithBrowser holds search.js's fold and tokens to Go's, word for word.
func TestFoldAgreesWithBrowser(t *testing.T) {
	words := []string{
		"Coöperatief", "ideeën", "Gemeentesecretaris", "coördinator-wijkteams", "B&W", "CISO",
		"Café", "naïef", "reünie", "privé", "één", "Ĳssel", "ĳverig", "Straße", "Æbleskiver",
		"Øresund", "Œuvre", "Łódź", "Đakovo", "Þing", "ﬁnanciën", "Ångström", "crème brûlée",
		"İstanbul", "Zürich", "pagina's", "e-mail", "2026-01-15", "Ａｍｓｔｅｒｄａｍ", "x²", "½",
		"«citaat»", "mañana", "ça", "São Paulo", "Dvořák", "Ελλάδα", "Москва",
	}
	ctx := browsertest.New(t)
	res := sitetest.MustBuild(t, site)
	base := browsertest.Serve(t, res.Files, "/")
	if err := chromedp.Do(ctx, chromedp.Navigate(base)); err != nil {
		t.Fatal(err)
	}
	list, _ := json.Marshal(words)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`%s.map(w => window.__handboekFold(w))`, list)))
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range words {
		want := strings.Join(search.Tokens(search.Fold(w)), " ") + "|" + search.Fold(w)
		if i >= len(got) || got[i] != want {
			t.Errorf("%q: browser %q, Go %q", w, got[i], want)
		}
	}
}
