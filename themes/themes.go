// Package themes holds the default theme, built into the binary so that an installed handboek
// needs no files besides the content. A site's own themes/NAME/ folder overrides it file by file.
package themes

import "embed"

// Default is the default theme: layouts/ holds the page templates, static/ files copied as they
// are into the output.
//
//go:embed default
var Default embed.FS
