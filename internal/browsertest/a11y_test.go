package browsertest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"handboek/generator"
	"handboek/generator/graph"
	"handboek/internal/browsertest"
)

// repoRoot is where the example handbook (site.toml, content/) and node_modules live.
const repoRoot = "../.."

// axeSource reads axe-core from node_modules. Outside CI the test skips when it is missing (run
// `npm ci` at the repository root); in CI it fails.
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is missing (%v): CI must run `npm ci` before the tests", err)
		}
		t.Skipf("axe-core is missing: run `npm ci` at the repository root to run the accessibility test (%v)", err)
	}
	return string(b)
}

// examplePage is one page of the example handbook that the accessibility test visits.
type examplePage struct {
	name string // what kind of page it is, for messages
	path string // relative to the site root, may carry a query
	wait string // optional: a CSS selector to wait for (search results)
}

// buildExample builds the example handbook and picks one page of every kind it makes.
func buildExample(t *testing.T) (map[string][]byte, []examplePage) {
	t.Helper()
	res := generator.NewBuilder().Build(generator.Options{Source: repoRoot})
	if !res.OK() {
		for _, p := range res.Problems {
			t.Log(p.String())
		}
		t.Fatal("the example handbook does not build")
	}
	pages := []examplePage{{name: "home", path: ""}}
	seenKind := map[string]bool{}
	var section, process, article *graph.Node
	for _, n := range res.Graph.All() {
		switch {
		case n == res.Graph.Home:
		case n.IsIndex:
			if section == nil {
				section = n
			}
		case n.Kind != "" && !seenKind[n.Kind]:
			seenKind[n.Kind] = true
			pages = append(pages, examplePage{name: "kind " + n.Kind, path: n.URL})
		case n.Kind == "" && article == nil:
			article = n
		}
		if len(n.Steps) > 0 && process == nil {
			process = n
		}
	}
	if section == nil || process == nil || article == nil || len(seenKind) == 0 {
		t.Fatal("the example handbook lacks a section, a process with steps, an article or entity kinds")
	}
	pages = append(pages,
		examplePage{name: "section", path: section.URL},
		examplePage{name: "article", path: article.URL},
		examplePage{name: "process with RACI table", path: process.URL},
		examplePage{name: "404", path: "bestaat-niet/"},
	)
	for name := range res.Files {
		dir, ok := strings.CutSuffix(name, "/index.html")
		if !ok || strings.Contains(dir, "/") {
			continue
		}
		switch dir {
		case "rolkaart":
			pages = append(pages, examplePage{name: "role map", path: "rolkaart/"})
		case "zoeken", "search":
			pages = append(pages, examplePage{name: "search with results", path: dir + "/?q=college", wait: "#zoekresultaten li, #zoekresultaten a"})
		case "verantwoordelijkheden", "responsibilities":
			pages = append(pages, examplePage{name: "responsibility matrix", path: dir + "/"})
		case "woordenlijst", "glossary":
			pages = append(pages, examplePage{name: "woordenlijst", path: dir + "/"})
		}
	}
	return res.Files, pages
}

// serveExample serves the files under a path prefix; 404.html's <base> (the site's base_url)
// is pointed at the test server, as it points at the real server when deployed.
func serveExample(t *testing.T, files map[string][]byte) string {
	t.Helper()
	served := make(map[string][]byte, len(files))
	for k, v := range files {
		served[k] = v
	}
	u := browsertest.Serve(t, served, "/intranet/handboek/")
	served["404.html"] = regexp.MustCompile(`<base href="[^"]*">`).ReplaceAll(files["404.html"], []byte(`<base href="`+u+`">`))
	return u
}

func setMedia(ctx context.Context, features ...string) error {
	p := emulation.SetEmulatedMediaParams{}
	for i := 0; i+1 < len(features); i += 2 {
		p.Features = append(p.Features, &emulation.MediaFeature{Name: features[i], Value: features[i+1]})
	}
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, p)
	return err
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

const axeRun = `axe.run(document, {
  runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  resultTypes: ["violations"]
}).then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, failureSummary: n.failureSummary}))}))))`

// structure checks what axe leaves to judgement: exactly one h1, lang set, one main landmark,
// the skip link first and pointing at main, tables with captions and header cells.
const structure = `(() => {
  const p = [];
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) p.push(h1 + " h1 elements, want 1");
  if (!document.documentElement.lang) p.push("<html> has no lang");
  if (document.querySelectorAll("main").length !== 1) p.push("not exactly one <main>");
  const first = document.querySelector("body a[href]");
  const skip = first && first.getAttribute("href");
  if (!first || !skip.startsWith("#") || !document.getElementById(skip.slice(1)) || document.getElementById(skip.slice(1)).tagName !== "MAIN")
    p.push("the first link is not a skip link to <main>");
  for (const t of document.querySelectorAll("main table")) {
    if (!t.querySelector("th")) p.push("a table without header cells");
    if (!t.caption && !t.closest(".prose")) p.push("a generated table without a caption");
  }
  return p;
})()`

