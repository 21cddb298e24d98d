package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// hostileSite is the configuration every hostile-shape site shares.
const hostileSite = `title = "Handboek"
[kinds.rol]
section = "rollen"
`

// hostileLimit bounds one build of a hostile site. It is not a speed requirement: a build that
// takes this long is hanging (exponential work), and the test must fail instead of waiting.
const hostileLimit = 3 * time.Minute

// hostileAlloc bounds what one build may allocate in all (bytes). Like hostileLimit it is
// generous, and only catches runaway work: the inputs are at most a few megabytes.
const hostileAlloc = 4 << 30

type buildResult struct {
	code           int
	stdout, stderr string
	dest           string
}

// buildHostile writes files (path → content) into a new source folder with hostileSite, runs
// "handboek build" on it and returns what it printed. A panic, a hang or runaway allocation
// fails the test.
func buildHostile(t *testing.T, files map[string]string, setup ...func(src string)) buildResult {
	t.Helper()
	src := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.toml", hostileSite)
	write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelkom.\n")
	for name, data := range files {
		write(name, data)
	}
	for _, f := range setup {
		f(src)
	}
	dest := filepath.Join(t.TempDir(), "public")
	type outcome struct {
		res   buildResult
		panic any
		alloc uint64
	}
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		defer func() {
			o.panic = recover()
			runtime.ReadMemStats(&after)
			o.alloc = after.TotalAlloc - before.TotalAlloc
			done <- o
		}()
		var stdout, stderr bytes.Buffer
		o.res.code = run([]string{"build", "-source", src, "-dest", dest}, &stdout, &stderr)
		o.res.stdout, o.res.stderr, o.res.dest = stdout.String(), strings.ReplaceAll(stderr.String(), dest, "DEST"), dest
	}()
	select {
	case o := <-done:
		if o.panic != nil {
			t.Fatalf("build panicked: %v", o.panic)
		}
		if o.alloc > hostileAlloc {
			t.Errorf("build allocated %d MB in all; more than %d MB means runaway work", o.alloc>>20, hostileAlloc>>20)
		}
		return o.res
	case <-time.After(hostileLimit):
		t.Fatalf("build still running after %v: it hangs", hostileLimit)
	}
	return buildResult{}
}

func mustBuild(t *testing.T, r buildResult) {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d, want 0:\n%s", r.code, r.stderr)
	}
}

func mustFail(t *testing.T, r buildResult, wantStderr string) {
	t.Helper()
	if r.code != 1 || r.stderr != wantStderr {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1, stderr:\n%s", r.code, r.stderr, wantStderr)
	}
	if _, err := os.Lstat(r.dest); !os.IsNotExist(err) {
		t.Errorf("a failed build wrote %s", r.dest)
	}
}

func readOut(t *testing.T, r buildResult, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(r.dest, filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("output: %v", err)
	}
	return string(b)
}

func page(title, body string) string {
	return "+++\ntitle = \"" + title + "\"\n+++\n" + body
}

