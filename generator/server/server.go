// Package server serves a handbook from memory while an editor works on it: `handboek serve`.
//
// It exists so that an editor can keep the handbook open next to their own text editor and see
// every save by itself. With Watch it rebuilds on every change (watch.go), re-rendering only the
// pages whose inputs changed (the generator's incremental build), and tells each open tab over
// Server-Sent Events which pages changed (reload.go): a tab on a changed page reloads and keeps
// its scroll position, a changed stylesheet is swapped in place, other tabs stay still. While the
// content has problems, the last good site stays up and every page shows the problems over it.
//
// Only build output is ever served, from memory; nothing is written to public/.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"handboek/generator"
	"handboek/generator/diag"
	"handboek/generator/graph"
	"handboek/generator/render"
)

// Options configure the dev server.
type Options struct {
	Source string
	Watch  bool
	Bind   string
	Port   int
	Drafts bool
	Stdout io.Writer
	Stderr io.Writer
	Stop   <-chan os.Signal // a send or close stops the server
	// Loaded, when set, is told how many bytes of Markdown the first build read (see
	// generator.Options.Loaded).
	Loaded func(bytes int64)
}

// UsageError is a mistake in how the server was started (a port in use, a bad address, an
// invalid site.toml); the command exits with status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// historyLimit is how many builds the server remembers for tabs that reconnect.
const historyLimit = 200

// Server holds the last good build and the problems of the latest one, and answers HTTP.
type Server struct {
	source string
	drafts bool
	watch  bool
	stdout io.Writer
	stderr io.Writer
	boot   string // differs between runs, so that a tab from an earlier run reloads

	builder *generator.Builder // used by the rebuilding goroutine only
	loaded  func(int64)        // Options.Loaded, for the first build

	mu       sync.RWMutex
	files    render.Files    // the last good build; nil before there is one
	gzipped  map[string]bool // the outputs in files that are compressed
	language string
	version  int       // counts published builds
	problems []Problem // of the latest build
	history  []record  // the latest good builds, oldest first
	subs     map[chan struct{}]bool
	done     chan struct{} // closed when the server stops
	ready    chan struct{} // closed when the first build is published
	// early renders one page of the first build by itself while that build is still rendering
	// the rest (generator.Options.Early); nil once the first build is published.
	early   func(name string) ([]byte, bool)
	earlyOn chan struct{} // closed when early is set
	onEarly func()        // for tests: called on the building goroutine once early is set

	// Builds on their way (see announce): for each page made from a changed file, the last
	// announcement that named it (replaced, never changed); its tab reloads at once and its
	// request waits until a build that answers that announcement is published.
	coming    map[string]*announcement
	comingSeq int             // counts announcements
	waiting   []*announcement // not answered yet
	onHold    func()          // for tests: called when a request starts waiting

	urls     map[string]string // source path → URL path of its page, by the last linked graph
	urlGraph *graph.Graph      // the graph urls was made from
}

// record is what one good build changed.
type record struct {
	version int
	all     bool     // everything may have changed (the first good build)
	changed []string // URL paths: "/rollen/x/", "/assets/handboek.css"
}

// New makes a server for the site in opt.Source; it does not build yet.
func New(opt Options) *Server {
	var b [6]byte
	_, _ = rand.Read(b[:])
	s := &Server{
		source: opt.Source, drafts: opt.Drafts, watch: opt.Watch,
		stdout: opt.Stdout, stderr: opt.Stderr, boot: hex.EncodeToString(b[:]), loaded: opt.Loaded,
		builder: generator.NewBuilder(), subs: map[chan struct{}]bool{}, done: make(chan struct{}), ready: make(chan struct{}),
		earlyOn: make(chan struct{}), language: "nl",
	}
	if s.stdout == nil {
		s.stdout = io.Discard
	}
	if s.stderr == nil {
		s.stderr = io.Discard
	}
	return s
}

