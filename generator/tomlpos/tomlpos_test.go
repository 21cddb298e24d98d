package tomlpos

import "testing"

func TestLocate(t *testing.T) {
	src := `title = "X"   # comment
aliases = ["a",
  "b"]
"quoted key" = 1

[[steps]]
title = "Eerste"
accountable = ["college"]

[[steps]]
title = """multi
line"""
accountable = [ "x", 'y' ]

[kinds.rol]
label = "Rol"
inline = { a = 1, b = "two" }
`
	m := Locate(src)
	wantPositions(t, m, map[string]Pos{
		"title=":                  {1, 1},
		"title":                   {1, 9},
		"aliases[0]":              {2, 12},
		"aliases[1]":              {3, 3},
		"quoted key=":             {4, 1},
		"steps[0]":                {6, 1},
		"steps[0].accountable[0]": {8, 16},
		"steps[1].title":          {11, 9},
		"steps[1].accountable=":   {13, 1},
		"steps[1].accountable[1]": {13, 22},
		"kinds.rol":               {15, 1},
		"kinds.rol.label=":        {16, 1},
		"kinds.rol.inline.b":      {17, 23},
	})
	if got := m.Value("steps[1].accountable[7]"); got != (Pos{13, 15}) {
		t.Errorf("fallback: got %v", got)
	}
}

// Columns count characters, not bytes, also after a comment or a value with accents.
func TestLocateCountsCharacters(t *testing.T) {
	src := "# één opmerking\r\ntitle = \"Één\" # ü\r\naliases = [\"ë\", \"ï\"]\n  [params]\nkleur = 'groen'"
	wantPositions(t, Locate(src), map[string]Pos{
		"title=":        {2, 1},
		"title":         {2, 9},
		"aliases[1]":    {3, 17},
		"params":        {4, 3},
		"params.kleur=": {5, 1},
		"params.kleur":  {5, 9},
	})
}

func wantPositions(t *testing.T, m Map, want map[string]Pos) {
	t.Helper()
	for k, w := range want {
		if got := m[k]; got != w {
			t.Errorf("%s: got %v, want %v", k, got, w)
		}
	}
}

func FuzzLocate(f *testing.F) {
	f.Add("a = [1, [2, 3], {x = 'y'}]\n[[t]]\nb = \"\"\"\n\"\"\"")
	f.Fuzz(func(t *testing.T, s string) { Locate(s) })
}

// BenchmarkLocate scans the front matter of a generated process page, the largest kind.
func BenchmarkLocate(b *testing.B) {
	src := `title = "Aanvragen van arbeidsmarkt 4"
summary = "Aanvragen van arbeidsmarkt 4: stap voor stap, met wie verantwoordelijk is en wie meedenkt."
weight = 480
beleidsterreinen = "cultuur-personeelszaken"

[[steps]]
title = "Vraag registreren"
phase = "verkenning"
responsible = ["stuurgroep-energietransitie-2"]
accountable = ["medewerker-jeugdhulp"]
informed = ["team-vergunningen-4"]

[[steps]]
title = "Afstemmen met betrokkenen"
phase = "beeldvorming"
responsible = ["specialist-personeelszaken-4"]
accountable = ["controller-openbare-orde-2"]
consulted = ["medewerker-wmo", "specialist-facilitaire-zaken-2", "commissie-inkoop-3"]
`
	for b.Loop() {
		Locate(src)
	}
}
