// Package markdown is handboek's Markdown dialect: CommonMark with GitHub tables,
// strikethrough, task lists and autolinks, plus [[wiki links]] between pages, relative links to
// other pages' .md files, highlighted code and heading ids.
//
// Parsing and rendering are separate on purpose. Parse depends on one file alone, so its result
// can be cached by the file's hash. Links cannot be resolved then, because that needs every
// page: Refs lists what a document points to, the graph resolves each one, and Bind writes the
// answer into the document before Render. Raw HTML is shown as text unless the site allows it,
// and a link to a dangerous URL (javascript:, data:, ...) is rendered as its text only.
package markdown

import (
	"bytes"
	"io"
	"net/url"
	"regexp"
	"strings"

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
	md goldmark.Markdown
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

// Parse parses src into a document. It never fails: any text is some Markdown.
func (m *Markdown) Parse(src []byte) ast.Node {
	return m.md.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
}

// Render writes doc as HTML. Call Bind for every reference first.
func (m *Markdown) Render(w io.Writer, src []byte, doc ast.Node) error {
	return m.md.Renderer().Render(w, src, doc)
}

// RefKind tells a wiki link from an ordinary link to a .md file.
type RefKind int

const (
	WikiRef RefKind = iota // [[target]] or [[target|text]]
	FileRef                // [text](relative/path.md)
)

// Ref is one reference from a document to a page.
type Ref struct {
	Kind     RefKind
	Target   string // a slug, id or alias for WikiRef; a relative path for FileRef
	Fragment string // the part after #, without it
	Offset   int    // byte offset in the source where the reference starts
	node     ast.Node
}

var scheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// Refs lists every page reference in doc, in source order. Call it once, right after Parse:
// binding a file reference replaces the link's destination.
func Refs(doc ast.Node) []Ref {
	var refs []Ref
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *WikiLink:
			refs = append(refs, Ref{Kind: WikiRef, Target: n.Target, Fragment: n.Fragment, Offset: n.Pos(), node: n})
		case *ast.Link:
			if path, frag, ok := pageFile(string(n.Destination)); ok {
				refs = append(refs, Ref{Kind: FileRef, Target: path, Fragment: frag, Offset: n.Pos(), node: n})
			}
		}
		return ast.WalkContinue, nil
	})
	return refs
}

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

// Bind sets where a reference leads: href is the URL written into the page, title the target
// page's title (the text of a wiki link without its own text). An empty href marks the reference
// as broken; it is then rendered as plain text.
func (r Ref) Bind(href, title string) {
	switch n := r.node.(type) {
	case *WikiLink:
		n.Href, n.Title = href, title
	case *ast.Link:
		n.Destination = []byte(href)
	}
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
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*WikiLink)
	label := n.Label
	if label == "" {
		label = n.Title
	}
	if label == "" {
		label = n.Target
	}
	if n.Href == "" {
		w.WriteString(`<span class="broken-link">`)
		w.Write(util.EscapeHTML([]byte(label)))
		w.WriteString(`</span>`)
		return ast.WalkSkipChildren, nil
	}
	w.WriteString(`<a href="`)
	w.Write(util.EscapeHTML([]byte(n.Href)))
	w.WriteString(`">`)
	w.Write(util.EscapeHTML([]byte(label)))
	w.WriteString(`</a>`)
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
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
