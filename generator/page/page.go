// Package page turns one Markdown file into a Page: its front matter checked field by field, its
// body parsed, and the references it makes listed with their positions.
//
// A parse depends on that one file (and the site's configuration) alone, so the result can be
// cached by the file's hash and reused until the file changes. Whatever needs other pages, such
// as whether a reference exists, is left to the graph.
package page

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"handboek/generator/config"
	"handboek/generator/diag"
	"handboek/generator/markdown"
	"handboek/generator/tomlpos"
)

// Letters are the RACI letters in the order parties are stored in a Step.
var Letters = [4]string{"R", "A", "C", "I"}

// PartyFields are the step fields that hold parties, in the order of Letters.
var PartyFields = [4]string{"responsible", "accountable", "consulted", "informed"}

// Page is one parsed Markdown file.
type Page struct {
	Path    string // relative to the source folder, slash-separated: content/rollen/x.md
	Section string // top-level folder under content/; "" for pages directly in content/
	Slug    string // file name without .md; for _index.md the folder name ("" for the home page)
	IsIndex bool   // an _index.md: the home page or a folder's page

	Title   string
	Summary string
	Aliases []string
	Weight  int
	Draft   bool
	Kind    string // the page's kind: from front matter, else from its section; "" for articles

	Relations []Field // relation fields, in the order written
	Steps     []Step
	Params    map[string]any

	Body []byte        // the Markdown after the front matter
	Doc  *markdown.Doc // the body, rendered, with a placeholder for each reference
	Refs []BodyRef     // Doc.Refs with their places in the file

	Problems []diag.Problem // what is wrong with this file on its own
}

// Field is a relation field with the references it holds.
type Field struct {
	Key  string
	Refs []Ref
}

// Ref is a reference to another page as written, with its position.
type Ref struct {
	Target string
	Pos    diag.Pos
}

// BodyRef is a reference in the Markdown body: one of Doc.Refs, with its place in the file.
type BodyRef struct {
	*markdown.Ref
	Pos diag.Pos
}

// Step is one responsibility step.
type Step struct {
	Title   string
	Phase   *Ref
	Parties [4][]Ref // responsible, accountable, consulted, informed
	Pos     diag.Pos
}

// Location works out section, slug and index-ness from a path relative to the source folder.
func Location(rel string) (section, slug string, isIndex bool) {
	rest := strings.TrimPrefix(rel, "content/")
	dir, file := path.Split(rest)
	dir = strings.Trim(dir, "/")
	name := strings.TrimSuffix(file, path.Ext(file))
	if dir != "" {
		section, _, _ = strings.Cut(dir, "/")
	}
	if name == "_index" {
		return section, path.Base("/" + dir), true
	}
	return section, name, false
}

// Parse reads one file. rel is its path relative to the source folder. The returned page is
// never nil; its Problems say what is wrong with it. A page whose front matter cannot be read has
// an empty Title.
func Parse(rel string, src []byte, cfg *config.Config, md *markdown.Markdown) *Page {
	p := &Page{Path: rel}
	p.Section, p.Slug, p.IsIndex = Location(rel)
	var problems diag.List
	defer func() { p.Problems = problems.Sorted() }()

	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if !utf8.Valid(src) {
		line, col := firstInvalid(src)
		problems.Add(diag.Pos{Path: rel, Line: line, Col: col}, "file is not valid UTF-8: save it with the UTF-8 encoding")
		return p
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}

	fm, body, bodyStart, err := Split(src)
	if err != nil {
		problems.Add(diag.Pos{Path: rel, Line: 1, Col: 1}, "%v", err)
		return p
	}
	p.parseFrontMatter(fm, cfg, &problems)

	p.Doc = md.Parse(body)
	if len(p.Doc.Refs) > 0 {
		p.Refs = make([]BodyRef, len(p.Doc.Refs))
		var c lineCounter
		for i := range p.Doc.Refs {
			line, col := c.pos(src, bodyStart+p.Doc.Refs[i].Offset)
			p.Refs[i] = BodyRef{Ref: &p.Doc.Refs[i], Pos: diag.Pos{Path: rel, Line: line, Col: col}}
		}
	}
	return p
}

// Split separates +++ TOML front matter from the body. src must use \n line endings. It returns
// the front matter text, the body and the body's byte offset in src.
func Split(src []byte) (fm, body []byte, bodyStart int, err error) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	switch strings.TrimRight(string(first), " \t") {
	case "+++":
	case "---":
		return nil, nil, 0, errors.New("front matter must be TOML between two +++ lines, not YAML between --- lines")
	default:
		if len(bytes.TrimSpace(src)) == 0 {
			return nil, nil, 0, errors.New("empty page: start it with front matter, a +++ line, title = \"...\" and another +++ line")
		}
		return nil, nil, 0, errors.New("missing front matter: start the page with a +++ line, title = \"...\" and another +++ line")
	}
	offset := len(first) + 1
	for {
		line, next, found := bytes.Cut(rest, []byte("\n"))
		if strings.TrimRight(string(line), " \t") == "+++" {
			bodyStart = offset + len(line)
			if found {
				bodyStart++
			}
			return src[len(first)+1 : offset], src[bodyStart:], bodyStart, nil
		}
		if !found {
			break
		}
		offset += len(line) + 1
		rest = next
	}
	return nil, nil, 0, errors.New("unterminated front matter: add a line with +++ after the last front matter field")
}