// TestHostileShapes builds pages of shapes no editor means to write but a paste, a script or a
// broken editor can produce. Each builds, or fails with a message, in bounded time and memory.
func TestHostileShapes(t *testing.T) {
	t.Run("2MB single paragraph", func(t *testing.T) {
		var b strings.Builder
		for i := 0; b.Len() < 2<<20; i++ {
			fmt.Fprintf(&b, "woord%d [[geen%d] *half _open ", i, i%7)
		}
		r := buildHostile(t, map[string]string{"content/rollen/lang.md": page("Lang", b.String()+"EINDE\n")})
		mustBuild(t, r)
		if out := readOut(t, r, "rollen/lang/index.html"); !strings.Contains(out, "EINDE") {
			t.Error("the page does not hold the paragraph's end")
		}
	})
	t.Run("3000-deep nested lists", func(t *testing.T) {
		// 3,000 levels on one line; and 1,000 levels by indentation, a 1 MB file (goldmark's
		// work on indented lists grows with the cube of the depth: 3,000 levels, 9 MB of
		// spaces, take half a minute of CPU).
		var b strings.Builder
		for i := range 1000 {
			b.WriteString(strings.Repeat("  ", i) + "- niveau\n")
		}
		b.WriteString(strings.Repeat("- ", 3000) + "op één regel\n")
		r := buildHostile(t, map[string]string{"content/rollen/diep.md": page("Diep", b.String())})
		mustBuild(t, r)
		if out := readOut(t, r, "rollen/diep/index.html"); !strings.Contains(out, "op één regel") {
			t.Error("the page does not hold the deepest item")
		}
	})
	t.Run("20000 quote markers", func(t *testing.T) {
		r := buildHostile(t, map[string]string{"content/rollen/citaat.md": page("Citaat", strings.Repeat(">", 20000)+" diep citaat\n\n"+strings.Repeat("> ", 20000)+"nog dieper\n")})
		mustBuild(t, r)
		if out := readOut(t, r, "rollen/citaat/index.html"); !strings.Contains(out, "nog dieper") {
			t.Error("the page does not hold the quote")
		}
	})
	t.Run("50000 unclosed wiki links", func(t *testing.T) {
		r := buildHostile(t, map[string]string{"content/rollen/haken.md": page("Haken", strings.Repeat("[[", 50000)+"\n\n"+strings.Repeat("[[a ", 50000)+"\n")})
		mustBuild(t, r)
	})
	t.Run("empty file", func(t *testing.T) {
		r := buildHostile(t, map[string]string{"content/rollen/leeg.md": ""})
		mustFail(t, r, "content/rollen/leeg.md:1:1: empty page: start it with front matter, a +++ line, title = \"...\" and another +++ line\n"+
			"Build failed: 1 problem; DEST was left as it was.\n")
	})
	t.Run("byte order mark", func(t *testing.T) {
		r := buildHostile(t, map[string]string{"content/rollen/bom.md": "\ufeff" + page("Met BOM", "Tekst.\n")})
		mustBuild(t, r)
		out := readOut(t, r, "rollen/bom/index.html")
		if !strings.Contains(out, "Met BOM") || strings.Contains(out, "\ufeff") {
			t.Error("the page lacks its title or shows the byte order mark")
		}
	})
	t.Run("CRLF", func(t *testing.T) {
		src := strings.ReplaceAll(page("Windows", "Eerste regel.\n\n- [[bom]]\n"), "\n", "\r\n")
		r := buildHostile(t, map[string]string{
			"content/rollen/crlf.md": src,
			"content/rollen/bom.md":  page("Doel", ""),
		})
		mustBuild(t, r)
		out := readOut(t, r, "rollen/crlf/index.html")
		if !strings.Contains(out, "Windows") || !strings.Contains(out, `href="../../rollen/bom/"`) || strings.Contains(out, "\r") {
			t.Error("the CRLF page lacks its title or link, or holds a carriage return")
		}
	})
	t.Run("invalid UTF-8", func(t *testing.T) {
		r := buildHostile(t, map[string]string{"content/rollen/latin1.md": page("Financi\xebn", "Caf\xe9.\n")})
		mustFail(t, r, "content/rollen/latin1.md:2:17: file is not valid UTF-8: save it with the UTF-8 encoding\n"+
			"Build failed: 1 problem; DEST was left as it was.\n")
	})
	t.Run("symlink outside the source folder", func(t *testing.T) {
		outside := filepath.Join(t.TempDir(), "geheim.md")
		if err := os.WriteFile(outside, []byte(page("Geheim", "GEHEIME TEKST\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		outsideDir := filepath.Dir(outside)
		r := buildHostile(t, nil, func(src string) {
			must(t, os.Symlink(outside, filepath.Join(src, "content", "rollen-geheim.md")))
			must(t, os.Symlink(outsideDir, filepath.Join(src, "content", "map")))
		})
		want := fmt.Sprintf("content/map: content/map links to %s, outside the source folder: it is not read; copy the file into content/ instead\n"+
			"content/rollen-geheim.md: content/rollen-geheim.md links to %s, outside the source folder: it is not read; copy the file into content/ instead\n"+
			"Build failed: 2 problems; DEST was left as it was.\n", evalSymlinks(outsideDir), evalSymlinks(outside))
		mustFail(t, r, want)
		if strings.Contains(r.stderr+r.stdout, "GEHEIME TEKST") {
			t.Error("the linked file was read")
		}
	})
	t.Run("symlink inside the source folder", func(t *testing.T) {
		r := buildHostile(t, map[string]string{"gedeeld/tekst.md": page("Gedeeld", "GEDEELDE TEKST\n"), "content/rollen/a.md": page("A", "")}, func(src string) {
			must(t, os.Symlink(filepath.Join(src, "gedeeld", "tekst.md"), filepath.Join(src, "content", "rollen", "gedeeld.md")))
		})
		mustBuild(t, r)
		if out := readOut(t, r, "rollen/gedeeld/index.html"); !strings.Contains(out, "GEDEELDE TEKST") {
			t.Error("the linked page inside the source folder is missing")
		}
	})
	t.Run("names with spaces and accents", func(t *testing.T) {
		r := buildHostile(t, map[string]string{
			"content/rollen/hoofd financiën.md":       page("Hoofd financiën", "Zie [[coördinator wijkteams]] en [de ander](Coördinator%20wijkteams.md).\n"),
			"content/rollen/Coördinator wijkteams.md": page("Coördinator wijkteams", "Zie [[hoofd-financien]].\n"),
			"content/ämbten en taken/übersicht.md":    page("Übersicht", "Tekst.\n"),
		})
		mustBuild(t, r)
		out := readOut(t, r, "rollen/hoofd-financien/index.html")
		if !strings.Contains(out, `href="../../rollen/coordinator-wijkteams/"`) {
			t.Error("hoofd financiën does not link to coordinator-wijkteams/")
		}
		readOut(t, r, "rollen/coordinator-wijkteams/index.html")
		sec := readOut(t, r, "ambten-en-taken/index.html")
		if strings.Contains(sec, "\ufffd") {
			t.Error("the section page of ämbten en taken shows a broken character")
		}
		readOut(t, r, "ambten-en-taken/ubersicht/index.html")
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func evalSymlinks(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}
