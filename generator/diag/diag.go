// Package diag carries problems from every stage of a build to the person who has to fix them.
//
// A build never stops at its first problem: each stage adds what it finds to a List, and the
// command prints them all at the end as PATH:LINE:COL: message, sorted by file and position, so an
// editor can walk through them in order. Messages say what to do, and carry a "did you mean"
// suggestion where one exists.
package diag

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Pos is a place in a source file. Path is relative to the source folder and slash-separated.
// Line and Col count from 1; zero means unknown, and is left out when printed.
type Pos struct {
	Path string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.Path
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.Path, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.Path, p.Line, p.Col)
}

// Problem is one thing wrong with the input.
type Problem struct {
	Pos Pos
	Msg string
}

func (p Problem) String() string { return p.Pos.String() + ": " + p.Msg }

// List collects problems. The zero value is ready to use and safe for concurrent Add.
type List struct {
	mu    sync.Mutex
	items []Problem
}

// Add records a problem at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	l.mu.Lock()
	l.items = append(l.items, Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
	l.mu.Unlock()
}

// Append records problems found elsewhere.
func (l *List) Append(ps ...Problem) {
	l.mu.Lock()
	l.items = append(l.items, ps...)
	l.mu.Unlock()
}

// Len is the number of problems so far.
func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}

// Sorted returns the problems ordered by path, line and column, without duplicates.
func (l *List) Sorted() []Problem {
	l.mu.Lock()
	out := append([]Problem(nil), l.items...)
	l.mu.Unlock()
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Pos, out[j].Pos
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return out[i].Msg < out[j].Msg
	})
	dedup := out[:0]
	for i, p := range out {
		if i > 0 && p == out[i-1] {
			continue
		}
		dedup = append(dedup, p)
	}
	return dedup
}

// DidYouMean returns ` (did you mean "x"?)` naming the candidate nearest to word, or "" when no
// candidate is near enough to be a likely typo.
func DidYouMean(word string, candidates []string) string {
	if s := Nearest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// Nearest returns the candidate with the smallest edit distance to word, if that distance is
// small for the word's length; ties go to the alphabetically first candidate.
func Nearest(word string, candidates []string) string {
	lw := strings.ToLower(word)
	best, bestD := "", -1
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(lw, lc)
		if strings.Contains(lc, lw) || strings.Contains(lw, lc) {
			// A prefix or a part of the name ("secretaris" in "gemeentesecretaris") is a good hint.
			if d > 0 && len(lw) >= 4 && len(lc) >= 4 {
				d = min(d, 2)
			}
		}
		if bestD < 0 || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	limit := max(1, len([]rune(word))/3)
	if bestD < 0 || bestD > limit || bestD == len([]rune(word)) {
		return ""
	}
	return best
}

// distance is the Damerau-Levenshtein (optimal string alignment) distance in runes. Names
// longer than 64 characters are only compared for equality.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		if a == b {
			return 0
		}
		return max(len(ra), len(rb))
	}
	return Distance(ra, rb, max(len(ra), len(rb)))
}

// Distance is the optimal string alignment distance between a and b (insertions, deletions,
// substitutions and swaps of neighbours), or limit+1 when it is more than limit.
func Distance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}

// A puts "a" or "an" before word, by its first letter: "a rol", "an orgaan".
func A(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}