// Run builds the site, serves it until Stop, and returns. A port in use or an invalid
// site.toml at the start is a *UsageError.
func Run(o Options) error {
	if o.Bind == "" {
		o.Bind = "127.0.0.1"
	}
	s := New(o)
	addr := net.JoinHostPort(o.Bind, strconv.Itoa(o.Port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return &UsageError{Msg: fmt.Sprintf("port %d is already in use on %s (is handboek serve running already?): stop that program, or choose another port, such as -port %d", o.Port, o.Bind, o.Port+1)}
		}
		return &UsageError{Msg: fmt.Sprintf("cannot listen on %s: %v (check -bind and -port)", addr, err)}
	}
	if w := bindWarning(o.Bind); w != "" {
		fmt.Fprintln(s.stderr, w)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }() // requests wait for the first build
	res := s.Rebuild(batch{Config: true})
	if res.ConfigError {
		s.Close()
		srv.Close()
		return &UsageError{Msg: "site.toml has problems (see above); fix them and start again"}
	}

	var w *watcher
	stopWatch := make(chan struct{})
	watchDone := make(chan struct{})
	if o.Watch {
		w, err = newWatcher(o.Source)
		if err != nil {
			ln.Close()
			return fmt.Errorf("cannot watch %s for changes: %v", o.Source, err)
		}
		w.early = func(rel string) {
			if b, err := os.ReadFile(joinSource(s.source, rel)); err == nil && s.builder.Holds(rel, b) {
				return // saved as it was: nothing to reload for
			}
			s.announce([]string{rel})
		}
		go func() {
			defer close(watchDone)
			w.run(stopWatch, func(b batch) { s.Rebuild(b) }, func(err error) {
				fmt.Fprintf(s.stderr, "Watching for changes: %v; rebuilding everything.\n", err)
			})
		}()
	} else {
		close(watchDone)
	}

	host := o.Bind
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	url := "http://" + net.JoinHostPort(host, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)) + "/"
	if o.Watch {
		fmt.Fprintf(s.stdout, "Serving the handbook at %s; every save shows in the browser (Ctrl-C stops).\n", url)
	} else {
		fmt.Fprintf(s.stdout, "Serving the handbook at %s (Ctrl-C stops; add -watch to see changes without restarting).\n", url)
	}
	select {
	case <-o.Stop:
	case err := <-served:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	close(stopWatch)
	if w != nil {
		w.Close()
	}
	<-watchDone
	s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		srv.Close()
	}
	fmt.Fprintln(s.stdout, "Stopped.")
	return nil
}

// bindWarning is the warning to print for a bind address that is not the machine itself.
func bindWarning(bind string) string {
	if bind == "localhost" {
		return ""
	}
	if ip := net.ParseIP(bind); ip != nil && ip.IsLoopback() {
		return ""
	}
	return fmt.Sprintf("Warning: with -bind %s the handbook is visible to everyone on the network who can reach this computer, unpublished changes included. Use -bind 127.0.0.1 to keep it to yourself.", bind)
}

// Close ends every event stream; call it before shutting the HTTP server down.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.done:
	default:
		close(s.done)
	}
}

// Rebuild builds the site again for the changes in b, publishes the result to every open tab
// and prints it. Calls must not overlap.
func (s *Server) Rebuild(b batch) *generator.Result {
	if b.Config {
		s.builder = generator.NewBuilder()
	}
	start := time.Now()
	opt := generator.Options{Source: s.source, Drafts: s.drafts, Gzip: true}
	s.mu.RLock()
	first := s.version == 0
	s.mu.RUnlock()
	if first {
		opt.Loaded = s.loaded
		opt.Early = func(page func(string) ([]byte, bool)) {
			s.mu.Lock()
			s.early = page
			select {
			case <-s.earlyOn:
			default:
				close(s.earlyOn)
			}
			s.mu.Unlock()
			if s.onEarly != nil {
				s.onEarly()
			}
		}
	}
	if !b.Config && b.Paths != nil {
		opt.Changed = b.Paths // the Builder reads these files again and reuses the others
		if !s.announced(b.Paths) {
			s.announce(b.Paths)
		}
	}
	s.mu.RLock()
	answers := s.comingSeq // every change announced so far is in b or was built before
	s.mu.RUnlock()
	res := s.builder.Build(opt)
	took := time.Since(start)
	s.publish(res, answers)

	if !res.OK() {
		for _, p := range res.Problems {
			fmt.Fprintln(s.stderr, p)
		}
		s.mu.RLock()
		good := s.files != nil
		s.mu.RUnlock()
		what := "the browser shows them until they are fixed"
		if good {
			what = "the browser shows the last good version with the problems over it until they are fixed"
		}
		fmt.Fprintf(s.stderr, "%s: %s.\n", plural(len(res.Problems), "problem", "problems"), what)
		return res
	}
	if len(b.Paths) == 0 {
		fmt.Fprintf(s.stdout, "Built %s in %s.\n", plural(res.Pages, "page", "pages"), took.Round(time.Millisecond))
	} else {
		fmt.Fprintf(s.stdout, "%s changed: rebuilt in %s, %s re-rendered, %s.\n", describe(b.Paths), took.Round(time.Millisecond),
			plural(res.Rendered, "page", "pages"), plural(len(res.Changed), "file changed", "files changed"))
	}
	return res
}

