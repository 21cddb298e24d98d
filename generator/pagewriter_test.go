package generator_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"handboek/bench/corpus"
	"handboek/generator"
	"handboek/internal/sitetest"
	"handboek/themes"
)

// TestPageWriterIsTheTemplate builds sites with the default theme, whose entity pages, matrix
// and role map pages are written in Go (generator/render/pagewriter.go), and again with a
// page.html, matrix.html and rolkaart.html that differ from the default only by a template
// comment, so that html/template writes them: every output file must be the same, byte for byte. The sites between them have every part of an entity page:
// routes, steps, RACI tables, roles, mentions, local maps, the phase flow, edit links, dates,
// canonical links or none, and titles, summaries and links full of characters that need
// escaping.
func TestPageWriterIsTheTemplate(t *testing.T) {
	example := exampleCopy(t)

	generated := t.TempDir()
	if err := corpus.Generate(400, 7).Write(generated); err != nil {
		t.Fatal(err)
	}
	generated = filepath.Join(generated, "handboek")
	cfg, err := os.ReadFile(filepath.Join(generated, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	// Before the first table, so that it is a top-level key.
	writeFiles(t, generated, map[string]string{"site.toml": "edit_url = \"https://git.example.nl/bewerk?bestand={path}&tak=main <x> 'y' \\\"z\\\" ü%zz+\"\n" + string(cfg)})

	hostile := sitetest.Write(t, site+`
-- content/rollen/vreemd.md --
+++
title = "Rol <b>&amp;</b> 'quote' \"dubbel\" + plus ü"
summary = "Een <i>samenvatting</i> met & en ' en \" en + en ></script>"
opdrachtgever = ["teamleider", "concerndirectie"]
lid_van = "concerndirectie"
+++
Zie [[teamleider]] en [[collegevoorstel]].
`)
	writeFiles(t, hostile, map[string]string{"site.toml": strings.Replace(site[strings.Index(site, "title ="):strings.Index(site, "-- content/_index.md --")],
		`base_url = "https://intranet.example/handboek/"`, `edit_url = "javascript:alert('{path}')"`, 1)})

	for name, dir := range map[string]string{"example": example, "generated": generated, "hostile": hostile} {
		t.Run(name, func(t *testing.T) {
			inGo := generator.NewBuilder().Build(generator.Options{Source: dir})
			if !inGo.OK() {
				t.Fatalf("the site does not build:\n%s", sitetest.Problems(inGo))
			}
			for _, layout := range []string{"page", "matrix", "rolkaart"} {
				src, err := fs.ReadFile(themes.Default, "default/layouts/"+layout+".html")
				if err != nil {
					t.Fatal(err)
				}
				writeFiles(t, dir, map[string]string{"themes/default/layouts/" + layout + ".html": string(src) + "{{/* the same layout, so html/template writes the pages */}}\n"})
			}
			byTemplate := generator.NewBuilder().Build(generator.Options{Source: dir})
			if !byTemplate.OK() {
				t.Fatalf("the site does not build with the template:\n%s", sitetest.Problems(byTemplate))
			}
			var names []string
			for n := range byTemplate.Files {
				names = append(names, n)
			}
			sort.Strings(names)
			pages := map[string]int{}
			for _, n := range names {
				want, got := byTemplate.Files[n], inGo.Files[n]
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from what the template writes:\n%s", n, firstDifference(got, want))
				}
				for _, layout := range []string{"page", "matrix", "rolkaart"} {
					if bytes.Contains(want, []byte(`<body class="layout-`+layout+`"`)) {
						pages[layout]++
					}
				}
			}
			if len(inGo.Files) != len(byTemplate.Files) {
				t.Errorf("%d files written in Go, %d by the template", len(inGo.Files), len(byTemplate.Files))
			}
			if pages["page"] < 5 || pages["matrix"] != 1 || pages["rolkaart"] < 1 {
				t.Errorf("pages compared, by layout: %v; want at least 5 entity pages, the matrix and the role map", pages)
			}
		})
	}
}

// firstDifference shows where got and want part, with some context.
func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-120)
	return "got:  …" + string(got[from:min(len(got), i+120)]) + "…\nwant: …" + string(want[from:min(len(want), i+120)]) + "…"
}
