package server

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

func ev(root, rel string, op fsnotify.Op) fsnotify.Event {
	return fsnotify.Event{Name: filepath.Join(root, filepath.FromSlash(rel)), Op: op}
}

func TestTempFileThenRenameIsOneChangeOfTheRealFile(t *testing.T) {
	root := "/site"
	c := &coalescer{root: root}
	// How editors save: vim writes 4913 to test the folder, keeps a backup with ~; others write
	// a hidden temporary file and rename it over the page.
	for _, e := range []fsnotify.Event{
		ev(root, "content/rollen/4913", fsnotify.Create),
		ev(root, "content/rollen/4913", fsnotify.Remove),
		ev(root, "content/rollen/bode.md~", fsnotify.Create),
		ev(root, "content/rollen/.bode.md.swp", fsnotify.Write),
		ev(root, "content/rollen/.goutputstream-X1", fsnotify.Create),
		ev(root, "content/rollen/.goutputstream-X1", fsnotify.Write),
		ev(root, "content/rollen/.goutputstream-X1", fsnotify.Rename),
		ev(root, "content/rollen/bode.md", fsnotify.Create),
		ev(root, "content/rollen/bode.md", fsnotify.Chmod),
	} {
		c.add(e)
	}
	b, ok := c.take()
	if !ok {
		t.Fatal("no batch")
	}
	if want := []string{"content/rollen/bode.md"}; !slices.Equal(b.Paths, want) || b.Config {
		t.Errorf("batch = %+v, want paths %q and no config change", b, want)
	}
	if _, ok := c.take(); ok {
		t.Error("a second batch without new events")
	}
}

func TestBurstIsOneBatchAndTheLastChangeIsNeverLost(t *testing.T) {
	root := "/site"
	c := &coalescer{root: root}
	for i := range 200 {
		c.add(ev(root, "content/rollen/bode.md", fsnotify.Write))
		if i%10 == 0 {
			c.add(ev(root, "content/organen/raad.md", fsnotify.Write))
		}
	}
	first, _ := c.take()
	if want := []string{"content/organen/raad.md", "content/rollen/bode.md"}; !slices.Equal(first.Paths, want) {
		t.Fatalf("first batch %q, want %q", first.Paths, want)
	}
	// A save that lands while the first batch is being rebuilt makes the next batch.
	c.add(ev(root, "content/rollen/bode.md", fsnotify.Write))
	c.add(ev(root, "site.toml", fsnotify.Write))
	second, ok := c.take()
	if !ok || !slices.Equal(second.Paths, []string{"content/rollen/bode.md", "site.toml"}) || !second.Config {
		t.Fatalf("second batch %+v, want bode.md and site.toml as a config change", second)
	}
}

func TestClassify(t *testing.T) {
	root := "/site"
	for _, tt := range []struct {
		rel  string
		want changeKind
	}{
		{"site.toml", configChange},
		{"content/rollen/bode.md", contentChange},
		{"content/nieuw", contentChange},
		{"themes/default/layouts/page.html", themeChange},
		{"static/logo.svg", staticChange},
		{"public/index.html", ignored},
		{"README.md", ignored},
		{".git/index", ignored},
		{"content/rollen/.bode.md.swp", ignored},
	} {
		if _, got := classify(root, ev(root, tt.rel, fsnotify.Write)); got != tt.want {
			t.Errorf("classify(%s) = %d, want %d", tt.rel, got, tt.want)
		}
	}
}

func TestNewFoldersAreWatched(t *testing.T) {
	root := t.TempDir()
	mustWrite(t, filepath.Join(root, "site.toml"), "title = \"T\"\n")
	w, err := newWatcher(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// content/ does not exist yet: made later, with folders inside, it is watched whole.
	deep := filepath.Join(root, "content", "nieuw", "diep")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := w.addTree(filepath.Join(root, "content")); err != nil {
		t.Fatal(err)
	}
	list := w.fsw.WatchList()
	for _, d := range []string{root, filepath.Join(root, "content"), filepath.Join(root, "content", "nieuw"), deep} {
		if !slices.Contains(list, d) {
			t.Errorf("%s is not watched; watched: %q", d, list)
		}
	}
}

// TestWatchRealFolder runs the watcher with real fsnotify on a temporary folder.
func TestWatchRealFolder(t *testing.T) {
	root := t.TempDir()
	mustWrite(t, filepath.Join(root, "site.toml"), "title = \"T\"\n")
	mustWrite(t, filepath.Join(root, "content", "rollen", "bode.md"), "+++\ntitle = \"Bode\"\n+++\n")
	w, err := newWatcher(root)
	if err != nil {
		t.Fatal(err)
	}
	batches := make(chan batch, 100)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.run(stop, func(b batch) { batches <- b }, func(err error) { t.Error(err) })
	}()
	defer func() { close(stop); w.Close(); <-done }()

	// waitFor reads batches until one holds rel.
	waitFor := func(rel string) batch {
		t.Helper()
		timeout := time.After(10 * time.Second)
		for {
			select {
			case b := <-batches:
				if slices.Contains(b.Paths, rel) {
					return b
				}
			case <-timeout:
				t.Fatalf("no rebuild for %s", rel)
			}
		}
	}

	// A save by temporary file and rename.
	tmp := filepath.Join(root, "content", "rollen", ".bode.md.tmp123")
	mustWrite(t, tmp, "+++\ntitle = \"Bodedienst\"\n+++\n")
	if err := os.Rename(tmp, filepath.Join(root, "content", "rollen", "bode.md")); err != nil {
		t.Fatal(err)
	}
	b := waitFor("content/rollen/bode.md")
	for _, p := range b.Paths {
		if strings.Contains(p, ".tmp") {
			t.Errorf("batch holds the temporary file: %q", b.Paths)
		}
	}

	// A folder made after the start, and a page in it.
	if err := os.Mkdir(filepath.Join(root, "content", "nieuws"), 0o755); err != nil {
		t.Fatal(err)
	}
	waitFor("content/nieuws")
	mustWrite(t, filepath.Join(root, "content", "nieuws", "eerste.md"), "+++\ntitle = \"Eerste\"\n+++\n")
	waitFor("content/nieuws/eerste.md")

	// A delete, and site.toml.
	if err := os.Remove(filepath.Join(root, "content", "rollen", "bode.md")); err != nil {
		t.Fatal(err)
	}
	waitFor("content/rollen/bode.md")
	mustWrite(t, filepath.Join(root, "site.toml"), "title = \"U\"\n")
	if b := waitFor("site.toml"); !b.Config {
		t.Errorf("a site.toml change is not a config change: %+v", b)
	}
}

func mustWrite(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
