package server

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"handboek/internal/sitetest"
)

const site = `
-- site.toml --
title = "Handboek Test"

[kinds.rol]
section = "rollen"
label = "Rol"
plural = "Rollen"

[[relations]]
key = "opdrachtgever"
from = ["rol"]
to = ["rol"]
label = "Ambtelijk opdrachtgever"
inverse = "Opdrachtgever van"
-- content/_index.md --
+++
title = "Welkom"
+++
Welkom in het handboek.
-- content/rollen/bode.md --
+++
title = "Bode"
+++
Brengt de post rond.
-- content/rollen/griffier.md --
+++
title = "Griffier"
+++
Ondersteunt de raad.
`

// devServer builds site in a temporary folder and serves it as serve -watch does, without
// the file watcher: tests call Rebuild themselves.
func devServer(t *testing.T) (*Server, *httptest.Server, string) {
	t.Helper()
	dir := sitetest.Write(t, site)
	s := New(Options{Source: dir, Watch: true})
	if res := s.Rebuild(batch{Config: true}); !res.OK() {
		t.Fatalf("build has problems:\n%s", sitetest.Problems(res))
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); ts.Close() })
	return s, ts, dir
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// stream is an open event stream.
type stream struct {
	t    *testing.T
	r    *bufio.Reader
	body io.Closer
}

func openStream(t *testing.T, ts *httptest.Server, since string) *stream {
	t.Helper()
	resp, err := http.Get(ts.URL + "/__handboek/events?page=/rollen/bode/&since=" + since)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream; charset=utf-8" {
		t.Fatalf("Content-Type %q", ct)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return &stream{t: t, r: bufio.NewReader(resp.Body), body: resp.Body}
}

// readEvent reads the next event of a server-sent event stream: its name and its data.
func readEvent(r *bufio.Reader) (event, data string, err error) {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", "", err
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			event = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			data = line[len("data: "):]
		case line == "" && event != "":
			return event, data, nil
		}
	}
}

// next reads the next build event.
func (s *stream) next() message {
	s.t.Helper()
	type result struct {
		m   message
		err error
	}
	ch := make(chan result, 1)
	go func() {
		for {
			event, data, err := readEvent(s.r)
			if err != nil {
				ch <- result{err: err}
				return
			}
			if event == "build" {
				var m message
				ch <- result{m: m, err: json.Unmarshal([]byte(data), &m)}
				return
			}
		}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			s.t.Fatal(r.err)
		}
		return r.m
	case <-time.After(10 * time.Second):
		s.t.Fatal("no event")
	}
	return message{}
}

// pages keeps the pages of a list of changed URL paths (leaving out the search index and
// other assets).
func pages(changed []string) []string {
	var out []string
	for _, c := range changed {
		if strings.HasSuffix(c, "/") || strings.HasSuffix(c, ".html") {
			out = append(out, c)
		}
	}
	return out
}

