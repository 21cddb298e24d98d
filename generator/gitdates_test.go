package generator_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handboek/generator"
	"handboek/internal/sitetest"
)

// TestGitDatesBetweenBuilds checks the dates of a Builder used again, as the dev server uses
// it, which runs git only when the repository changes: an edit that is not committed shows the
// file's time, an edit undone shows the commit's date again, and a commit made meanwhile is
// seen at the next build. Each build's page is also a new Builder's.
func TestGitDatesBetweenBuilds(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := sitetest.Write(t, `
-- site.toml --
title = "Handboek"
-- content/_index.md --
+++
title = "Handboek"
+++
-- content/rollen/griffier.md --
+++
title = "Griffier"
+++
Ondersteunt de raad.
-- content/rollen/bode.md --
+++
title = "Bode"
+++
Brengt de post rond.
`)
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=Redactie", "GIT_AUTHOR_EMAIL=redactie@example.org",
			"GIT_COMMITTER_NAME=Redactie", "GIT_COMMITTER_EMAIL=redactie@example.org",
			"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("", "init", "-q")
	git("", "add", ".")
	git("2023-01-02T12:00:00+01:00", "commit", "-q", "-m", "eerste versie")
	griffier := filepath.Join(dir, "content", "rollen", "griffier.md")
	committed, err := os.ReadFile(griffier)
	if err != nil {
		t.Fatal(err)
	}
	b := generator.NewBuilder()
	build := func(what string, changed []string, want string) {
		t.Helper()
		res := b.Build(generator.Options{Source: dir, Changed: changed})
		fresh := generator.NewBuilder().Build(generator.Options{Source: dir})
		if !res.OK() || !fresh.OK() {
			t.Fatalf("%s: problems:\n%s%s", what, sitetest.Problems(res), sitetest.Problems(fresh))
		}
		got := string(res.Files["rollen/griffier/index.html"])
		if got != string(fresh.Files["rollen/griffier/index.html"]) {
			t.Errorf("%s: the page differs from a new Builder's", what)
		}
		if !strings.Contains(got, want) {
			t.Errorf("%s: the page does not say %s", what, want)
		}
	}
	build("first build", []string{}, `<time datetime="2023-01-02">`)

	edited := time.Date(2025, time.November, 22, 12, 0, 0, 0, time.Local)
	if err := os.WriteFile(griffier, append(committed, "En de commissies.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(griffier, edited, edited); err != nil {
		t.Fatal(err)
	}
	build("an edit not committed", []string{"content/rollen/griffier.md"}, `<time datetime="2025-11-22">`)

	if err := os.WriteFile(griffier, committed, 0o644); err != nil {
		t.Fatal(err)
	}
	build("the edit undone", []string{"content/rollen/griffier.md"}, `<time datetime="2023-01-02">`)

	if err := os.WriteFile(griffier, append(committed, "Nu vastgelegd.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	build("an edit", []string{"content/rollen/griffier.md"}, `Nu vastgelegd.`)
	git("2024-06-30T12:00:00+02:00", "commit", "-q", "-am", "griffier aangevuld")
	// The watcher does not watch .git: the commit is seen at the next build, whatever it is for.
	if err := os.WriteFile(filepath.Join(dir, "content", "rollen", "bode.md"), []byte("+++\ntitle = \"Bode\"\n+++\nBrengt post en pakjes rond.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build("a commit, then an edit of another page", []string{"content/rollen/bode.md"}, `<time datetime="2024-06-30">`)
}
