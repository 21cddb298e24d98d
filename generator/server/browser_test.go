package server

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handboek/internal/browsertest"
	"handboek/internal/sitetest"
)

// TestLiveReloadInBrowser opens a page from the dev server in Chromium, edits files the way an
// editor does and watches the open tab: new text without navigating, the scroll position kept,
// a stylesheet swapped without a reload, other pages' edits leaving the tab still, and the
// problem notice coming and going.
func TestLiveReloadInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	dir := sitetest.Write(t, site)
	long := strings.Repeat("Een alinea over het rondbrengen van de post.\n\n", 120)
	write(t, dir, "content/rollen/bode.md", "+++\ntitle = \"Bode\"\n+++\nBrengt de post rond.\n\n"+long)

	s := New(Options{Source: dir, Watch: true})
	if res := s.Rebuild(batch{Config: true}); !res.OK() {
		t.Fatalf("build has problems:\n%s", sitetest.Problems(res))
	}
	w, err := newWatcher(dir)
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.run(stop, func(b batch) { s.Rebuild(b) }, func(err error) { t.Error(err) })
	}()
	ts := httptest.NewServer(s)
	defer func() { close(stop); w.Close(); <-done; s.Close(); ts.Close() }()

	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/rollen/bode/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.documentElement.dataset.handboekBuild !== undefined`) // listening
	eval[any](t, ctx, `window.scrollTo(0, 800); window.stillHere = true`)

	// An edit of the open page: the tab reloads by itself, at the same place.
	write(t, dir, "content/rollen/bode.md", "+++\ntitle = \"Bode\"\n+++\nBrengt de post en de pakjes rond.\n\n"+long)
	waitJS(t, ctx, `document.body.innerText.includes("Brengt de post en de pakjes rond.")`)
	waitJS(t, ctx, `window.scrollY === 800`) // back where the reader was

	// An edit of another page leaves this tab alone.
	eval[any](t, ctx, `window.stillHere = true`)
	before := eval[string](t, ctx, `document.documentElement.dataset.handboekBuild || ""`)
	write(t, dir, "content/rollen/griffier.md", "+++\ntitle = \"Griffier\"\n+++\nOndersteunt de gemeenteraad.\n")
	waitJS(t, ctx, `document.documentElement.dataset.handboekBuild !== `+quote(before))
	if !eval[bool](t, ctx, `window.stillHere === true`) {
		t.Error("an edit of another page reloaded the tab")
	}

	// A stylesheet edit is swapped in without a reload.
	write(t, dir, "static/assets/tokens.css", "body { outline: 3px solid rgb(1, 2, 3); }\n")
	waitJS(t, ctx, `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`)
	if !eval[bool](t, ctx, `window.stillHere === true`) {
		t.Error("a stylesheet change reloaded the tab")
	}

	// A mistake shows over the page, with file, line, column and the line itself; fixing it
	// takes the notice away.
	write(t, dir, "content/rollen/bode.md", "+++\ntitle = \"Bode\"\nopdrachtgever = \"grifier\"\n+++\nBrengt de post en de pakjes rond.\n")
	waitJS(t, ctx, `!!document.getElementById("handboek-problems")`)
	text := eval[string](t, ctx, `document.getElementById("handboek-problems").innerText`)
	for _, want := range []string{
		"Het handboek heeft 1 probleem",
		"content/rollen/bode.md:3:17",
		`unknown rol "grifier" (did you mean "griffier"?)`,
		`opdrachtgever = "grifier"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the problem notice lacks %q:\n%s", want, text)
		}
	}
	if !eval[bool](t, ctx, `document.body.innerText.includes("Brengt de post en de pakjes rond.")`) {
		t.Error("the last good page is not under the notice")
	}
	write(t, dir, "content/rollen/bode.md", "+++\ntitle = \"Bode\"\nopdrachtgever = \"griffier\"\n+++\nBrengt de post weg.\n")
	waitJS(t, ctx, `document.body.innerText.includes("Brengt de post weg.")`)
	waitJS(t, ctx, `document.readyState === "complete"`)
	if eval[bool](t, ctx, `!!document.getElementById("handboek-problems")`) {
		t.Error("the problem notice stays after the fix")
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitJS waits until js is true in the tab, across reloads.
func waitJS(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("never true in the tab: %s", js)
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
