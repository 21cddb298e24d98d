package server

import (
	"bufio"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"handboek/generator"
)

// TestAnnouncedPageWaitsForTheBuild checks that a build started for a page's file is announced
// on the event stream before it runs, and that a request for that page made meanwhile is
// answered with the page of that build, not the one before.
func TestAnnouncedPageWaitsForTheBuild(t *testing.T) {
	s, ts, dir := devServer(t)
	resp, err := http.Get(ts.URL + "/__handboek/events?page=/rollen/bode/&since=x-0")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := bufio.NewReader(resp.Body)
	next := func() (event, data string) {
		t.Helper()
		event, data, err := readEvent(events)
		if err != nil {
			t.Fatal(err)
		}
		return event, data
	}
	if event, _ := next(); event != "build" {
		t.Fatalf("first event %q, want build", event)
	}

	held := make(chan struct{})
	s.onHold = func() { close(held) }
	s.announce([]string{"content/rollen/bode.md", "content/bestaat/niet.md"})
	if event, data := next(); event != "building" || data != `{"pages":["/rollen/bode/"]}` {
		t.Fatalf("after the announcement: event %q, data %s", event, data)
	}
	page := make(chan string)
	go func() {
		r, err := http.Get(ts.URL + "/rollen/bode/")
		if err != nil {
			page <- err.Error()
			return
		}
		defer r.Body.Close()
		var b strings.Builder
		bufio.NewReader(r.Body).WriteTo(&b)
		page <- b.String()
	}()
	<-held // the request waits for the build
	write(t, dir, "content/rollen/bode.md", "+++\ntitle = \"Bode\"\n+++\nBrengt de post en de pakjes rond.\n")
	if res := s.Rebuild(batch{Paths: []string{"content/rollen/bode.md"}}); !res.OK() {
		t.Fatal(res.Problems)
	}
	if body := <-page; !strings.Contains(body, "de pakjes") {
		t.Errorf("the request made while the build was on its way got the page from before it:\n%s", body)
	}
	if event, _ := next(); event != "build" {
		t.Errorf("after the build: event %q, want build", event)
	}
}

// TestBuildAnswersOnlyEarlierAnnouncements checks that a build answers the announcements made
// before it started, not a change announced while it runs: a request for that page waits for
// the next build.
func TestBuildAnswersOnlyEarlierAnnouncements(t *testing.T) {
	s, _, _ := devServer(t)
	s.announce([]string{"content/rollen/bode.md"})
	first := s.coming["/rollen/bode/"]
	s.mu.RLock()
	answers := s.comingSeq
	s.mu.RUnlock()
	s.announce([]string{"content/rollen/bode.md"}) // saved again while the build runs
	second := s.coming["/rollen/bode/"]
	if first == nil || second == nil || first == second {
		t.Fatalf("announcements %p and %p", first, second)
	}
	res := s.builder.Build(generator.Options{Source: s.source, Gzip: true})
	s.publish(res, answers)
	select {
	case <-first.done:
	default:
		t.Error("the build did not answer the announcement made before it")
	}
	select {
	case <-second.done:
		t.Error("the build answered a change announced after it started")
	default:
	}
	if s.coming["/rollen/bode/"] != second {
		t.Error("the later announcement is no longer waiting")
	}
	s.publish(s.builder.Build(generator.Options{Source: s.source, Gzip: true}), s.comingSeq)
	select {
	case <-second.done:
	default:
		t.Error("the next build did not answer the later announcement")
	}
}

// TestWatcherTellsEachChangeAtOnce checks that the watcher reports a change to early before the
// batch it is in is rebuilt, and leaves out what does not count (an editor's temporary file).
func TestWatcherTellsEachChangeAtOnce(t *testing.T) {
	root := t.TempDir()
	mustWrite(t, filepath.Join(root, "site.toml"), "title = \"T\"\n")
	mustWrite(t, filepath.Join(root, "content", "rollen", "bode.md"), "+++\ntitle = \"Bode\"\n+++\n")
	w, err := newWatcher(root)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var early []string
	w.early = func(rel string) { mu.Lock(); early = append(early, rel); mu.Unlock() }
	batches := make(chan batch, 100)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.run(stop, func(b batch) {
			mu.Lock()
			told := slices.Clone(early)
			mu.Unlock()
			for _, p := range b.Paths {
				if !slices.Contains(told, p) {
					t.Errorf("%s is rebuilt without having been told early (told %q)", p, told)
				}
			}
			batches <- b
		}, func(err error) { t.Error(err) })
	}()
	defer func() { close(stop); w.Close(); <-done }()

	tmp := filepath.Join(root, "content", "rollen", ".bode.md.tmp1")
	mustWrite(t, tmp, "+++\ntitle = \"Bodedienst\"\n+++\n")
	if err := os.Rename(tmp, filepath.Join(root, "content", "rollen", "bode.md")); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-batches:
		if !slices.Contains(b.Paths, "content/rollen/bode.md") {
			t.Errorf("batch %q", b.Paths)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no rebuild")
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range early {
		if strings.Contains(p, ".tmp") {
			t.Errorf("told of the temporary file: %q", early)
		}
	}
}

// TestStylesheetKeptWhileTheSame checks that a file other than a page is sent with a tag of its
// content, that a request with that tag gets 304 while the file is the same, and the new file
// once it changed; pages are never kept.
func TestStylesheetKeptWhileTheSame(t *testing.T) {
	s, ts, dir := devServer(t)
	get := func(path, tag string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		if tag != "" {
			req.Header.Set("If-None-Match", tag)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	first := get("/assets/handboek.css", "")
	tag := first.Header.Get("ETag")
	if first.StatusCode != 200 || tag == "" || first.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("stylesheet: %d, ETag %q, Cache-Control %q", first.StatusCode, tag, first.Header.Get("Cache-Control"))
	}
	if again := get("/assets/handboek.css", tag); again.StatusCode != http.StatusNotModified {
		t.Errorf("the same stylesheet asked for with its tag: %d", again.StatusCode)
	}
	if page := get("/rollen/bode/", ""); page.Header.Get("ETag") != "" || page.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("a page: ETag %q, Cache-Control %q", page.Header.Get("ETag"), page.Header.Get("Cache-Control"))
	}
	write(t, dir, "static/assets/handboek.css", "body { color: red }\n")
	s.Rebuild(batch{Paths: []string{"static/assets/handboek.css"}})
	if changed := get("/assets/handboek.css", tag); changed.StatusCode != 200 || changed.Header.Get("ETag") == tag {
		t.Errorf("a changed stylesheet asked for with the old tag: %d, ETag %q", changed.StatusCode, changed.Header.Get("ETag"))
	}
}
