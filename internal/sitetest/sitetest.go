// Package sitetest builds whole small sites written inline as txtar archives, for tests that
// assert what a reader of the output sees.
package sitetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"handboek/generator"
)

// Write writes the files of a txtar archive into a new temporary folder and returns it.
func Write(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	WriteInto(t, dir, archive)
	return dir
}

// WriteInto writes the files of a txtar archive into dir, replacing files of the same name.
func WriteInto(t testing.TB, dir, archive string) {
	t.Helper()
	a := txtar.Parse([]byte(strings.TrimLeft(archive, "\n")))
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Build writes archive to a temporary folder and builds it in memory.
func Build(t testing.TB, archive string, opt ...func(*generator.Options)) *generator.Result {
	t.Helper()
	o := generator.Options{Source: Write(t, archive)}
	for _, f := range opt {
		f(&o)
	}
	return generator.NewBuilder().Build(o)
}

// MustBuild is Build for sites that must build without problems.
func MustBuild(t testing.TB, archive string, opt ...func(*generator.Options)) *generator.Result {
	t.Helper()
	res := Build(t, archive, opt...)
	if !res.OK() {
		var b strings.Builder
		for _, p := range res.Problems {
			b.WriteString(p.String() + "\n")
		}
		t.Fatalf("build has problems:\n%s", b.String())
	}
	return res
}

// Assert checks that the output file name contains each want; a want starting with "! " must
// not be contained.
func Assert(t testing.TB, res *generator.Result, name string, wants ...string) {
	t.Helper()
	b, ok := res.Files[name]
	if !ok {
		t.Errorf("output has no %s", name)
		return
	}
	s := string(b)
	for _, w := range wants {
		if neg, ok := strings.CutPrefix(w, "! "); ok {
			if strings.Contains(s, neg) {
				t.Errorf("%s contains %q, and must not", name, neg)
			}
		} else if !strings.Contains(s, w) {
			t.Errorf("%s does not contain %q", name, w)
		}
	}
}

// Problems returns the build's problems, one per line.
func Problems(res *generator.Result) string {
	var b strings.Builder
	for _, p := range res.Problems {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}
