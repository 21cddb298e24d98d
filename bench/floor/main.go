// Command floor is the lower bound that handboek's build time is measured against: it does only
// what any Markdown site generator must do for a corpus, and nothing else.
//
// For every .md file under SOURCE/content it reads the file, splits off and decodes the TOML
// front matter, renders the Markdown with goldmark (the same extensions handboek uses: GitHub
// tables, strikethrough, task lists, autolinks, heading ids, chroma highlighting with classes)
// into a bare HTML page, and writes it to DEST/<section>/<slug>/index.html, on all cores. There
// is no linking, no navigation, no template, no search index and no atomic swap.
//
// Usage:
//
//	go run ./bench/floor -source /tmp/corpus/handboek -dest /tmp/floor-out
package main

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

func main() {
	source := flag.String("source", ".", "the site folder holding content/")
	dest := flag.String("dest", "floor-out", "the output folder; files are written over what is there")
	flag.Parse()
	if err := run(*source, *dest); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run(source, dest string) error {
	var paths []string
	content := filepath.Join(source, "content")
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.Table, extension.Strikethrough, extension.TaskList, extension.Linkify,
			highlighting.NewHighlighting(
				highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
				highlighting.WithGuessLanguage(false),
			),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	work := make(chan string)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range work {
				if err := one(md, content, dest, p, &buf); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
	}
	return nil
}

func one(md goldmark.Markdown, content, dest, p string, buf *bytes.Buffer) error {
	src, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var front map[string]any
	body := src
	if rest, ok := bytes.CutPrefix(src, []byte("+++\n")); ok {
		if fm, b, ok := bytes.Cut(rest, []byte("\n+++\n")); ok {
			if err := toml.Unmarshal(fm, &front); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			body = b
		}
	}
	title, _ := front["title"].(string)
	buf.Reset()
	fmt.Fprintf(buf, "<!doctype html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>%s</title></head><body><main><h1>%s</h1>\n", html.EscapeString(title), html.EscapeString(title))
	if err := md.Convert(body, buf); err != nil {
		return err
	}
	buf.WriteString("</main></body></html>\n")
	rel, _ := filepath.Rel(content, p)
	rel = strings.TrimSuffix(rel, ".md")
	if filepath.Base(rel) == "_index" {
		rel = filepath.Dir(rel)
	}
	dir := filepath.Join(dest, rel)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644)
}
