package search_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handboek/bench/corpus"
	"handboek/generator"
	"handboek/generator/search"
)

// TestCacheEqualsBuild edits the pages of a generated handbook one after another, adding and
// removing words (new words, words that are a compound part of others and words with such
// parts, words of a stem group that grows past MaxPostings), summaries and titles, and a page
// now and then, and checks after each edit that the index a Cache updates in place is, file for
// file and byte for byte, the index search.Build makes afresh.
func TestCacheEqualsBuild(t *testing.T) {
	tmp := t.TempDir()
	if err := corpus.Generate(400, 3).Write(tmp); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "handboek")
	var files []string
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "_index.md" {
			files = append(files, p)
		}
		return err
	})
	slices.Sort(files)
	words := []string{"haven", "zeppelinhaven", "binnenhaven", "havens", "gemeentesecretaris", "secretaris",
		"kwartiermaker", "kwartiermakers", "zeppelin", "beleid", "beleidsadviseur", "adviseur", "2026", "ĳsbaan", "coöperatie"}
	// Words no generated page has, for body lines that come and go: parts of each other, so that
	// a word that goes takes a compound part away from the others.
	rare := []string{"meester", "havenmeester", "binnenhavenmeester", "kwartier", "kwartiermeester", "baan", "ĳsbaan"}
	var lines []string // files with a rare word's line, "file\x00word"
	rng := rand.New(rand.NewPCG(3, 3))
	changed = []string{}
	c := search.NewCache()
	b := generator.NewBuilder()
	for i := range 80 {
		var what string
		switch k := rng.IntN(10); {
		case k < 5: // words in many pages at once, so that groups pass MaxPostings and shrink again
			w := words[rng.IntN(len(words))]
			what = "words " + w
			for range 1 + rng.IntN(3) {
				f := files[rng.IntN(len(files))]
				text := read(t, f)
				if strings.Contains(text, " "+w+".") {
					text = strings.Replace(text, "\n\nMeer over "+w+".\n", "", 1)
				} else {
					text += "\n\nMeer over " + w + ".\n"
				}
				write(t, f, text)
			}
			if rng.IntN(3) == 0 {
				for _, f := range files[:min(len(files), 320)] {
					text := read(t, f)
					if !strings.Contains(text, "Meer over "+w+".") {
						write(t, f, text+"\n\nMeer over "+w+".\n")
					}
				}
			}
		case k == 5: // a rare word in one page, or gone from one
			if len(lines) > 0 && rng.IntN(2) == 0 {
				j := rng.IntN(len(lines))
				f, w, _ := strings.Cut(lines[j], "\x00")
				lines = slices.Delete(lines, j, j+1)
				what = "rare word out " + w
				write(t, f, strings.Replace(read(t, f), "\n\nZelden: "+w+".\n", "", 1))
				break
			}
			f, w := files[rng.IntN(len(files))], rare[rng.IntN(len(rare))]
			what = "rare word in " + w
			if !slices.Contains(lines, f+"\x00"+w) {
				lines = append(lines, f+"\x00"+w)
				write(t, f, read(t, f)+"\n\nZelden: "+w+".\n")
			}
		case k == 6: // a word gone from every page
			w := words[rng.IntN(len(words))]
			what = "word gone " + w
			for _, f := range files {
				if text := read(t, f); strings.Contains(text, "Meer over "+w+".") {
					write(t, f, strings.ReplaceAll(text, "\n\nMeer over "+w+".\n", ""))
				}
			}
		case k < 8:
			f := files[rng.IntN(len(files))]
			what = "summary " + filepath.Base(f)
			text := read(t, f)
			if i := strings.Index(text, "summary = \""); i >= 0 {
				write(t, f, text[:i]+fmt.Sprintf("summary = \"Over %s en de %s. ", words[rng.IntN(len(words))], words[rng.IntN(len(words))])+text[i+len("summary = \""):])
			}
		case k == 8:
			f := filepath.Join(dir, "content", "artikelen", fmt.Sprintf("extra-%d.md", i))
			what = "new page"
			write(t, f, fmt.Sprintf("+++\ntitle = \"Extra %d over de %s\"\n+++\nTekst over %s.\n", i, words[rng.IntN(len(words))], words[rng.IntN(len(words))]))
		default:
			f := files[rng.IntN(len(files))]
			what = "title " + filepath.Base(f)
			text := read(t, f)
			if i := strings.Index(text, "title = \""); i >= 0 {
				write(t, f, text[:i]+fmt.Sprintf("title = \"%s ", words[rng.IntN(len(words))])+text[i+len("title = \""):])
			}
		}
		res := b.Build(generator.Options{Source: dir, Changed: changed})
		if !res.OK() {
			t.Fatalf("edit %d (%s): %v", i, what, res.Problems)
		}
		changed = []string{}
		want := search.Build(res.Graph).Files()
		// The Builder's own index, made by a Cache told which pages changed (BuildFor).
		for name, data := range want {
			if !slices.Equal(res.Files[name], data) {
				t.Fatalf("edit %d (%s): the Builder's index differs from a new one in %s", i, what, name)
			}
		}
		got := c.Files(c.Build(res.Graph))
		if !maps.EqualFunc(got, want, slices.Equal) {
			var diffs []string
			for name := range want {
				if !slices.Equal(got[name], want[name]) {
					diffs = append(diffs, name)
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					diffs = append(diffs, "extra "+name)
				}
			}
			slices.Sort(diffs)
			t.Fatalf("edit %d (%s): the cached index differs from a new one: %d of %d files: %v", i, what, len(diffs), len(want), diffs[:min(8, len(diffs))])
		}
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// changed lists the files written since the last build, relative to the site, as a watcher
// reports them.
var changed []string

func write(t *testing.T, p, text string) {
	t.Helper()
	if i := strings.Index(p, "/content/"); i >= 0 {
		changed = append(changed, p[i+1:])
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