// TestAccessibility runs axe-core on every kind of page the example handbook has, in light and
// dark mode, and fails on any violation of WCAG 2.1 A or AA. It also checks the page structure,
// the skip link and its visible focus, reflow at 320 px and reduced motion.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	files, pages := buildExample(t)
	base := serveExample(t, files)
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			ctx := browsertest.New(t)
			url := base + pg.path
			for _, scheme := range []string{"light", "dark"} {
				if err := setMedia(ctx, "prefers-color-scheme", scheme); err != nil {
					t.Fatal(err)
				}
				if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
					t.Fatalf("%s: %v", url, err)
				}
				if pg.wait != "" {
					// The search page fills its results with JavaScript.
					if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`!!document.querySelector(%q)`, pg.wait), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
						t.Errorf("%s: no search results appeared: %v", url, err)
					}
				}
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
					t.Fatalf("injecting axe-core: %v", err)
				}
				out, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatalf("running axe-core on %s: %v", url, err)
				}
				var vs []axeViolation
				if err := json.Unmarshal([]byte(out), &vs); err != nil {
					t.Fatal(err)
				}
				for _, v := range vs {
					var where []string
					for _, n := range v.Nodes {
						where = append(where, fmt.Sprint(n.Target)+": "+strings.ReplaceAll(n.Summary, "\n", " "))
					}
					t.Errorf("%s (%s mode): %s (%s, %s)\n  %s", pg.path, scheme, v.Help, v.ID, v.Impact, strings.Join(where, "\n  "))
				}
			}

			probs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](structure))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range probs {
				t.Errorf("%s: %s", pg.path, p)
			}

			// The first Tab lands on the skip link, which then shows on screen with a focus ring.
			if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
				t.Fatal(err)
			}
			focus, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
			  const a = document.activeElement, s = getComputedStyle(a), r = a.getBoundingClientRect();
			  if (!a.classList.contains("skip-link")) return "the first Tab focuses " + a.outerHTML.slice(0, 80) + ", not the skip link";
			  if (r.top < 0 || r.bottom > innerHeight || r.width === 0) return "the focused skip link is off screen";
			  if (s.outlineStyle === "none" || parseFloat(s.outlineWidth) < 2) return "the focused skip link has no visible outline";
			  return "";
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if focus != "" {
				t.Errorf("%s: %s", pg.path, focus)
			}

			// Reflow (WCAG 1.4.10): at 320 CSS px nothing scrolls sideways.
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 640), chromedp.Navigate(url)); err != nil {
				t.Fatal(err)
			}
			width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if width > 320 {
				wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 321 && !e.closest(".table-scroll, pre")).slice(0, 5).map(e => e.tagName + "." + e.className)`))
				t.Errorf("%s: at 320 px the page is %d px wide and scrolls sideways; too wide: %v", pg.path, width, wide)
			}
		})
	}
}

// TestReducedMotion checks that a reader who asks for less motion gets no smooth scrolling.
func TestReducedMotion(t *testing.T) {
	files, _ := buildExample(t)
	base := serveExample(t, files)
	ctx := browsertest.New(t)
	const js = `document.querySelector("main a").focus(), getComputedStyle(document.documentElement).scrollBehavior`
	for _, c := range []struct{ pref, want string }{{"reduce", "auto"}, {"no-preference", "smooth"}} {
		if err := setMedia(ctx, "prefers-reduced-motion", c.pref); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(base)); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("prefers-reduced-motion: %s: scroll-behavior is %q, want %q", c.pref, got, c.want)
		}
	}
}

// TestScreenshots writes screenshots of a few pages to $HANDBOEK_SCREENSHOTS (a folder) at
// phone and desktop width, light and dark, and as printed, for a person to look at. It is
// skipped when the variable is not set.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("HANDBOEK_SCREENSHOTS")
	if dir == "" {
		t.Skip("set HANDBOEK_SCREENSHOTS to a folder to write screenshots")
	}
	files, pages := buildExample(t)
	base := serveExample(t, files)
	only := os.Getenv("HANDBOEK_SCREENSHOT_PAGES") // comma-separated page names, optional
	for _, pg := range pages {
		if only != "" && !strings.Contains(","+only+",", ","+pg.name+",") {
			continue
		}
		ctx := browsertest.New(t) // a browser per page: each has its own time limit
		for _, v := range []struct {
			name   string
			width  int64
			media  string
			scheme string
		}{{"390-light", 390, "", "light"}, {"390-dark", 390, "", "dark"}, {"1280-light", 1280, "", "light"}, {"1280-dark", 1280, "", "dark"}, {"print", 800, "print", "light"}} {
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: v.media, Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v.scheme}}}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(v.width, 800), chromedp.Navigate(base+pg.path)); err != nil {
				t.Fatal(err)
			}
			if pg.wait != "" {
				_, _ = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`!!document.querySelector(%q)`, pg.wait), chromedp.WithPollingTimeout(10*time.Second)))
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			name := strings.NewReplacer(" ", "-", "/", "-").Replace(pg.name) + "-" + v.name + ".png"
			if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
