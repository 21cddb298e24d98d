package main

import (
	"path/filepath"
	"syscall"
	"testing"
)

// TestNamedPipeIsRefused: a named pipe among the Markdown files is reported, not waited on (on
// Linux; elsewhere opening one waits for a writer).
func TestNamedPipeIsRefused(t *testing.T) {
	r := buildHostile(t, nil, func(src string) {
		must(t, syscall.Mkfifo(filepath.Join(src, "content", "pijp.md"), 0o644))
	})
	mustFail(t, r, "content/pijp.md: cannot read: pijp.md is not a regular file\nBuild failed: 1 problem; DEST was left as it was.\n")
}
