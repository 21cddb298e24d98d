package page

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// decodeSimple decodes front matter written in the plain part of TOML that handboek's pages use:
// lines of key = value, where a key is a bare key and a value is a string in double quotes
// without escapes, a whole number in decimal, true or false, or a one-line list of such strings;
// [name] headers (params) and [[name]] headers that start a table of an array (steps), with
// bare names; comments and blank lines. It returns what toml.Decode would give for the same text
// (FuzzDecodeSimple holds the two together), or false for anything else, which is then left to
// toml.Decode: other forms, and every mistake, whose message comes from there.
//
// It is here for speed: toml.Decode is general, and reading front matter is done for every page
// of every build. For 10,000 pages it took front matter from 0.30 to 0.12 s of CPU per build, and
// from 114 to 46 MB allocated (profiles of four builds; the rest is finding positions).
func decodeSimple(src string) (map[string]any, bool) {
	data := map[string]any{}
	table := data // where the keys go: the document, or the table of the last header
	for src != "" {
		line, rest, found := strings.Cut(src, "\n")
		src = rest
		if found && strings.HasSuffix(line, "\r") {
			line = line[:len(line)-1]
		}
		line = strings.Trim(line, " \t")
		switch {
		case line == "" || line[0] == '#':
			if !validComment(line) {
				return nil, false
			}
		case strings.HasPrefix(line, "[["):
			name, after, ok := strings.Cut(line[2:], "]]")
			if !ok || !bareKey(name) || !tail(after) {
				return nil, false
			}
			tables, isTables := data[name].([]map[string]any)
			if _, exists := data[name]; exists && !isTables {
				return nil, false
			}
			table = map[string]any{}
			data[name] = append(tables, table)
		case line[0] == '[':
			name, after, ok := strings.Cut(line[1:], "]")
			if _, exists := data[name]; !ok || exists || !bareKey(name) || !tail(after) {
				return nil, false
			}
			table = map[string]any{}
			data[name] = table
		default:
			key, value, ok := strings.Cut(line, "=")
			if !ok {
				return nil, false
			}
			key = strings.TrimRight(key, " \t")
			if !bareKey(key) {
				return nil, false
			}
			if _, dup := table[key]; dup {
				return nil, false
			}
			v, after, ok := simpleValue(strings.TrimLeft(value, " \t"))
			if !ok || !tail(after) {
				return nil, false
			}
			table[key] = v
		}
	}
	return data, true
}

// simpleValue reads a value at the start of s and returns it and what follows it.
func simpleValue(s string) (any, string, bool) {
	switch {
	case s == "":
		return nil, "", false
	case s[0] == '"':
		return simpleString(s)
	case s[0] == '[':
		list := []any{}
		s = strings.TrimLeft(s[1:], " \t")
		for s != "" && s[0] != ']' {
			v, after, ok := simpleString(s)
			if !ok {
				return nil, "", false
			}
			list = append(list, v)
			s = strings.TrimLeft(after, " \t")
			if s != "" && s[0] == ',' {
				s = strings.TrimLeft(s[1:], " \t")
			} else if s == "" || s[0] != ']' {
				return nil, "", false
			}
		}
		if s == "" {
			return nil, "", false
		}
		return list, s[1:], true
	case strings.HasPrefix(s, "true"):
		return true, s[4:], true
	case strings.HasPrefix(s, "false"):
		return false, s[5:], true
	}
	// A whole number: an optional sign, then 0 or digits not starting with 0.
	end := 0
	if s[0] == '+' || s[0] == '-' {
		end = 1
	}
	digits := end
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == digits || s[digits] == '0' && end > digits+1 {
		return nil, "", false
	}
	n, err := strconv.ParseInt(s[:end], 10, 64)
	if err != nil {
		return nil, "", false
	}
	return n, s[end:], true
}

// simpleString reads a string in double quotes without escapes at the start of s.
func simpleString(s string) (string, string, bool) {
	if s == "" || s[0] != '"' {
		return "", "", false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			v := s[1:i]
			return v, s[i+1:], utf8.ValidString(v)
		case c == '\\' || control(c):
			return "", "", false
		}
	}
	return "", "", false
}

// bareKey reports whether s is a bare key: letters, digits, _ and - only.
func bareKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// tail reports whether s, what follows a value or a header on its line, is only white space and
// perhaps a comment.
func tail(s string) bool {
	s = strings.TrimLeft(s, " \t")
	return s == "" || s[0] == '#' && validComment(s)
}

// validComment reports whether a comment (or an empty line) holds no control character but tab
// and is valid UTF-8, as TOML asks.
func validComment(s string) bool {
	for i := 0; i < len(s); i++ {
		if control(s[i]) {
			return false
		}
	}
	return utf8.ValidString(s)
}

// control reports whether c is a control character TOML allows in no string or comment.
func control(c byte) bool { return c < 0x20 && c != '\t' || c == 0x7f }
