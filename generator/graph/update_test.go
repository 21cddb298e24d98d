package graph

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"handboek/generator/config"
	"handboek/generator/diag"
	"handboek/generator/markdown"
	"handboek/generator/page"
)

const updateConfig = `
title = "Update"
[kinds.rol]
section = "rollen"
[kinds.orgaan]
section = "organen"
[kinds.fase]
section = "fasen"
[kinds.proces]
section = "processen"
[[relations]]
key = "opdrachtgever"
from = ["rol"]
to = ["rol", "orgaan"]
acyclic = true
[[relations]]
key = "adviseert"
from = ["rol", "orgaan"]
to = ["rol", "orgaan"]
[steps]
phase_kind = "fase"
party_kinds = ["rol", "orgaan"]
[[routes]]
name = "Start"
pages = ["r1", "o1"]
`

// updateSite is a small random site: its pages as source text, by path.
type updateSite struct {
	rng   *rand.Rand
	files map[string]string
	names []string // slugs that exist, and some that do not
}

var updateSlugs = map[string][]string{
	"rollen":    {"r0", "r1", "r2", "r3", "r4", "r5"},
	"organen":   {"o0", "o1", "o2"},
	"fasen":     {"f0", "f1"},
	"processen": {"p0", "p1", "p2"},
	"artikelen": {"a0", "a1"},
}

func (s *updateSite) pick() string { return s.names[s.rng.IntN(len(s.names))] }

// page writes a random page of section sec with slug, title and summary.
func (s *updateSite) page(sec, slug, title, summary string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = %q\nsummary = %q\n", title, summary)
	if sec == "rollen" || sec == "organen" {
		for _, key := range []string{"opdrachtgever", "adviseert"} {
			if key == "opdrachtgever" && sec != "rollen" {
				continue
			}
			if k := s.rng.IntN(3); k > 0 {
				var refs []string
				for range k {
					refs = append(refs, fmt.Sprintf("%q", s.pick()))
				}
				fmt.Fprintf(&b, "%s = [%s]\n", key, strings.Join(refs, ", "))
			}
		}
	}
	if sec == "processen" {
		for i := range s.rng.IntN(3) {
			fmt.Fprintf(&b, "\n[[steps]]\ntitle = \"Stap %d\"\nphase = %q\n", i+s.rng.IntN(2), s.pick())
			for _, f := range []string{"responsible", "accountable", "consulted"} {
				if s.rng.IntN(2) == 0 {
					fmt.Fprintf(&b, "%s = [%q, %q]\n", f, s.pick(), s.pick())
				}
			}
		}
	}
	b.WriteString("+++\n")
	for range s.rng.IntN(4) {
		switch s.rng.IntN(3) {
		case 0:
			fmt.Fprintf(&b, "Zie [[%s]].\n\n", s.pick())
		case 1:
			fmt.Fprintf(&b, "Zie [tekst](../rollen/%s.md).\n\n", s.pick())
		default:
			b.WriteString("Gewone tekst.\n\n")
		}
	}
	return b.String()
}

func (s *updateSite) parse(t *testing.T, cfg *config.Config, md *markdown.Markdown) map[string]*page.Page {
	t.Helper()
	out := map[string]*page.Page{}
	for path, src := range s.files {
		out[path] = page.Parse(path, []byte(src), cfg, md)
	}
	return out
}

// dump writes down everything Link decides, by ID and title rather than by pointer.
func dump(g *Graph) string {
	var b strings.Builder
	id := func(n *Node) string {
		if n == nil {
			return "-"
		}
		return n.Path
	}
	for _, n := range g.All() {
		fmt.Fprintf(&b, "%s %q %q %s prev=%s next=%s\n", id(n), n.ID, n.URL, n.Title, id(n.Prev), id(n.Next))
		for _, e := range n.Out {
			fmt.Fprintf(&b, "  out %s %s\n", e.Relation, id(e.To))
		}
		for _, e := range n.In {
			fmt.Fprintf(&b, "  in %s %s\n", e.Relation, id(e.From))
		}
		for _, m := range n.MentionedBy {
			fmt.Fprintf(&b, "  mentioned by %s\n", id(m))
		}
		for _, s := range n.Steps {
			fmt.Fprintf(&b, "  step %q phase %s", s.Title, id(s.Phase))
			for _, ps := range s.Parties {
				b.WriteString(" |")
				for _, p := range ps {
					b.WriteString(" " + id(p))
				}
			}
			b.WriteString("\n")
		}
		for _, r := range n.Roles {
			fmt.Fprintf(&b, "  role %s %q %s\n", id(r.Process), r.Step.Title, r.Letter)
		}
		for i, r := range n.Refs {
			href := ""
			if l := n.Links[i]; l.Resolved {
				href = string(l.AppendHref(nil))
			}
			fmt.Fprintf(&b, "  ref %q → %q %q\n", r.Target, href, n.Links[i].Title)
		}
	}
	for e := range g.Edges() {
		fmt.Fprintf(&b, "edge %s %s %s %q\n", id(e.From), e.Relation, id(e.To), e.Step)
	}
	var l diag.List
	l.Append(g.Problems()...)
	for _, p := range l.Sorted() {
		fmt.Fprintf(&b, "problem %s\n", p)
	}
	return b.String()
}

