// Package markdown is handboek's Markdown dialect: CommonMark with GitHub tables,
// strikethrough, task lists and autolinks, plus [[wiki links]] between pages, relative links to
// other pages' .md files, highlighted code and heading ids.
//
// Parse depends on one file alone, so its result can be cached by the file's hash: it renders the
// document at once and keeps only the HTML and plain text, with a placeholder for each reference
// to another page. References cannot be resolved then, because that needs every page: Doc.Refs
// lists them, the graph resolves each one, and Doc.AppendHTML and Doc.Text fill in the answers. Raw HTML is shown as text unless the site allows it,
// and a link to a dangerous URL (javascript:, data:, ...) is rendered as its text only.
package markdown

import (
	"bufio"
	"bytes"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options set how Markdown is turned into HTML.
type Options struct {
	// UnsafeHTML lets raw HTML in Markdown through as HTML instead of showing it as text.
	UnsafeHTML bool
}

// Markdown parses and renders documents. It is safe for concurrent use, as long as each document
// is bound and rendered by one goroutine at a time.
type Markdown struct {
	md      goldmark.Markdown
	scratch sync.Pool // *scratch: Parse writes text and HTML there before copying them out
}

// New returns a Markdown with the site's options.
func New(o Options) *Markdown {
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{unsafe: o.UnsafeHTML}, 100)),
	}
	htmlOpts := []renderer.Option{}
	if o.UnsafeHTML {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			extension.TaskList,
			extension.Linkify,
			highlighting.NewHighlighting(
				highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
				highlighting.WithGuessLanguage(false),
			),
			WikiLinks,
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(htmlOpts...),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &Markdown{md: md}
}

// Doc is a parsed document, already rendered: its HTML and its plain text, each with a
// placeholder where a reference to another page goes. It holds no syntax tree, so that thousands
// of them stay small in memory and can be cached by their source's hash; the placeholders are
// filled in per build by AppendHTML and Text, once the graph has resolved every reference.
type Doc struct {
	Refs []Ref  // every page reference, in source order
	html string // rendered HTML with placeholders
	text string // plain text (code left out) with placeholders for wiki links without text
}

// A placeholder is "\x00", a letter, the reference's index and "\x00". Goldmark writes a NUL of
// the source as U+FFFD, and Parse turns every NUL into a space before parsing (raw HTML is
// written as it is), so a NUL in a Doc is always the start or end of a placeholder.
const (
	phWiki  = 'w' // a wiki link, whole: the link, or the text of a broken one
	phOpen  = 'o' // the start of a link to a .md file: <a href=...>, or nothing when broken
	phClose = 'c' // its end: </a>, or nothing when broken
	phTitle = 't' // in text: the title of a wiki link's target (or its target as written)
)

// Parse parses and renders src. It never fails: any text is some Markdown.
func (m *Markdown) Parse(src []byte) *Doc {
	if bytes.IndexByte(src, 0) >= 0 {
		src = bytes.ReplaceAll(src, []byte{0}, []byte{' '}) // same length: offsets still hold
	}
	root := m.md.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
	d := &Doc{}
	sc, _ := m.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
		sc.w = bufio.NewWriter(&sc.html)
	}
	defer m.scratch.Put(sc)
	txt, b, refs := &sc.text, &sc.html, sc.refs[:0]
	txt.Reset()
	b.Reset()
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				txt.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			txt.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				txt.WriteByte(' ')
			}
		case *ast.String:
			txt.Write(n.Value)
		case *WikiLink:
			n.index = len(refs)
			refs = append(refs, Ref{Kind: WikiRef, Target: n.Target, Fragment: n.Fragment, Label: n.Label, Offset: n.Pos()})
			if n.Label != "" {
				txt.WriteString(n.Label)
			} else {
				writePlaceholder(txt, phTitle, n.index)
			}
		case *ast.Link:
			if path, frag, ok := pageFile(string(n.Destination)); ok {
				i := len(refs)
				refs = append(refs, Ref{Kind: FileRef, Target: path, Fragment: frag, Offset: n.Pos(), LinkTitle: string(n.Title)})
				n.Destination = append([]byte{0}, strconv.Itoa(i)...) // renderLink writes placeholders
			}
		}
		return ast.WalkContinue, nil
	})
	sc.w.Reset(b)                               // goldmark writes through a bufio.Writer; without one it makes a new one each time
	_ = m.md.Renderer().Render(sc.w, src, root) // writes to memory: cannot fail
	_ = sc.w.Flush()
	// Copied out of the scratch buffers at their exact size: thousands of Docs are kept at once.
	d.text, d.html = txt.String(), b.String()
	if len(refs) > 0 {
		d.Refs = slices.Clone(refs)
	}
	clear(refs) // let go of the strings
	sc.refs = refs[:0]
	return d
}

// scratch is what one Parse call writes into.
type scratch struct {
	text, html bytes.Buffer
	w          *bufio.Writer // onto html
	refs       []Ref
}

func writePlaceholder(w interface {
	WriteByte(byte) error
	WriteString(string) (int, error)
}, kind byte, i int) {
	w.WriteByte(0)
	w.WriteByte(kind)
	w.WriteString(strconv.Itoa(i))
	w.WriteByte(0)
}

