package search_test

import (
	"maps"
	"runtime"
	"slices"
	"testing"

	"handboek/generator"
	"handboek/generator/search"
)

// TestIndexIsTheSameEveryTime builds the example handbook's index again and again: twice, on
// one core and on two (pages are analysed in parallel), and through a Cache before and after a
// page changes. Every build must give the same files, byte for byte, as a fresh search.Build.
func TestIndexIsTheSameEveryTime(t *testing.T) {
	res := generator.NewBuilder().Build(generator.Options{Source: "../.."})
	if !res.OK() {
		t.Fatalf("the example handbook has problems: %v", res.Problems)
	}
	g := res.Graph
	want := search.Build(g).Files()
	if len(want) < 10 {
		t.Fatalf("the example handbook's index has %d files; want a real index", len(want))
	}
	same := func(what string, got map[string][]byte, want map[string][]byte) {
		t.Helper()
		if !maps.EqualFunc(got, want, slices.Equal) {
			for name := range want {
				if !slices.Equal(got[name], want[name]) {
					t.Fatalf("%s: %s differs (or is missing); %d files, want %d", what, name, len(got), len(want))
				}
			}
			t.Fatalf("%s: %d files, want %d", what, len(got), len(want))
		}
	}
	same("second build", search.Build(g).Files(), want)

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		same("GOMAXPROCS "+string(rune('0'+procs)), search.Build(g).Files(), want)
	}

	c := search.NewCache()
	same("cache, first build", c.Build(g).Files(), want)
	same("cache, nothing changed", c.Build(g).Files(), want)

	var changed bool
	for _, n := range g.Nodes {
		if n.Summary != "" {
			n.Summary = "Zorgt voor de kwartiermaker van de zeppelinhaven."
			changed = true
			break
		}
	}
	if !changed {
		t.Fatal("no page of the example handbook has a summary to change")
	}
	fresh := search.Build(g).Files()
	if maps.EqualFunc(fresh, want, slices.Equal) {
		t.Fatal("changing a summary did not change the index: the test proves nothing")
	}
	same("cache, one summary changed", c.Build(g).Files(), fresh)
	hits := search.Build(g).Search("zeppelinhaven")
	if len(hits) != 1 {
		t.Fatalf("search for the new summary's word found %d pages, want 1", len(hits))
	}
}