// TestUpdateEqualsLink edits random pages of a random site many times (text, links, relations,
// steps, summary) and checks after each edit that Update gives the graph Link gives.
func TestUpdateEqualsLink(t *testing.T) {
	var l diag.List
	cfg := config.Parse(".", []byte(updateConfig), &l)
	if l.Len() > 0 {
		t.Fatal(l.Sorted())
	}
	md := markdown.New(markdown.Options{})
	for seed := range uint64(20) {
		s := &updateSite{rng: rand.New(rand.NewPCG(seed, 1)), files: map[string]string{}}
		for _, sec := range []string{"rollen", "organen", "fasen", "processen", "artikelen"} {
			s.names = append(s.names, updateSlugs[sec]...)
		}
		s.names = append(s.names, "bestaat-niet", "rollen")
		titles := map[string]string{}
		for sec, slugs := range updateSlugs {
			for _, slug := range slugs {
				titles["content/"+sec+"/"+slug+".md"] = "Titel " + slug
			}
		}
		write := func(path string) {
			sec := strings.Split(path, "/")[1]
			slug := strings.TrimSuffix(strings.Split(path, "/")[2], ".md")
			s.files[path] = s.page(sec, slug, titles[path], fmt.Sprint("samenvatting ", s.rng.IntN(3)))
		}
		for path := range titles {
			write(path)
		}
		s.files["content/_index.md"] = "+++\ntitle = \"Thuis\"\n+++\nZie [[r1]] en [[p0]].\n"
		paths := make([]string, 0, len(s.files))
		for p := range s.files {
			paths = append(paths, p)
		}
		slices.Sort(paths)

		parsed := s.parse(t, cfg, md)
		list := func() []*page.Page {
			out := make([]*page.Page, 0, len(paths))
			for _, p := range paths {
				out = append(out, parsed[p])
			}
			return out
		}
		var lp diag.List
		g := Link(cfg, list(), nil, &lp)
		for step := range 15 {
			var changed []*page.Page
			for range 1 + s.rng.IntN(3) {
				path := paths[s.rng.IntN(len(paths))]
				if path == "content/_index.md" {
					continue
				}
				write(path)
				p := page.Parse(path, []byte(s.files[path]), cfg, md)
				if i := slices.IndexFunc(changed, func(c *page.Page) bool { return c.Path == path }); i >= 0 {
					changed[i] = p
				} else {
					changed = append(changed, p)
				}
				parsed[path] = p
			}
			if _, ok := g.Update(changed); !ok {
				t.Fatalf("seed %d, edit %d: Update refused a change of text, links, relations and steps", seed, step)
			}
			var lf diag.List
			fresh := Link(cfg, list(), nil, &lf)
			if got, want := dump(g), dump(fresh); got != want {
				t.Fatalf("seed %d, edit %d: the updated graph differs from a new Link:\n%s", seed, step, diff(got, want))
			}
		}
	}
}

// TestUpdateRefuses checks that Update leaves a change of what a page is called to Link.
func TestUpdateRefuses(t *testing.T) {
	var l diag.List
	cfg := config.Parse(".", []byte(updateConfig), &l)
	md := markdown.New(markdown.Options{})
	mk := func(path, fm string) *page.Page {
		return page.Parse(path, []byte("+++\n"+fm+"+++\nTekst.\n"), cfg, md)
	}
	pages := []*page.Page{mk("content/rollen/r1.md", "title = \"Een\"\n"), mk("content/organen/o1.md", "title = \"Raad\"\n")}
	g := Link(cfg, pages, nil, &l)
	before := dump(g)
	for _, p := range []*page.Page{
		mk("content/rollen/r1.md", "title = \"Anders\"\n"),
		mk("content/rollen/r1.md", "title = \"Een\"\naliases = [\"een\"]\n"),
		mk("content/rollen/r1.md", "title = \"Een\"\nweight = 3\n"),
		mk("content/rollen/r1.md", "title = \"Een\"\ndraft = true\n"),
		mk("content/rollen/r2.md", "title = \"Twee\"\n"),
	} {
		if _, ok := g.Update([]*page.Page{p}); ok {
			t.Errorf("Update took %s with front matter %v", p.Path, p)
		}
		if dump(g) != before {
			t.Fatalf("a refused Update changed the graph")
		}
	}
}

// diff shows the first lines where got and want differ.
func diff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n  update: %s\n  link:   %s", i+1, a, b)
		}
	}
	return ""
}
