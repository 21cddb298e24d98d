// Command searchsize measures what search costs on a site: the bytes a browser fetches for a
// first and a second query (script + index files, raw and gzipped), and the index build's share
// of the build time. It follows search.js step by step (the same files, in the same way: the
// manifest, the shard of each query word, the page data of the 8 results the box shows), using
// the Go mirror of the query code in generator/search, which the browser tests hold to the JS.
//
// Usage (see bench/search-size.sh, which makes the 10,000-page corpus first):
//
//	go run ./bench/searchsize -source /tmp/corpus/handboek -q1 secretaris -q2 "vergunning aanvragen"
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"handboek/generator"
	"handboek/generator/search"
)

const boxResults = 8 // BOX_MAX in search.js

func main() {
	source := flag.String("source", ".", "folder holding site.toml")
	q1 := flag.String("q1", "secretaris", "first query")
	q2 := flag.String("q2", "adviseur", "second query")
	runs := flag.Int("runs", 3, "builds to time (the median is reported)")
	flag.Parse()

	var builds, indexes []time.Duration
	var res *generator.Result
	for range *runs {
		start := time.Now()
		res = generator.NewBuilder().Build(generator.Options{Source: *source})
		builds = append(builds, time.Since(start))
		if !res.OK() {
			fmt.Fprintln(os.Stderr, "searchsize: the site has problems:", res.Problems[0])
			os.Exit(1)
		}
		start = time.Now()
		search.Build(res.Graph).Files()
		indexes = append(indexes, time.Since(start))
	}
	ix := search.Build(res.Graph)
	files := ix.Files()
	files["assets/search.js"] = res.Files["assets/search.js"]

	fetched := map[string]bool{}
	fetch := func(names ...string) (raw, gz int, list []string) {
		for _, n := range names {
			if fetched[n] {
				continue
			}
			fetched[n] = true
			b, ok := files[n]
			if !ok {
				fmt.Fprintln(os.Stderr, "searchsize: no file", n)
				os.Exit(1)
			}
			raw += len(b)
			gz += gzipped(b)
			list = append(list, n)
		}
		return
	}
	query := func(q string) []string {
		names := []string{"assets/search.js", search.Dir + "manifest.js"}
		for _, w := range ix.QueryWords(q) {
			if sh := ix.ShardFor(w); sh != nil {
				names = append(names, hashed(files, fmt.Sprintf("t/%d", shardIndex(ix, sh))))
			}
		}
		hits := ix.Search(q)
		for i, h := range hits {
			if i == boxResults {
				break
			}
			names = append(names, hashed(files, fmt.Sprintf("d/%d", h.Doc/search.DocsPerShard)))
		}
		return names
	}
	typed := func(q string) []string { // every prefix, as the box searches while typing
		var names []string
		for i := 1; i <= len(q); i++ {
			names = append(names, query(q[:i])...)
		}
		return names
	}

	var total int
	for n, b := range files {
		if strings.HasPrefix(n, search.Dir) {
			total += len(b)
		}
	}
	fmt.Printf("pages indexed: %d; index files: %d, %d bytes in all; terms in %d shards\n", len(ix.Docs), len(files)-1, total, len(ix.Shards))
	fmt.Printf("search.js: %d bytes, %d gzipped\n", len(files["assets/search.js"]), gzipped(files["assets/search.js"]))
	report := func(label string, names []string, q string) {
		raw, gz, list := fetch(names...)
		fmt.Printf("%-34s %7d bytes raw, %6d gzipped, %2d files; %d results\n", label, raw, gz, len(list), len(ix.Search(q)))
	}
	report(fmt.Sprintf("first query %q (pasted):", *q1), query(*q1), *q1)
	report(fmt.Sprintf("second query %q (pasted):", *q2), query(*q2), *q2)
	fetched = map[string]bool{}
	report(fmt.Sprintf("first query %q (typed):", *q1), typed(*q1), *q1)
	report(fmt.Sprintf("second query %q (typed):", *q2), typed(*q2), *q2)

	b, x := median(builds), median(indexes)
	fmt.Printf("build (median of %d): %v; search index: %v = %.1f%% of the build\n", *runs, b.Round(time.Millisecond), x.Round(time.Millisecond), 100*float64(x)/float64(b))
}

// hashed returns the output name of the index file base ("t/3"), whose name has its hash.
func hashed(files map[string][]byte, base string) string {
	for n := range files {
		if h, ok := strings.CutPrefix(n, search.Dir+base+"."); ok && strings.Count(h, ".") == 1 {
			return n
		}
	}
	return search.Dir + base + ".js" // reported missing by fetch
}

func shardIndex(ix *search.Index, sh *search.Shard) int {
	for i, s := range ix.Shards {
		if s == sh {
			return i
		}
	}
	return -1
}

func gzipped(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}
