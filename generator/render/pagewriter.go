package render

import (
	"bytes"
	"io/fs"
	"slices"

	"handboek/themes"
)

// The default theme's page layout, written in Go.
//
// Nine pages in ten of a handbook are entity pages (layout "page"), and html/template spends
// about 150 µs on each: every action is a walk through reflection and a call of an escaper,
// also through reflection. writePage writes the same bytes as base.html with page.html and the
// default partials, escaped as html/template escapes each action in its place, in about a tenth
// of the time. It is used only when the theme's base.html, page.html and partials are the
// default theme's own, byte for byte; a theme that changes any of them gets html/template as
// before. TestPageWriterIsTheTemplate renders every page of several sites both ways and
// compares them, so a change to one of the templates without the same change here fails.

// pageFiles are the theme files the page layout is made from.
func pageFiles(theme fs.FS) []string {
	partials, _ := fs.Glob(theme, "layouts/partials/*.html")
	return append([]string{"layouts/base.html", "layouts/page.html"}, partials...)
}

// defaultPages reports whether theme's page layout is the default theme's: the same files, with
// the same bytes.
func defaultPages(theme fs.FS) bool {
	builtin, err := fs.Sub(themes.Default, "default")
	if err != nil {
		return false
	}
	files := pageFiles(theme)
	if !slices.Equal(files, pageFiles(builtin)) {
		return false
	}
	for _, f := range files {
		a, err1 := fs.ReadFile(theme, f)
		b, err2 := fs.ReadFile(builtin, f)
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			return false
		}
	}
	return true
}

