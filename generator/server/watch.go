package server

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// What a changed path is, which decides how much to rebuild.
type changeKind int

const (
	ignored changeKind = iota
	contentChange
	themeChange
	staticChange
	configChange
)

// watchedTrees are the folders under the source folder whose whole tree is watched.
var watchedTrees = []string{"content", "themes", "static"}

// batch is the set of changes one rebuild answers.
type batch struct {
	Config bool     // site.toml changed: start over with a new Builder
	Paths  []string // changed paths relative to the source folder, sorted, without duplicates
}

// coalescer gathers file events into batches. Events that arrive while a rebuild runs go into
// the next batch, so the last change is never lost; a burst of events becomes one batch.
type coalescer struct {
	root    string
	pending map[string]changeKind
}

// classify says what the event's path is, relative to the source folder. Editors' temporary
// and backup files and attribute changes are ignored; the rename that an editor does to save
// arrives as a Create of the real name and counts.
func classify(root string, ev fsnotify.Event) (string, changeKind) {
	if ev.Op == fsnotify.Chmod {
		return "", ignored
	}
	rel, err := filepath.Rel(root, ev.Name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return "", ignored
	}
	rel = filepath.ToSlash(rel)
	base := baseName(rel)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasPrefix(base, "#") ||
		base == "4913" || strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".tmp") {
		return "", ignored
	}
	if rel == "site.toml" {
		return rel, configChange
	}
	top, _, _ := strings.Cut(rel, "/")
	switch top {
	case "content":
		return rel, contentChange
	case "themes":
		return rel, themeChange
	case "static":
		return rel, staticChange
	}
	return "", ignored
}

func baseName(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[i+1:]
	}
	return rel
}

// add records an event; it reports whether it counts (and so whether to (re)arm the timer).
func (c *coalescer) add(ev fsnotify.Event) bool {
	rel, kind := classify(c.root, ev)
	if kind == ignored {
		return false
	}
	if c.pending == nil {
		c.pending = map[string]changeKind{}
	}
	c.pending[rel] = kind
	return true
}

// take returns the pending changes as a batch and starts a new one. ok is false when nothing
// is pending.
func (c *coalescer) take() (b batch, ok bool) {
	if len(c.pending) == 0 {
		return batch{}, false
	}
	for p, k := range c.pending {
		b.Paths = append(b.Paths, p)
		b.Config = b.Config || k == configChange
	}
	sort.Strings(b.Paths)
	c.pending = nil
	return b, true
}

// watcher watches the source folder with fsnotify and calls rebuild for each batch of changes.
type watcher struct {
	root    string
	fsw     *fsnotify.Watcher
	quiet   time.Duration    // a batch is rebuilt once no event came for this long
	maxWait time.Duration    // ... or once its first event is this old
	early   func(rel string) // when set, told of each change that counts as soon as it is seen
}

// newWatcher watches site.toml and the content, themes and static trees of root (folders that
// do not exist yet are picked up when they are made).
func newWatcher(root string) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fsw: fsw, quiet: 8 * time.Millisecond, maxWait: 100 * time.Millisecond}
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, t := range watchedTrees {
		if err := w.addTree(filepath.Join(root, t)); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

// addTree watches dir and every folder under it, leaving out hidden folders. A dir that does
// not exist is no error.
func (w *watcher) addTree(dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return filepath.SkipDir
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		return w.fsw.Add(p)
	})
	if os.IsNotExist(err) {
		return nil
	}
	return err
}

// run delivers batches to rebuild until stop is closed. rebuild runs on this goroutine; events
// that arrive meanwhile wait in fsnotify's queue and make the next batch. onError reports
// watcher errors (a lost event queue, for instance); after one, everything is rebuilt.
func (w *watcher) run(stop <-chan struct{}, rebuild func(batch), onError func(error)) {
	c := &coalescer{root: w.root}
	var quiet, deadline <-chan time.Time
	var quietTimer, deadlineTimer *time.Timer
	fire := func() {
		if quietTimer != nil {
			quietTimer.Stop()
		}
		if deadlineTimer != nil {
			deadlineTimer.Stop()
		}
		quiet, deadline, quietTimer, deadlineTimer = nil, nil, nil, nil
		if b, ok := c.take(); ok {
			rebuild(b)
		}
	}
	for {
		select {
		case <-stop:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					if _, kind := classify(w.root, ev); kind != ignored {
						_ = w.addTree(ev.Name) // files made inside before the watch began: the rebuild reads them
					}
				}
			}
			if !c.add(ev) {
				continue
			}
			if w.early != nil {
				rel, _ := classify(w.root, ev)
				w.early(rel)
			}
			if quietTimer != nil {
				quietTimer.Stop()
			}
			quietTimer = time.NewTimer(w.quiet)
			quiet = quietTimer.C
			if deadlineTimer == nil {
				deadlineTimer = time.NewTimer(w.maxWait)
				deadline = deadlineTimer.C
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			onError(err)
			c.add(fsnotify.Event{Name: filepath.Join(w.root, "site.toml"), Op: fsnotify.Write})
			fire()
		case <-quiet:
			fire()
		case <-deadline:
			fire()
		}
	}
}

// Close stops watching.
func (w *watcher) Close() error { return w.fsw.Close() }