func (p *Page) at(pos tomlpos.Map, key string, value bool) diag.Pos {
	var tp tomlpos.Pos
	if value {
		tp = pos.Value(key)
	} else {
		tp = pos.Key(key)
	}
	if tp.Line == 0 {
		return diag.Pos{Path: p.Path, Line: 1, Col: 1}
	}
	return diag.Pos{Path: p.Path, Line: tp.Line + 1, Col: tp.Col} // +1: the opening +++ line
}

func (p *Page) parseFrontMatter(fm []byte, cfg *config.Config, problems *diag.List) {
	text := string(fm)
	pos := tomlpos.Locate(text)
	data, ok := decodeSimple(text)
	if !ok {
		if _, err := toml.Decode(text, &data); err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				problems.Add(diag.Pos{Path: p.Path, Line: pe.Position.Line + 1, Col: pe.Position.Col}, "invalid front matter: %s", pe.Message)
			} else {
				problems.Add(diag.Pos{Path: p.Path, Line: 1, Col: 1}, "invalid front matter: %v", err)
			}
			return
		}
	}

	str := func(key string) string {
		v, ok := data[key]
		if !ok {
			return ""
		}
		s, ok := v.(string)
		if !ok {
			problems.Add(p.at(pos, key, true), "%s must be text in quotes, like %s = \"...\"", key, key)
		}
		return s
	}
	p.Title = strings.TrimSpace(str("title"))
	if p.Title == "" {
		if v, ok := data["title"]; ok {
			if _, isString := v.(string); isString {
				problems.Add(p.at(pos, "title", true), "empty title: write the page's title between the quotes")
			}
		} else {
			problems.Add(diag.Pos{Path: p.Path, Line: 1, Col: 1}, "missing title: add title = \"...\" to the front matter")
		}
	}
	p.Summary = strings.TrimSpace(str("summary"))
	if v, ok := data["aliases"]; ok {
		p.Aliases = p.refs(pos, "aliases", v, problems)
	}
	if v, ok := data["weight"]; ok {
		if n, ok := v.(int64); ok {
			p.Weight = int(n)
		} else {
			problems.Add(p.at(pos, "weight", true), "weight must be a whole number, like weight = 10")
		}
	}
	if v, ok := data["draft"]; ok {
		if b, ok := v.(bool); ok {
			p.Draft = b
		} else {
			problems.Add(p.at(pos, "draft", true), "draft must be true or false, without quotes")
		}
	}
	if k := str("kind"); k != "" {
		switch {
		case p.IsIndex:
			problems.Add(p.at(pos, "kind", true), "a section page (_index.md) has no kind: remove kind = %q", k)
		case cfg.Kinds[k] == nil:
			problems.Add(p.at(pos, "kind", true), "unknown kind %q%s", k, kindHint(k, cfg))
		default:
			p.Kind = k
		}
	} else if !p.IsIndex {
		if k := cfg.KindOfSection(p.Section); k != nil {
			p.Kind = k.Name
		}
	}
	if v, ok := data["params"]; ok {
		if m, ok := v.(map[string]any); ok {
			p.Params = m
		} else {
			problems.Add(p.at(pos, "params", true), "params must be a table: write [params] on its own line, then your fields below it")
		}
	}
	if v, ok := data["steps"]; ok {
		p.parseSteps(pos, v, cfg, problems)
	}

	// The other fields, in the order written.
	type field struct {
		key  string
		line int
	}
	var fields []field
	for k := range data {
		if !slices.Contains(config.BuiltinFields, k) {
			fields = append(fields, field{k, pos.Key(k).Line})
		}
	}
	sort.Slice(fields, func(i, j int) bool {
		a, b := fields[i], fields[j]
		return a.line < b.line || a.line == b.line && a.key < b.key
	})
	for _, written := range fields {
		k := written.key
		rel := cfg.Relation(k)
		if rel == nil {
			known := append([]string{}, config.BuiltinFields...)
			for _, r := range cfg.Relations {
				known = append(known, r.Key)
			}
			hint := diag.DidYouMean(k, known)
			if hint == "" {
				hint = ": own data goes under [params]"
			}
			problems.Add(p.at(pos, k, false), "unknown front matter field %q%s", k, hint)
			continue
		}
		if p.Kind == "" || !slices.Contains(rel.From, p.Kind) {
			what := "an article"
			if p.Kind != "" {
				what = diag.A(p.Kind) + " page"
			}
			problems.Add(p.at(pos, k, false), "%s is not a field of %s: it is for %s pages", k, what, strings.Join(rel.From, ", "))
			continue
		}
		targets := p.refs(pos, k, data[k], problems)
		f := Field{Key: k}
		for i, t := range targets {
			f.Refs = append(f.Refs, Ref{Target: t, Pos: p.at(pos, indexed(k, i, data[k]), true)})
		}
		p.Relations = append(p.Relations, f)
	}
}

