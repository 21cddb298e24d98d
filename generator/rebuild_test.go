package generator_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"handboek/bench/corpus"
	"handboek/generator"
	"handboek/internal/sitetest"
)

// TestRebuildEqualsFreshBuild makes random edits to a generated handbook, one after another —
// body text, body links, a broken link and its fix, titles, summaries, relations, steps, pages
// added, removed and renamed — and checks after each that a Builder that has seen every build
// before (told which files changed, as the dev server is, and not told) makes exactly the files
// and problems of a new Builder. The Builder told the paths keeps its pages compressed, as the
// dev server's does.
func TestRebuildEqualsFreshBuild(t *testing.T) {
	edits := 20
	if testing.Short() {
		edits = 8
	}
	for _, seed := range []uint64{1, 2} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			tmp := t.TempDir()
			if err := corpus.Generate(250, seed).Write(tmp); err != nil {
				t.Fatal(err)
			}
			e := &editor{t: t, dir: filepath.Join(tmp, "handboek"), rng: rand.New(rand.NewPCG(seed, 7))}
			e.scan()
			told, untold := generator.NewBuilder(), generator.NewBuilder()
			first := told.Build(generator.Options{Source: e.dir, Changed: []string{}, Gzip: true})
			untold.Build(generator.Options{Source: e.dir})
			if !first.OK() {
				t.Fatalf("the generated handbook has problems:\n%s", sitetest.Problems(first))
			}
			for i := range edits {
				what, paths := e.edit()
				want := generator.NewBuilder().Build(generator.Options{Source: e.dir})
				name := fmt.Sprintf("edit %d (%s %v)", i+1, what, paths)
				sameBuild(t, name, told.Build(generator.Options{Source: e.dir, Changed: paths, Gzip: true}), want)
				sameBuild(t, name+", not told the paths", untold.Build(generator.Options{Source: e.dir}), want)
			}
		})
	}
}

