package render

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"handboek/themes"
)

// TestGoPagesOnlyForTheDefaultLayout checks that pages are written in Go for the default theme
// and for a theme that changes none of the page layout's files, and by html/template as soon
// as a theme changes base.html, page.html or a partial, or adds a partial.
func TestGoPagesOnlyForTheDefaultLayout(t *testing.T) {
	builtin, err := fs.Sub(themes.Default, "default")
	if err != nil {
		t.Fatal(err)
	}
	theme := func(change map[string]string) fs.FS {
		m := fstest.MapFS{}
		err := fs.WalkDir(builtin, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(builtin, p)
			m[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for p, s := range change {
			m[p] = &fstest.MapFile{Data: []byte(s)}
		}
		return m
	}
	page, _ := fs.ReadFile(builtin, "layouts/page.html")
	for _, c := range []struct {
		name  string
		theme fs.FS
		inGo  bool
	}{
		{"the default theme", builtin, true},
		{"another 404 page", theme(map[string]string{"layouts/404.html": `{{define "main"}}weg{{end}}`}), true},
		{"another page.html", theme(map[string]string{"layouts/page.html": string(page) + "{{/* */}}"}), false},
		{"another base.html", theme(map[string]string{"layouts/base.html": `{{define "base"}}{{template "main" .}}{{end}}`}), false},
		{"another partial", theme(map[string]string{"layouts/partials/entity.html": `{{define "entity"}}{{end}}`}), false},
		{"an extra partial", theme(map[string]string{"layouts/partials/extra.html": `{{define "entity"}}{{end}}`}), false},
	} {
		r, err := New(c.theme)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r.goPages != c.inGo {
			t.Errorf("%s: pages written in Go = %v, want %v", c.name, r.goPages, c.inGo)
		}
	}
}
