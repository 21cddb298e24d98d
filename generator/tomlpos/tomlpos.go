// Package tomlpos finds where keys and values stand in a TOML document.
//
// The TOML decoder tells what a document means but not where each part of it is written, and an
// editor needs a line and column for every problem ("the second name under accountable in the
// third step"). Locate scans the text once and returns the position of every key, table header
// and array element under a path such as `steps[2].accountable[1]` or `kinds.rol.label`.
package tomlpos

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a 1-based line and column (in characters).
type Pos struct{ Line, Col int }

// Map holds positions by path. Value positions are stored under the path itself, key positions
// under path + "=" (the key's own first character).
type Map map[string]Pos

// Key returns the position of the key at path, falling back to its value and then to the
// nearest enclosing path that is known.
func (m Map) Key(path string) Pos {
	if p, ok := m[path+"="]; ok {
		return p
	}
	return m.Value(path)
}

// Value returns the position of the value at path, falling back to the nearest enclosing path.
func (m Map) Value(path string) Pos {
	for path != "" {
		if p, ok := m[path]; ok {
			return p
		}
		if p, ok := m[path+"="]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return Pos{}
}

type scanner struct {
	src        string
	i          int
	line, col  int
	m          Map
	arrayCount map[string]int
}

// Locate scans src. It never fails: on text it does not understand it skips to the next line, so
// the positions it finds stay useful even where the decoder reports a syntax error.
func Locate(src string) Map {
	// About two places a line (a key and its value), made room for at once: a page's front
	// matter is read for every page of every build.
	s := &scanner{src: src, line: 1, col: 1, m: make(Map, 2*strings.Count(src, "\n")+8), arrayCount: map[string]int{}}
	prefix := ""
	for s.i < len(s.src) {
		s.skipSpace(true)
		if s.i >= len(s.src) {
			break
		}
		c := s.src[s.i]
		switch {
		case c == '#':
			s.skipLine()
		case c == '[':
			pos := s.pos()
			double := strings.HasPrefix(s.src[s.i:], "[[")
			if double {
				s.adv(2)
			} else {
				s.adv(1)
			}
			name := s.keyPath()
			if double {
				n := s.arrayCount[name]
				s.arrayCount[name] = n + 1
				prefix = name + "[" + strconv.Itoa(n) + "]"
			} else {
				prefix = name
			}
			if _, ok := s.m[prefix]; !ok {
				s.m[prefix] = pos
			}
			s.skipLine()
		default:
			s.keyValue(prefix)
			s.skipLine()
		}
	}
	return s.m
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

func (s *scanner) pos() Pos { return Pos{s.line, s.col} }

func (s *scanner) adv(n int) {
	for k := 0; k < n && s.i < len(s.src); k++ {
		c := s.src[s.i]
		switch {
		case c == '\n':
			s.i++
			s.line++
			s.col = 1
		case c < utf8.RuneSelf:
			s.i++
			s.col++
		default:
			_, size := utf8.DecodeRuneInString(s.src[s.i:])
			s.i += size
			s.col++
		}
	}
}

func (s *scanner) skipSpace(newlines bool) {
	for s.i < len(s.src) {
		c := s.src[s.i]
		if c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n') {
			s.adv(1)
			continue
		}
		if newlines && c == '#' {
			s.skipLine()
			continue
		}
		return
	}
}

func (s *scanner) skipLine() {
	end := strings.IndexByte(s.src[s.i:], '\n')
	if end < 0 {
		end = len(s.src) - s.i
	}
	s.col += utf8.RuneCountInString(s.src[s.i : s.i+end])
	s.i += end
	s.adv(1)
}

// keyPath reads a possibly dotted, possibly quoted key and returns it joined with dots.
func (s *scanner) keyPath() string {
	path, dotted := "", false // built as it is read: most keys are one bare word, kept as is
	for s.i < len(s.src) {
		s.skipSpace(false)
		if s.i >= len(s.src) {
			break
		}
		var part string
		switch c := s.src[s.i]; {
		case c == '"' || c == '\'':
			part = s.quoted(true)
		case isBare(c):
			start := s.i
			for s.i < len(s.src) && isBare(s.src[s.i]) {
				s.adv(1)
			}
			part = s.src[start:s.i]
		default:
			return path
		}
		if dotted {
			path += "." + part
		} else {
			path = part
		}
		s.skipSpace(false)
		if s.i < len(s.src) && s.src[s.i] == '.' {
			s.adv(1)
			dotted = true
			continue
		}
		break
	}
	return path
}

func isBare(c byte) bool {
	return c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// quoted reads a single-line quoted string and returns its content, unquoted when unquote is set
// and the string is in double quotes.
func (s *scanner) quoted(unquote bool) string {
	q := s.src[s.i]
	s.adv(1)
	start := s.i
	for s.i < len(s.src) && s.src[s.i] != q && s.src[s.i] != '\n' {
		if q == '"' && s.src[s.i] == '\\' {
			s.adv(1)
		}
		s.adv(1)
	}
	v := s.src[start:min(s.i, len(s.src))]
	if s.i < len(s.src) && s.src[s.i] == q {
		s.adv(1)
	}
	if q == '"' && unquote {
		if u, err := strconv.Unquote(`"` + v + `"`); err == nil {
			return u
		}
	}
	return v
}

func (s *scanner) keyValue(prefix string) {
	kpos := s.pos()
	key := s.keyPath()
	if key == "" {
		return
	}
	path := join(prefix, key)
	s.m[path+"="] = kpos
	s.skipSpace(false)
	if s.i >= len(s.src) || s.src[s.i] != '=' {
		return
	}
	s.adv(1)
	s.skipSpace(false)
	s.value(path)
}

// value records the position of the value starting here under path and skips past it.
func (s *scanner) value(path string) {
	if s.i >= len(s.src) {
		return
	}
	s.m[path] = s.pos()
	c := s.src[s.i]
	switch {
	case strings.HasPrefix(s.src[s.i:], `"""`) || strings.HasPrefix(s.src[s.i:], `'''`):
		delim := s.src[s.i : s.i+3]
		s.adv(3)
		for s.i < len(s.src) && !strings.HasPrefix(s.src[s.i:], delim) {
			if delim == `"""` && s.src[s.i] == '\\' {
				s.adv(1)
			}
			s.adv(1)
		}
		s.adv(3)
	case c == '"' || c == '\'':
		s.quoted(false) // only skipped
	case c == '[':
		s.adv(1)
		for n := 0; s.i < len(s.src); n++ {
			s.skipSpace(true)
			if s.i >= len(s.src) || s.src[s.i] == ']' {
				break
			}
			s.value(path + "[" + strconv.Itoa(n) + "]")
			s.skipSpace(true)
			if s.i < len(s.src) && s.src[s.i] == ',' {
				s.adv(1)
				continue
			}
			break
		}
		if s.i < len(s.src) && s.src[s.i] == ']' {
			s.adv(1)
		}
	case c == '{':
		s.adv(1)
		for s.i < len(s.src) {
			s.skipSpace(false)
			if s.i >= len(s.src) || s.src[s.i] == '}' || s.src[s.i] == '\n' {
				break
			}
			s.keyValue(path)
			s.skipSpace(false)
			if s.i < len(s.src) && s.src[s.i] == ',' {
				s.adv(1)
				continue
			}
			break
		}
		if s.i < len(s.src) && s.src[s.i] == '}' {
			s.adv(1)
		}
	default:
		for s.i < len(s.src) && !strings.ContainsRune(",]}\n#", rune(s.src[s.i])) {
			s.adv(1)
		}
	}
}
