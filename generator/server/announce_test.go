package server

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
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
	readEvent := func() (event, data string) {
		t.Helper()
		for {
			line, err := events.ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				event = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				data = line[len("data: "):]
			case line == "" && event != "":
				return event, data
			}
		}
	}
	if event, _ := readEvent(); event != "build" {
		t.Fatalf("first event %q, want build", event)
	}

	held := make(chan struct{})
	s.onHold = func() { close(held) }
	s.announce([]string{"content/rollen/bode.md", "content/bestaat/niet.md"})
	if event, data := readEvent(); event != "building" || data != `{"pages":["/rollen/bode/"]}` {
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
	if event, _ := readEvent(); event != "build" {
		t.Errorf("after the build: event %q, want build", event)
	}
}