func describe(paths []string) string {
	if len(paths) == 1 {
		return paths[0]
	}
	return fmt.Sprintf("%s and %d more", paths[0], len(paths)-1)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// publish makes res what the server serves and tells every open tab; res answers the
// announcements up to number answers.
func (s *Server) publish(res *generator.Result, answers int) {
	var problems []Problem
	if !res.OK() {
		problems = problemViews(s.source, res.Problems)
	}
	if res.Graph != nil && res.Graph != s.urlGraph {
		s.urls, s.urlGraph = map[string]string{}, res.Graph
		for _, n := range res.Graph.All() {
			if n.Page != nil {
				s.urls[n.Path] = urlPath(n.URL + "index.html")
			}
		}
	}
	s.mu.Lock()
	if s.version == 0 {
		close(s.ready)
	}
	if len(s.waiting) > 0 {
		left := s.waiting[:0:0]
		for _, a := range s.waiting {
			if a.seq <= answers {
				close(a.done)
			} else {
				left = append(left, a)
			}
		}
		coming := map[string]*announcement{}
		for u, a := range s.coming {
			if a.seq > answers {
				coming[u] = a
			}
		}
		s.waiting, s.coming = left, coming
	}
	s.early = nil
	s.version++
	s.problems = problems
	if res.Config != nil {
		s.language = res.Config.Language
	}
	if res.OK() {
		rec := record{version: s.version, all: s.files == nil}
		for _, name := range res.Changed {
			rec.changed = append(rec.changed, urlPath(name))
		}
		s.files, s.gzipped = res.Files, res.Gzipped
		s.history = append(s.history, rec)
		if len(s.history) > historyLimit {
			s.history = s.history[len(s.history)-historyLimit:]
		}
	}
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	s.mu.Unlock()
}

// announcement is a build on its way for some pages.
type announcement struct {
	seq  int
	done chan struct{} // closed when a build that answers it is published
}

// announce tells the tabs showing the pages made from the changed files (paths) that a build is
// on its way: such a tab reloads at once, and its request for the page waits until a build
// made after the change is published, so that the browser's part of a reload overlaps the
// wait for the editor's burst of events to end and the build. A page whose file changed almost
// always changes; should it not, its tab has reloaded for nothing (a file saved as it was is not
// announced). The watcher announces each change when it sees it (watcher.early), Rebuild the
// changes it was given that were not.
func (s *Server) announce(paths []string) {
	var urls []string
	for _, p := range paths {
		if u, ok := s.urls[p]; ok {
			urls = append(urls, u)
		}
	}
	if len(urls) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := &announcement{seq: s.comingSeq + 1, done: make(chan struct{})}
	coming := maps.Clone(s.coming) // a new map: readers hold the old one
	if coming == nil {
		coming = map[string]*announcement{}
	}
	for _, u := range urls {
		coming[u] = a
	}
	s.comingSeq, s.coming = a.seq, coming
	s.waiting = append(s.waiting, a)
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// announced reports whether every one of paths has an announcement waiting for a build.
func (s *Server) announced(paths []string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, p := range paths {
		if u, ok := s.urls[p]; ok && s.coming[u] == nil {
			return false
		}
	}
	return true
}

// waitForBuild holds a request for a page that a build on its way will change until that build
// is published; it reports false, having answered when there is someone to answer, when the
// request or the server ends first.
func (s *Server) waitForBuild(w http.ResponseWriter, r *http.Request) bool {
	s.mu.RLock()
	a := s.coming[r.URL.Path]
	s.mu.RUnlock()
	if a == nil {
		return true
	}
	if s.onHold != nil {
		s.onHold()
	}
	select {
	case <-a.done:
		return true
	case <-r.Context().Done():
	case <-s.done:
		http.Error(w, "The server is stopping.", http.StatusServiceUnavailable)
	}
	return false
}

// urlPath is the URL path a browser shows for an output file: "rollen/x/index.html" is
// "/rollen/x/".
func urlPath(name string) string {
	if name == "index.html" {
		return "/"
	}
	if d, ok := strings.CutSuffix(name, "/index.html"); ok {
		return "/" + d + "/"
	}
	return "/" + name
}

// ServeHTTP serves the last good build, the live-reload script and its event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Only GET and HEAD are served here.", http.StatusMethodNotAllowed)
		return
	}
	if !safePath(r) {
		http.Error(w, "Bad request: this path leaves the handbook.", http.StatusBadRequest)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	select {
	case <-s.ready:
	default:
		if s.serveEarly(w, r) {
			return
		}
		// Before the pages are linked nothing can be served: wait for that, or for the build.
		select {
		case <-s.earlyOn:
			if s.serveEarly(w, r) {
				return
			}
		case <-s.ready:
		case <-r.Context().Done():
			return
		case <-s.done:
		}
	}
	select {
	case <-s.ready:
	case <-r.Context().Done():
		return
	case <-s.done:
		http.Error(w, "The server is stopping.", http.StatusServiceUnavailable)
		return
	}
	if strings.HasPrefix(r.URL.Path, reloadPrefix) {
		s.serveReload(w, r)
		return
	}
	if !s.waitForBuild(w, r) {
		return
	}

	s.mu.RLock()
	files, gzipped, version, problems := s.files, s.gzipped, s.version, s.problems
	s.mu.RUnlock()
	if files == nil {
		s.serveProblemsPage(w, r, problems, version)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	b, ok := files[name]
	status := http.StatusOK
	if !ok {
		if _, dir := files[name+"/index.html"]; dir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		name, status = "404.html", http.StatusNotFound
		b = files[name]
	}
	if gzipped[name] {
		var err error
		if b, err = generator.Gunzip(b); err != nil {
			http.Error(w, "The page cannot be read: "+err.Error(), http.StatusInternalServerError)
			return
		}
	}
	ct := contentType(name)
	w.Header().Set("Content-Type", ct)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if s.watch && strings.HasPrefix(ct, "text/html") {
		b = injectReload(b, urlPath(name), s.versionString(version))
	} else if status == http.StatusOK && notModified(w, r, b) {
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// notModified lets the browser keep its copy of a file other than a page (a stylesheet, a
// script, an image) for as long as the file is the same: it is sent with a tag of its content
// and must be asked for again each time (no-cache), and a request with the tag gets 304 Not
// Modified, which it reports. A reloading tab then parses no stylesheet and no script again.
func notModified(w http.ResponseWriter, r *http.Request, b []byte) bool {
	h := fnv.New64a()
	h.Write(b)
	tag := `"` + strconv.FormatUint(h.Sum64(), 36) + `"`
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", tag)
	if r.Header.Get("If-None-Match") == tag {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

// serveEarly answers a request that came before the first build was published with a page
// rendered by itself (Server.early), whole and from the same graph as the build that follows;
// it reports false, having written nothing, for anything it cannot make alone, which then waits
// for the build. The page says it belongs to the first build, so that its tab does not reload
// when that build is published with the same page.
func (s *Server) serveEarly(w http.ResponseWriter, r *http.Request) bool {
	s.mu.RLock()
	early := s.early
	s.mu.RUnlock()
	if early == nil || strings.HasPrefix(r.URL.Path, reloadPrefix) {
		return false
	}
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	b, ok := early(name)
	if !ok {
		return false
	}
	ct := contentType(name)
	w.Header().Set("Content-Type", ct)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if s.watch && strings.HasPrefix(ct, "text/html") {
		b = injectReload(b, urlPath(name), s.versionString(1))
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
	return true
}

// safePath refuses paths that climb out of the site (".." in any spelling) or hold characters
// no output path has.
func safePath(r *http.Request) bool {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return false
		}
	}
	raw := strings.ToLower(r.URL.RawPath + r.RequestURI)
	return !strings.Contains(raw, "%2e%2e") && !strings.Contains(raw, "%2e.") && !strings.Contains(raw, ".%2e") &&
		!strings.Contains(raw, "%5c") && !strings.Contains(raw, "%00")
}

var extraTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".svg":         "image/svg+xml",
	".xml":         "application/xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".webmanifest": "application/manifest+json",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if ct, ok := extraTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// Problem is one problem as a tab shows it.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"`
	Source  string `json:"source,omitempty"` // the line the problem is on, as written
	Text    string `json:"text"`             // PATH:LINE:COL: message, as the terminal prints it
}

// maxShown is how many problems a tab lists; the terminal has them all.
const maxShown = 100

// problemViews turns problems into what a tab shows, with each problem's source line.
func problemViews(source string, ps []diag.Problem) []Problem {
	lines := map[string][]string{}
	out := make([]Problem, 0, len(ps))
	for _, p := range ps {
		v := Problem{File: p.Pos.Path, Line: p.Pos.Line, Col: p.Pos.Col, Message: p.Msg, Text: p.String()}
		if p.Pos.Line > 0 && p.Pos.Path != "" && !strings.HasPrefix(p.Pos.Path, "-") {
			ls, ok := lines[p.Pos.Path]
			if !ok {
				if b, err := os.ReadFile(joinSource(source, p.Pos.Path)); err == nil {
					ls = strings.Split(string(b), "\n")
				}
				lines[p.Pos.Path] = ls
			}
			if p.Pos.Line <= len(ls) {
				v.Source = strings.TrimRight(ls[p.Pos.Line-1], "\r")
			}
		}
		out = append(out, v)
	}
	return out
}

func joinSource(source, rel string) string {
	return strings.TrimSuffix(source, "/") + "/" + rel
}

func (s *Server) versionString(v int) string { return s.boot + "-" + strconv.Itoa(v) }
