package main

import (
	"context"
	"crypto/sha256"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"handboek/bench/corpus"
)

// childLimit bounds one run of the handboek binary; a run that takes longer hangs.
const childLimit = 3 * time.Minute

// handboekBinary builds the command once into a temporary folder and returns its path.
func handboekBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "handboek")
	ctx, cancel := context.WithTimeout(context.Background(), childLimit)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// snapshot returns every file under dir with a hash of its bytes; a symlink or other special
// file fails the test.
func snapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	files := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			t.Errorf("%s is not a regular file", p)
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return files
}

// sameSite reports whether two snapshots hold the same files with the same bytes, and if not,
// one difference.
func sameSite(a, b map[string][32]byte) (bool, string) {
	for name, h := range a {
		if hb, ok := b[name]; !ok {
			return false, name + " is missing"
		} else if hb != h {
			return false, name + " differs"
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			return false, name + " is extra"
		}
	}
	return true, ""
}

// strays lists what a build left next to dest: temporary and old copies of the site. The spare
// (.NAME.spare, the site before the last one, kept on purpose to make the next build cheaper) is
// not a stray.
func strays(t *testing.T, dest string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Name() != filepath.Base(dest) && e.Name() != "."+filepath.Base(dest)+".spare" {
			out = append(out, e.Name())
		}
	}
	return out
}

// interruptSites generates one handbook twice, the second with another title (so every page
// differs), builds each once as a reference and returns the source folders and their outputs.
func interruptSites(t *testing.T, bin string) (src [2]string, want [2]map[string][32]byte) {
	t.Helper()
	c := corpus.Generate(400, 8)
	for i := range src {
		dir := t.TempDir()
		if err := c.Write(dir); err != nil {
			t.Fatal(err)
		}
		src[i] = filepath.Join(dir, "handboek")
	}
	cfg := filepath.Join(src[1], "site.toml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "title = ") {
			lines[i] = `title = "Handboek versie twee"`
			break
		}
	}
	must(t, os.WriteFile(cfg, []byte(strings.Join(lines, "\n")), 0o644))
	for i := range src {
		ref := filepath.Join(t.TempDir(), "public")
		runChild(t, bin, "build", "-source", src[i], "-dest", ref)
		want[i] = snapshot(t, ref)
	}
	if ok, _ := sameSite(want[0], want[1]); ok {
		t.Fatal("the two versions build the same site")
	}
	return src, want
}

func runChild(t *testing.T, bin string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), childLimit)
	defer cancel()
	if out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("handboek %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestKillDuringBuild kills "handboek build" with SIGKILL at random moments while it replaces a
// site. After every kill the destination must hold one whole site, byte for byte: the previous
// one, or the new one when the kill came after the swap. The next build finishes the job and
// leaves no temporary folder behind.
func TestKillDuringBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 400-page site many times")
	}
	bin := handboekBinary(t)
	src, want := interruptSites(t, bin)
	dest := filepath.Join(t.TempDir(), "public")

	runChild(t, bin, "build", "-source", src[0], "-dest", dest)
	start := time.Now()
	runChild(t, bin, "build", "-source", src[1], "-dest", dest)
	span := time.Since(start) // how long a rebuild takes here: the kills fall within it, or just after
	current := 1
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	var before, after int
	for round := range 10 {
		next := 1 - current
		ctx, cancel := context.WithTimeout(context.Background(), childLimit)
		cmd := exec.CommandContext(ctx, bin, "build", "-source", src[next], "-dest", dest)
		if err := cmd.Start(); err != nil {
			cancel()
			t.Fatal(err)
		}
		delay := time.Duration(rng.Int64N(int64(span) * 2))
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		cancel()

		got := snapshot(t, dest)
		if ok, _ := sameSite(got, want[current]); ok {
			before++
			continue
		}
		if ok, _ := sameSite(got, want[next]); ok {
			after++
			current = next
			continue
		}
		_, diff0 := sameSite(got, want[current])
		t.Fatalf("round %d, killed after %v: %s holds neither whole site (against the previous one: %s; %d files)", round, delay, dest, diff0, len(got))
	}
	t.Logf("10 kills within %v: %d left the previous site, %d came after the swap", span, before, after)

	next := 1 - current
	runChild(t, bin, "build", "-source", src[next], "-dest", dest)
	if ok, diff := sameSite(snapshot(t, dest), want[next]); !ok {
		t.Errorf("the build after the kills made another site: %s", diff)
	}
	if s := strays(t, dest); len(s) > 0 {
		t.Errorf("left next to %s after a whole build: %v", dest, s)
	}
}

// TestConcurrentBuilds runs two builds of different versions into one destination at once:
// both succeed, and the destination holds one of the two sites whole.
func TestConcurrentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 400-page site several times")
	}
	bin := handboekBinary(t)
	src, want := interruptSites(t, bin)
	dest := filepath.Join(t.TempDir(), "public")
	runChild(t, bin, "build", "-source", src[0], "-dest", dest)
	for round := range 2 {
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithTimeout(context.Background(), childLimit)
				defer cancel()
				if out, err := exec.CommandContext(ctx, bin, "build", "-source", src[i], "-dest", dest).CombinedOutput(); err != nil {
					t.Errorf("round %d, build %d: %v\n%s", round, i, err, out)
				}
			}()
		}
		wg.Wait()
		got := snapshot(t, dest)
		ok0, _ := sameSite(got, want[0])
		ok1, diff := sameSite(got, want[1])
		if !ok0 && !ok1 {
			t.Fatalf("round %d: after two builds at once, %s holds neither site whole (%s)", round, dest, diff)
		}
		if s := strays(t, dest); len(s) > 0 {
			t.Errorf("round %d: left next to %s: %v", round, dest, s)
		}
	}
}
