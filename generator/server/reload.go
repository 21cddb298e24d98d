package server

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// reloadPrefix is where the dev server's own files live. No page of a handbook can have this
// URL: the generator's URLs never start with an underscore.
const reloadPrefix = "/__handboek/"

//go:embed assets/reload.js assets/reload.css
var assets embed.FS

// injectReload adds the live-reload script to an HTML page, just before </body>. The script is
// an external file (no inline script), so a Content-Security-Policy of default-src 'self' still
// holds. page is the URL path of the output shown, version the build it comes from.
func injectReload(b []byte, page, version string) []byte {
	tag := fmt.Sprintf(`<script src="%sreload.js" data-page="%s" data-version="%s" defer></script>`,
		reloadPrefix, template.HTMLEscapeString(page), template.HTMLEscapeString(version))
	i := bytes.LastIndex(b, []byte("</body>"))
	if i < 0 {
		i = len(b)
	}
	out := make([]byte, 0, len(b)+len(tag)+1)
	out = append(out, b[:i]...)
	out = append(out, tag...)
	out = append(out, '\n')
	return append(out, b[i:]...)
}

func (s *Server) serveReload(w http.ResponseWriter, r *http.Request) {
	switch strings.TrimPrefix(r.URL.Path, reloadPrefix) {
	case "reload.js":
		b, _ := assets.ReadFile("assets/reload.js")
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		if !notModified(w, r, b) {
			w.Write(b)
		}
	case "reload.css":
		b, _ := assets.ReadFile("assets/reload.css")
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		if !notModified(w, r, b) {
			w.Write(b)
		}
	case "events":
		s.serveEvents(w, r)
	default:
		http.NotFound(w, r)
	}
}

// message is one event on the stream: what changed since the tab's last event, and the
// problems of the latest build.
type message struct {
	Version  string    `json:"version"`
	All      bool      `json:"all,omitempty"` // reload whatever the page
	Changed  []string  `json:"changed"`       // URL paths of outputs that changed
	Problems []Problem `json:"problems"`
	More     int       `json:"more,omitempty"` // problems not listed
	Heading  string    `json:"heading,omitempty"`
	Note     string    `json:"note,omitempty"`
}

// messageSince builds the message for a tab that has seen the build since ("boot-N").
func (s *Server) messageSince(since string) (message, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := message{Version: s.versionString(s.version), Changed: []string{}, Problems: []Problem{}}
	boot, n, _ := strings.Cut(since, "-")
	seen, err := strconv.Atoi(n)
	if boot != s.boot || err != nil {
		m.All = s.files != nil
	} else {
		if len(s.history) > 0 && s.history[0].version > seen+1 {
			m.All = true // the tab is older than what the server remembers
		}
		set := map[string]bool{}
		for _, rec := range s.history {
			if rec.version <= seen {
				continue
			}
			m.All = m.All || rec.all
			for _, c := range rec.changed {
				if !set[c] {
					set[c] = true
					m.Changed = append(m.Changed, c)
				}
			}
		}
		slices.Sort(m.Changed)
	}
	if len(s.problems) > 0 {
		m.Problems = s.problems
		if len(m.Problems) > maxShown {
			m.Problems, m.More = m.Problems[:maxShown], len(m.Problems)-maxShown
		}
		m.Heading, m.Note = problemStrings(s.language, len(s.problems), s.files != nil)
	}
	return m, s.version
}

// problemStrings are the overlay's heading and note, in the site's language.
func problemStrings(language string, n int, good bool) (heading, note string) {
	if language == "en" {
		heading = fmt.Sprintf("The handbook has %d problems", n)
		if n == 1 {
			heading = "The handbook has 1 problem"
		}
		note = "Nothing has been published yet: fix the problems below and this page appears by itself."
		if good {
			note = "You are looking at the last version without problems. This notice goes away by itself once the problems are fixed."
		}
		return heading, note
	}
	heading = fmt.Sprintf("Het handboek heeft %d problemen", n)
	if n == 1 {
		heading = "Het handboek heeft 1 probleem"
	}
	note = "Er is nog niets te zien: los de problemen hieronder op en de pagina verschijnt vanzelf."
	if good {
		note = "U ziet de laatste versie zonder problemen. Deze melding verdwijnt vanzelf zodra de problemen zijn opgelost."
	}
	return heading, note
}

// serveEvents is the Server-Sent Events stream a tab listens to. The tab says which build it
// was served from (?since=); the first event tells it what changed since, later events follow
// each build. Several builds between two events are merged, so a slow tab misses nothing.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported here", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")

	ch := make(chan struct{}, 1)
	s.mu.Lock()
	select {
	case <-s.done:
		s.mu.Unlock()
		http.Error(w, "the server is stopping", http.StatusServiceUnavailable)
		return
	default:
	}
	s.subs[ch] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}()

	since := r.URL.Query().Get("since")
	s.mu.RLock()
	announced := s.comingSeq // a tab hears of the builds announced after it connects
	s.mu.RUnlock()
	sent := -1 // the build last told
	send := func() bool {
		s.mu.RLock()
		seq, coming := s.comingSeq, s.coming
		s.mu.RUnlock()
		if seq != announced && len(coming) > 0 {
			announced = seq
			pages := slices.Sorted(maps.Keys(coming))
			b, _ := json.Marshal(map[string][]string{"pages": pages})
			if _, err := fmt.Fprintf(w, "event: building\ndata: %s\n\n", b); err != nil {
				return false
			}
			fl.Flush()
		}
		m, v := s.messageSince(since)
		if v == sent {
			return true // woken by an announcement only
		}
		since, sent = s.versionString(v), v
		b, _ := json.Marshal(m)
		if _, err := fmt.Fprintf(w, "event: build\ndata: %s\n\n", b); err != nil {
			return false
		}
		fl.Flush()
		return true
	}
	w.WriteHeader(http.StatusOK)
	if !send() {
		return
	}
	ping := time.NewTicker(25 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-ch:
			if !send() {
				return
			}
		case <-ping.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			fl.Flush()
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
}

var problemsPage = template.Must(template.New("problems").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Heading}}</title>
<link rel="stylesheet" href="` + reloadPrefix + `reload.css">
</head>
<body class="handboek-problems-page">
<main>
<h1>{{.Heading}}</h1>
<p>{{.Note}}</p>
<ol>
{{range .Problems}}<li><code>{{.File}}{{if .Line}}:{{.Line}}{{if .Col}}:{{.Col}}{{end}}{{end}}</code> {{.Message}}{{with .Source}}<pre>{{.}}</pre>{{end}}</li>
{{end}}</ol>
</main>
</body>
</html>
`))

// serveProblemsPage answers every request while there has not been a good build yet.
func (s *Server) serveProblemsPage(w http.ResponseWriter, r *http.Request, problems []Problem, version int) {
	s.mu.RLock()
	lang := s.language
	s.mu.RUnlock()
	heading, note := problemStrings(lang, len(problems), false)
	if len(problems) > maxShown {
		problems = problems[:maxShown]
	}
	var b bytes.Buffer
	_ = problemsPage.Execute(&b, map[string]any{"Lang": lang, "Heading": heading, "Note": note, "Problems": problems})
	out := b.Bytes()
	if s.watch {
		out = injectReload(out, r.URL.Path, s.versionString(version))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(out)
	}
}
