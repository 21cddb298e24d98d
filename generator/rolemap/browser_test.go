package rolemap_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"handboek/generator"
	"handboek/internal/browsertest"
)

// buildExample builds the example handbook at the repository root.
func buildExample(t *testing.T) *generator.Result {
	t.Helper()
	res := generator.NewBuilder().Build(generator.Options{Source: "../.."})
	if !res.OK() {
		t.Fatalf("the example handbook has problems: %v", res.Problems)
	}
	return res
}

// TestRoleMapScreenshots writes screenshots of the role map pages of the example handbook at
// phone and desktop width, light and dark, into $HANDBOEK_ROLEMAP_SCREENSHOTS, for a person to
// look at.
func TestRoleMapScreenshots(t *testing.T) {
	dir := os.Getenv("HANDBOEK_ROLEMAP_SCREENSHOTS")
	if dir == "" {
		t.Skip("set HANDBOEK_ROLEMAP_SCREENSHOTS to a folder to write screenshots")
	}
	res := buildExample(t)
	base := browsertest.Serve(t, res.Files, "/handboek/")
	ctx := browsertest.New(t)
	pages := strings.Split(os.Getenv("HANDBOEK_ROLEMAP_PAGES"), ",")
	for _, p := range pages {
		for _, v := range []struct {
			name   string
			width  int64
			scheme string
		}{{"1280", 1280, "light"}, {"390", 390, "light"}, {"1280-dark", 1280, "dark"}} {
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v.scheme}}}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(v.width, 900), chromedp.Navigate(base+p)); err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			name := strings.NewReplacer("/", "_").Replace(strings.Trim(p, "/")) + "-" + v.name + ".png"
			if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestRoleMapInBrowser checks what only a browser shows: the map has a real size, a node is a
// link that goes to its page, and the keyboard reaches the nodes with Tab.
func TestRoleMapInBrowser(t *testing.T) {
	res := buildExample(t)
	base := browsertest.Serve(t, res.Files, "/intranet/handboek/")
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"rolkaart/"), chromedp.WaitVisible(chromedp.CSS("svg.rm"))); err != nil {
		t.Fatal(err)
	}
	size, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector("svg.rm").getBoundingClientRect(); return [r.width, r.height]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if size[0] < 600 || size[1] < 150 {
		t.Errorf("the role map is drawn %v×%v px at 1280 px wide; want at least 600×150", size[0], size[1])
	}
	// The node text is drawn inside its box, at a readable size.
	fit, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
	  for (const a of document.querySelectorAll("svg.rm a.rm-node")) {
	    const r = a.querySelector("rect").getBoundingClientRect(), t = a.querySelector("text").getBoundingClientRect();
	    if (t.width > r.width + 1) return a.getAttribute("data-id") + ": text wider than its box";
	    if (t.height / a.querySelectorAll("tspan").length < 8) return a.getAttribute("data-id") + ": text smaller than 8 px";
	  }
	  return "";
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if fit != "" {
		t.Error(fit)
	}

	// Tab from the top of the page reaches a node of the map, with a visible focus style.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur(); window.scrollTo(0, 0)`)); err != nil {
		t.Fatal(err)
	}
	reached := ""
	for range 60 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.closest("svg.rm") ? document.activeElement.getAttribute("data-id") : ""`))
		if err != nil {
			t.Fatal(err)
		}
		if id != "" {
			reached = id
			break
		}
	}
	if reached == "" {
		t.Fatal("60 presses of Tab did not reach a node of the role map")
	}
	stroke, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement.querySelector("rect")).strokeWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if stroke != "4px" {
		t.Errorf("the focused node %s has stroke width %s; want the 4px focus ring", reached, stroke)
	}

	// Clicking a node goes to its page.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`svg.rm a.rm-node[data-id="rol/gemeentesecretaris"] rect`)), chromedp.WaitVisible(chromedp.CSS(`body.layout-page`))); err != nil {
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
	if !strings.HasSuffix(loc, "/intranet/handboek/rollen/gemeentesecretaris/") || strings.TrimSpace(h1) != "Gemeentesecretaris" {
		t.Errorf("after clicking the node Gemeentesecretaris: at %s with h1 %q", loc, h1)
	}
	// The entity page has its own small map, also with a real size.
	w, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("svg.rm--local").getBoundingClientRect().width`))
	if err != nil {
		t.Fatal(err)
	}
	if w < 200 {
		t.Errorf("the local map is %v px wide; want at least 200", w)
	}
}
