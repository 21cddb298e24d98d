package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"handboek/internal/sitetest"
)

const cmdSite = `
-- site.toml --
title = "T"
[kinds.rol]
section = "rollen"
[kinds.orgaan]
section = "organen"
[kinds.proces]
section = "processen"
[kinds.fase]
section = "fasen"
[[relations]]
key = "opdrachtgever"
from = ["rol"]
to = ["rol", "orgaan"]
label = "Ambtelijk opdrachtgever"
[[relations]]
key = "lid_van"
from = ["rol"]
to = ["orgaan"]
label = "Lid van"
[steps]
phase_kind = "fase"
party_kinds = ["rol", "orgaan"]
-- content/rollen/directielid.md --
+++
title = "Directielid"
+++
Tekst.
`

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestBuildCommand(t *testing.T) {
	dir := sitetest.Write(t, cmdSite)
	code, out, errs := runCmd("build", "--source", dir)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !regexp.MustCompile(`^Built \d+ pages into .*public in \S+, 0 problems\.\n$`).MatchString(out) {
		t.Errorf("summary line: %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "rollen", "directielid", "index.html")); err != nil {
		t.Error(err)
	}
	dest := filepath.Join(t.TempDir(), "site")
	if code, _, errs := runCmd("build", "-source", dir, "-dest", dest, "-drafts", "-base-url", "https://intranet.example/h/"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "sitemap.xml")); !strings.Contains(string(b), "https://intranet.example/h/rollen/directielid/") {
		t.Errorf("-base-url not used: %s", b)
	}

	// Content problems: exit 1, every problem, then one summary line; the site stays.
	sitetest.WriteInto(t, dir, "-- content/rollen/x.md --\n+++\ntitle = \"X\"\nopdrachtgever = \"directeilid\"\nlid_van = \"nergens\"\n+++\n")
	code, out, errs = runCmd("build", "-source", dir)
	want := "content/rollen/x.md:3:17: unknown rol or orgaan \"directeilid\" (did you mean \"directielid\"?)\n" +
		"content/rollen/x.md:4:11: unknown orgaan \"nergens\"\n" +
		"Build failed: 2 problems; " + filepath.Join(dir, "public") + " was left as it was.\n"
	if code != 1 || out != "" || errs != want {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant:\n%s", code, out, errs, want)
	}
	if code, _, _ := runCmd("check", "-source", dir); code != 1 {
		t.Errorf("check exit %d, want 1", code)
	}

	// Usage and configuration errors: exit 2.
	for _, args := range [][]string{
		{"build", "-nonsense"},
		{"build", "-source", t.TempDir()},
		{"check", "extra-argument"},
		{"frobnicate"},
		{"build", "-source", dir, "-dest", filepath.Join(dir, "content", "out")},
	} {
		if code, _, _ := runCmd(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte("titel = \"T\"\n"), 0o644)
	code, _, errs = runCmd("check", "-source", dir)
	if code != 2 || errs != "site.toml:1:1: unknown key \"titel\" in site.toml (did you mean \"title\"?)\nCheck failed: 1 problem.\n" {
		t.Errorf("config error: exit %d, %q", code, errs)
	}
}

func TestCheckCommand(t *testing.T) {
	dir := sitetest.Write(t, cmdSite)
	code, out, _ := runCmd("check", "-source", dir)
	if code != 0 || !regexp.MustCompile(`^Checked \d+ pages: no problems\.\n$`).MatchString(out) {
		t.Errorf("exit %d, %q", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("check wrote output")
	}
}

func TestNewCommand(t *testing.T) {
	dir := sitetest.Write(t, cmdSite)
	code, out, errs := runCmd("new", "rol", "teamleider", "-source", dir)
	if code != 0 || out != "Created content/rollen/teamleider.md\n" {
		t.Fatalf("exit %d, %q %q", code, out, errs)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content", "rollen", "teamleider.md"))
	page := string(b)
	for _, want := range []string{
		"+++\ntitle = \"Teamleider\"\n",
		"# opdrachtgever = []",
		"# Ambtelijk opdrachtgever: rol or orgaan",
		"# lid_van = []",
		"# Lid van: orgaan",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("new page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "[[steps]]") {
		t.Error("a rol page got a steps template")
	}
	// The new page builds as it is.
	if code, _, errs := runCmd("check", "-source", dir); code != 0 {
		t.Errorf("new page does not check: %s", errs)
	}
	// A process page gets a commented steps template.
	runCmd("new", "proces", "inkoop", "-source", dir)
	b, _ = os.ReadFile(filepath.Join(dir, "content", "processen", "inkoop.md"))
	if !strings.Contains(string(b), "# [[steps]]") || !strings.Contains(string(b), "# accountable = []          # exactly one: who decides") {
		t.Errorf("process page lacks the steps template:\n%s", b)
	}

	// It never overwrites.
	os.WriteFile(filepath.Join(dir, "content", "rollen", "teamleider.md"), []byte("mijn werk"), 0o644)
	code, _, errs = runCmd("new", "rol", "teamleider", "-source", dir)
	if code == 0 || errs != "handboek new: content/rollen/teamleider.md exists already; it was left as it is (choose another slug, or edit that file)\n" {
		t.Errorf("exit %d, %q", code, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "content", "rollen", "teamleider.md")); string(b) != "mijn werk" {
		t.Error("existing page overwritten")
	}
	code, _, errs = runCmd("new", "rool", "x", "-source", dir)
	if code != 2 || errs != "handboek new: unknown kind \"rool\" (did you mean \"rol\"?)\n" {
		t.Errorf("exit %d, %q", code, errs)
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := runCmd("version")
	if code != 0 || !strings.HasPrefix(out, "handboek ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, _, _ := runCmd("build", "-h"); code != 0 {
		t.Errorf("build -h: exit %d", code)
	}
	if code, _, errs := runCmd(); code != 2 || !strings.Contains(errs, "Usage:") {
		t.Errorf("no command: exit %d", code)
	}
}