// Link is where a reference leads, as the graph resolved it: the target page's URL (To, from the
// site's root, "" for the home page) and title (the text of a wiki link without its own text),
// seen from a page Up folders below the root, with the reference's #Fragment. Its parts are the
// pages' own strings: a site of 10,000 pages has some 70,000 links, and a URL made for each was
// as many strings more for the collector to mark in every collection until the pages were
// written. The zero Link marks the reference as broken; it is then shown as plain text.
type Link struct {
	To, Fragment, Title string
	Up                  int
	Resolved            bool
}

// AppendHref appends the URL the link writes into its page: relative to that page, as
// graph.Rel makes it, then the fragment.
func (l Link) AppendHref(b []byte) []byte {
	if l.Up == 0 && l.To == "" {
		b = append(b, "./"...)
	}
	for range l.Up {
		b = append(b, "../"...)
	}
	b = append(b, l.To...)
	if l.Fragment != "" {
		b = append(b, '#')
		b = append(b, l.Fragment...)
	}
	return b
}

// AppendHTML appends the document's HTML to out, with references[i] leading to links[i]. A
// reference without a link (links is short) is broken.
func (d *Doc) AppendHTML(out []byte, links []Link) []byte {
	if d == nil {
		return out
	}
	out = slices.Grow(out, len(d.html)+len(d.Refs)*96) // a link is about 60 to 90 bytes
	var href []byte                                    // one link's URL at a time
	fill(d.html, func(kind byte, i int) {
		if i >= len(d.Refs) {
			return
		}
		r, l := d.Refs[i], Link{}
		if i < len(links) {
			l = links[i]
		}
		switch kind {
		case phWiki:
			label := r.Label
			if label == "" && l.Resolved {
				label = l.Title
			}
			if label == "" {
				label = r.Target // as written: a broken link shows what the editor typed
			}
			if !l.Resolved {
				out = append(out, `<span class="broken-link">`...)
				out = appendEscaped(out, label)
				out = append(out, `</span>`...)
				return
			}
			out = append(out, `<a href="`...)
			href = l.AppendHref(href[:0])
			out = appendEscaped(out, href)
			out = append(out, `">`...)
			out = appendEscaped(out, label)
			out = append(out, `</a>`...)
		case phOpen:
			if !l.Resolved {
				return
			}
			out = append(out, `<a href="`...)
			href = l.AppendHref(href[:0])
			out = append(out, util.EscapeHTML(util.URLEscape(href, true))...)
			out = append(out, '"')
			if r.LinkTitle != "" {
				out = append(out, ` title="`...)
				out = appendEscaped(out, r.LinkTitle)
				out = append(out, '"')
			}
			out = append(out, '>')
		case phClose:
			if l.Resolved {
				out = append(out, `</a>`...)
			}
		}
	}, func(s string) { out = append(out, s...) })
	return out
}

// appendEscaped appends s escaped as util.EscapeHTML escapes it, without first copying s into a
// byte slice: every link of every page is written through here.
func appendEscaped[S string | []byte](out []byte, s S) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		if e := util.EscapeHTMLByte(s[i]); e != nil {
			out = append(out, s[start:i]...)
			out = append(out, e...)
			start = i + 1
		}
	}
	return append(out, s[start:]...)
}

// Text returns the document's plain text, with each wiki link without text of its own written as
// its target's title (links[i].Title), or as its target when that is unknown.
func (d *Doc) Text(links []Link) string {
	if d == nil {
		return ""
	}
	if strings.IndexByte(d.text, 0) < 0 {
		return d.text
	}
	return string(d.AppendText(nil, links))
}

// AppendText appends the document's plain text, as Text returns it, to b.
func (d *Doc) AppendText(b []byte, links []Link) []byte {
	if d == nil {
		return b
	}
	b = slices.Grow(b, len(d.text)+32*len(d.Refs)) // a title is longer than its placeholder
	fill(d.text, func(kind byte, i int) {
		if kind != phTitle || i >= len(d.Refs) {
			return
		}
		if i < len(links) && links[i].Title != "" {
			b = append(b, links[i].Title...)
		} else {
			b = append(b, d.Refs[i].Target...)
		}
	}, func(s string) { b = append(b, s...) })
	return b
}

// DropText lets the plain text go, for a build that has made its search index and keeps many
// pages in memory until they are rendered; Text then returns "".
func (d *Doc) DropText() {
	if d != nil {
		d.text = ""
	}
}

// fill calls lit with the runs of src between placeholders and ph with each placeholder.
func fill(src string, ph func(kind byte, i int), lit func(string)) {
	for {
		at := strings.IndexByte(src, 0)
		if at < 0 {
			lit(src)
			return
		}
		lit(src[:at])
		end := strings.IndexByte(src[at+1:], 0)
		if end < 1 {
			return // not written by Parse; cannot happen
		}
		body := src[at+1 : at+1+end]
		if i, err := strconv.Atoi(body[1:]); err == nil {
			ph(body[0], i)
		}
		src = src[at+2+end:]
	}
}

