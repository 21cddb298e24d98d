// Package server serves a handbook from memory while an editor works on it.
package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"handboek/generator"
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
	Stop   <-chan os.Signal // closing or sending stops the server
}

// UsageError is a mistake in how the server was started (a port in use, a bad address).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Server holds the last good build.
type Server struct {
	mu    sync.RWMutex
	files map[string][]byte
}

// Run builds the site, serves it until Stop, and returns.
func Run(o Options) error {
	s := &Server{}
	b := generator.NewBuilder()
	res := b.Build(generator.Options{Source: o.Source, Drafts: o.Drafts})
	if res.ConfigError {
		for _, p := range res.Problems {
			fmt.Fprintln(o.Stderr, p)
		}
		return &UsageError{Msg: "the configuration has problems"}
	}
	for _, p := range res.Problems {
		fmt.Fprintln(o.Stderr, p)
	}
	s.files = res.Files
	addr := net.JoinHostPort(o.Bind, strconv.Itoa(o.Port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return &UsageError{Msg: fmt.Sprintf("cannot listen on %s: %v (choose another port with -port)", addr, err)}
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(o.Stdout, "Serving the handbook at http://%s/ (Ctrl-C stops)\n", ln.Addr())
	go func() {
		<-o.Stop
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	files := s.files
	s.mu.RUnlock()
	p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if p == "" || strings.HasSuffix(r.URL.Path, "/") {
		p = strings.TrimSuffix(p, "/")
		if p != "" {
			p += "/"
		}
		p += "index.html"
	}
	b, ok := files[p]
	if !ok {
		if _, isDir := files[p+"/index.html"]; isDir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(files["404.html"])
		return
	}
	if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	http.ServeContent(w, r, p, time.Time{}, bytes.NewReader(b))
}