// sameBuild checks that got has exactly want's problems, and when there are none, its files.
func sameBuild(t *testing.T, name string, got, want *generator.Result) {
	t.Helper()
	if g, w := sitetest.Problems(got), sitetest.Problems(want); g != w {
		t.Fatalf("%s: problems differ from a new Builder's:\n%s\n--- a new Builder:\n%s", name, g, w)
	}
	if !want.OK() {
		return
	}
	var diffs []string
	for out, w := range want.Files {
		g, ok := got.Files[out]
		if got.Gzipped[out] {
			var err error
			if g, err = generator.Gunzip(g); err != nil {
				diffs = append(diffs, out+" does not decompress")
			}
		} else if ok && got.Gzipped != nil && strings.HasSuffix(out, ".html") {
			diffs = append(diffs, out+" is not compressed")
		}
		if !ok {
			diffs = append(diffs, "lacks "+out)
		} else if string(g) != string(w) {
			diffs = append(diffs, out+" differs")
		}
	}
	for out := range got.Files {
		if _, ok := want.Files[out]; !ok {
			diffs = append(diffs, "has "+out+" too")
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		t.Fatalf("%s: the files differ from a new Builder's: %s", name, strings.Join(diffs[:min(len(diffs), 10)], "; "))
	}
}

// editor makes random edits to a generated handbook.
type editor struct {
	t      *testing.T
	dir    string
	rng    *rand.Rand
	pages  map[string][]string // the generated pages by section folder: content/x/y.md
	slugs  []string            // slugs of generated pages, for links
	added  []string            // pages the editor added
	n      int                 // counts made-up names
	broken string              // a page with a broken link to fix next
	config string              // site.toml to put back next, when it was changed
}

func (e *editor) scan() {
	e.pages = map[string][]string{}
	err := filepath.WalkDir(filepath.Join(e.dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || d.Name() == "_index.md" {
			return err
		}
		rel, _ := filepath.Rel(e.dir, p)
		rel = filepath.ToSlash(rel)
		sec := strings.Split(rel, "/")[1]
		e.pages[sec] = append(e.pages[sec], rel)
		e.slugs = append(e.slugs, strings.TrimSuffix(d.Name(), ".md"))
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, list := range e.pages {
		slices.Sort(list)
	}
	slices.Sort(e.slugs)
}

func (e *editor) read(rel string) string {
	b, err := os.ReadFile(filepath.Join(e.dir, filepath.FromSlash(rel)))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

func (e *editor) write(rel, text string) {
	p := filepath.Join(e.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *editor) any(sec string) string {
	list := e.pages[sec]
	return list[e.rng.IntN(len(list))]
}

func (e *editor) slug() string { return e.slugs[e.rng.IntN(len(e.slugs))] }

var (
	titleLine   = regexp.MustCompile(`(?m)^title = .*$`)
	summaryLine = regexp.MustCompile(`(?m)^summary = .*$`)
	weightLine  = regexp.MustCompile(`(?m)^weight = .*$`)
	advisesLine = regexp.MustCompile(`(?m)^adviseert = .*$`)
	partyLine   = regexp.MustCompile(`(?m)^responsible = .*$`)
)

// edit makes one random edit and returns what it did and the paths it changed.
func (e *editor) edit() (string, []string) {
	e.n++
	if e.config != "" {
		e.write("site.toml", e.config)
		e.config = ""
		return "site.toml back", []string{"site.toml"}
	}
	if e.broken != "" {
		rel := e.broken
		e.broken = ""
		e.write(rel, regexp.MustCompile(`\n\nZie \[\[bestaat-niet-\d+\]\]\.\n`).ReplaceAllString(e.read(rel), ""))
		return "fix the broken link", []string{rel}
	}
	sections := []string{"rollen", "organen", "processen", "artikelen"}
	rel := e.any(sections[e.rng.IntN(len(sections))])
	text := e.read(rel)
	switch k := e.rng.IntN(12); k {
	case 11: // a kind's label (every page shows it) or section (pages are parsed with it)
		e.config = e.read("site.toml")
		change := strings.Replace(e.config, `label = "Rol"`, `label = "Functie"`, 1)
		if e.rng.IntN(2) == 0 {
			change = strings.Replace(e.config, `section = "beleidsterreinen"`, `section = "domeinen"`, 1)
		}
		if change == e.config {
			e.t.Fatal("site.toml does not have the kind to change")
		}
		e.write("site.toml", change)
		return "site.toml", []string{"site.toml"}
	case 0, 1:
		e.write(rel, text+fmt.Sprintf("\n\nExtra tekst %d.\n", e.n))
		return "body", []string{rel}
	case 2:
		e.write(rel, text+fmt.Sprintf("\n\nZie [[%s]] en [tekst](../rollen/%s.md).\n", e.slug(), strings.TrimSuffix(filepath.Base(e.any("rollen")), ".md")))
		return "body links", []string{rel}
	case 3:
		e.write(rel, text+fmt.Sprintf("\n\nZie [[bestaat-niet-%d]].\n", e.n))
		e.broken = rel
		return "broken link", []string{rel}
	case 4:
		e.write(rel, titleLine.ReplaceAllString(text, fmt.Sprintf("title = \"Nieuwe titel %d\"", e.n)))
		return "title", []string{rel}
	case 5:
		e.write(rel, summaryLine.ReplaceAllString(text, fmt.Sprintf("summary = \"Nieuwe samenvatting %d.\"", e.n)))
		return "summary", []string{rel}
	case 6:
		rel = e.any("rollen")
		text = e.read(rel)
		line := fmt.Sprintf("adviseert = [%q]", strings.TrimSuffix(filepath.Base(e.any([]string{"rollen", "organen"}[e.rng.IntN(2)])), ".md"))
		if advisesLine.MatchString(text) {
			text = advisesLine.ReplaceAllString(text, line)
		} else {
			text = weightLine.ReplaceAllStringFunc(text, func(w string) string { return w + "\n" + line })
		}
		e.write(rel, text)
		return "relation", []string{rel}
	case 7:
		rel = e.any("processen")
		text = e.read(rel)
		party := strings.TrimSuffix(filepath.Base(e.any("rollen")), ".md")
		e.write(rel, partyLine.ReplaceAllString(text, fmt.Sprintf("responsible = [%q]", party)))
		return "step", []string{rel}
	case 8:
		rel = fmt.Sprintf("content/artikelen/nieuw-%d.md", e.n)
		e.write(rel, fmt.Sprintf("+++\ntitle = \"Nieuw %d\"\n+++\nOver [[%s]].\n", e.n, e.slug()))
		e.added = append(e.added, rel)
		return "new page", []string{rel}
	case 9, 10:
		if len(e.added) == 0 {
			e.write(rel, text+"\n")
			return "empty line", []string{rel}
		}
		i := e.rng.IntN(len(e.added))
		old := e.added[i]
		if err := os.Remove(filepath.Join(e.dir, filepath.FromSlash(old))); err != nil {
			e.t.Fatal(err)
		}
		if k == 9 {
			e.added = slices.Delete(e.added, i, i+1)
			return "page removed", []string{old}
		}
		rel = fmt.Sprintf("content/organen/hernoemd-%d.md", e.n)
		e.write(rel, fmt.Sprintf("+++\ntitle = \"Hernoemd %d\"\n+++\nOver [[%s]].\n", e.n, e.slug()))
		e.added[i] = rel
		return "page renamed", []string{old, rel}
	}
	panic("unreachable")
}

// TestHolds checks that a Builder tells a file saved as it was from a changed one.
func TestHolds(t *testing.T) {
	dir := sitetest.Write(t, rebuildSite)
	b := generator.NewBuilder()
	rebuild(t, b, dir, nil)
	data, err := os.ReadFile(filepath.Join(dir, "content", "rollen", "bode.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !b.Holds("content/rollen/bode.md", data) {
		t.Error("the file as built is not held")
	}
	if b.Holds("content/rollen/bode.md", append(data, '\n')) || b.Holds("content/rollen/nieuw.md", data) {
		t.Error("a changed or unknown file is held")
	}
}
