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
