package render

import (
	"bytes"
	"io/fs"
	"slices"
	"strconv"

	"handboek/themes"
)

// The default theme's most used and largest layouts, written in Go.
//
// Nine pages in ten of a handbook are entity pages (layout "page"), and html/template spends
// about 150 µs on each: every action is a walk through reflection and a call of an escaper,
// also through reflection. The responsibility matrix and the role map's list of every page and
// its relations are a few pages, but of megabytes each, with an action for every cell and link.
// The writers here write the same bytes as base.html with page.html, matrix.html or
// rolkaart.html and the default partials, escaped as html/template escapes each action in its
// place, in about a tenth of the time. A layout is written in Go only while its file, base.html
// and the partials are the default theme's own, byte for byte; a theme that changes any of them
// gets html/template for it as before. TestPageWriterIsTheTemplate renders every page of several
// sites both ways and compares them, so a change to one of the templates without the same change
// here fails.

// goMains are the layouts written in Go, each with what it writes in base.html's "main".
func goMains() map[string]func(*bytes.Buffer, *View) {
	return map[string]func(*bytes.Buffer, *View){"page": writePageMain, "matrix": writeMatrixMain, "rolkaart": writeRolkaartMain}
}

// goLayouts returns the writer of every layout of theme that is written in Go: those whose
// file is the default theme's, when base.html and the partials are the default theme's too.
func goLayouts(theme fs.FS) map[string]func(*bytes.Buffer, *View) {
	builtin, err := fs.Sub(themes.Default, "default")
	if err != nil {
		return nil
	}
	shared := sharedFiles(theme)
	if !slices.Equal(shared, sharedFiles(builtin)) || !sameFiles(theme, builtin, shared) {
		return nil
	}
	out := map[string]func(*bytes.Buffer, *View){}
	for layout, main := range goMains() {
		if sameFiles(theme, builtin, []string{"layouts/" + layout + ".html"}) {
			out[layout] = func(b *bytes.Buffer, v *View) { writeBase(b, v, main) }
		}
	}
	return out
}

// sharedFiles are the theme files every layout is made from: base.html and the partials.
func sharedFiles(theme fs.FS) []string {
	partials, _ := fs.Glob(theme, "layouts/partials/*.html")
	return append([]string{"layouts/base.html"}, partials...)
}

// sameFiles reports whether files are in both a and b, with the same bytes.
func sameFiles(a, b fs.FS, files []string) bool {
	for _, f := range files {
		x, err1 := fs.ReadFile(a, f)
		y, err2 := fs.ReadFile(b, f)
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
			return false
		}
	}
	return true
}

