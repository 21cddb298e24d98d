package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hostileTitle and friends are what a careless paste or a malicious editor may put in front
// matter. Every output format must show them as text.
const (
	hostileTitle   = `Griffier <script>alert("titel")</script> & "Co"`
	hostileSummary = `Samenvatting <img src=x onerror=alert("samenvatting")>`
	hostileAlias   = `"><svg onload=alert("alias")>`
	hostileParam   = `<script>alert("param")</script>`
)

// leakSite is a site with a draft, dotfiles, stray source files and hostile front matter; every
// secret carries a marker that must appear in no output file.
var leakSite = map[string]string{
	"site.toml": `# SITE-TOML-MARKER: dit bestand hoort niet in de uitvoer
title = "Handboek"
[kinds.rol]
section = "rollen"
[kinds.orgaan]
section = "organen"
[[relations]]
key = "lid_van"
from = ["rol"]
to = ["orgaan"]
label = "Lid van"
inverse = "Leden"
[rolemap]
kinds = ["rol", "orgaan"]
relations = ["lid_van"]
`,
	"content/_index.md": "+++\ntitle = \"Home\"\n+++\nZie [[griffier]].\n",
	"content/rollen/griffier.md": "+++\ntitle = '" + hostileTitle + "'\nsummary = '" + hostileSummary + "'\naliases = ['" + hostileAlias + "', 'griffie']\nlid_van = \"raad\"\n[params]\ntelefoon = '" + hostileParam + "'\n+++\n" +
		"Tekst met <script>alert(\"body\")</script> en <b onclick=\"alert(1)\">vet</b>.\n\n[klik](javascript:alert(\"link\")) [data](data:text/html,x) ![beeld](javascript:alert(\"img\"))\n",
	"content/organen/raad.md":        "+++\ntitle = \"Raad\"\n+++\nDe raad.\n",
	"content/rollen/concept.md":      "+++\ntitle = \"DRAFT-MARKER concept\"\ndraft = true\n+++\nDRAFT-MARKER tekst.\n",
	"content/.verborgen.md":          "+++\ntitle = \"DOTFILE-MARKER\"\n+++\nDOTFILE-MARKER\n",
	"content/rollen/.#griffier.md":   "DOTFILE-MARKER editor lock file",
	"content/.obsidian/workspace.md": "+++\ntitle = \"DOTFILE-MARKER\"\n+++\n",
	"content/rollen/notities.txt":    "SOURCE-MARKER in a text file beside the pages",
	"static/.env":                    "DOTFILE-MARKER=secret",
	"static/.git/config":             "DOTFILE-MARKER",
	"static/logo.txt":                "een bestand uit static/",
}

// TestNothingLeaks builds leakSite with "handboek build" and reads every output file: no draft,
// source, site.toml or dotfile reaches the output, and hostile front matter is escaped in every
// format (HTML pages, graph.json, the search index, the role map).
func TestNothingLeaks(t *testing.T) {
	src := t.TempDir()
	for name, data := range leakSite {
		p := filepath.Join(src, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(data), 0o644))
	}
	dest := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-source", src, "-dest", dest}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	files := readTree(t, dest)
	if _, ok := files["static/logo.txt"]; ok {
		t.Error("static/ was copied as a folder instead of into the root")
	}
	if _, ok := files["logo.txt"]; !ok {
		t.Error("static/logo.txt is missing from the output: the test's premise is off")
	}
	for name, data := range files {
		base := filepath.Base(name)
		switch {
		case strings.HasPrefix(base, "."):
			t.Errorf("dotfile in the output: %s", name)
		case strings.HasSuffix(name, ".md"), base == "site.toml", strings.HasSuffix(name, ".txt") && name != "logo.txt":
			t.Errorf("source file in the output: %s", name)
		}
		for _, marker := range []string{"DRAFT-MARKER", "DOTFILE-MARKER", "SITE-TOML-MARKER", "SOURCE-MARKER"} {
			if bytes.Contains(data, []byte(marker)) {
				t.Errorf("%s holds %s", name, marker)
			}
		}
		for _, raw := range []string{"<script>alert", "<img src=x", "<svg onload", "onclick=\"alert"} {
			if bytes.Contains(data, []byte(raw)) {
				t.Errorf("%s holds %q unescaped", name, raw)
			}
		}
		if m := dangerousURL.Find(data); m != nil {
			t.Errorf("%s links to a dangerous URL: %s", name, m)
		}
	}
	page := string(files["rollen/griffier/index.html"])
	for _, want := range []string{
		`Griffier &lt;script&gt;alert(&#34;titel&#34;)&lt;/script&gt; &amp; &#34;Co&#34;`,
		`&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the griffier page does not show %q as text", want)
		}
	}

	// graph.json holds the title as data, exactly.
	var g struct {
		Nodes []struct{ ID, Title string }
	}
	if err := json.Unmarshal(files["graph.json"], &g); err != nil {
		t.Fatalf("graph.json: %v", err)
	}
	found := false
	for _, n := range g.Nodes {
		found = found || n.Title == hostileTitle
	}
	if !found {
		t.Errorf("graph.json has no node with the title %q", hostileTitle)
	}

	// The role map draws the page, its title as text.
	if svg := string(files["rolkaart/index.html"]); !strings.Contains(svg, "Griffier &lt;script&gt;") {
		t.Error("the role map does not show the hostile title as text")
	}
	// The search index knows the page by its title.
	index := ""
	for name, data := range files {
		if strings.HasPrefix(name, "assets/search/") {
			index += string(data)
		}
	}
	if !strings.Contains(index, `Griffier \u003cscript\u003ealert(\"titel\")\u003c/script\u003e`) {
		t.Error("the search index does not hold the hostile title, JSON-escaped")
	}
}

