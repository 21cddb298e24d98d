package search

import (
	"handboek/generator/diag"
	"sort"
	"strings"
	"unicode/utf8"
)

// Match qualities, in tenths: a page's score for a query word is its weight for the matched
// stem group times the quality of the best match. search.js uses the same numbers.
const (
	QualityExact  = 10 // the word itself or another form of its stem
	QualityPrefix = 8  // a word the query word begins (typing "secre")
	QualityTypo1  = 5  // one edit away, for query words of 5+ letters
	QualityTypo2  = 3  // two edits away, for query words of 9+ letters
)

// Hit is a page found by Search.
type Hit struct{ Doc, Score int }

// QueryWords folds a query and splits it into words, leaving out stop words unless there is
// nothing else.
func (ix *Index) QueryWords(q string) []string {
	stop := map[string]bool{}
	for _, s := range ix.Stop {
		stop[s] = true
	}
	var words, all []string
	seen := map[string]bool{}
	for _, t := range Tokens(Fold(q)) {
		if seen[t] {
			continue
		}
		seen[t] = true
		all = append(all, t)
		if !stop[t] {
			words = append(words, t)
		}
	}
	if len(words) == 0 {
		return all
	}
	return words
}

// ShardFor returns the shard that holds the terms starting with word: the one with the longest
// key that word starts with, or nil.
func (ix *Index) ShardFor(word string) *Shard {
	var best *Shard
	for _, sh := range ix.Shards {
		if strings.HasPrefix(word, sh.Key) && (best == nil || len(sh.Key) > len(best.Key)) {
			best = sh
		}
	}
	return best
}

// Search runs a query the way search.js does: every query word must match (exactly, by
// prefix, or within the allowed edits); pages are ranked by the sum of their best score per
// word, then by URL.
func (ix *Index) Search(q string) []Hit {
	words := ix.QueryWords(q)
	if len(words) == 0 {
		return nil
	}
	var total map[int]int
	for _, w := range words {
		scores := map[int]int{}
		if sh := ix.ShardFor(w); sh != nil {
			for g, qual := range matchGroups(sh, w) {
				for _, p := range sh.Postings[g] {
					if s := int(p.Weight) * qual; s > scores[int(p.Doc)] {
						scores[int(p.Doc)] = s
					}
				}
			}
		}
		if total == nil {
			total = scores
			continue
		}
		for d := range total {
			if s, ok := scores[d]; ok {
				total[d] += s
			} else {
				delete(total, d)
			}
		}
	}
	hits := make([]Hit, 0, len(total))
	for d, s := range total {
		hits = append(hits, Hit{d, s})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Doc < hits[j].Doc
	})
	return hits
}

// MaxEdits is the number of typos allowed in a query word: one from 5 letters, two from 9.
func MaxEdits(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// matchGroups returns the stem groups of sh that word matches, with the best quality of each.
func matchGroups(sh *Shard, word string) map[int]int {
	out := map[int]int{}
	edits := MaxEdits(word)
	wr := []rune(word)
	for i, t := range sh.Terms {
		q := 0
		switch {
		case t == word:
			q = QualityExact
		case len(word) >= 2 && strings.HasPrefix(t, word):
			q = QualityPrefix
		case edits > 0:
			switch d := Distance(wr, []rune(t), edits); {
			case d == 1:
				q = QualityTypo1
			case d == 2 && edits == 2:
				q = QualityTypo2
			}
		}
		if g := sh.Groups[i]; q > out[g] {
			out[g] = q
		}
	}
	for g, q := range out {
		if q == 0 {
			delete(out, g)
		}
	}
	return out
}

// Distance is diag.Distance: the edit distance search.js computes the same way for typo
// tolerance, kept here under the search package's name for its tests and benchmarks.
func Distance(a, b []rune, limit int) int { return diag.Distance(a, b, limit) }
