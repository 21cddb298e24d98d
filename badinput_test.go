package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/bad/*/expected from the program's output")

// TestBadInput runs every site in testdata/bad through "handboek build", the way an editor would,
// and compares the exit status and every line on standard error with the case's expected file:
//
//	exit N
//	PATH:LINE:COL: message
//	...
//
// A case's args file, when present, replaces the command line (before -source and -dest). In the
// expected text, SOURCE stands for the case's folder and DEST for the destination. A failed build
// must leave the destination as it was: here, not there at all.
func TestBadInput(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "bad", "*"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases in testdata/bad: %v", err)
	}
	for _, dir := range cases {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			args := []string{"build"}
			if b, err := os.ReadFile(filepath.Join(dir, "args")); err == nil {
				args = strings.Fields(string(b))
			}
			dest := filepath.Join(t.TempDir(), "public")
			args = append(args, "-source", dir, "-dest", dest)
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)

			got := fmt.Sprintf("exit %d\n%s", code, stderr.String())
			abs, _ := filepath.Abs(dir)
			got = strings.ReplaceAll(got, dest, "DEST")
			got = strings.ReplaceAll(got, abs, "SOURCE")
			got = strings.ReplaceAll(got, dir, "SOURCE")

			file := filepath.Join(dir, "expected")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -run TestBadInput -update to write it, then read it)", err)
			}
			if got != string(want) {
				t.Errorf("handboek %s\ngot:\n%s\nwant:\n%s", strings.Join(args, " "), got, want)
			}
			if code == 0 {
				t.Errorf("a bad site built without problems")
			}
			if stdout.Len() > 0 {
				t.Errorf("a failed build printed on standard output: %q", stdout.String())
			}
			if _, err := os.Lstat(dest); !os.IsNotExist(err) {
				t.Errorf("a failed build wrote %s", dest)
			}
		})
	}
}
