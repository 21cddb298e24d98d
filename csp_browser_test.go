package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"handboek/internal/browsertest"
)

// cspListener runs in every page before its own scripts and records each Content-Security-Policy
// violation the browser reports.
const cspListener = `window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));`

// TestStrictCSPInChromium serves the example handbook with Content-Security-Policy:
// default-src 'self' (as docs/publishing.md recommends) and opens the kinds of pages in Chromium,
// search and role map included: the browser reports no violation. A probe page with an inline
// script and style shows that violations are seen.
func TestStrictCSPInChromium(t *testing.T) {
	ctx := browsertest.New(t)
	dest := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-source", ".", "-dest", dest}, &stdout, &stderr); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	must(t, os.WriteFile(filepath.Join(dest, "csp-probe.html"), []byte(`<!doctype html><title>p</title><p style="color:red">x</p><script>document.title = "ran"</script>`), 0o644))
	files := http.FileServer(http.Dir(dest))
	srv := httptest.NewServer(http.StripPrefix("/handboek", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'")
		files.ServeHTTP(w, r)
	})))
	t.Cleanup(srv.Close)
	base := srv.URL + "/handboek/"

	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: cspListener}); err != nil {
		t.Fatal(err)
	}
	violations := func(url string) []string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		// Give deferred scripts and the search index time to load and draw; a violation that
		// came later would be missed, never invented.
		time.Sleep(700 * time.Millisecond)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || ["listener missing"]`))
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		return v
	}

	if v := violations(base + "csp-probe.html"); len(v) < 2 {
		t.Fatalf("the probe page with an inline script and style reported %v; the listener does not work", v)
	}
	for _, p := range []string{
		"", "rollen/gemeentesecretaris/", "processen/collegevoorstel/", "rollen/", "rolkaart/",
		"zoeken/?q=secretaris", "verantwoordelijkheden/", "bestaat-niet/",
	} {
		if v := violations(base + p); len(v) > 0 {
			t.Errorf("/handboek/%s under default-src 'self':\n  %s", p, strings.Join(v, "\n  "))
		}
	}

	// The scripts do run under the policy: the search page lists results.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"zoeken/?q=secretaris")); err != nil {
		t.Fatal(err)
	}
	n := 0
	for range 100 {
		n, _ = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#zoekresultaten li").length`))
		if n > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if n == 0 {
		t.Error("under default-src 'self' the search page shows no results for \"secretaris\"")
	}
}
