package generator

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// history is what git says about content/: the last commit of each file, the files with
// changes that are not committed, and each file's blob in HEAD.
type history struct {
	dates map[string]time.Time
	dirty map[string]bool
	blobs map[string]string // path → object name in HEAD
}

// readHistory runs git for the whole content folder; ok is false when there is no history to
// read (no git, no repository, git failing).
func readHistory(source string) (h history, ok bool) {
	if _, err := exec.LookPath("git"); err != nil {
		return h, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	run := func(args ...string) ([]byte, bool) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", source, "-c", "core.quotePath=off"}, args...)...)
		out, err := cmd.Output()
		return out, err == nil
	}
	// Newest commit first: the first time a path shows up is its last change. --relative keeps
	// the paths relative to source even when the repository root is above it.
	log, ok := run("log", "--relative", "--name-only", "--no-renames", "--format=%x00%ct", "--", "content")
	if !ok {
		return h, false
	}
	h = history{dates: map[string]time.Time{}, dirty: map[string]bool{}, blobs: map[string]string{}}
	var when time.Time
	sc := bufio.NewScanner(bytes.NewReader(log))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if ts, isCommit := strings.CutPrefix(line, "\x00"); isCommit {
			sec, err := strconv.ParseInt(strings.TrimSpace(ts), 10, 64)
			if err != nil {
				when = time.Time{}
				continue
			}
			when = time.Unix(sec, 0)
			continue
		}
		if line == "" || when.IsZero() {
			continue
		}
		if _, seen := h.dates[line]; !seen {
			h.dates[line] = when
		}
	}
	// Uncommitted changes (staged or not) are newer than any commit: their file time is right.
	if diff, ok := run("diff", "--relative", "--name-only", "HEAD", "--", "content"); ok {
		for _, p := range strings.Split(string(diff), "\n") {
			if p != "" {
				h.dirty[p] = true
			}
		}
	}
	// What each file is in HEAD, to tell later whether an edited file still differs from it.
	if tree, ok := run("ls-tree", "-r", "-z", "HEAD", "--", "content"); ok {
		for _, entry := range bytes.Split(tree, []byte{0}) {
			meta, path, ok := strings.Cut(string(entry), "\t")
			if f := strings.Fields(meta); ok && len(f) == 3 && f[1] == "blob" {
				h.blobs[path] = f[2]
			}
		}
	}
	return h, true
}

// gitCache keeps the history between the builds of a Builder, so that an edit does not run git:
// git runs again only when the repository's state (HEAD, the branch it is on, the index)
// changes. A file whose content changed since git last ran counts as committed when it is
// byte for byte its blob in HEAD, and as changed otherwise.
type gitCache struct {
	stamp string // the repository's state when h was read; "" before the first read
	h     history
	ok    bool // h was read
}

// dates returns, for each Markdown file under source's content/ folder, the time of the last
// commit that changed it, keyed by its slash-separated path relative to source ("content/x.md").
// Files with changes that are not committed yet are left out, so that their file time counts.
// git runs for the whole folder, not once per file; when git is missing, source is not in a
// repository, or git fails, it returns nil and the caller falls back to file times quietly.
// data gives a file's current content. changed lists the paths whose content changed since the
// previous call (nil: not known, so all are checked with git).
func (c *gitCache) dates(source string, changed []string, data func(path string) ([]byte, bool)) map[string]time.Time {
	stamp := repoStamp(source)
	if stamp != c.stamp || changed == nil {
		c.h, c.ok = readHistory(source)
		c.stamp = stamp
	} else if c.ok {
		for _, p := range changed {
			b, exists := data(p)
			if !exists {
				continue
			}
			blob, inHead := c.h.blobs[p]
			c.h.dirty[p] = !inHead || blob != blobName(b)
		}
	}
	if !c.ok {
		return nil
	}
	out := make(map[string]time.Time, len(c.h.dates))
	for p, t := range c.h.dates {
		if !c.h.dirty[p] {
			out[p] = t
		}
	}
	return out
}

// blobName is git's object name of a file with content b.
func blobName(b []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(b))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// repoStamp describes the state of the repository that holds source, from the files git
// changes when a commit is made, a branch is switched or the index is written: HEAD, the
// branch it points to, packed-refs and the index. "none" when no repository holds source.
func repoStamp(source string) string {
	dir, err := filepath.Abs(source)
	if err != nil {
		return "none"
	}
	gitDir := ""
	for {
		p := filepath.Join(dir, ".git")
		if st, err := os.Stat(p); err == nil {
			gitDir = p
			if !st.IsDir() { // a worktree or submodule: "gitdir: PATH"
				if b, err := os.ReadFile(p); err == nil {
					if d, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir: "); ok {
						if !filepath.IsAbs(d) {
							d = filepath.Join(dir, d)
						}
						gitDir = d
					}
				}
			}
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "none"
		}
		dir = parent
	}
	var b strings.Builder
	stat := func(p string) {
		if st, err := os.Stat(p); err == nil {
			fmt.Fprintf(&b, "%s %d %d;", p, st.Size(), st.ModTime().UnixNano())
		} else {
			fmt.Fprintf(&b, "%s -;", p)
		}
	}
	head, _ := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	b.Write(head)
	stat(filepath.Join(gitDir, "index"))
	if ref, ok := strings.CutPrefix(strings.TrimSpace(string(head)), "ref: "); ok {
		stat(filepath.Join(gitDir, filepath.FromSlash(ref)))
		if common, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil { // worktrees keep branches there
			d := strings.TrimSpace(string(common))
			if !filepath.IsAbs(d) {
				d = filepath.Join(gitDir, d)
			}
			stat(filepath.Join(d, filepath.FromSlash(ref)))
			stat(filepath.Join(d, "packed-refs"))
		}
	}
	stat(filepath.Join(gitDir, "packed-refs"))
	return b.String()
}
