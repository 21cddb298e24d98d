// Package config reads site.toml into a typed, validated Config.
//
// Everything the rest of the build knows about a site's kinds, relations, steps, role map and
// routes comes from here, already checked: a later stage can trust that a kind named by a
// relation exists. Mistakes are reported with their line in site.toml; they are configuration
// errors (exit status 2), because no page can be judged against a broken configuration.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"handboek/generator/diag"
	"handboek/generator/tomlpos"
)

// FileName is the configuration file at the root of a source folder.
const FileName = "site.toml"

// Config is a site's validated configuration.
type Config struct {
	Title      string
	Language   string // "nl" or "en"
	BaseURL    string // "" or an absolute URL ending in "/"
	Theme      string
	UnsafeHTML bool
	EditURL    string // with {path} for the page's source path; "" for none

	Kinds     map[string]*Kind // by name
	KindNames []string         // sorted
	Relations []*Relation      // in file order
	Steps     Steps
	RoleMap   RoleMap
	Routes    []Route
	Glossary  map[string]string // term → explanation

	// Pos holds positions in site.toml for later stages that report on configured names
	// (a route's page list, for example).
	Pos tomlpos.Map
}

// Kind is a kind of entity (rol, orgaan, ...).
type Kind struct {
	Name    string
	Section string // "" when pages say their kind themselves
	Label   string
	Plural  string
}

// Relation is a typed relation written as a front matter field.
type Relation struct {
	Key     string
	From    []string
	To      []string
	Label   string
	Inverse string
	Acyclic bool
}

// Steps configures responsibility steps.
type Steps struct {
	PhaseKind  string
	PartyKinds []string
}

// RoleMap says what the role map draws.
type RoleMap struct {
	Kinds     []string
	Relations []string
}

// Route is an ordered reading path through the handbook.
type Route struct {
	Name  string
	Pages []string // references, resolved by the graph
	Index int      // position in site.toml's routes, for problem positions
}

// BuiltinFields are the top-level front matter keys every page may have.
var BuiltinFields = []string{"title", "summary", "aliases", "weight", "draft", "kind", "steps", "params"}

// Relation returns the relation with key, or nil.
func (c *Config) Relation(key string) *Relation {
	for _, r := range c.Relations {
		if r.Key == key {
			return r
		}
	}
	return nil
}

// KindOfSection returns the kind whose pages live in section, or nil.
func (c *Config) KindOfSection(section string) *Kind {
	for _, name := range c.KindNames {
		if k := c.Kinds[name]; k.Section != "" && k.Section == section {
			return k
		}
	}
	return nil
}

// Label returns the display label of a kind name, or the name itself.
func (c *Config) Label(kind string) string {
	if k := c.Kinds[kind]; k != nil {
		return k.Label
	}
	return kind
}

type fileKind struct {
	Section string `toml:"section"`
	Label   string `toml:"label"`
	Plural  string `toml:"plural"`
}

type fileRelation struct {
	Key     string   `toml:"key"`
	From    []string `toml:"from"`
	To      []string `toml:"to"`
	Label   string   `toml:"label"`
	Inverse string   `toml:"inverse"`
	Acyclic bool     `toml:"acyclic"`
}

type fileRoute struct {
	Name  string   `toml:"name"`
	Pages []string `toml:"pages"`
}

type file struct {
	Title      string              `toml:"title"`
	Language   string              `toml:"language"`
	BaseURL    string              `toml:"base_url"`
	Theme      string              `toml:"theme"`
	UnsafeHTML bool                `toml:"unsafe_html"`
	EditURL    string              `toml:"edit_url"`
	Kinds      map[string]fileKind `toml:"kinds"`
	Relations  []fileRelation      `toml:"relations"`
	Steps      struct {
		PhaseKind  string   `toml:"phase_kind"`
		PartyKinds []string `toml:"party_kinds"`
	} `toml:"steps"`
	RoleMap struct {
		Kinds     []string `toml:"kinds"`
		Relations []string `toml:"relations"`
	} `toml:"rolemap"`
	Routes   []fileRoute       `toml:"routes"`
	Glossary map[string]string `toml:"glossary"`
}

var knownKeys = map[string][]string{
	"":          {"title", "language", "base_url", "theme", "unsafe_html", "edit_url", "kinds", "relations", "steps", "rolemap", "routes", "glossary"},
	"kinds.*":   {"section", "label", "plural"},
	"relations": {"key", "from", "to", "label", "inverse", "acyclic"},
	"steps":     {"phase_kind", "party_kinds"},
	"rolemap":   {"kinds", "relations"},
	"routes":    {"name", "pages"},
}

var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

// Load reads and validates dir/site.toml. Problems are configuration errors; the Config is nil
// when there are any.
func Load(dir string) (*Config, []diag.Problem) {
	var problems diag.List
	src, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			abs, _ := filepath.Abs(dir)
			problems.Add(diag.Pos{Path: FileName}, "no site.toml in %s: is -source the folder that holds site.toml?", abs)
		} else {
			problems.Add(diag.Pos{Path: FileName}, "cannot read site.toml: %v", err)
		}
		return nil, problems.Sorted()
	}
	cfg := Parse(dir, src, &problems)
	if problems.Len() > 0 {
		return nil, problems.Sorted()
	}
	return cfg, nil
}

