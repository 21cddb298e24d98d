package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"handboek/internal/browsertest"
	"handboek/internal/sitetest"
)

// TestClickThroughFromDisk opens the output straight from disk and follows links by clicking,
// as someone would who received the folder on a share.
func TestClickThroughFromDisk(t *testing.T) {
	res := sitetest.MustBuild(t, site)
	dir := t.TempDir()
	for name, b := range res.Files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(dir)+"/index.html")); err != nil {
		t.Fatal(err)
	}
	steps := []struct{ click, wantPath, wantH1 string }{
		{`main a[href^="rollen/gemeentesecretaris/"]`, "/rollen/gemeentesecretaris/index.html", "Gemeentesecretaris"},
		{`.relations a[href^="../../organen/concerndirectie/"]`, "/organen/concerndirectie/index.html", "Concerndirectie"},
		{`.breadcrumbs a[href^="../../organen/"]`, "/organen/index.html", "Organen"},
		{`.site-title`, "/index.html", "Welkom"},
	}
	for _, s := range steps {
		// Wait for the new page's load event, not for an h1: the old page has one too.
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(s.click)))); err != nil {
			t.Fatalf("click %s: %v", s.click, err)
		}
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(loc, s.wantPath) || strings.TrimSpace(h1) != s.wantH1 {
			t.Fatalf("after clicking %s: at %s with h1 %q; want …%s with %q", s.click, loc, h1, s.wantPath, s.wantH1)
		}
	}
}

// TestServedUnderPrefix serves the output under a deep path prefix and follows links.
func TestServedUnderPrefix(t *testing.T) {
	res := sitetest.MustBuild(t, site)
	base := browsertest.Serve(t, res.Files, "/intranet/afdeling/handboek/")
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"rollen/coordinator-wijkteams/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(`.prose a[href="../../rollen/gemeentesecretaris/"]`)))); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if loc != base+"rollen/gemeentesecretaris/" {
		t.Fatalf("at %s", loc)
	}
	// The stylesheet loaded: the header has the theme's background, not the browser default.
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(r => {
		const read = () => r(getComputedStyle(document.querySelector('.site-header')).backgroundColor);
		document.readyState === 'complete' ? read() : addEventListener('load', read);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if bg == "rgba(0, 0, 0, 0)" || bg == "" {
		t.Errorf("stylesheet not applied under the prefix: header background %q", bg)
	}
}
