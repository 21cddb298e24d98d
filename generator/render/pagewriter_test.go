package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"maps"
	"slices"
	"testing"
	"testing/fstest"

	"handboek/themes"
)

// TestGoPagesOnlyForTheDefaultLayout checks that the page, matrix and role map layouts are
// written in Go for the default theme and for a theme that changes none of their files, and a
// layout by html/template as soon as a theme changes its file, base.html or a partial, or adds
// a partial.
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
	matrix, _ := fs.ReadFile(builtin, "layouts/matrix.html")
	for _, c := range []struct {
		name  string
		theme fs.FS
		inGo  []string
	}{
		{"the default theme", builtin, []string{"matrix", "page", "rolkaart"}},
		{"another 404 page", theme(map[string]string{"layouts/404.html": `{{define "main"}}weg{{end}}`}), []string{"matrix", "page", "rolkaart"}},
		{"another page.html", theme(map[string]string{"layouts/page.html": string(page) + "{{/* */}}"}), []string{"matrix", "rolkaart"}},
		{"another matrix.html", theme(map[string]string{"layouts/matrix.html": string(matrix) + "{{/* */}}"}), []string{"page", "rolkaart"}},
		{"another base.html", theme(map[string]string{"layouts/base.html": `{{define "base"}}{{template "main" .}}{{end}}`}), nil},
		{"another partial", theme(map[string]string{"layouts/partials/entity.html": `{{define "entity"}}{{end}}`}), nil},
		{"an extra partial", theme(map[string]string{"layouts/partials/extra.html": `{{define "entity"}}{{end}}`}), nil},
	} {
		r, err := New(c.theme)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := slices.Sorted(maps.Keys(r.inGo)); !slices.Equal(got, c.inGo) {
			t.Errorf("%s: layouts written in Go %v, want %v", c.name, got, c.inGo)
		}
	}
}

// FuzzPageWriter fills every value of a view from the fuzzer's strings, with each optional part
// there or not, and compares what each layout written in Go writes with what the default
// theme's templates write.
func FuzzPageWriter(f *testing.F) {
	f.Add("Griffier", "De griffie <ondersteunt> de raad & 'commissies'", "../../rollen/griffier/", "Rol", "javascript:alert(1)", uint16(0xffff))
	f.Add("\x00é\xff", "+\"", "%zz é", "", "", uint16(0))
	f.Add("", "", "", "", "https://git.example/{path}?a=b&c=d", uint16(0x5555))
	f.Add("", "x", "", "", "", uint16(1<<2|1<<5)) // an empty body made when written
	r, err := New(must(fs.Sub(themes.Default, "default")))
	if err != nil {
		f.Fatal(err)
	}
	if len(r.inGo) != len(goMains()) {
		f.Fatalf("the default theme's layouts written in Go: %v", slices.Collect(maps.Keys(r.inGo)))
	}
	f.Fuzz(func(tt *testing.T, a, b, href, kind, url string, parts uint16) {
		on := func(i int) bool { return parts&(1<<i) != 0 }
		link := func(title string) Link { l := newLink(title, href); l.Kind = kind; return l }
		links := func(i int) []Link {
			if !on(i) {
				return nil
			}
			return []Link{link(a), link(b)}
		}
		ptr := func(i int, title string) *Link {
			if !on(i) {
				return nil
			}
			l := link(title)
			return &l
		}
		s := &site{t: Strings("nl")}
		v := &View{Site: SiteView{Title: b, Language: kind}, T: s.t, Root: href, URL: href, Layout: "page",
			Title: a, Crumbs: links(0), Mentioned: links(1), Prev: ptr(2, a), Next: ptr(3, b)}
		if on(4) {
			v.Summary, v.Kind, v.Canonical = b, kind, url
		}
		if on(6) {
			v.Relations = []Group{{Label: a, Links: links(7)}, {Label: b, Links: []Link{link(b)}}}
		}
		if on(8) {
			v.Backlinks = []Group{{Label: b, Links: links(1)}}
		}
		if on(9) {
			v.OnRoutes = []RouteStep{{Name: a, Label: b, Prev: ptr(2, b), Next: ptr(10, a)}, {Name: b, Next: ptr(3, a)}}
		}
		if on(10) {
			v.Roles = []RoleRow{{Process: link(a), Step: b, Phase: ptr(11, b), Letter: kind}, {Process: link(b), Step: a}}
		}
		if on(11) {
			v.RACI = &RACI{Parties: links(12), Rows: []RACIRow{{Step: a, Phase: ptr(13, b), Cells: []string{kind, "", b}}, {Step: b}}}
		}
		// A body and a map are made when first written, straight into the page by the Go writer;
		// each layout gets them not made yet, and writes them before the template does.
		fresh := func() {
			v.content = lazyHTML{}
			if on(5) {
				v.content.html = template.HTML(a)
				if on(2) {
					v.content = lazyHTML{appendTo: func(p []byte) []byte { return append(p, a...) }}
				}
			}
			if !on(12) {
				return
			}
			m := &MapView{svg: lazyHTML{html: template.HTML(b)}, Caption: a, Legend: []LegendItem{{Label: a, Class: b, Box: true}, {Label: b, Class: kind}}}
			if on(15) {
				m.svg = lazyHTML{appendTo: func(p []byte) []byte { return append(p, b...) }}
			}
			if on(13) {
				m.Caption, m.Legend = "", nil
			}
			v.LocalMap = m
			if on(14) {
				v.PhaseFlow = m
			}
		}
		if on(13) {
			v.StepFlow = []PhaseColumn{{Phase: ptr(14, a), Steps: []StepCard{{Title: b, Accountable: links(15), Responsible: links(0)}, {Title: a}}}, {Steps: []StepCard{{Title: kind, Responsible: links(1)}}}}
		}
		if on(15) {
			v.LastModified, v.LastModifiedISO = a, b
		}
		if on(14) {
			v.EditURL = url
		}
		v.Matrix = []MatrixGroup{{Process: link(a), RACI: &RACI{Rows: []RACIRow{{Step: a, Phase: ptr(13, b), Cells: []string{kind, "", b}}, {Step: b}}}, Columns: 5}}
		if on(7) {
			v.Matrix = append(v.Matrix, MatrixGroup{Process: link(b), RACI: &RACI{Parties: links(12)}})
			v.MatrixParties = links(15)
		}
		if on(3) {
			v.RoleMap = &RoleMapView{SVG: template.HTML(a), Legend: []LegendItem{{Label: b, Class: kind, Box: on(4)}}, Groups: links(5),
				Nodes: []RoleMapNode{{Link: link(a), Relations: []Group{{Label: b, Links: links(6)}}}, {Link: link(b)}}}
			if on(0) {
				v.RoleMap.SVG, v.RoleMap.Legend = "", nil
			}
		}
		for layout, write := range r.inGo {
			v.Layout = layout
			fresh()
			t := r.tmpl[layout]
			ch := &chrome{m: map[string]template.HTML{}}
			if err := ch.fill(t, v); err != nil {
				tt.Fatal(err)
			}
			var want, got bytes.Buffer
			write(&got, v)
			if err := t.ExecuteTemplate(&want, "base", v); err != nil {
				tt.Fatal(err)
			}
			if got.String() != want.String() {
				g, w := got.String(), want.String()
				i := 0
				for i < len(g) && i < len(w) && g[i] == w[i] {
					i++
				}
				tt.Fatalf("layout %s written in Go differs from the template at byte %d:\n got …%s…\nwant …%s…", layout, i, g[max(0, i-80):min(len(g), i+80)], w[max(0, i-80):min(len(w), i+80)])
			}
		}
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
