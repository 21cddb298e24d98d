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
	m := Locate([]byte(src))
	want := map[string]Pos{
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
	}
	for k, w := range want {
		if got := m[k]; got != w {
			t.Errorf("%s: got %v, want %v", k, got, w)
		}
	}
	if got := m.Value("steps[1].accountable[7]"); got != (Pos{13, 15}) {
		t.Errorf("fallback: got %v", got)
	}
}

func FuzzLocate(f *testing.F) {
	f.Add([]byte("a = [1, [2, 3], {x = 'y'}]\n[[t]]\nb = \"\"\"\n\"\"\""))
	f.Fuzz(func(t *testing.T, b []byte) { Locate(b) })
}