// pageVersion reads the build a served page says it comes from.
func pageVersion(t *testing.T, html string) string {
	t.Helper()
	m := regexp.MustCompile(`<script src="/__handboek/reload.js" data-page="([^"]*)" data-version="([^"]*)" defer></script>\n</body>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no reload script before </body>:\n%s", html)
	}
	return m[2]
}

func write(t *testing.T, dir, rel, text string) {
	t.Helper()
	mustWrite(t, filepath.Join(dir, filepath.FromSlash(rel)), text)
}

func TestServesBuildOutputWithReloadScript(t *testing.T) {
	_, ts, _ := devServer(t)
	code, h, body := get(t, ts.URL+"/rollen/bode/")
	if code != 200 || h.Get("Content-Type") != "text/html; charset=utf-8" || !strings.Contains(body, "Brengt de post rond.") {
		t.Fatalf("GET /rollen/bode/: %d %q\n%s", code, h.Get("Content-Type"), body)
	}
	pageVersion(t, body)
	if strings.Contains(body, "<script>") {
		t.Error("the page has an inline script")
	}
	code, h, _ = get(t, ts.URL+"/assets/handboek.css")
	if code != 200 || h.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("GET handboek.css: %d %q", code, h.Get("Content-Type"))
	}
	code, h, body = get(t, ts.URL+"/bestaat/niet/")
	if code != 404 || !strings.Contains(body, "<html") || !strings.Contains(body, `data-page="/404.html"`) {
		t.Errorf("GET a missing page: %d %q\n%s", code, h.Get("Content-Type"), body)
	}
	code, _, body = get(t, ts.URL+"/__handboek/reload.js")
	if code != 200 || !strings.Contains(body, "EventSource") {
		t.Errorf("GET reload.js: %d", code)
	}
	// Never in build output.
	res := sitetest.MustBuild(t, site)
	for name, b := range res.Files {
		if strings.Contains(string(b), "/__handboek/") {
			t.Errorf("build output %s mentions the dev server's reload script", name)
		}
	}
}

func TestPathTraversalIsRefused(t *testing.T) {
	_, ts, dir := devServer(t)
	write(t, filepath.Dir(dir), "geheim.txt", "GEHEIM")
	addr := strings.TrimPrefix(ts.URL, "http://")
	for _, p := range []string{
		"/../site.toml", "/rollen/../../site.toml", "/%2e%2e/site.toml", "/%2E%2E/%2e%2e/geheim.txt",
		"/rollen/%2e%2e/%2e%2e/site.toml", "/..%2fsite.toml", "/..%5csite.toml", "/rollen/..\\..\\site.toml",
	} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, "GET "+p+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		b, _ := io.ReadAll(conn)
		conn.Close()
		resp := string(b)
		if !strings.HasPrefix(resp, "HTTP/1.1 400 ") {
			t.Errorf("GET %s: want 400, got %q", p, strings.SplitN(resp, "\r\n", 2)[0])
		}
		if strings.Contains(resp, "Handboek Test\"") || strings.Contains(resp, "GEHEIM") {
			t.Errorf("GET %s leaked a source file", p)
		}
	}
	// Source files are not output: the site's 404 page.
	for _, p := range []string{"/site.toml", "/content/rollen/bode.md", "/rollen/bode.md"} {
		if code, _, body := get(t, ts.URL+p); code != 404 || strings.Contains(body, "Brengt de post") {
			t.Errorf("GET %s: %d", p, code)
		}
	}
}

func TestEventStreamNamesChangedPages(t *testing.T) {
	s, ts, dir := devServer(t)
	_, _, body := get(t, ts.URL+"/rollen/bode/")
	st := openStream(t, ts, pageVersion(t, body))
	if m := st.next(); m.All || len(m.Changed) != 0 || len(m.Problems) != 0 {
		t.Fatalf("first event for an up-to-date tab: %+v", m)
	}

	write(t, dir, "content/rollen/bode.md", "+++\ntitle = \"Bode\"\n+++\nBrengt de post en de pakjes rond.\n")
	s.Rebuild(batch{Paths: []string{"content/rollen/bode.md"}})
	m := st.next()
	if strings.Join(pages(m.Changed), " ") != "/rollen/bode/" || len(m.Problems) != 0 {
		t.Errorf("after a body edit: changed %q, problems %v; want the one page /rollen/bode/", m.Changed, m.Problems)
	}
	if _, _, body := get(t, ts.URL+"/rollen/bode/"); !strings.Contains(body, "de pakjes") {
		t.Error("the server does not serve the new text")
	}

	// A stylesheet change names the stylesheet alone.
	write(t, dir, "static/assets/extra.css", "body { color: red }\n")
	s.Rebuild(batch{Paths: []string{"static/assets/extra.css"}})
	if m := st.next(); strings.Join(m.Changed, " ") != "/assets/extra.css" {
		t.Errorf("after a CSS change: changed %q", m.Changed)
	}

	// A tab that reconnects learns what it missed.
	late := openStream(t, ts, pageVersion(t, body))
	if m := late.next(); strings.Join(pages(m.Changed), " ") != "/rollen/bode/" || !slices.Contains(m.Changed, "/assets/extra.css") {
		t.Errorf("a tab from before both builds: changed %q", m.Changed)
	}
	// A tab from an earlier run of the server reloads.
	if m := openStream(t, ts, "abc-1").next(); !m.All {
		t.Errorf("a tab from another run: %+v", m)
	}
}

func TestErrorOverlayAppearsAndClears(t *testing.T) {
	s, ts, dir := devServer(t)
	_, _, body := get(t, ts.URL+"/rollen/bode/")
	st := openStream(t, ts, pageVersion(t, body))
	st.next()

	write(t, dir, "content/rollen/bode.md", "+++\ntitle = \"Bode\"\nopdrachtgever = \"grifier\"\n+++\nBrengt de post rond.\n")
	res := s.Rebuild(batch{Paths: []string{"content/rollen/bode.md"}})
	if res.OK() {
		t.Fatal("the build has no problems")
	}
	m := st.next()
	want := Problem{
		File: "content/rollen/bode.md", Line: 3, Col: 17,
		Message: `unknown rol "grifier" (did you mean "griffier"?)`,
		Source:  `opdrachtgever = "grifier"`,
		Text:    `content/rollen/bode.md:3:17: unknown rol "grifier" (did you mean "griffier"?)`,
	}
	if len(m.Problems) != 1 || m.Problems[0] != want {
		t.Fatalf("problems %+v\nwant %+v", m.Problems, want)
	}
	if m.Heading != "Het handboek heeft 1 probleem" || m.Note != "U ziet de laatste versie zonder problemen. Deze melding verdwijnt vanzelf zodra de problemen zijn opgelost." {
		t.Errorf("heading %q, note %q", m.Heading, m.Note)
	}
	// The last good page stays, and a tab opened now hears of the problems at once.
	_, _, body = get(t, ts.URL+"/rollen/bode/")
	if !strings.Contains(body, "Brengt de post rond.") {
		t.Error("the last good page is gone")
	}
	if m := openStream(t, ts, pageVersion(t, body)).next(); len(m.Problems) != 1 {
		t.Errorf("a new tab does not see the problem: %+v", m)
	}

	write(t, dir, "content/rollen/bode.md", "+++\ntitle = \"Bode\"\nopdrachtgever = \"griffier\"\n+++\nBrengt de post rond.\n")
	if res := s.Rebuild(batch{Paths: []string{"content/rollen/bode.md"}}); !res.OK() {
		t.Fatalf("still problems:\n%s", sitetest.Problems(res))
	}
	m = st.next()
	if len(m.Problems) != 0 || !strings.Contains(strings.Join(m.Changed, " "), "/rollen/bode/") {
		t.Errorf("after the fix: problems %v, changed %q", m.Problems, m.Changed)
	}
}

func TestProblemsBeforeAnyGoodBuild(t *testing.T) {
	dir := sitetest.Write(t, site)
	write(t, dir, "content/rollen/bode.md", "+++\ntitle = \"Bode\"\n")
	s := New(Options{Source: dir, Watch: true})
	s.Rebuild(batch{Config: true})
	ts := httptest.NewServer(s)
	defer func() { s.Close(); ts.Close() }()
	code, _, body := get(t, ts.URL+"/rollen/griffier/")
	if code != 200 || !strings.Contains(body, "<h1>Het handboek heeft 1 probleem</h1>") || !strings.Contains(body, "<code>content/rollen/bode.md:1:1</code>") {
		t.Fatalf("%d\n%s", code, body)
	}
	st := openStream(t, ts, pageVersion(t, body))
	st.next()
	write(t, dir, "content/rollen/bode.md", "+++\ntitle = \"Bode\"\n+++\n")
	s.Rebuild(batch{Paths: []string{"content/rollen/bode.md"}})
	if m := st.next(); !m.All || len(m.Problems) != 0 {
		t.Errorf("the first good build does not reload the problems page: %+v", m)
	}
}

func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	err = Run(Options{Source: sitetest.Write(t, site), Bind: "127.0.0.1", Port: port, Stdout: io.Discard, Stderr: io.Discard})
	ue, ok := err.(*UsageError)
	want := "port " + strconv.Itoa(port) + " is already in use on 127.0.0.1 (is handboek serve running already?): stop that program, or choose another port, such as -port " + strconv.Itoa(port+1)
	if !ok || ue.Msg != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

func TestBindWarning(t *testing.T) {
	for _, b := range []string{"127.0.0.1", "localhost", "::1"} {
		if w := bindWarning(b); w != "" {
			t.Errorf("-bind %s warns: %s", b, w)
		}
	}
	want := "Warning: with -bind 0.0.0.0 the handbook is visible to everyone on the network who can reach this computer, unpublished changes included. Use -bind 127.0.0.1 to keep it to yourself."
	if w := bindWarning("0.0.0.0"); w != want {
		t.Errorf("got  %s\nwant %s", w, want)
	}
}

func TestRunStopsCleanly(t *testing.T) {
	stop := make(chan os.Signal, 1)
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- Run(Options{Source: sitetest.Write(t, site), Watch: true, Bind: "127.0.0.1", Port: 0, Stdout: out, Stderr: io.Discard, Stop: stop})
	}()
	re := regexp.MustCompile(`Serving the handbook at (http://\S+/);`)
	var url string
	for deadline := time.Now().Add(20 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("no address printed:\n%s", out.String())
	}
	resp, err := http.Get(url + "__handboek/events?since=x")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	stop <- os.Interrupt
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the stop signal, with a tab listening")
	}
	if !strings.HasSuffix(out.String(), "Stopped.\n") {
		t.Errorf("output:\n%s", out.String())
	}
}

// syncBuffer is a bytes.Buffer that Run can write to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestPageBeforeTheFirstBuildIsDone requests pages while the first build is held just after
// linking: a page is served whole, the same page the finished build serves, with the version
// of that build (so its tab does not reload); a generated page waits for the build.
func TestPageBeforeTheFirstBuildIsDone(t *testing.T) {
	dir := sitetest.Write(t, site)
	s := New(Options{Source: dir, Watch: true})
	ts := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); ts.Close() })
	held, release := make(chan struct{}), make(chan struct{})
	s.onEarly = func() { close(held); <-release }
	built := make(chan bool)
	go func() { built <- s.Rebuild(batch{Config: true}).OK() }()
	<-held

	code, h, early := get(t, ts.URL+"/rollen/bode/")
	if code != 200 || h.Get("Content-Type") != "text/html; charset=utf-8" || !strings.Contains(early, "Brengt de post rond.") || !strings.HasSuffix(strings.TrimSpace(early), "</html>") {
		t.Fatalf("GET /rollen/bode/ before the build is done: %d %q\n%s", code, h.Get("Content-Type"), early)
	}
	if code, _, _ := get(t, ts.URL+"/assets/handboek.css"); code != 200 {
		t.Errorf("GET handboek.css before the build is done: %d", code)
	}
	s.mu.RLock()
	page := s.early
	s.mu.RUnlock()
	for _, name := range []string{"zoeken/index.html", "rolkaart/index.html", "graph.json", "bestaat/niet/index.html"} {
		if _, ok := page(name); ok {
			t.Errorf("%s can be served before the build is done", name)
		}
	}

	close(release)
	if !<-built {
		t.Fatal("the build has problems")
	}
	_, _, done := get(t, ts.URL+"/rollen/bode/")
	if early != done {
		t.Errorf("the page served early differs from the finished build's:\n%s\n---\n%s", early, done)
	}
}