// Parse decodes and validates the text of site.toml, adding problems to problems.
func Parse(dir string, src []byte, problems *diag.List) *Config {
	text := strings.TrimPrefix(string(src), "\ufeff")
	pos := tomlpos.Locate(text)
	at := func(p tomlpos.Pos) diag.Pos { return diag.Pos{Path: FileName, Line: p.Line, Col: p.Col} }

	var f file
	md, err := toml.Decode(text, &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			problems.Add(diag.Pos{Path: FileName, Line: pe.Position.Line, Col: pe.Position.Col}, "invalid site.toml: %s", pe.Message)
		} else {
			problems.Add(diag.Pos{Path: FileName}, "invalid site.toml: %v", err)
		}
		return nil
	}
	reportUndecoded(md, pos, problems)

	cfg := &Config{
		Title:      strings.TrimSpace(f.Title),
		Language:   f.Language,
		BaseURL:    f.BaseURL,
		Theme:      f.Theme,
		UnsafeHTML: f.UnsafeHTML,
		EditURL:    f.EditURL,
		Kinds:      map[string]*Kind{},
		Glossary:   f.Glossary,
		Pos:        pos,
	}
	if cfg.Title == "" {
		cfg.Title = "Handboek"
	}
	switch cfg.Language {
	case "":
		cfg.Language = "nl"
	case "nl", "en":
	default:
		problems.Add(at(pos.Value("language")), "language %q is not supported: use \"nl\" or \"en\"", cfg.Language)
	}
	if cfg.Theme == "" {
		cfg.Theme = "default"
	}
	if cfg.Theme != "default" {
		if st, err := os.Stat(filepath.Join(dir, "themes", cfg.Theme)); err != nil || !st.IsDir() {
			problems.Add(at(pos.Value("theme")), "theme %q not found: there is no folder themes/%s (the built-in theme is \"default\")", cfg.Theme, cfg.Theme)
		}
	}
	if cfg.BaseURL != "" {
		if u, err := NormalizeBaseURL(cfg.BaseURL); err != nil {
			problems.Add(at(pos.Value("base_url")), "base_url %v", err)
		} else {
			cfg.BaseURL = u
		}
	}
	if cfg.EditURL != "" && !strings.Contains(cfg.EditURL, "{path}") {
		problems.Add(at(pos.Value("edit_url")), "edit_url must contain {path}, where the page's source path goes")
	}

	sections := map[string]string{}
	// In the order written, so that a problem between two kinds is reported on the later one,
	// the same way on every run.
	kindOrder := make([]string, 0, len(f.Kinds))
	for name := range f.Kinds {
		kindOrder = append(kindOrder, name)
	}
	sort.Slice(kindOrder, func(i, j int) bool {
		a, b := pos.Key("kinds."+kindOrder[i]), pos.Key("kinds."+kindOrder[j])
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return kindOrder[i] < kindOrder[j]
	})
	for _, name := range kindOrder {
		k := f.Kinds[name]
		kp := "kinds." + name
		if !namePattern.MatchString(name) {
			problems.Add(at(pos.Key(kp)), "kind name %q: use lower-case letters, digits, - and _ only", name)
		}
		kind := &Kind{Name: name, Section: strings.Trim(k.Section, "/"), Label: k.Label, Plural: k.Plural}
		if kind.Label == "" && name != "" { // [kinds.""] is reported above
			kind.Label = strings.ToUpper(name[:1]) + name[1:]
		}
		if kind.Plural == "" {
			kind.Plural = kind.Label
		}
		if kind.Section != "" {
			if strings.ContainsAny(kind.Section, `/\`) || strings.HasPrefix(kind.Section, ".") || strings.HasPrefix(kind.Section, "_") {
				problems.Add(at(pos.Value(kp+".section")), "section %q of kind %q must be one top-level folder name under content/", kind.Section, name)
			}
			if other, ok := sections[kind.Section]; ok {
				problems.Add(at(pos.Value(kp+".section")), "section %q belongs to kind %q already: give each kind its own section", kind.Section, other)
			}
			sections[kind.Section] = name
		}
		cfg.Kinds[name] = kind
		cfg.KindNames = append(cfg.KindNames, name)
	}
	sort.Strings(cfg.KindNames)

	checkKinds := func(path string, names []string, what string) {
		for i, n := range names {
			if cfg.Kinds[n] == nil {
				problems.Add(at(pos.Value(fmt.Sprintf("%s[%d]", path, i))), "%s names unknown kind %q%s", what, n, hintOrList(n, cfg.KindNames, "kinds"))
			}
		}
	}

	builtin := map[string]bool{}
	for _, b := range BuiltinFields {
		builtin[b] = true
	}
	seen := map[string]bool{}
	for i, r := range f.Relations {
		rp := fmt.Sprintf("relations[%d]", i)
		switch {
		case r.Key == "":
			problems.Add(at(pos.Value(rp)), "relation has no key: add key = \"name\", the front matter field that carries it")
		case !namePattern.MatchString(r.Key):
			problems.Add(at(pos.Value(rp+".key")), "relation key %q: use lower-case letters, digits, - and _ only", r.Key)
		case builtin[r.Key]:
			problems.Add(at(pos.Value(rp+".key")), "relation key %q is a built-in front matter field: choose another name", r.Key)
		case seen[r.Key]:
			problems.Add(at(pos.Value(rp+".key")), "relation %q is defined twice", r.Key)
		}
		seen[r.Key] = true
		if len(r.From) == 0 {
			problems.Add(at(pos.Key(rp+".from")), "relation %q has no from kinds: list the kinds that may carry the field", r.Key)
		}
		if len(r.To) == 0 {
			problems.Add(at(pos.Key(rp+".to")), "relation %q has no to kinds: list the kinds it may point to", r.Key)
		}
		checkKinds(rp+".from", r.From, fmt.Sprintf("relation %q", r.Key))
		checkKinds(rp+".to", r.To, fmt.Sprintf("relation %q", r.Key))
		rel := &Relation{Key: r.Key, From: r.From, To: r.To, Label: r.Label, Inverse: r.Inverse, Acyclic: r.Acyclic}
		if rel.Label == "" {
			rel.Label = r.Key
		}
		if rel.Inverse == "" {
			rel.Inverse = rel.Label
		}
		cfg.Relations = append(cfg.Relations, rel)
	}

	cfg.Steps = Steps{PhaseKind: f.Steps.PhaseKind, PartyKinds: f.Steps.PartyKinds}
	if k := cfg.Steps.PhaseKind; k != "" && cfg.Kinds[k] == nil {
		problems.Add(at(pos.Value("steps.phase_kind")), "steps.phase_kind names unknown kind %q%s", k, hintOrList(k, cfg.KindNames, "kinds"))
	}
	checkKinds("steps.party_kinds", cfg.Steps.PartyKinds, "steps.party_kinds")

	cfg.RoleMap = RoleMap{Kinds: f.RoleMap.Kinds, Relations: f.RoleMap.Relations}
	checkKinds("rolemap.kinds", cfg.RoleMap.Kinds, "rolemap.kinds")
	var relKeys []string
	for _, r := range cfg.Relations {
		relKeys = append(relKeys, r.Key)
	}
	for i, key := range cfg.RoleMap.Relations {
		if cfg.Relation(key) == nil {
			problems.Add(at(pos.Value(fmt.Sprintf("rolemap.relations[%d]", i))), "rolemap.relations names unknown relation %q%s", key, hintOrList(key, relKeys, "relations"))
		}
	}

	for i, r := range f.Routes {
		if strings.TrimSpace(r.Name) == "" {
			problems.Add(at(pos.Value(fmt.Sprintf("routes[%d]", i))), "route has no name: add name = \"...\"")
		}
		if len(r.Pages) == 0 {
			problems.Add(at(pos.Value(fmt.Sprintf("routes[%d]", i))), "route %q lists no pages", r.Name)
		}
		cfg.Routes = append(cfg.Routes, Route{Name: r.Name, Pages: r.Pages, Index: i})
	}
	return cfg
}

// NormalizeBaseURL checks that s is an absolute http(s) URL and gives it a trailing slash.
func NormalizeBaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an absolute http(s) URL, such as \"https://intranet.example/handboek/\"", s)
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
}

// hintOrList suggests the nearest name, or lists what exists.
func hintOrList(name string, names []string, what string) string {
	if h := diag.DidYouMean(name, names); h != "" {
		return h
	}
	if len(names) == 0 {
		return fmt.Sprintf(" (there are no %s defined)", what)
	}
	return fmt.Sprintf(" (known %s: %s)", what, strings.Join(names, ", "))
}

// reportUndecoded turns keys the decoder did not use into "unknown key" problems.
func reportUndecoded(md toml.MetaData, pos tomlpos.Map, problems *diag.List) {
	idx := regexp.MustCompile(`\[\d+\]`)
	for _, key := range md.Undecoded() {
		parts := []string(key)
		parent := strings.Join(parts[:len(parts)-1], ".")
		if len(parts) == 3 && parts[0] == "kinds" {
			parent = "kinds.*"
		}
		if parent == "glossary" || (len(parts) > 1 && parts[0] == "glossary") {
			continue
		}
		known, ok := knownKeys[parent]
		if !ok {
			continue // inside a table that is itself unknown: reported there
		}
		name := parts[len(parts)-1]
		msg := fmt.Sprintf("unknown key %q in site.toml%s", strings.Join(parts, "."), diag.DidYouMean(name, known))
		joined := key.String()
		found := false
		for p, at := range pos {
			if strings.HasSuffix(p, "=") && idx.ReplaceAllString(strings.TrimSuffix(p, "="), "") == joined {
				problems.Add(diag.Pos{Path: FileName, Line: at.Line, Col: at.Col}, "%s", msg)
				found = true
			}
		}
		if !found {
			at := pos.Key(joined)
			problems.Add(diag.Pos{Path: FileName, Line: at.Line, Col: at.Col}, "%s", msg)
		}
	}
}
