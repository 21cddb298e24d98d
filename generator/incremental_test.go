package generator_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handboek/generator"
	"handboek/internal/sitetest"
	"handboek/themes"
)

// rebuildSite is small enough to name every page that shows another.
const rebuildSite = `
-- site.toml --
title = "Handboek Herbouw"

[kinds.rol]
section = "rollen"
label = "Rol"
plural = "Rollen"

[kinds.orgaan]
section = "organen"
label = "Orgaan"
plural = "Organen"

[[relations]]
key = "opdrachtgever"
from = ["rol"]
to = ["rol", "orgaan"]
label = "Ambtelijk opdrachtgever"
inverse = "Opdrachtgever van"

[rolemap]
kinds = ["rol", "orgaan"]
relations = ["opdrachtgever"]
-- content/_index.md --
+++
title = "Welkom"
+++
Begin bij de rollen.
-- content/rollen/adviseur.md --
+++
title = "Adviseur"
opdrachtgever = "raad"
+++
Werkt samen met [[bode]].
-- content/rollen/bode.md --
+++
title = "Bode"
+++
Brengt post rond.
-- content/rollen/chauffeur.md --
+++
title = "Chauffeur"
+++
Rijdt.
-- content/organen/raad.md --
+++
title = "Raad"
+++
Besluit.
-- content/organen/college.md --
+++
title = "College"
+++
Bestuurt.
-- content/artikelen/uitleg.md --
+++
title = "Uitleg"
+++
Algemene uitleg.
`

// rebuild writes files (path → content) into dir and builds again with b.
func rebuild(t *testing.T, b *generator.Builder, dir string, files map[string]string) *generator.Result {
	t.Helper()
	writeFiles(t, dir, files)
	res := b.Build(generator.Options{Source: dir})
	if !res.OK() {
		t.Fatalf("build has problems:\n%s", sitetest.Problems(res))
	}
	return res
}

