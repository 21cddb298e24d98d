package sitetest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"handboek/generator"
)

// TestHTMLValidate checks every HTML file of the example handbook with html-validate (its
// recommended and a11y presets, as set in .htmlvalidate.json at the repository root). Outside CI
// it skips when node_modules has no html-validate (run `npm ci`); in CI it fails.
func TestHTMLValidate(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, "node_modules", ".bin", "html-validate")
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("html-validate is missing (%v): CI must run `npm ci` before the tests", err)
		}
		t.Skip("html-validate is missing: run `npm ci` at the repository root to validate the output")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("node_modules has html-validate, but node is not on PATH: %v", err)
	}
	res := generator.NewBuilder().Build(generator.Options{Source: root})
	if !res.OK() {
		t.Fatalf("the example handbook does not build:\n%s", problemsOf(res))
	}
	dest := t.TempDir()
	if err := generator.Write(res, filepath.Join(dest, "site")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--config", filepath.Join(root, ".htmlvalidate.json"), "--formatter", "text", filepath.Join(dest, "site", "**", "*.html"))
	cmd.Dir = dest
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("html-validate reports problems in the example handbook's output:\n%s", out)
	}
}

func problemsOf(res *generator.Result) string {
	s := ""
	for _, p := range res.Problems {
		s += p.String() + "\n"
	}
	return s
}
