// Package browsertest starts Debian's Chromium for tests that need a real browser: search,
// live reload, the role map, accessibility.
//
// Outside CI a machine without Chromium skips these tests with a message; with CI=true a missing
// browser fails the test, so a green CI run always means the browser tests ran.
package browsertest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ExecPath finds Chromium: $HANDBOEK_CHROMIUM, else the usual names on PATH.
func ExecPath() string {
	if p := os.Getenv("HANDBOEK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless browser for t and returns a context for chromedp actions. The browser
// is closed when the test ends. Each call has its own profile.
func New(t testing.TB) context.Context {
	t.Helper()
	exe := ExecPath()
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium not found: install Debian's chromium package (CI must run the browser tests)")
		}
		t.Skip("Chromium not found: install Debian's chromium package to run the browser tests")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("allow-file-access-from-files", false),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(ctx); err != nil { // start the browser without a deadline
		cancel()
		cancelAlloc()
		t.Fatalf("starting Chromium (%s): %v", exe, err)
	}
	tctx, tcancel := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() {
		tcancel()
		cancel()
		cancelAlloc()
	})
	return tctx
}

// Serve serves files (paths relative to the site root) over HTTP under prefix (such as
// "/intranet/handboek/"), the way a plain web server would, and returns the site's URL.
func Serve(t testing.TB, files map[string][]byte, prefix string) string {
	t.Helper()
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		b, ok := files[p]
		if !ok {
			if _, dir := files[p+"/index.html"]; dir {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			w.WriteHeader(http.StatusNotFound)
			w.Write(files["404.html"])
			return
		}
		switch path.Ext(p) {
		case ".html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		case ".css":
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
		case ".js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		case ".json":
			w.Header().Set("Content-Type", "application/json")
		case ".svg":
			w.Header().Set("Content-Type", "image/svg+xml")
		}
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + prefix
}