// writeFiles writes files (path → content; "" removes the file) into dir and returns their
// paths, sorted, the way a watcher reports them.
func writeFiles(t *testing.T, dir string, files map[string]string) []string {
	t.Helper()
	paths := []string{}
	for name, text := range files {
		paths = append(paths, name)
		p := filepath.Join(dir, filepath.FromSlash(name))
		if text == "" {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(paths)
	return paths
}

// changedPages lists the HTML outputs in res.Changed.
func changedPages(res *generator.Result) []string {
	var out []string
	for _, name := range res.Changed {
		if strings.HasSuffix(name, ".html") && name != "404.html" {
			out = append(out, name)
		}
	}
	return out
}

func TestRebuildRendersOnlyWhatChanged(t *testing.T) {
	tests := []struct {
		name  string
		edit  map[string]string
		pages []string // the pages re-rendered, which are also the pages that changed
	}{
		{
			name:  "body edit",
			edit:  map[string]string{"content/rollen/chauffeur.md": "+++\ntitle = \"Chauffeur\"\n+++\nRijdt de burgemeester.\n"},
			pages: []string{"rollen/chauffeur/index.html"},
		},
		{
			// The page itself, the page whose body links to it, its neighbours (prev/next),
			// its section page and the role map show its title.
			name: "title edit",
			edit: map[string]string{"content/rollen/bode.md": "+++\ntitle = \"Bodedienst\"\n+++\nBrengt post rond.\n"},
			pages: []string{
				"rolkaart/index.html", "rollen/adviseur/index.html", "rollen/bode/index.html",
				"rollen/chauffeur/index.html", "rollen/index.html",
			},
		},
		{
			// Both sides of the relation, and the role map that draws it.
			name:  "relation edit",
			edit:  map[string]string{"content/rollen/chauffeur.md": "+++\ntitle = \"Chauffeur\"\nopdrachtgever = \"college\"\n+++\nRijdt.\n"},
			pages: []string{"organen/college/index.html", "rolkaart/index.html", "rollen/chauffeur/index.html"},
		},
		{
			name: "relation moved",
			edit: map[string]string{"content/rollen/adviseur.md": "+++\ntitle = \"Adviseur\"\nopdrachtgever = \"college\"\n+++\nWerkt samen met [[bode]].\n"},
			pages: []string{
				"organen/college/index.html", "organen/raad/index.html", "rolkaart/index.html",
				"rollen/adviseur/index.html",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sitetest.Write(t, rebuildSite)
			b := generator.NewBuilder()
			first := rebuild(t, b, dir, nil)
			if first.Rendered != first.Pages-1 { // every page but 404.html, which is always made
				t.Fatalf("first build rendered %d of %d pages", first.Rendered, first.Pages)
			}
			res := rebuild(t, b, dir, tt.edit)
			if got := changedPages(res); !slices.Equal(got, tt.pages) {
				t.Errorf("changed pages:\n got %q\nwant %q", got, tt.pages)
			}
			if res.Rendered != len(tt.pages) {
				t.Errorf("rendered %d pages, want %d (%q)", res.Rendered, len(tt.pages), tt.pages)
			}
			again := rebuild(t, b, dir, nil)
			if again.Rendered != 0 || len(again.Changed) != 0 {
				t.Errorf("a build without changes rendered %d pages and changed %q", again.Rendered, again.Changed)
			}
		})
	}
}

// TestIncrementalEqualsFull edits the example handbook in many ways and checks after each edit
// that the incremental build made exactly the bytes a clean build makes.
func TestIncrementalEqualsFull(t *testing.T) {
	dir := exampleCopy(t)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	replace := func(name, old, new string) map[string]string {
		s := read(name)
		if !strings.Contains(s, old) {
			t.Fatalf("%s does not contain %q", name, old)
		}
		return map[string]string{name: strings.Replace(s, old, new, 1)}
	}
	pageLayout, err := fs.ReadFile(themes.Default, "default/layouts/page.html")
	if err != nil {
		t.Fatal(err)
	}
	b := generator.NewBuilder()
	rebuild(t, b, dir, nil)
	told := generator.NewBuilder() // is told which files changed, as the dev server does
	told.Build(generator.Options{Source: dir})
	edits := []struct {
		name string
		edit func() map[string]string
	}{
		{"body", func() map[string]string {
			return replace("content/rollen/gemeentesecretaris.md", "hoogste ambtenaar", "allerhoogste ambtenaar")
		}},
		{"title", func() map[string]string {
			return replace("content/rollen/gemeentesecretaris.md", `title = "Gemeentesecretaris"`, `title = "Secretaris van de gemeente"`)
		}},
		{"summary", func() map[string]string {
			return replace("content/organen/concerndirectie.md", "summary = \"", "summary = \"Nieuw: ")
		}},
		{"relation", func() map[string]string {
			return replace("content/rollen/gemeentesecretaris.md", `lid_van = "concerndirectie"`, `lid_van = "college-van-b-en-w"`)
		}},
		{"weight", func() map[string]string {
			return replace("content/rollen/gemeentesecretaris.md", "weight = 60", "weight = 1")
		}},
		{"new page", func() map[string]string {
			return map[string]string{"content/rollen/bode.md": "+++\ntitle = \"Bode\"\nopdrachtgever = \"gemeentesecretaris\"\n+++\nZie [[griffier]].\n"}
		}},
		{"new section", func() map[string]string {
			return map[string]string{"content/nieuws/eerste.md": "+++\ntitle = \"Eerste nieuws\"\n+++\nOver de [[bode]].\n"}
		}},
		{"page removed", func() map[string]string {
			return map[string]string{"content/nieuws/eerste.md": "", "content/rollen/bode.md": ""}
		}},
		{"site title", func() map[string]string {
			return replace("site.toml", `title = "Handboek Gemeente Voorbeeld"`, `title = "Handboek Gemeente Anders"`)
		}},
		{"theme", func() map[string]string {
			return map[string]string{"themes/default/layouts/page.html": string(pageLayout) + "<!-- eigen thema -->\n"}
		}},
		{"static", func() map[string]string {
			return map[string]string{"static/extra.txt": "extra\n"}
		}},
	}
	for _, e := range edits {
		paths := writeFiles(t, dir, e.edit())
		want := generator.NewBuilder().Build(generator.Options{Source: dir})
		if !want.OK() {
			t.Fatalf("%s: clean build has problems:\n%s", e.name, sitetest.Problems(want))
		}
		sameAsClean(t, e.name, b.Build(generator.Options{Source: dir}), want)
		sameAsClean(t, e.name+" (told the paths)", told.Build(generator.Options{Source: dir, Changed: paths}), want)
	}
}

// sameAsClean checks that an incremental build made exactly the files of a clean one.
func sameAsClean(t *testing.T, name string, got, want *generator.Result) {
	t.Helper()
	if !got.OK() {
		t.Fatalf("%s: incremental build has problems:\n%s", name, sitetest.Problems(got))
	}
	for out, w := range want.Files {
		if g, ok := got.Files[out]; !ok {
			t.Errorf("%s: incremental build lacks %s", name, out)
		} else if string(g) != string(w) {
			t.Errorf("%s: %s differs from a clean build", name, out)
		}
	}
	for out := range got.Files {
		if _, ok := want.Files[out]; !ok {
			t.Errorf("%s: incremental build has %s, a clean build does not", name, out)
		}
	}
	if len(got.Changed) == 0 {
		t.Errorf("%s: nothing changed", name)
	}
}

// exampleCopy copies the example handbook (site.toml and content/) into a new folder.
func exampleCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyDir(t, "../content", filepath.Join(dir, "content"))
	cfg, err := os.ReadFile("../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEditReadsOneFile checks that a Builder told which file changed reads only that file, and
// reads everything again when a folder goes.
func TestEditReadsOneFile(t *testing.T) {
	dir := sitetest.Write(t, rebuildSite)
	b := generator.NewBuilder()
	if first := b.Build(generator.Options{Source: dir, Changed: []string{}}); first.Read != 7 {
		t.Fatalf("first build read %d files, want all 7", first.Read)
	}
	paths := writeFiles(t, dir, map[string]string{"content/rollen/bode.md": "+++\ntitle = \"Bode\"\n+++\nBrengt de post rond.\n"})
	res := b.Build(generator.Options{Source: dir, Changed: paths})
	if res.Read != 1 {
		t.Errorf("an edit of one page read %d files, want 1", res.Read)
	}
	sitetest.Assert(t, res, "rollen/bode/index.html", "Brengt de post rond.")

	if err := os.RemoveAll(filepath.Join(dir, "content", "artikelen")); err != nil {
		t.Fatal(err)
	}
	res = b.Build(generator.Options{Source: dir, Changed: []string{"content/artikelen"}})
	if res.Read != 6 {
		t.Errorf("after removing a folder the build read %d files, want all 6 left", res.Read)
	}
	if _, ok := res.Files["artikelen/uitleg/index.html"]; ok {
		t.Errorf("the page of a removed folder is still there")
	}
}

// TestGraphJSONOnlyWhenTheGraphChanged checks that graph.json is reused, not made again, when an
// edit leaves the graph alone, and made again when a relation changes.
func TestGraphJSONOnlyWhenTheGraphChanged(t *testing.T) {
	dir := sitetest.Write(t, rebuildSite)
	b := generator.NewBuilder()
	first := rebuild(t, b, dir, nil)
	body := rebuild(t, b, dir, map[string]string{"content/rollen/bode.md": "+++\ntitle = \"Bode\"\n+++\nBrengt de post rond.\n"})
	if g0, g1 := first.Files["graph.json"], body.Files["graph.json"]; len(g1) == 0 || &g0[0] != &g1[0] {
		t.Errorf("a body edit made graph.json again")
	}
	rel := rebuild(t, b, dir, map[string]string{"content/rollen/chauffeur.md": "+++\ntitle = \"Chauffeur\"\nopdrachtgever = \"college\"\n+++\nRijdt.\n"})
	if !slices.Contains(rel.Changed, "graph.json") {
		t.Errorf("a relation edit left graph.json as it was; changed: %q", rel.Changed)
	}
	var g struct {
		Edges []struct{ From, To, Relation string }
	}
	if err := json.Unmarshal(rel.Files["graph.json"], &g); err != nil {
		t.Fatal(err)
	}
	want := struct{ From, To, Relation string }{"rol/chauffeur", "orgaan/college", "opdrachtgever"}
	if !slices.Contains(g.Edges, want) {
		t.Errorf("graph.json lacks the new edge %v", want)
	}
}
