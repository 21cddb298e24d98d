package generator_test

import (
	"strings"
	"testing"

	"handboek/internal/sitetest"
)

const badConfig = `
-- site.toml --
title = "T"
[kinds.rol]
section = "rollen"
[kinds.orgaan]
section = "organen"
[kinds.fase]
section = "fasen"
[[relations]]
key = "opdrachtgever"
from = ["rol"]
to = ["rol", "orgaan"]
acyclic = true
[[relations]]
key = "lid_van"
from = ["rol"]
to = ["orgaan"]
[steps]
phase_kind = "fase"
party_kinds = ["rol", "orgaan"]
-- content/rollen/directielid.md --
+++
title = "Directielid"
+++
-- content/organen/raad.md --
+++
title = "Raad"
aliases = ["secretaris"]
+++
-- content/fasen/besluitvorming.md --
+++
title = "Besluitvorming"
+++
`

// TestProblems checks the exact text and position of every kind of problem SPEC.md lists, all
// reported by one build.
func TestProblems(t *testing.T) {
	res := sitetest.Build(t, badConfig+`
-- content/rollen/teamleider.md --
+++
title = "Teamleider"
opdrachtgever = "directeilid"
+++
-- content/rollen/a.md --
+++
title = "A"
opdrachtgever = "b"
+++
-- content/rollen/b.md --
+++
title = "B"
opdrachtgever = ["c"]
+++
-- content/rollen/c.md --
+++
title = "C"
opdrachtgever = "a"
lid_van = "directielid"
opdrachtgevr = "a"
+++
-- content/rollen/gs.md --
+++
title = "GS"
aliases = ["secretaris"]
+++
Zie [[secretaris]], [[directeilid]] en [de teamleider](teamlieder.md).
-- content/processen/p.md --
+++
title = "P"

[[steps]]
title = "Zonder eindverantwoordelijke"
phase = "besluit"
responsible = ["a"]

[[steps]]
title = "Twee eindverantwoordelijken"
responsible = ["a"]
accountable = ["a", "raad"]
+++
-- content/rollen/open.md --
+++
title = "Open"
-- content/rollen/syntax.md --
+++
title =
+++
-- content/rollen/notitle.md --
+++
summary = "Geen titel"
+++
-- content/rollen/latin1.md --
+++
title = "caf`+"\xe9"+`"
+++
-- content/rollen/dup.md --
+++
title = "Dup"
+++
-- content/rollen/sub/dup.md --
+++
title = "Dup twee"
+++
`)
	want := `content/processen/p.md:4:1: step "Zonder eindverantwoordelijke" has no accountable party: add accountable = ["..."] with exactly one party
content/processen/p.md:6:9: unknown fase "besluit" (did you mean "besluitvorming"?)
content/processen/p.md:12:21: step "Twee eindverantwoordelijken" has 2 accountable parties (a, raad): exactly one party is accountable; make the others responsible or consulted
content/rollen/c.md:3:17: opdrachtgever forms a cycle: a → b → c → a; remove one of these references
content/rollen/c.md:4:11: lid_van cannot point to "directielid": that is a rol page, and lid_van points to orgaan pages only
content/rollen/c.md:5:1: unknown front matter field "opdrachtgevr" (did you mean "opdrachtgever"?)
content/rollen/gs.md:5:5: "secretaris" is ambiguous: it names orgaan/raad and rol/gs; write the id of the page you mean
content/rollen/gs.md:5:21: unknown page "directeilid" (did you mean "directielid"?)
content/rollen/gs.md:5:40: link to a page that does not exist: teamlieder.md (did you mean "teamleider.md"?)
content/rollen/latin1.md:2:13: file is not valid UTF-8: save it with the UTF-8 encoding
content/rollen/notitle.md:1:1: missing title: add title = "..." to the front matter
content/rollen/open.md:1:1: unterminated front matter: add a line with +++ after the last front matter field
content/rollen/sub/dup.md:1:1: two pages on one URL rollen/dup/: content/rollen/dup.md and content/rollen/sub/dup.md; rename one of the files
content/rollen/syntax.md:2:8: invalid front matter: expected value but found '\n' instead
content/rollen/teamleider.md:3:17: unknown rol or orgaan "directeilid" (did you mean "directielid"?)
`
	if got := sitetest.Problems(res); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	if res.ConfigError || res.Files != nil {
		t.Error("content problems must not be config errors, and nothing may be rendered")
	}
}