func kindHint(k string, cfg *config.Config) string {
	if h := diag.DidYouMean(k, cfg.KindNames); h != "" {
		return h
	}
	if len(cfg.KindNames) == 0 {
		return " (site.toml defines no kinds)"
	}
	return " (kinds: " + strings.Join(cfg.KindNames, ", ") + ")"
}

// indexed is the tomlpos path of element i of key's value: the value itself if it is one string.
func indexed(key string, i int, v any) string {
	if _, ok := v.([]any); ok {
		return key + "[" + strconv.Itoa(i) + "]"
	}
	return key
}

// refs reads one string or a list of strings.
func (p *Page) refs(pos tomlpos.Map, key string, v any, problems *diag.List) []string {
	switch v := v.(type) {
	case string:
		if strings.TrimSpace(v) == "" {
			return nil
		}
		return []string{strings.TrimSpace(v)}
	case []any:
		var out []string
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				problems.Add(p.at(pos, fmt.Sprintf("%s[%d]", key, i), true), "%s must list names in quotes, like [\"a\", \"b\"]", key)
				continue
			}
			out = append(out, strings.TrimSpace(s))
		}
		return out
	}
	problems.Add(p.at(pos, key, true), "%s must be a name in quotes or a list of them, like [\"a\", \"b\"]", key)
	return nil
}

var stepKeys = []string{"title", "phase", "responsible", "accountable", "consulted", "informed"}

func (p *Page) parseSteps(pos tomlpos.Map, v any, cfg *config.Config, problems *diag.List) {
	tables, ok := v.([]map[string]any)
	if !ok {
		problems.Add(p.at(pos, "steps", true), "steps must be written as [[steps]] tables")
		return
	}
	for i, t := range tables {
		prefix := fmt.Sprintf("steps[%d]", i)
		s := Step{Pos: p.at(pos, prefix, true)}
		for _, k := range sortedKeys(t) {
			if !slices.Contains(stepKeys, k) {
				problems.Add(p.at(pos, prefix+"."+k, false), "unknown step field %q%s", k, diag.DidYouMean(k, stepKeys))
			}
		}
		if title, ok := t["title"].(string); ok && strings.TrimSpace(title) != "" {
			s.Title = strings.TrimSpace(title)
		} else {
			problems.Add(s.Pos, "step %d has no title: add title = \"...\" under its [[steps]] line", i+1)
		}
		name := fmt.Sprintf("step %q", s.Title) // how messages name the step
		if s.Title == "" {
			name = fmt.Sprintf("step %d", i+1)
		}
		if ph, ok := t["phase"]; ok {
			if names := p.refs(pos, prefix+".phase", ph, problems); len(names) == 1 {
				s.Phase = &Ref{Target: names[0], Pos: p.at(pos, prefix+".phase", true)}
			} else if len(names) > 1 {
				problems.Add(p.at(pos, prefix+".phase", true), "%s has more than one phase: name one", name)
			}
		}
		for li, field := range PartyFields {
			raw, ok := t[field]
			if !ok {
				continue
			}
			for j, name := range p.refs(pos, prefix+"."+field, raw, problems) {
				s.Parties[li] = append(s.Parties[li], Ref{Target: name, Pos: p.at(pos, indexed(prefix+"."+field, j, raw), true)})
			}
		}
		switch a := s.Parties[1]; {
		case len(a) == 0:
			problems.Add(s.Pos, "%s has no accountable party: add accountable = [\"...\"] with exactly one party", name)
		case len(a) > 1:
			names := make([]string, len(a))
			for j, r := range a {
				names[j] = r.Target
			}
			problems.Add(a[1].Pos, "%s has %d accountable parties (%s): exactly one party is accountable; make the others responsible or consulted", name, len(a), strings.Join(names, ", "))
		}
		if len(s.Parties[0]) == 0 {
			problems.Add(s.Pos, "%s has no responsible party: add responsible = [\"...\"]", name)
		}
		p.Steps = append(p.Steps, s)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// lineCounter finds lines and columns of byte offsets by counting forward from the last offset
// asked for: a page's references are asked for in the order they stand in it.
type lineCounter struct {
	at, line, start int // the last offset, its line (0: none asked yet) and where that line starts
}

// pos returns the 1-based line and column (in characters) of offset in src.
func (c *lineCounter) pos(src []byte, offset int) (line, col int) {
	offset = max(0, min(offset, len(src)))
	if c.line == 0 || offset < c.at {
		*c = lineCounter{line: 1}
	}
	seg := src[c.at:offset]
	if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
		c.line += n
		c.start = c.at + bytes.LastIndexByte(seg, '\n') + 1
	}
	c.at = offset
	return c.line, utf8.RuneCount(src[c.start:offset]) + 1
}

func firstInvalid(src []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}
