package generator

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// gitDates returns, for each Markdown file under source's content/ folder, the time of the last
// commit that changed it, keyed by its slash-separated path relative to source ("content/x.md").
// Files with changes that are not committed yet are left out, so that their file time counts.
//
// It runs git twice for the whole folder, not once per file. When git is missing, source is not
// in a repository, or git fails, it returns nil: the caller falls back to file times quietly.
func gitDates(source string) map[string]time.Time {
	if _, err := exec.LookPath("git"); err != nil {
		return nil
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
		return nil
	}
	dates := map[string]time.Time{}
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
		if _, seen := dates[line]; !seen {
			dates[line] = when
		}
	}
	// Uncommitted changes (staged or not) are newer than any commit: their file time is right.
	if diff, ok := run("diff", "--relative", "--name-only", "HEAD", "--", "content"); ok {
		for _, p := range strings.Split(string(diff), "\n") {
			delete(dates, p)
		}
	}
	return dates
}
