package config

import (
	"testing"

	"handboek/generator/diag"
)

// FuzzParse checks that any site.toml is read into a Config or into problems with a place in
// site.toml, never a panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"title = \"x\"\n[kinds.rol]\nsection = \"rollen\"\n[[relations]]\nkey = \"a\"\nfrom = [\"rol\"]\nto = [\"rol\"]\n",
		"[kinds.\"\"]\n", "[kinds.\"Ä\"]\nsection = \"/\"\n", "language = \"de\"\nbase_url = \"ftp://x\"\nedit_url = \"x\"\n",
		"[[relations]]\n[[relations]]\nkey = \"title\"\n", "[steps]\nphase_kind = \"x\"\n[rolemap]\nrelations = [\"y\"]\n",
		"[[routes]]\n", "titel = 1\n[kinds.rol]\nlabl = 2\n", "= =",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var l diag.List
		cfg := Parse(".", src, &l) // no themes/ here: any theme but "default" is reported
		for _, p := range l.Sorted() {
			if p.Pos.Path != FileName || p.Msg == "" {
				t.Fatalf("problem %q is not about site.toml", p.String())
			}
		}
		if l.Len() == 0 && cfg == nil {
			t.Fatal("no Config and no problems")
		}
	})
}
