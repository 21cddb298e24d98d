package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindWikiLink is the node kind of a [[wiki link]].
var KindWikiLink = ast.NewNodeKind("WikiLink")

// WikiLink is [[target]], [[target#fragment]] or [[target|text]]. Href and Title are empty until
// the graph binds the link.
type WikiLink struct {
	ast.BaseInline
	Target   string
	Fragment string
	Label    string // the editor's own text after |, or ""
	index    int    // the link's place in Doc.Refs
}

// Kind implements ast.Node.
func (n *WikiLink) Kind() ast.NodeKind { return KindWikiLink }

// Dump implements ast.Node.
func (n *WikiLink) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Target": n.Target, "Label": n.Label}, nil)
}

// ParseWikiLink reads a wiki link at the start of line. It returns the target, fragment and own
// text, and how many bytes the link takes; n is 0 when line does not start with a wiki link.
// The link must close on the same line and contain no other brackets, so an unclosed "[[" costs
// no more than the distance to the next bracket.
func ParseWikiLink(line []byte) (target, fragment, label string, n int) {
	if !bytes.HasPrefix(line, []byte("[[")) {
		return "", "", "", 0
	}
	end := -1
	for i := 2; i < len(line); i++ {
		c := line[i]
		if c == ']' {
			if i+1 < len(line) && line[i+1] == ']' {
				end = i
			}
			break
		}
		if c == '[' || c == '\n' || c == '\r' {
			break
		}
	}
	if end < 0 {
		return "", "", "", 0
	}
	inner := string(line[2:end])
	target, label, _ = strings.Cut(inner, "|")
	target, fragment, _ = strings.Cut(target, "#")
	target = strings.TrimSpace(target)
	label = strings.TrimSpace(label)
	fragment = strings.TrimSpace(fragment)
	if target == "" {
		return "", "", "", 0
	}
	return target, fragment, label, end + 2
}

type wikiParser struct{}

func (wikiParser) Trigger() []byte { return []byte{'['} }

func (wikiParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	target, fragment, label, n := ParseWikiLink(line)
	if n == 0 {
		return nil
	}
	block.Advance(n)
	return &WikiLink{Target: target, Fragment: fragment, Label: label}
}

type wikiExtension struct{}

// WikiLinks is the goldmark extension for [[wiki links]]. Its renderer is part of New's node
// renderer, which knows the link's bound URL.
var WikiLinks goldmark.Extender = wikiExtension{}

func (wikiExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(wikiParser{}, 199)))
}
