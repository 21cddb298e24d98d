// Command gen writes a synthetic handbook of N pages twice: as a handboek site and as a Hugo site
// with the same Markdown bodies (see package handboek/bench/corpus), so that the two tools and
// the goldmark-only floor in bench/floor can be timed on comparable work.
//
// Usage:
//
//	go run ./bench/gen -n 10000 -out /tmp/corpus
//
// writes /tmp/corpus/handboek (site.toml, content/) and /tmp/corpus/hugo (hugo.toml, content/,
// layouts/), replacing what was there.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"handboek/bench/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of content pages (section and home pages come on top)")
	out := flag.String("out", "corpus", "output folder; handboek/ and hugo/ are written inside it, replacing what was there")
	seed := flag.Uint64("seed", 1, "random seed; the same seed gives the same corpus")
	flag.Parse()
	if *n < 20 {
		fmt.Fprintln(os.Stderr, "gen: -n must be at least 20")
		os.Exit(2)
	}
	c := corpus.Generate(*n, *seed)
	for _, sub := range []string{"handboek", "hugo"} {
		if err := os.RemoveAll(filepath.Join(*out, sub)); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	if err := c.Write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d pages (%d roles) into %s/handboek and %s/hugo\n", c.Len(), c.Count("rol"), *out, *out)
}