func TestMoreProblems(t *testing.T) {
	for _, tc := range []struct{ name, files, want string }{
		{"yaml front matter", "-- content/x.md --\n---\ntitle: x\n---\n",
			"content/x.md:1:1: front matter must be TOML between two +++ lines, not YAML between --- lines\n"},
		{"no front matter", "-- content/x.md --\n# Kop\n",
			"content/x.md:1:1: missing front matter: start the page with a +++ line, title = \"...\" and another +++ line\n"},
		{"empty file", "-- content/x.md --\n",
			"content/x.md:1:1: empty page: start it with front matter, a +++ line, title = \"...\" and another +++ line\n"},
		{"free data at the top level", "-- content/x.md --\n+++\ntitle = \"X\"\ntelefoon = \"0123\"\n+++\n",
			"content/x.md:3:1: unknown front matter field \"telefoon\": own data goes under [params]\n"},
		{"relation on the wrong kind", "-- content/organen/o.md --\n+++\ntitle = \"O\"\nlid_van = \"raad\"\n+++\n",
			"content/organen/o.md:3:1: lid_van is not a field of an orgaan page: it is for rol pages\n"},
		{"unknown kind", "-- content/x.md --\n+++\ntitle = \"X\"\nkind = \"rool\"\n+++\n",
			"content/x.md:3:8: unknown kind \"rool\" (did you mean \"rol\"?)\n"},
		{"wrong types", "-- content/x.md --\n+++\ntitle = 5\nweight = \"1\"\ndraft = \"ja\"\n+++\n",
			"content/x.md:2:9: title must be text in quotes, like title = \"...\"\ncontent/x.md:3:10: weight must be a whole number, like weight = 10\ncontent/x.md:4:9: draft must be true or false, without quotes\n"},
		{"step party of the wrong kind", "-- content/p.md --\n+++\ntitle = \"P\"\n[[steps]]\ntitle = \"S\"\nphase = \"raad\"\nresponsible = [\"besluitvorming\"]\naccountable = \"raad\"\n+++\n",
			"content/p.md:5:9: phase cannot point to \"raad\": that is an orgaan page, and phase points to fase pages only\ncontent/p.md:6:16: responsible cannot point to \"besluitvorming\": that is a fase page, and responsible points to rol or orgaan pages only\n"},
		{"step without responsible and with an unknown field", "-- content/p.md --\n+++\ntitle = \"P\"\n[[steps]]\ntitle = \"S\"\naccountable = \"raad\"\ninfromed = \"raad\"\n+++\n",
			"content/p.md:3:1: step \"S\" has no responsible party: add responsible = [\"...\"]\ncontent/p.md:6:1: unknown step field \"infromed\" (did you mean \"informed\"?)\n"},
		{"CRLF and BOM are fine, problems still positioned", "-- content/x.md --\n\ufeff+++\r\ntitle = \"X\"\r\n+++\r\nZie [[nergens]].\r\n",
			"content/x.md:4:5: unknown page \"nergens\"\n"},
		{"folded slugs collide", "-- content/rollen/coördinator.md --\n+++\ntitle = \"A\"\n+++\n-- content/rollen/coordinator.md --\n+++\ntitle = \"B\"\n+++\n",
			"content/rollen/coördinator.md:1:1: two pages on one URL rollen/coordinator/: content/rollen/coordinator.md and content/rollen/coördinator.md; rename one of the files\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := sitetest.Build(t, badConfig+tc.files)
			if got := sitetest.Problems(res); got != tc.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestConfigProblems(t *testing.T) {
	for _, tc := range []struct{ name, config, want string }{
		{"unknown key", "title = \"T\"\nlanguge = \"nl\"\n",
			"site.toml:2:1: unknown key \"languge\" in site.toml (did you mean \"language\"?)\n"},
		{"relation with unknown kinds", "[kinds.rol]\nsection = \"rollen\"\n[[relations]]\nkey = \"lid_van\"\nfrom = [\"rol\"]\nto = [\"orgaan\"]\nlable = \"Lid\"\n",
			"site.toml:6:7: relation \"lid_van\" names unknown kind \"orgaan\" (known kinds: rol)\nsite.toml:7:1: unknown key \"relations.lable\" in site.toml (did you mean \"label\"?)\n"},
		{"steps and rolemap naming unknown things", "[kinds.rol]\n[kinds.fase]\n[[relations]]\nkey = \"adviseert\"\nfrom = [\"rol\"]\nto = [\"rol\"]\n[steps]\nphase_kind = \"fasen\"\nparty_kinds = [\"rol\", \"orgaan\"]\n[rolemap]\nkinds = [\"rol\"]\nrelations = [\"advies\"]\n",
			"site.toml:8:14: steps.phase_kind names unknown kind \"fasen\" (did you mean \"fase\"?)\nsite.toml:9:23: steps.party_kinds names unknown kind \"orgaan\" (known kinds: fase, rol)\nsite.toml:12:14: rolemap.relations names unknown relation \"advies\" (known relations: adviseert)\n"},
		{"syntax error", "title = \"T\n",
			"site.toml:1:11: invalid site.toml: strings cannot contain newlines\n"},
		{"bad language and base_url", "language = \"de\"\nbase_url = \"intranet/handboek\"\n",
			"site.toml:1:12: language \"de\" is not supported: use \"nl\" or \"en\"\nsite.toml:2:12: base_url \"intranet/handboek\" is not an absolute http(s) URL, such as \"https://intranet.example/handboek/\"\n"},
		{"relation key is a built-in field", "[kinds.rol]\n[[relations]]\nkey = \"title\"\nfrom = [\"rol\"]\nto = [\"rol\"]\n",
			"site.toml:3:7: relation key \"title\" is a built-in front matter field: choose another name\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := sitetest.Build(t, "-- site.toml --\n"+tc.config)
			if !res.ConfigError {
				t.Error("not reported as a configuration error")
			}
			if got := sitetest.Problems(res); got != tc.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
	res := sitetest.Build(t, "-- content/x.md --\n+++\ntitle = \"X\"\n+++\n")
	if got, want := sitetest.Problems(res), "site.toml: no site.toml in "; !strings.HasPrefix(got, want) || !res.ConfigError {
		t.Errorf("missing site.toml: %q", got)
	}
}
