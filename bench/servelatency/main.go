// Command servelatency measures `handboek serve -watch` the way an editor lives with it: the time
// from starting the server to its first answer, the time from saving a page to the new text being
// in an open Chromium tab, and the server's peak memory.
//
// Usage:
//
//	go build -o /tmp/handboek . && go run ./bench/servelatency -bin /tmp/handboek -site /tmp/corpus/handboek
//
// (make the corpus with go run ./bench/gen -n 10000 -out /tmp/corpus). The site's files are
// edited in place: the page used gets a line appended per edit and is put back at the end.
//
// Save-to-tab latency is measured without polling error: the tab's own clock says when the new
// page's DOM was ready (performance.timeOrigin + domInteractive), and the write time is taken
// just before the file is written, on the same machine's clock. The tab is looked at only once
// it has loaded a page (-probe load): polling it with innerText, as this did first, lays the
// loading page out every few milliseconds and made the new page ready 40-60 ms later.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

func main() {
	// Registered first, so it runs last: after the deferred steps below have put the edited file
	// back and stopped the server, which os.Exit straight from fail would skip.
	defer func() {
		if r := recover(); r != nil {
			msg, ok := r.(failure)
			if !ok {
				panic(r)
			}
			fmt.Fprintln(os.Stderr, "servelatency:", msg)
			os.Exit(1)
		}
	}()
	bin := flag.String("bin", "handboek", "the handboek binary")
	site := flag.String("site", "", "the site folder (holding site.toml)")
	page := flag.String("page", "", "the page to edit, relative to the site (default: the first file in content/rollen/)")
	edits := flag.Int("edits", 9, "number of edits")
	port := flag.Int("port", 18413, "port for the server")
	chromium := flag.String("chromium", "/usr/bin/chromium", "Chromium to drive")
	probe := flag.String("probe", "load", "how to wait for the new text: load (look when the tab has loaded a page), or poll the tab every 5 ms with innerText or textContent (innerText lays the page out each time, which slows the page that is loading)")
	flag.Parse()
	if *site == "" {
		fail("-site is required")
	}
	if *page == "" {
		entries, err := os.ReadDir(filepath.Join(*site, "content", "rollen"))
		if err != nil {
			fail(err.Error())
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".md") && e.Name() != "_index.md" {
				*page = "content/rollen/" + e.Name()
				break
			}
		}
	}
	file := filepath.Join(*site, filepath.FromSlash(*page))
	original, err := os.ReadFile(file)
	if err != nil {
		fail(err.Error())
	}
	defer os.WriteFile(file, original, 0o644)

	// Start the server and time its first answer.
	start := time.Now()
	cmd := exec.Command(*bin, "serve", "-watch", "-source", *site, "-port", strconv.Itoa(*port))
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		fail(err.Error())
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	lines := make(chan string, 1000)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d/", *port)
	var first time.Duration
	for {
		resp, err := http.Get(base)
		if err == nil {
			resp.Body.Close()
			first = time.Since(start)
			break
		}
		if time.Since(start) > 5*time.Minute {
			fail("no answer within 5 minutes")
		}
		time.Sleep(5 * time.Millisecond)
	}
	fmt.Printf("first response: %d ms after start\n", first.Milliseconds())

	// Open the page in Chromium.
	url := base + urlOf(*page)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(*chromium), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.Flag("disable-dev-shm-usage", true))
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	loads := make(chan struct{}, 64)
	if err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*cdppage.EventLoadEventFired); ok {
			select {
			case loads <- struct{}{}:
			default:
			}
		}
	}); err != nil {
		fail(err.Error())
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		fail(err.Error())
	}
	waitTrue(ctx, `document.documentElement.dataset.handboekBuild !== undefined`)

	var lat []float64
	cpu0 := cpuTime(cmd.Process.Pid)
	for i := range *edits {
		marker := fmt.Sprintf("Meetpunt %d-%d", time.Now().UnixNano(), i)
		text := append(append([]byte{}, original...), []byte("\n\n"+marker+"\n")...)
		drain(lines)
		drainLoads(loads)
		t0 := float64(time.Now().UnixNano()) / 1e6
		if err := os.WriteFile(file, text, 0o644); err != nil {
			fail(err.Error())
		}
		if *probe == "load" {
			waitLoaded(ctx, loads, `document.body && document.body.textContent.includes(`+strconv.Quote(marker)+`)`)
		} else {
			waitTrue(ctx, `document.body && document.body.`+*probe+`.includes(`+strconv.Quote(marker)+`)`)
		}
		// The tab's navigation timing splits the time: until the reload starts (watcher,
		// rebuild, event stream, script), the request (the server's answer) and the parsing.
		nav, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(function () {
			var n = performance.getEntriesByType("navigation")[0];
			return [performance.timeOrigin, n.requestStart, n.responseEnd, n.domInteractive];
		})()`))
		if err != nil || len(nav) != 4 {
			fail(fmt.Sprintf("navigation timing: %v", err))
		}
		origin, ready := nav[0], nav[0]+nav[3]
		lat = append(lat, ready-t0)
		fmt.Printf("edit %d: %.0f ms from write to the new text in the tab (to reload %.0f, to request %.0f, request %.0f, response to DOM %.0f; server: %s)\n",
			i+1, ready-t0, origin-t0, nav[1], nav[2]-nav[1], nav[3]-nav[2], last(lines))
		time.Sleep(300 * time.Millisecond)
	}
	cpu := cpuTime(cmd.Process.Pid) - cpu0
	sort.Float64s(lat)
	fmt.Printf("server CPU time per edit: %.0f ms (user and system, from the write to the next edit, 300 ms of them idle)\n", cpu.Seconds()*1000/float64(*edits))
	fmt.Printf("save-to-tab median: %.0f ms (min %.0f, max %.0f, %d edits)\n", lat[len(lat)/2], lat[0], lat[len(lat)-1], len(lat))
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)); err == nil {
		if m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(b); m != nil {
			kb, _ := strconv.Atoi(string(m[1]))
			fmt.Printf("peak RSS of the server: %d MB\n", kb/1024)
		}
	}
}

// cpuTime is the CPU time a process has used (user and system), from /proc; 0 elsewhere.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command (which is in parentheses and may hold spaces): utime and
	// stime are the 12th and 13th, in clock ticks (100 a second on Linux).
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return time.Duration(u+st) * 10 * time.Millisecond
}

// urlOf is the URL path of a content file: content/rollen/x.md → rollen/x/.
func urlOf(page string) string {
	p := strings.TrimSuffix(strings.TrimPrefix(page, "content/"), ".md")
	return p + "/"
}

func waitTrue(ctx context.Context, js string) {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	fail("timed out waiting for " + js)
}

// waitLoaded waits until js is true in the tab, looking only when a page has loaded, so that
// nothing runs in the tab while the new page is parsed.
func waitLoaded(ctx context.Context, loads chan struct{}, js string) {
	deadline := time.After(2 * time.Minute)
	for {
		select {
		case <-loads:
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return
			}
		case <-deadline:
			fail("timed out waiting for " + js)
		}
	}
}

func drainLoads(ch chan struct{}) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

func drain(ch chan string) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

func last(ch chan string) string {
	var s string
	for {
		select {
		case l := <-ch:
			s = l
		case <-time.After(50 * time.Millisecond):
			return s
		}
	}
}

// failure is what fail panics with; main reports it and exits once everything is cleaned up.
type failure string

// fail stops the measurement with msg. It is called on main's goroutine only.
func fail(msg string) { panic(failure(msg)) }
