// Command searchlatency measures how long the search page takes to show results once the index
// data it needs has arrived (issue 4: at most 50 ms), in Debian's Chromium, on a built site.
//
//	go run ./bench/searchlatency -site DIR -q adviseur -q "jeugdhulp beleid"
//
// DIR is a built output folder. For each query it opens zoeken/?q=QUERY (search/ for English
// sites with -page search/) with an empty cache, and reports the time from the end of the last
// index file's download (Resource Timing) to the last change of the result list (a
// MutationObserver installed before any script of the page runs).
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"handboek/internal/browsertest"
)

type queries []string

func (q *queries) String() string     { return strings.Join(*q, ",") }
func (q *queries) Set(s string) error { *q = append(*q, s); return nil }

const observe = `
window.__lastResultChange = 0;
new MutationObserver(() => {
  const box = document.getElementById('zoekresultaten');
  if (box && !box.__watched) {
    box.__watched = true;
    new MutationObserver(() => { window.__lastResultChange = performance.now(); })
      .observe(box, {childList: true, subtree: true, characterData: true});
  }
}).observe(document, {childList: true, subtree: true});
`

const measure = `(() => {
  const data = performance.getEntriesByType('resource').filter(e => e.name.includes('/assets/search/'));
  const arrived = Math.max(...data.map(e => e.responseEnd));
  const hits = document.querySelectorAll('#zoekresultaten li').length;
  return {arrived, shown: window.__lastResultChange, files: data.length, hits};
})()`

type result struct {
	Arrived float64 `json:"arrived"`
	Shown   float64 `json:"shown"`
	Files   int     `json:"files"`
	Hits    int     `json:"hits"`
}

func main() {
	site := flag.String("site", "", "a built output folder")
	pagePath := flag.String("page", "zoeken/", "the search page, relative to the site")
	runs := flag.Int("runs", 5, "runs per query")
	var qs queries
	flag.Var(&qs, "q", "a query (repeat for more)")
	flag.Parse()
	if *site == "" || len(qs) == 0 {
		flag.Usage()
		os.Exit(2)
	}
	exe := browsertest.ExecPath()
	if exe == "" {
		fmt.Fprintln(os.Stderr, "searchlatency: Chromium not found")
		os.Exit(1)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(ln, http.FileServer(http.Dir(*site)))
	base := "http://" + ln.Addr().String() + "/"

	for _, q := range qs {
		var lat []float64
		var last result
		for range *runs {
			r, err := once(exe, base+*pagePath+"?q="+url.QueryEscape(q))
			if err != nil {
				fmt.Fprintf(os.Stderr, "searchlatency: %q: %v\n", q, err)
				os.Exit(1)
			}
			lat = append(lat, r.Shown-r.Arrived)
			last = r
		}
		sort.Float64s(lat)
		fmt.Printf("query %-20q results shown %.1f ms after the last index file arrived (median of %d; min %.1f, max %.1f); %d index files, %d results listed\n",
			q, lat[len(lat)/2], len(lat), lat[0], lat[len(lat)-1], last.Files, last.Hits)
	}
}

// once opens u in a fresh browser and returns the timings.
func once(exe, u string) (result, error) {
	dir, _ := os.MkdirTemp("", "searchlatency")
	defer os.RemoveAll(dir)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.UserDataDir(dir),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: observe})
			return err
		}),
		chromedp.Navigate(u),
		chromedp.WaitVisible(chromedp.CSS("#zoekresultaten li")),
		chromedp.Sleep(500*time.Millisecond), // let late shards and re-renders settle
	)
	if err != nil {
		return result{}, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[result](measure))
}
