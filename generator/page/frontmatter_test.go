package page

import (
	"reflect"
	"testing"
)

// The front matter handboek's pages are written in takes the fast way; other TOML is left to
// toml.Decode. (FuzzDecodeSimple checks that both ways agree.)
func TestDecodeSimple(t *testing.T) {
	process := `title = "Aanvragen van afval"
summary = "Stap voor stap: wie doet wat."
weight = 300
draft = false
beleidsterreinen = ["milieu", "economie"] # twee
aliases = []

[[steps]]
title = "Probleem verkennen"
phase = "verkenning"
responsible = ["adviseur-handhaving"]

# de tweede stap
[[steps]]
title = "Besluiten"
accountable = [ "college" , ]

[params]
afdeling = "Bedrijfsvoering"
`
	got, ok := decodeSimple(process)
	if !ok {
		t.Fatalf("decodeSimple did not take the front matter of a process")
	}
	want := map[string]any{
		"title": "Aanvragen van afval", "summary": "Stap voor stap: wie doet wat.", "weight": int64(300),
		"draft": false, "beleidsterreinen": []any{"milieu", "economie"}, "aliases": []any{},
		"steps": []map[string]any{
			{"title": "Probleem verkennen", "phase": "verkenning", "responsible": []any{"adviseur-handhaving"}},
			{"title": "Besluiten", "accountable": []any{"college"}},
		},
		"params": map[string]any{"afdeling": "Bedrijfsvoering"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decodeSimple gave\n%#v\nwant\n%#v", got, want)
	}

	for _, src := range []string{
		`title = "Het \"college\""`,    // an escape
		`title = 'letterlijk'`,         // a literal string
		"lid_van = [\n  \"a\",\n]",     // a list over more lines
		`kinds.rol = "x"`,              // a dotted key
		`weight = 1_000`,               // a separator in a number
		`weight = 1.5`,                 // not a whole number
		"title = \"a\"\ntitle = \"b\"", // a key twice: toml.Decode says what is wrong
		"[params]\n[params]",           // a table twice
		"[steps]\n[[steps]]",           // a table, then a table of an array of the same name
		"[params.x]",                   // a dotted name
		`title = "x" y`,                // something after the value
	} {
		if _, ok := decodeSimple(src); ok {
			t.Errorf("decodeSimple took %q, which is toml.Decode's to read", src)
		}
	}
}