// dangerousURL finds a link or source attribute with a script or data URL.
var dangerousURL = regexp.MustCompile(`(?i)(href|src|xlink:href|action|formaction)\s*=\s*["']?\s*(javascript|vbscript|data):`)

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var (
	tagPattern    = regexp.MustCompile(`(?is)<([a-z][a-z0-9:-]*)((?:\s+[^\s>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*/?>`)
	attrPattern   = regexp.MustCompile(`(?is)([^\s>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?`)
	inlineHandler = regexp.MustCompile(`(?i)^(on[a-z]+|style)$`)
	externalURL   = regexp.MustCompile(`(?i)^["']?\s*(https?:)?//`)
)

// cspProblems lists what in an HTML or SVG file would break under
// Content-Security-Policy: default-src 'self': inline scripts and styles, event handler and style
// attributes, scripts, styles and images from other hosts, and data: URLs in CSS.
func cspProblems(name string, data []byte) []string {
	var out []string
	switch {
	case strings.HasSuffix(name, ".css"):
		if bytes.Contains(bytes.ToLower(data), []byte("url(data:")) || bytes.Contains(bytes.ToLower(data), []byte("url(\"data:")) {
			out = append(out, "a data: URL in CSS (blocked by img-src/font-src 'self')")
		}
		if bytes.Contains(data, []byte("@import url(http")) {
			out = append(out, "an @import from another host")
		}
		return out
	case strings.HasSuffix(name, ".js"):
		for _, bad := range []string{"eval(", "new Function(", "setAttribute('style'", `setAttribute("style"`, "style=\\\"", "style='"} {
			if bytes.Contains(data, []byte(bad)) {
				out = append(out, "script uses "+bad)
			}
		}
		return out
	case !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".svg"):
		return nil
	}
	for _, m := range tagPattern.FindAllSubmatch(data, -1) {
		tag, attrs := strings.ToLower(string(m[1])), m[2]
		hasSrc := false
		fetched := false // a <link> the browser loads (not rel=canonical, alternate, ...)
		var href []byte
		for _, a := range attrPattern.FindAllSubmatch(attrs, -1) {
			name, value := strings.ToLower(string(a[1])), a[2]
			switch {
			case name == "src":
				hasSrc = true
				if externalURL.Match(value) {
					out = append(out, "a <"+tag+"> from another host: "+string(m[0]))
				}
			case inlineHandler.MatchString(name) && len(a[0]) > len(a[1]):
				out = append(out, "a "+name+"= attribute on <"+tag+">")
			case name == "href":
				href = value
			case name == "rel":
				for _, r := range strings.Fields(strings.ToLower(strings.Trim(string(value), `"'`))) {
					fetched = fetched || r == "stylesheet" || r == "icon" || r == "preload" || r == "modulepreload" || r == "manifest"
				}
			}
		}
		if tag == "link" && fetched && externalURL.Match(href) {
			out = append(out, "a <link> loaded from another host: "+string(m[0]))
		}
		if tag == "script" && !hasSrc {
			out = append(out, "an inline <script>")
		}
		if tag == "style" {
			out = append(out, "an inline <style>")
		}
	}
	return out
}

// TestContentSecurityPolicy builds the example handbook and leakSite and scans every HTML, SVG,
// CSS and JavaScript file for what a strict Content-Security-Policy (default-src 'self', as in
// docs/publishing.md) would block, so the default theme works unchanged behind it.
func TestContentSecurityPolicy(t *testing.T) {
	leak := t.TempDir()
	for name, data := range leakSite {
		p := filepath.Join(leak, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(data), 0o644))
	}
	for _, src := range []string{".", leak} {
		dest := filepath.Join(t.TempDir(), "public")
		var stdout, stderr bytes.Buffer
		if code := run([]string{"build", "-source", src, "-dest", dest}, &stdout, &stderr); code != 0 {
			t.Fatalf("build %s: exit %d:\n%s", src, code, stderr.String())
		}
		files := readTree(t, dest)
		scanned := 0
		for name, data := range files {
			for _, p := range cspProblems(name, data) {
				t.Errorf("%s: %s", name, p)
			}
			if strings.HasSuffix(name, ".html") {
				scanned++
			}
		}
		if scanned < 3 {
			t.Fatalf("only %d HTML files scanned", scanned)
		}
	}
	// The scanner itself must see what it looks for.
	for _, bad := range []string{`<script>x()</script>`, `<style>p{}</style>`, `<p style="color:red">`, `<a href="#" onclick="x()">`, `<svg><rect onmouseover='x()'/></svg>`, `<link rel="stylesheet" href="https://cdn.example/x.css">`, `<script src="//cdn.example/x.js"></script>`} {
		if len(cspProblems("x.html", []byte(bad))) == 0 {
			t.Errorf("the scan misses %s", bad)
		}
	}
	if len(cspProblems("x.html", []byte(`<script src="a.js" defer></script><p class="style">on=</p><meta content="x onload=y style=z">`))) != 0 {
		t.Error("the scan flags a script with src")
	}
}