// RefKind tells a wiki link from an ordinary link to a .md file.
type RefKind int

const (
	WikiRef RefKind = iota // [[target]] or [[target|text]]
	FileRef                // [text](relative/path.md)
)

// Ref is one reference from a document to a page.
type Ref struct {
	Kind      RefKind
	Target    string // a slug, id or alias for WikiRef; a relative path for FileRef
	Fragment  string // the part after #, without it
	Label     string // a wiki link's own text after |, or ""
	LinkTitle string // a file link's title attribute, or ""
	Offset    int    // byte offset in the source where the reference starts
}

var scheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// pageFile reports whether dest is a relative link to a Markdown file, and splits it.
func pageFile(dest string) (path, fragment string, ok bool) {
	if dest == "" || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "#") || scheme.MatchString(dest) {
		return "", "", false
	}
	path, fragment, _ = strings.Cut(dest, "#")
	if q := strings.IndexByte(path, '?'); q >= 0 {
		path = path[:q]
	}
	if u, err := url.PathUnescape(path); err == nil {
		path = u
	}
	return path, fragment, strings.HasSuffix(strings.ToLower(path), ".md")
}

// CSS returns the stylesheet for highlighted code: light colours, and dark ones when the
// reader's system asks for a dark scheme.
func CSS() []byte {
	var b bytes.Buffer
	light := chromahtml.New(chromahtml.WithClasses(true))
	_ = light.WriteCSS(&b, styles.Get("github"))
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	_ = light.WriteCSS(&b, styles.Get("github-dark"))
	b.WriteString("}\n")
	return b.Bytes()
}

// safeURL reports whether a link may point to url: relative URLs and web, mail and phone links.
func safeURL(u []byte) bool {
	s := strings.TrimSpace(string(u))
	m := scheme.FindString(s)
	if m == "" {
		return true
	}
	switch strings.ToLower(m) {
	case "http:", "https:", "mailto:", "tel:":
		return true
	}
	return false
}

// nodeRenderer renders wiki links, and overrides links, autolinks, images and raw HTML for safety.
type nodeRenderer struct {
	unsafe bool
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindWikiLink, r.renderWikiLink)
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(ast.KindAutoLink, r.renderAutoLink)
	reg.Register(ast.KindImage, r.renderImage)
	if !r.unsafe {
		reg.Register(ast.KindRawHTML, r.renderRawHTML)
		reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
	}
}

func (r *nodeRenderer) renderWikiLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		writePlaceholder(w, phWiki, node.(*WikiLink).index)
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if len(n.Destination) > 0 && n.Destination[0] == 0 { // a page reference, filled in per build
		kind := byte(phClose)
		if entering {
			kind = phOpen
		}
		i, _ := strconv.Atoi(string(n.Destination[1:]))
		writePlaceholder(w, kind, i)
		return ast.WalkContinue, nil
	}
	if len(n.Destination) == 0 || !safeURL(n.Destination) {
		return ast.WalkContinue, nil // the text alone
	}
	if !entering {
		w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<a href="`)
	w.Write(util.EscapeHTML(util.URLEscape(n.Destination, true)))
	w.WriteByte('"')
	if n.Title != nil {
		w.WriteString(` title="`)
		w.Write(util.EscapeHTML(n.Title))
		w.WriteByte('"')
	}
	w.WriteByte('>')
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderAutoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	u := n.URL(src)
	label := n.Label(src)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(u), []byte("mailto:")) {
		u = append([]byte("mailto:"), u...)
	}
	if !safeURL(u) {
		w.Write(util.EscapeHTML(label))
		return ast.WalkContinue, nil
	}
	w.WriteString(`<a href="`)
	w.Write(util.EscapeHTML(util.URLEscape(u, false)))
	w.WriteString(`">`)
	w.Write(util.EscapeHTML(label))
	w.WriteString(`</a>`)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	alt := plainText(n, src)
	if !safeURL(n.Destination) {
		w.Write(util.EscapeHTML(alt))
		return ast.WalkSkipChildren, nil
	}
	w.WriteString(`<img src="`)
	w.Write(util.EscapeHTML(util.URLEscape(n.Destination, true)))
	w.WriteString(`" alt="`)
	w.Write(util.EscapeHTML(alt))
	w.WriteByte('"')
	if n.Title != nil {
		w.WriteString(` title="`)
		w.Write(util.EscapeHTML(n.Title))
		w.WriteByte('"')
	}
	w.WriteString(` loading="lazy">`)
	return ast.WalkSkipChildren, nil
}

func plainText(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch t := c.(type) {
			case *ast.Text:
				b.Write(t.Value(src))
			case *ast.String:
				b.Write(t.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.Bytes()
}

func (r *nodeRenderer) renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := 0; i < n.Segments.Len(); i++ {
		s := n.Segments.At(i)
		w.Write(util.EscapeHTML(s.Value(src)))
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	w.WriteString("<p>")
	var b bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		b.Write(s.Value(src))
	}
	if n.HasClosure() {
		b.Write(n.ClosureLine.Value(src))
	}
	w.Write(util.EscapeHTML(bytes.TrimRight(b.Bytes(), "\n")))
	w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}