// writeBase writes v as base.html does, with main writing the layout's "main". v.Header and
// v.Footer are set (chrome.fill).
func writeBase(b *bytes.Buffer, v *View, main func(*bytes.Buffer, *View)) {
	// base.html
	text(b, "<!DOCTYPE html>\n<html lang=\"", v.Site.Language, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if v.Title != "" {
		escapeHTML(b, v.Title)
		b.WriteString(" · ")
	}
	escapeHTML(b, v.Site.Title)
	b.WriteString("</title>\n")
	if v.Summary != "" {
		text(b, `<meta name="description" content="`, v.Summary, "\">\n")
	}
	if v.Canonical != "" {
		b.WriteString(`<link rel="canonical" href="`)
		escapeURL(b, v.Canonical)
		b.WriteString("\">\n")
	}
	for i, f := range [...]string{`<link rel="stylesheet" href="`, "assets/handboek.css\">\n",
		`<link rel="stylesheet" href="`, "assets/chroma.css\">\n",
		`<link rel="stylesheet" href="`, "assets/tokens.css\">\n",
		`<script src="`, "assets/handboek.js\" defer></script>\n",
		`<script src="`, "assets/search.js\" defer></script>\n"} {
		b.WriteString(f)
		if i%2 == 0 {
			escapeURL(b, v.Root)
		}
	}
	text(b, "</head>\n<body class=\"layout-", v.Layout, `" data-root="`)
	escapeHTML(b, v.Root)
	b.WriteString("\">\n")
	b.WriteString(string(v.Header))
	b.WriteString("\n")
	if len(v.Crumbs) > 0 {
		text(b, `<nav class="breadcrumbs" aria-label="`, v.T["breadcrumbs"], "\">\n  <ol>")
		for _, c := range v.Crumbs {
			b.WriteString("<li>")
			writeAnchor(b, c.Href, c.Title)
			b.WriteString("</li>")
		}
		text(b, `<li><span aria-current="page">`, v.Title, "</span></li></ol>\n</nav>\n")
	}
	b.WriteString("<main id=\"inhoud\" class=\"content\" tabindex=\"-1\">\n")
	main(b, v)
	b.WriteString("\n</main>\n")
	b.WriteString(string(v.Footer))
	b.WriteString("\n</body>\n</html>\n")
}

// writePageMain writes the "main" template of page.html.
func writePageMain(b *bytes.Buffer, v *View) {
	b.WriteString("\n<article>\n<header class=\"page-header\">\n  ")
	if v.Kind != "" {
		text(b, `<p class="kind-label kind-label--large">`, v.Kind, "</p>")
	}
	text(b, "\n  <h1>", v.Title, "</h1>\n  ")
	if v.Summary != "" {
		text(b, `<p class="lead">`, v.Summary, "</p>")
	}
	b.WriteString("\n</header>\n")
	writeEntity(b, v)
	b.WriteString("\n</article>\n")
}

// writeMatrixMain writes the "main" template of matrix.html: one table with a column for every
// party, or a table for each process when there are too many parties for one.
func writeMatrixMain(b *bytes.Buffer, v *View) {
	// The matrix of a large site runs to megabytes: room for all of it at once, rather than
	// growing the page through every power of two, each a fresh block of memory.
	size := 1024 + 160*len(v.MatrixParties)
	for _, g := range v.Matrix {
		size += 640 + 120*len(g.RACI.Parties)
		for _, row := range g.RACI.Rows {
			size += 96 + len(row.Step) + 32*len(row.Cells)
			if row.Phase != nil {
				size += 16 + len(row.Phase.Href) + len(row.Phase.Title)
			}
		}
	}
	b.Grow(size)
	text(b, "\n<h1>", v.Title, "</h1>\n")
	text(b, `<p class="lead">`, v.Summary, "</p>\n")
	if len(v.MatrixParties) == 0 {
		for _, g := range v.Matrix {
			b.WriteString("<section class=\"matrix-group\">\n  <h2>")
			writeAnchor(b, g.Process.Href, g.Process.Title)
			b.WriteString("</h2>\n  ")
			writeRACI(b, v.T, g.RACI, g.Process.Title)
			b.WriteString("\n</section>\n")
		}
		b.WriteString("\n")
		return
	}
	text(b, `<div class="table-scroll matrix-scroll" role="group" aria-label="`, v.Title, "\" tabindex=\"0\">\n<table class=\"raci-table matrix-table\">\n  <caption>")
	escapeHTML(b, v.Title)
	text(b, "</caption>\n  <thead><tr><th scope=\"col\">", v.T["step"], `</th><th scope="col">`)
	escapeHTML(b, v.T["phase"])
	b.WriteString("</th>")
	for _, p := range v.MatrixParties {
		b.WriteString(`<th scope="col" class="matrix-party">`)
		writeLabelledAnchor(b, p, p.Kind)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n  ")
	for _, g := range v.Matrix {
		b.WriteString("<tbody class=\"matrix-group\">\n  <tr class=\"matrix-process\"><th scope=\"rowgroup\" colspan=\"")
		b.WriteString(strconv.Itoa(g.Columns))
		b.WriteString(`">`)
		writeAnchor(b, g.Process.Href, g.Process.Title)
		b.WriteString("</th></tr>\n  ")
		writeRACIRows(b, g.RACI.Rows)
		b.WriteString("</tbody>\n  ")
	}
	text(b, "\n</table>\n</div>\n<p class=\"legend\">", v.T["raciLegend"], "</p>\n\n")
}

// writeRolkaartMain writes the "main" template of rolkaart.html: the role map or one of its
// parts, the parts' list, and every page on the map with its relations as text.
func writeRolkaartMain(b *bytes.Buffer, v *View) {
	text(b, "\n<h1>", v.Title, "</h1>\n")
	text(b, `<p class="lead">`, v.Summary, "</p>\n")
	m := v.RoleMap
	if m == nil {
		b.WriteString("\n")
		return
	}
	b.WriteString("\n")
	if m.SVG != "" {
		b.WriteString("<figure class=\"rm-figure rm-figure--whole\">\n  <div class=\"rm-scroll\">")
		b.WriteString(string(m.SVG))
		b.WriteString("</div>\n  <figcaption>")
		writeLegend(b, m.Legend)
		b.WriteString("</figcaption>\n</figure>")
	}
	b.WriteString("\n")
	if len(m.Groups) > 0 {
		text(b, "<section aria-labelledby=\"rolkaart-delen\">\n  <h2 id=\"rolkaart-delen\">", v.T["rolemapParts"], "</h2>\n  <ul class=\"page-list\">\n    ")
		for _, l := range m.Groups {
			b.WriteString("<li>")
			writeLabelledAnchor(b, l, l.Summary)
			b.WriteString("</li>\n    ")
		}
		b.WriteString("\n  </ul>\n</section>")
	}
	text(b, "\n<section aria-labelledby=\"rolkaart-tekst\">\n  <h2 id=\"rolkaart-tekst\">", v.T["rolemapText"], "</h2>\n  <ul class=\"rolemap-list\">\n    ")
	for _, n := range m.Nodes {
		b.WriteString("<li>")
		writeLabelledAnchor(b, n.Link, n.Kind)
		b.WriteString("\n      ")
		if len(n.Relations) > 0 {
			b.WriteString("<dl>")
			for _, r := range n.Relations {
				text(b, "<dt>", r.Label, "</dt><dd>")
				for i, l := range r.Links {
					if i > 0 {
						b.WriteString(", ")
					}
					writeAnchor(b, l.Href, l.Title)
				}
				b.WriteString("</dd>")
			}
			b.WriteString("</dl>")
		}
		b.WriteString("\n    </li>\n    ")
	}
	b.WriteString("\n  </ul>\n</section>\n\n")
}

// writeEntity writes the "entity" template of partials/entity.html.
func writeEntity(b *bytes.Buffer, v *View) {
	// entity-top
	b.WriteString("\n")
	for _, r := range v.OnRoutes {
		text(b, `<nav class="route-nav" aria-label="`, v.T["routeNav"], ": ")
		escapeHTML(b, r.Name)
		text(b, "\">\n  <p class=\"route-nav__label\"><strong>", r.Name, "</strong> · ")
		escapeHTML(b, r.Label)
		b.WriteString("</p>\n  <ul class=\"route-nav__links\">\n    ")
		writeRouteLink(b, "prev", "← "+v.T["prev"], "", r.Prev)
		b.WriteString("\n    ")
		writeRouteLink(b, "next", v.T["next"], " →", r.Next)
		b.WriteString("\n  </ul>\n</nav>\n")
	}
	b.WriteString("\n")
	if len(v.Relations) > 0 || len(v.Backlinks) > 0 {
		text(b, "<section class=\"facts\" aria-labelledby=\"relaties\">\n  <h2 id=\"relaties\">", v.T["relations"], "</h2>\n  <dl class=\"relations\">\n    ")
		writeGroups(b, v.Relations)
		writeGroups(b, v.Backlinks)
		b.WriteString("\n  </dl>\n</section>\n")
	}
	b.WriteString("\n")
	if f := v.LocalFigure(); f != nil {
		writeFigure(b, f)
	}
	b.WriteString("\n")
	if f := v.PhaseFigure(); f != nil {
		writeFigure(b, f)
	}
	b.WriteString("\n")

	b.WriteString("\n")
	at := b.Len()
	b.WriteString("<div class=\"prose\">\n")
	start := b.Len()
	v.content.writeTo(b)
	if b.Len() == start {
		b.Truncate(at) // no body: no prose block
	} else {
		b.WriteString("\n</div>\n")
	}

	// entity-bottom
	b.WriteString("\n")
	if len(v.StepFlow) > 0 {
		writeStepFlow(b, v)
	}
	b.WriteString("\n")
	if v.RACI != nil {
		text(b, "<section class=\"raci\" aria-labelledby=\"raci-kop\">\n  <h2 id=\"raci-kop\">", v.T["raci"], "</h2>\n  ")
		writeRACI(b, v.T, v.RACI, v.Title)
		b.WriteString("\n</section>\n")
	}
	b.WriteString("\n")
	if len(v.Roles) > 0 {
		text(b, "<section aria-labelledby=\"rollen-kop\">\n  <h2 id=\"rollen-kop\">", v.T["takesPart"], "</h2>\n  <div class=\"table-scroll\" role=\"group\" aria-label=\"")
		escapeHTML(b, v.T["takesPart"])
		text(b, ": ", v.Title, "\" tabindex=\"0\">\n  <table class=\"roles\">\n    <caption>")
		escapeHTML(b, v.T["takesPart"])
		text(b, ": ", v.Title, "</caption>\n    <thead><tr>")
		for _, k := range [...]string{"process", "step", "phase", "letter"} {
			text(b, `<th scope="col">`, v.T[k], "</th>")
		}
		b.WriteString("</tr></thead>\n    <tbody>\n    ")
		for _, r := range v.Roles {
			b.WriteString("<tr><td>")
			writeAnchor(b, r.Process.Href, r.Process.Title)
			text(b, "</td><td>", r.Step, "</td><td>")
			if r.Phase != nil {
				writeAnchor(b, r.Phase.Href, r.Phase.Title)
			}
			text(b, `</td><td class="raci-letter">`, r.Letter, "</td></tr>\n    ")
		}
		text(b, "\n    </tbody>\n  </table>\n  </div>\n  <p class=\"legend\">", v.T["raciLegend"], "</p>\n</section>\n")
	}
	b.WriteString("\n")
	if len(v.Mentioned) > 0 {
		text(b, "<section aria-labelledby=\"genoemd-kop\">\n  <h2 id=\"genoemd-kop\">", v.T["mentionedBy"], "</h2>\n  <ul class=\"link-list\">")
		for _, l := range v.Mentioned {
			writeLinkItem(b, l)
		}
		b.WriteString("</ul>\n</section>\n")
	}
	b.WriteString("\n")
	for _, r := range v.OnRoutes {
		if r.Next != nil {
			text(b, `<p class="route-next">`, v.T["routeNext"], " ")
			writeAnchor(b, r.Next.Href, r.Next.Title)
			b.WriteString("</p>\n")
		}
	}
	b.WriteString("\n")
	if v.Prev != nil || v.Next != nil {
		text(b, `<nav class="pager" aria-label="`, v.T["pagenav"], "\">\n  <ul>\n    ")
		writePagerLink(b, "prev", v.T["prev"], v.Prev)
		b.WriteString("\n    ")
		writePagerLink(b, "next", v.T["next"], v.Next)
		b.WriteString("\n  </ul>\n</nav>\n")
	}
	b.WriteString("\n")
	if v.LastModified != "" || v.EditURL != "" {
		b.WriteString(`<p class="page-meta">`)
		if v.LastModified != "" {
			escapeHTML(b, v.T["lastModified"])
			text(b, `: <time datetime="`, v.LastModifiedISO, `">`)
			escapeHTML(b, v.LastModified)
			b.WriteString("</time>")
		}
		if v.LastModified != "" && v.EditURL != "" {
			b.WriteString(" · ")
		}
		if v.EditURL != "" {
			b.WriteString(`<a href="`)
			escapeURL(b, v.EditURL)
			text(b, `">`, v.T["edit"], "</a>")
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("\n")
}

// writeRouteLink writes a route's link to the step before or after (rel), if there is one:
// label, the page's title and then arrow.
func writeRouteLink(b *bytes.Buffer, rel, label, arrow string, l *Link) {
	if l == nil {
		return
	}
	text(b, `<li><a rel="`, rel, `" href="`)
	escapeURL(b, l.Href)
	text(b, `">`, label, ": ")
	text(b, "", l.Title, arrow+"</a></li>")
}

// writePagerLink writes the pager's link to the page before or after (rel), if there is one.
func writePagerLink(b *bytes.Buffer, rel, label string, l *Link) {
	if l == nil {
		return
	}
	b.WriteString(`<li class="pager__`)
	b.WriteString(rel)
	b.WriteString(`"><a rel="`)
	b.WriteString(rel)
	b.WriteString(`" href="`)
	escapeURL(b, l.Href)
	text(b, `"><span class="pager__label">`, label, "</span> ")
	escapeHTML(b, l.Title)
	b.WriteString("</a></li>")
}

// writeGroups writes relation groups as the entity template's definition list entries.
func writeGroups(b *bytes.Buffer, groups []Group) {
	for _, g := range groups {
		text(b, "<dt>", g.Label, "</dt>\n    <dd><ul>")
		for _, l := range g.Links {
			writeLinkItem(b, l)
		}
		b.WriteString("</ul></dd>\n    ")
	}
}

// writeLinkItem writes <li>{{.A}}{{with .Kind}} <span class="kind-label">{{.}}</span>{{end}}</li>.
func writeLinkItem(b *bytes.Buffer, l Link) {
	b.WriteString("<li>")
	writeLabelledAnchor(b, l, l.Kind)
	b.WriteString("</li>")
}

// writeLabelledAnchor writes {{.A}}{{with label}} <span class="kind-label">{{.}}</span>{{end}}.
func writeLabelledAnchor(b *bytes.Buffer, l Link, label string) {
	writeAnchor(b, l.Href, l.Title)
	if label != "" {
		text(b, ` <span class="kind-label">`, label, "</span>")
	}
}

// writeRACI writes the "raci" template.
func writeRACI(b *bytes.Buffer, t map[string]string, r *RACI, caption string) {
	text(b, `<div class="table-scroll" role="group" aria-label="`, caption, "\" tabindex=\"0\">\n<table class=\"raci-table\">\n  <caption>")
	escapeHTML(b, caption)
	text(b, "</caption>\n  <thead><tr><th scope=\"col\">", t["step"], `</th><th scope="col">`)
	escapeHTML(b, t["phase"])
	b.WriteString("</th>")
	for _, p := range r.Parties {
		b.WriteString(`<th scope="col">`)
		writeAnchor(b, p.Href, p.Title)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n  <tbody>\n  ")
	writeRACIRows(b, r.Rows)
	text(b, "\n  </tbody>\n</table>\n</div>\n<p class=\"legend\">", t["raciLegend"], "</p>")
}

// writeRACIRows writes the rows of a RACI table, as the "raci" template and matrix.html do: the
// step, its phase and each party's letter.
func writeRACIRows(b *bytes.Buffer, rows []RACIRow) {
	for _, row := range rows {
		text(b, `<tr><th scope="row">`, row.Step, "</th><td>")
		if row.Phase != nil {
			writeAnchor(b, row.Phase.Href, row.Phase.Title)
		}
		b.WriteString("</td>")
		for _, c := range row.Cells {
			text(b, `<td class="raci-letter">`, c, "</td>")
		}
		b.WriteString("</tr>\n  ")
	}
}

// writeFigure writes the "rm-figure" template of partials/rolemap.html.
func writeFigure(b *bytes.Buffer, f *Figure) {
	text(b, `<section class="rm-section rm-section--`, f.Kind, `" aria-labelledby="`)
	escapeHTML(b, f.ID)
	text(b, "\">\n  <h2 id=\"", f.ID, `">`)
	escapeHTML(b, f.Heading)
	text(b, "</h2>\n  <figure class=\"rm-figure rm-figure--", f.Kind, "\">\n    <div class=\"rm-scroll\">")
	f.Map.svg.writeTo(b)
	b.WriteString("</div>\n    <figcaption>")
	if f.Map.Caption != "" {
		text(b, "<p>", f.Map.Caption, "</p>")
	}
	writeLegend(b, f.Map.Legend)
	b.WriteString("</figcaption>\n  </figure>\n</section>")
}

// writeLegend writes the "rm-legend" template of partials/rolemap.html.
func writeLegend(b *bytes.Buffer, legend []LegendItem) {
	if len(legend) == 0 {
		return
	}
	b.WriteString("<ul class=\"rm-legend\">\n  ")
	for _, it := range legend {
		b.WriteString("<li>")
		if it.Box {
			text(b, `<svg class="rm-swatch" viewBox="0 0 28 16" width="28" height="16" aria-hidden="true" focusable="false"><rect class="rm-swatch-box `, it.Class, `" x="1" y="1" width="26" height="14" rx="3"/></svg>`)
		} else {
			text(b, `<svg class="rm-swatch" viewBox="0 0 36 16" width="36" height="16" aria-hidden="true" focusable="false"><g class="`, it.Class, `"><path class="rm-line" d="M1 8H27"/><polygon class="rm-arrow" points="35,8 26,4 26,12"/></g></svg>`)
		}
		text(b, " ", it.Label, "</li>\n  ")
	}
	b.WriteString("\n</ul>")
}

// writeStepFlow writes the "step-flow" template.
func writeStepFlow(b *bytes.Buffer, v *View) {
	text(b, "<section class=\"step-flow\" aria-labelledby=\"stappen-kop\">\n  <h2 id=\"stappen-kop\">", v.T["stepFlow"], "</h2>\n  <ol class=\"step-flow__phases\">\n    ")
	for _, c := range v.StepFlow {
		b.WriteString("<li class=\"step-flow__phase\">\n      <h3>")
		if c.Phase != nil {
			writeAnchor(b, c.Phase.Href, c.Phase.Title)
		} else {
			escapeHTML(b, v.T["noPhase"])
		}
		b.WriteString("</h3>\n      <ol class=\"step-flow__steps\">\n        ")
		for _, s := range c.Steps {
			text(b, `<li class="step-flow__step"><span class="step-flow__title">`, s.Title, "</span>\n          ")
			writeParty(b, "A", v.T["accountableName"], s.Accountable)
			b.WriteString("\n          ")
			writeParty(b, "R", v.T["responsibleName"], s.Responsible)
			b.WriteString("\n        </li>\n        ")
		}
		b.WriteString("\n      </ol>\n    </li>\n    ")
	}
	b.WriteString("\n  </ol>\n</section>")
}

// writeParty writes who is accountable or responsible for a step in the step flow.
func writeParty(b *bytes.Buffer, letter, name string, links []Link) {
	if len(links) == 0 {
		return
	}
	text(b, `<span class="step-flow__party"><abbr title="`, name, `">`)
	b.WriteString(letter)
	b.WriteString("</abbr>: ")
	for i, l := range links {
		if i > 0 {
			b.WriteString(", ")
		}
		writeAnchor(b, l.Href, l.Title)
	}
	b.WriteString("</span>")
}

// text writes s escaped, between before and after.
func text(b *bytes.Buffer, before, s, after string) {
	b.WriteString(before)
	escapeHTML(b, s)
	b.WriteString(after)
}
