package output

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A rebuild keeps unchanged files (same inode, no bytes written), writes changed ones as new
// files without touching the old ones, and drops files the new build no longer makes.
func TestRebuildLinksUnchangedFiles(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first := map[string][]byte{
		Marker:                  []byte(`{}`),
		"rollen/x/index.html":   []byte("<p>x</p>"),
		"rollen/y/index.html":   []byte("<p>y</p>"),
		"oud/index.html":        []byte("<p>oud</p>"),
		"assets/search/a.json":  []byte(`["a"]`),
		"assets/search/bb.json": []byte(`["b"]`),
	}
	if err := Write(dest, first); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(filepath.Join(dest, "rollen/x/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// A reader that has the old y open must go on reading the old bytes.
	oldY, err := os.Open(filepath.Join(dest, "rollen/y/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer oldY.Close()

	second := map[string][]byte{
		Marker:                  []byte(`{}`),
		"rollen/x/index.html":   []byte("<p>x</p>"),
		"rollen/y/index.html":   []byte("<p>Y</p>"), // same length, other bytes
		"assets/search/a.json":  []byte(`["a", "langer"]`),
		"assets/search/bb.json": []byte(`["b"]`),
		"nieuw/index.html":      []byte("<p>nieuw</p>"),
	}
	if err := Write(dest, second); err != nil {
		t.Fatal(err)
	}
	for name, want := range second {
		if got := read(t, filepath.Join(dest, filepath.FromSlash(name))); got != string(want) {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	after, err := os.Stat(filepath.Join(dest, "rollen/x/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("rollen/x/index.html did not change but was written anew")
	}
	if _, err := os.Stat(filepath.Join(dest, "oud/index.html")); !os.IsNotExist(err) {
		t.Errorf("oud/index.html is no longer built but is still there (err %v)", err)
	}
	if old, _ := io.ReadAll(oldY); string(old) != "<p>y</p>" {
		t.Errorf("the old rollen/y/index.html was changed in place: it now reads %q", old)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.*"))
	if len(leftovers) != 1 || filepath.Base(leftovers[0]) != ".public.spare" {
		t.Errorf("next to public/ there should be only .public.spare, found %v", leftovers)
	}

	// The third build is made in the spare (the first build's folder): it must end up exactly
	// as asked, without the first build's oud/index.html, and x keeps its inode.
	if err := Write(dest, second); err != nil {
		t.Fatal(err)
	}
	assertTree(t, dest, second)
	if third, err := os.Stat(filepath.Join(dest, "rollen/x/index.html")); err != nil || !os.SameFile(before, third) {
		t.Errorf("rollen/x/index.html did not change but was written anew in the third build (err %v)", err)
	}
}

// assertTree checks that dir holds exactly files, as regular files.
func assertTree(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if !d.Type().IsRegular() {
			t.Errorf("%s is %v, want a regular file", rel, d.Type())
		}
		b, err := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		if got[name] != string(want) {
			t.Errorf("%s = %q, want %q", name, got[name], want)
		}
	}
	for name := range got {
		if _, ok := files[name]; !ok {
			t.Errorf("%s should not be in the output", name)
		}
	}
}

// A spare left in any state (an interrupted build, someone's edits) still gives exactly the
// new site.
func TestSpareInAnyStateGivesExactSite(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	files := map[string][]byte{Marker: []byte(`{}`), "a/index.html": []byte("A"), "b/index.html": []byte("B")}
	for range 2 {
		if err := Write(dest, files); err != nil {
			t.Fatal(err)
		}
	}
	spare := filepath.Join(dir, ".public.spare")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(spare, "a/index.html.handboek-tmp"), []byte("half"), 0o644))
	must(os.Remove(filepath.Join(spare, "b/index.html")))
	must(os.WriteFile(filepath.Join(spare, "b/index.html"), []byte("b"), 0o644)) // same size, other bytes
	must(os.MkdirAll(filepath.Join(spare, "extra/deep"), 0o755))
	must(os.WriteFile(filepath.Join(spare, "extra/deep/x.html"), []byte("x"), 0o644))
	must(os.Symlink("/etc/passwd", filepath.Join(spare, "c.html")))
	files["c.html"] = []byte("C")
	must(Write(dest, files))
	assertTree(t, dest, files)
}

// Files put at once from several goroutines, many of them in the same new folders: every
// folder is made before the files in it, and every file lands.
func TestConcurrentPutsShareFolders(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string][]byte{Marker: []byte(`{}`)}
	for i := range 300 {
		files[fmt.Sprintf("s%d/deel/p%d/index.html", i%3, i)] = []byte(strconv.Itoa(i))
	}
	for range 2 { // into a new folder, then into the spare
		if err := Write(dest, files); err != nil {
			t.Fatal(err)
		}
		assertTree(t, dest, files)
	}
}

// A write that fails leaves the last good site exactly as it was.
func TestFailedWriteKeepsSite(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	good := map[string][]byte{Marker: []byte(`{}`), "a/index.html": []byte("A")}
	for range 2 { // the second time, a spare exists
		if err := Write(dest, good); err != nil {
			t.Fatal(err)
		}
		// "a/index.html" cannot be both a file and a folder.
		bad := map[string][]byte{Marker: []byte(`{"x":1}`), "a/index.html": []byte("B"), "a/index.html/x": []byte("C")}
		if err := Write(dest, bad); err == nil {
			t.Fatal("Write of an impossible tree did not fail")
		}
		assertTree(t, dest, good)
	}
}

// A file in the old output that is a symlink is never linked into the new output, even when it
// points to the same bytes: the new output holds a regular file.
func TestRebuildDoesNotKeepSymlinks(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	files := map[string][]byte{Marker: []byte(`{}`), "a.html": []byte("A")}
	if err := Write(dest, files); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "elders.html"), []byte("A"), 0o644); err != nil {
		t.Fatal(err)
	}
	a := filepath.Join(dest, "a.html")
	if err := os.Remove(a); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "elders.html"), a); err != nil {
		t.Fatal(err)
	}
	if err := Write(dest, files); err != nil {
		t.Fatal(err)
	}
	st, err := os.Lstat(a)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Mode().IsRegular() {
		t.Errorf("a.html is %v in the new output, want a regular file", st.Mode())
	}
}