// writePage writes v as the default theme's "page" layout. v.Header and v.Footer are set
// (chrome.fill).
func writePage(b *bytes.Buffer, v *View) {
	// base.html
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	escapeHTML(b, v.Site.Language)
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if v.Title != "" {
		escapeHTML(b, v.Title)
		b.WriteString(" · ")
	}
	escapeHTML(b, v.Site.Title)
	b.WriteString("</title>\n")
	if v.Summary != "" {
		b.WriteString(`<meta name="description" content="`)
		escapeHTML(b, v.Summary)
		b.WriteString("\">\n")
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
	b.WriteString("</head>\n<body class=\"layout-")
	escapeHTML(b, v.Layout)
	b.WriteString(`" data-root="`)
	escapeHTML(b, v.Root)
	b.WriteString("\">\n")
	b.WriteString(string(v.Header))
	b.WriteString("\n")
	if len(v.Crumbs) > 0 {
		b.WriteString(`<nav class="breadcrumbs" aria-label="`)
		escapeHTML(b, v.T["breadcrumbs"])
		b.WriteString("\">\n  <ol>")
		for _, c := range v.Crumbs {
			b.WriteString("<li>")
			b.WriteString(string(c.A))
			b.WriteString("</li>")
		}
		b.WriteString(`<li><span aria-current="page">`)
		escapeHTML(b, v.Title)
		b.WriteString("</span></li></ol>\n</nav>\n")
	}
	b.WriteString("<main id=\"inhoud\" class=\"content\" tabindex=\"-1\">\n")

	// page.html
	b.WriteString("\n<article>\n<header class=\"page-header\">\n  ")
	if v.Kind != "" {
		b.WriteString(`<p class="kind-label kind-label--large">`)
		escapeHTML(b, v.Kind)
		b.WriteString("</p>")
	}
	b.WriteString("\n  <h1>")
	escapeHTML(b, v.Title)
	b.WriteString("</h1>\n  ")
	if v.Summary != "" {
		b.WriteString(`<p class="lead">`)
		escapeHTML(b, v.Summary)
		b.WriteString("</p>")
	}
	b.WriteString("\n</header>\n")
	writeEntity(b, v)
	b.WriteString("\n</article>\n")

	b.WriteString("\n</main>\n")
	b.WriteString(string(v.Footer))
	b.WriteString("\n</body>\n</html>\n")
}

// writeEntity writes the "entity" template of partials/entity.html.
func writeEntity(b *bytes.Buffer, v *View) {
	// entity-top
	b.WriteString("\n")
	for _, r := range v.OnRoutes {
		b.WriteString(`<nav class="route-nav" aria-label="`)
		escapeHTML(b, v.T["routeNav"])
		b.WriteString(": ")
		escapeHTML(b, r.Name)
		b.WriteString("\">\n  <p class=\"route-nav__label\"><strong>")
		escapeHTML(b, r.Name)
		b.WriteString("</strong> · ")
		escapeHTML(b, r.Label)
		b.WriteString("</p>\n  <ul class=\"route-nav__links\">\n    ")
		if r.Prev != nil {
			b.WriteString(`<li><a rel="prev" href="`)
			escapeURL(b, r.Prev.Href)
			b.WriteString(`">← `)
			escapeHTML(b, v.T["prev"])
			b.WriteString(": ")
			escapeHTML(b, r.Prev.Title)
			b.WriteString("</a></li>")
		}
		b.WriteString("\n    ")
		if r.Next != nil {
			b.WriteString(`<li><a rel="next" href="`)
			escapeURL(b, r.Next.Href)
			b.WriteString(`">`)
			escapeHTML(b, v.T["next"])
			b.WriteString(": ")
			escapeHTML(b, r.Next.Title)
			b.WriteString(" →</a></li>")
		}
		b.WriteString("\n  </ul>\n</nav>\n")
	}
	b.WriteString("\n")
	if len(v.Relations) > 0 || len(v.Backlinks) > 0 {
		b.WriteString("<section class=\"facts\" aria-labelledby=\"relaties\">\n  <h2 id=\"relaties\">")
		escapeHTML(b, v.T["relations"])
		b.WriteString("</h2>\n  <dl class=\"relations\">\n    ")
		if len(v.Relations) > 0 {
			writeGroups(b, v.Relations)
		}
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
	if v.Content != "" {
		b.WriteString("<div class=\"prose\">\n")
		b.WriteString(string(v.Content))
		b.WriteString("\n</div>\n")
	}

	// entity-bottom
	b.WriteString("\n")
	if len(v.StepFlow) > 0 {
		writeStepFlow(b, v)
	}
	b.WriteString("\n")
	if v.RACI != nil {
		b.WriteString("<section class=\"raci\" aria-labelledby=\"raci-kop\">\n  <h2 id=\"raci-kop\">")
		escapeHTML(b, v.T["raci"])
		b.WriteString("</h2>\n  ")
		writeRACI(b, v.T, v.RACI, v.Title)
		b.WriteString("\n</section>\n")
	}
	b.WriteString("\n")
	if len(v.Roles) > 0 {
		b.WriteString("<section aria-labelledby=\"rollen-kop\">\n  <h2 id=\"rollen-kop\">")
		escapeHTML(b, v.T["takesPart"])
		b.WriteString("</h2>\n  <div class=\"table-scroll\" role=\"group\" aria-label=\"")
		escapeHTML(b, v.T["takesPart"])
		b.WriteString(": ")
		escapeHTML(b, v.Title)
		b.WriteString("\" tabindex=\"0\">\n  <table class=\"roles\">\n    <caption>")
		escapeHTML(b, v.T["takesPart"])
		b.WriteString(": ")
		escapeHTML(b, v.Title)
		b.WriteString("</caption>\n    <thead><tr>")
		for _, k := range [...]string{"process", "step", "phase", "letter"} {
			b.WriteString(`<th scope="col">`)
			escapeHTML(b, v.T[k])
			b.WriteString("</th>")
		}
		b.WriteString("</tr></thead>\n    <tbody>\n    ")
		for _, r := range v.Roles {
			b.WriteString("<tr><td>")
			b.WriteString(string(r.Process.A))
			b.WriteString("</td><td>")
			escapeHTML(b, r.Step)
			b.WriteString("</td><td>")
			if r.Phase != nil {
				b.WriteString(string(r.Phase.A))
			}
			b.WriteString(`</td><td class="raci-letter">`)
			escapeHTML(b, r.Letter)
			b.WriteString("</td></tr>\n    ")
		}
		b.WriteString("\n    </tbody>\n  </table>\n  </div>\n  <p class=\"legend\">")
		escapeHTML(b, v.T["raciLegend"])
		b.WriteString("</p>\n</section>\n")
	}
	b.WriteString("\n")
	if len(v.Mentioned) > 0 {
		b.WriteString("<section aria-labelledby=\"genoemd-kop\">\n  <h2 id=\"genoemd-kop\">")
		escapeHTML(b, v.T["mentionedBy"])
		b.WriteString("</h2>\n  <ul class=\"link-list\">")
		for _, l := range v.Mentioned {
			writeLinkItem(b, l)
		}
		b.WriteString("</ul>\n</section>\n")
	}
	b.WriteString("\n")
	for _, r := range v.OnRoutes {
		if r.Next != nil {
			b.WriteString(`<p class="route-next">`)
			escapeHTML(b, v.T["routeNext"])
			b.WriteString(" ")
			b.WriteString(string(r.Next.A))
			b.WriteString("</p>\n")
		}
	}
	b.WriteString("\n")
	if v.Prev != nil || v.Next != nil {
		b.WriteString(`<nav class="pager" aria-label="`)
		escapeHTML(b, v.T["pagenav"])
		b.WriteString("\">\n  <ul>\n    ")
		if v.Prev != nil {
			b.WriteString(`<li class="pager__prev"><a rel="prev" href="`)
			escapeURL(b, v.Prev.Href)
			b.WriteString(`"><span class="pager__label">`)
			escapeHTML(b, v.T["prev"])
			b.WriteString("</span> ")
			escapeHTML(b, v.Prev.Title)
			b.WriteString("</a></li>")
		}
		b.WriteString("\n    ")
		if v.Next != nil {
			b.WriteString(`<li class="pager__next"><a rel="next" href="`)
			escapeURL(b, v.Next.Href)
			b.WriteString(`"><span class="pager__label">`)
			escapeHTML(b, v.T["next"])
			b.WriteString("</span> ")
			escapeHTML(b, v.Next.Title)
			b.WriteString("</a></li>")
		}
		b.WriteString("\n  </ul>\n</nav>\n")
	}
	b.WriteString("\n")
	if v.LastModified != "" || v.EditURL != "" {
		b.WriteString(`<p class="page-meta">`)
		if v.LastModified != "" {
			escapeHTML(b, v.T["lastModified"])
			b.WriteString(`: <time datetime="`)
			escapeHTML(b, v.LastModifiedISO)
			b.WriteString(`">`)
			escapeHTML(b, v.LastModified)
			b.WriteString("</time>")
		}
		if v.LastModified != "" && v.EditURL != "" {
			b.WriteString(" · ")
		}
		if v.EditURL != "" {
			b.WriteString(`<a href="`)
			escapeURL(b, v.EditURL)
			b.WriteString(`">`)
			escapeHTML(b, v.T["edit"])
			b.WriteString("</a>")
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("\n")
}

// writeGroups writes relation groups as the entity template's definition list entries.
func writeGroups(b *bytes.Buffer, groups []Group) {
	for _, g := range groups {
		b.WriteString("<dt>")
		escapeHTML(b, g.Label)
		b.WriteString("</dt>\n    <dd><ul>")
		for _, l := range g.Links {
			writeLinkItem(b, l)
		}
		b.WriteString("</ul></dd>\n    ")
	}
}

// writeLinkItem writes <li>{{.A}}{{with .Kind}} <span class="kind-label">{{.}}</span>{{end}}</li>.
func writeLinkItem(b *bytes.Buffer, l Link) {
	b.WriteString("<li>")
	b.WriteString(string(l.A))
	if l.Kind != "" {
		b.WriteString(` <span class="kind-label">`)
		escapeHTML(b, l.Kind)
		b.WriteString("</span>")
	}
	b.WriteString("</li>")
}

// writeRACI writes the "raci" template.
func writeRACI(b *bytes.Buffer, t map[string]string, r *RACI, caption string) {
	b.WriteString(`<div class="table-scroll" role="group" aria-label="`)
	escapeHTML(b, caption)
	b.WriteString("\" tabindex=\"0\">\n<table class=\"raci-table\">\n  <caption>")
	escapeHTML(b, caption)
	b.WriteString("</caption>\n  <thead><tr><th scope=\"col\">")
	escapeHTML(b, t["step"])
	b.WriteString(`</th><th scope="col">`)
	escapeHTML(b, t["phase"])
	b.WriteString("</th>")
	for _, p := range r.Parties {
		b.WriteString(`<th scope="col">`)
		b.WriteString(string(p.A))
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n  <tbody>\n  ")
	for _, row := range r.Rows {
		b.WriteString(`<tr><th scope="row">`)
		escapeHTML(b, row.Step)
		b.WriteString("</th><td>")
		if row.Phase != nil {
			b.WriteString(string(row.Phase.A))
		}
		b.WriteString("</td>")
		for _, c := range row.Cells {
			b.WriteString(`<td class="raci-letter">`)
			escapeHTML(b, c)
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n  ")
	}
	b.WriteString("\n  </tbody>\n</table>\n</div>\n<p class=\"legend\">")
	escapeHTML(b, t["raciLegend"])
	b.WriteString("</p>")
}

// writeFigure writes the "rm-figure" template of partials/rolemap.html.
func writeFigure(b *bytes.Buffer, f *Figure) {
	b.WriteString(`<section class="rm-section rm-section--`)
	escapeHTML(b, f.Kind)
	b.WriteString(`" aria-labelledby="`)
	escapeHTML(b, f.ID)
	b.WriteString("\">\n  <h2 id=\"")
	escapeHTML(b, f.ID)
	b.WriteString(`">`)
	escapeHTML(b, f.Heading)
	b.WriteString("</h2>\n  <figure class=\"rm-figure rm-figure--")
	escapeHTML(b, f.Kind)
	b.WriteString("\">\n    <div class=\"rm-scroll\">")
	b.WriteString(string(f.Map.SVG))
	b.WriteString("</div>\n    <figcaption>")
	if f.Map.Caption != "" {
		b.WriteString("<p>")
		escapeHTML(b, f.Map.Caption)
		b.WriteString("</p>")
	}
	if len(f.Map.Legend) > 0 {
		b.WriteString("<ul class=\"rm-legend\">\n  ")
		for _, it := range f.Map.Legend {
			b.WriteString("<li>")
			if it.Box {
				b.WriteString(`<svg class="rm-swatch" viewBox="0 0 28 16" width="28" height="16" aria-hidden="true" focusable="false"><rect class="rm-swatch-box `)
				escapeHTML(b, it.Class)
				b.WriteString(`" x="1" y="1" width="26" height="14" rx="3"/></svg>`)
			} else {
				b.WriteString(`<svg class="rm-swatch" viewBox="0 0 36 16" width="36" height="16" aria-hidden="true" focusable="false"><g class="`)
				escapeHTML(b, it.Class)
				b.WriteString(`"><path class="rm-line" d="M1 8H27"/><polygon class="rm-arrow" points="35,8 26,4 26,12"/></g></svg>`)
			}
			b.WriteString(" ")
			escapeHTML(b, it.Label)
			b.WriteString("</li>\n  ")
		}
		b.WriteString("\n</ul>")
	}
	b.WriteString("</figcaption>\n  </figure>\n</section>")
}

// writeStepFlow writes the "step-flow" template.
func writeStepFlow(b *bytes.Buffer, v *View) {
	b.WriteString("<section class=\"step-flow\" aria-labelledby=\"stappen-kop\">\n  <h2 id=\"stappen-kop\">")
	escapeHTML(b, v.T["stepFlow"])
	b.WriteString("</h2>\n  <ol class=\"step-flow__phases\">\n    ")
	for _, c := range v.StepFlow {
		b.WriteString("<li class=\"step-flow__phase\">\n      <h3>")
		if c.Phase != nil {
			b.WriteString(string(c.Phase.A))
		} else {
			escapeHTML(b, v.T["noPhase"])
		}
		b.WriteString("</h3>\n      <ol class=\"step-flow__steps\">\n        ")
		for _, s := range c.Steps {
			b.WriteString(`<li class="step-flow__step"><span class="step-flow__title">`)
			escapeHTML(b, s.Title)
			b.WriteString("</span>\n          ")
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
	b.WriteString(`<span class="step-flow__party"><abbr title="`)
	escapeHTML(b, name)
	b.WriteString(`">`)
	b.WriteString(letter)
	b.WriteString("</abbr>: ")
	for i, l := range links {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(l.A))
	}
	b.WriteString("</span>")
}

// escapeURL writes s as html/template writes a value at the start of a URL attribute: filtered,
// normalised and escaped for the attribute.
func escapeURL(b *bytes.Buffer, s string) {
	if !safeURL(s) {
		s = "#ZgotmplZ"
	}
	escapeHTML(b, normaliseURL(s))
}
