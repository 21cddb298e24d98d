package render

import (
	"encoding/json"
	"testing"

	"handboek/generator/graph"
	"handboek/generator/page"
)

// marshalGraph is graph.json as encoding/json writes it, which GraphJSON writes by hand.
func marshalGraph(g *graph.Graph) []byte {
	type node struct {
		ID    string `json:"id"`
		Kind  string `json:"kind"`
		Title string `json:"title"`
		URL   string `json:"url"`
	}
	type edge struct {
		From     string `json:"from"`
		To       string `json:"to"`
		Relation string `json:"relation"`
		Step     string `json:"step,omitempty"`
	}
	out := struct {
		Nodes []node `json:"nodes"`
		Edges []edge `json:"edges"`
	}{Nodes: []node{}, Edges: []edge{}}
	for _, n := range g.Nodes {
		out.Nodes = append(out.Nodes, node{n.ID, n.Kind, n.Title, n.URL})
	}
	for e := range g.Edges() {
		if e.From.ID == "" || e.To.ID == "" || e.From.IsIndex || e.To.IsIndex {
			continue
		}
		out.Edges = append(out.Edges, edge{e.From.ID, e.To.ID, e.Relation, e.Step})
	}
	b, _ := json.Marshal(out)
	return append(b, '\n')
}

func testGraph(a, b string) *graph.Graph {
	home := &graph.Node{Page: &page.Page{IsIndex: true}}
	x := &graph.Node{Page: &page.Page{Kind: "rol", Title: a}, ID: "rollen/" + a, URL: "rollen/x/"}
	y := &graph.Node{Page: &page.Page{Kind: b}, ID: b, URL: "organen/" + b + "/"}
	sec := &graph.Node{Page: &page.Page{IsIndex: true, Title: "Rollen"}, ID: "rollen", URL: "rollen/"}
	// Every edge is put among its page's relation edges, where Edges finds them in a graph that
	// was not linked.
	x.Out = []graph.Edge{{From: x, To: y, Relation: "lid-van"}, {From: x, To: sec, Relation: "mentions"}}
	y.Out = []graph.Edge{{From: y, To: x, Relation: "responsible", Step: a + b}}
	home.Out = []graph.Edge{{From: home, To: x, Relation: "mentions"}}
	return &graph.Graph{Nodes: []*graph.Node{home, x, y, sec}}
}

func TestGraphJSONIsWhatMarshalGives(t *testing.T) {
	for _, c := range [][2]string{
		{"", ""}, {"Griffier", "raad"}, {`"<b>&'\`, "a\tb\nc\x00\x1f\x7f"}, {"\u2028\u2029é€😀", "\xff\xfe broken \xe2\x82"},
	} {
		g := testGraph(c[0], c[1])
		if got, want := string(GraphJSON(g)), string(marshalGraph(g)); got != want {
			t.Errorf("%q:\n got %s\nwant %s", c, got, want)
		}
	}
	empty := &graph.Graph{}
	if got, want := string(GraphJSON(empty)), string(marshalGraph(empty)); got != want {
		t.Errorf("empty graph:\n got %s\nwant %s", got, want)
	}
}

func FuzzGraphJSON(f *testing.F) {
	f.Add("Griffier", "raad")
	f.Add("<&>\"\\", "\u2028\xff")
	f.Fuzz(func(t *testing.T, a, b string) {
		g := testGraph(a, b)
		if got, want := string(GraphJSON(g)), string(marshalGraph(g)); got != want {
			t.Fatalf("%q %q:\n got %s\nwant %s", a, b, got, want)
		}
	})
}
