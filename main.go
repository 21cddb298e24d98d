// Command handboek builds an intranet handbook from a folder of Markdown about how a
// municipality governs itself: roles, bodies, domains, phases and processes, linked in both
// directions, searchable, with a role map and responsibility tables.
//
// Usage:
//
//	handboek build   [-source DIR] [-dest DIR] [-drafts] [-base-url URL]
//	handboek check   [-source DIR]
//	handboek serve   [-source DIR] [-watch] [-bind ADDR] [-port N]
//	handboek new     KIND SLUG [-source DIR]
//	handboek version
//
// Exit status: 0 success, 1 the content has problems, 2 usage or configuration errors.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"handboek/generator"
	"handboek/generator/config"
	"handboek/generator/diag"
	"handboek/generator/server"
	"handboek/internal/hugeheap"
)

// version is set at release time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `handboek builds an intranet handbook from Markdown.

Usage:
  handboek build   [-source DIR] [-dest DIR] [-drafts] [-base-url URL]
  handboek check   [-source DIR]
  handboek serve   [-source DIR] [-watch] [-bind ADDR] [-port N]
  handboek new     KIND SLUG [-source DIR]
  handboek version

Run "handboek COMMAND -h" for a command's flags.
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return cmdBuild(rest, stdout, stderr)
	case "check":
		return cmdCheck(rest, stdout, stderr)
	case "serve", "server":
		return cmdServe(rest, stdout, stderr)
	case "new":
		return cmdNew(rest, stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "handboek %s\n", versionString())
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "handboek: unknown command %q%s\n\n%s", cmd, diag.DidYouMean(cmd, []string{"build", "check", "serve", "new", "version"}), usage)
	return exitUsage
}

func versionString() string {
	v := version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
		v += " " + info.GoVersion
	}
	return v
}

// newFlags makes a command's FlagSet, writing its usage to stderr.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: handboek %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may stand before, between or after the positional arguments, and
// returns the positional ones. It returns the exit status to use when parsing fails, or -1.
func parse(fs *flag.FlagSet, args []string) ([]string, int) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK
			}
			return nil, exitUsage
		}
		if fs.NArg() == 0 {
			return positional, -1
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parseNoArgs parses the flags of a command that takes no positional arguments, and returns
// the exit status to use when parsing fails or an argument is given, or -1.
func parseNoArgs(fs *flag.FlagSet, args []string, stderr io.Writer) int {
	pos, code := parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "handboek %s: unexpected argument %q (use -source DIR for the site folder)\n", fs.Name(), pos[0])
		return exitUsage
	}
	return -1
}

func printProblems(w io.Writer, problems []diag.Problem) {
	for _, p := range problems {
		fmt.Fprintln(w, p)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// limitMemory returns what to do once a build knows the size of the site's Markdown: ask the Go
// runtime to collect garbage more often once the heap nears times that size (at least least
// bytes), rather than letting it grow to twice what is live. It is a soft limit: a larger site
// only makes the runtime work harder, never fail. GOMEMLIMIT, when set, wins.
//
// A build's live data is about five times its Markdown, so build uses eight times (at least
// 256 MiB): a 10,000-page build stays near 250 MB instead of 400 MB for a few percent more CPU.
// The dev server keeps the whole site and what it was made from, about ten times the Markdown
// with the pages compressed, so serve uses fourteen times (at least 448 MiB).
//
// The least is also the heap each command marks for huge pages before it starts (see
// internal/hugeheap): filling it then takes a fraction of the page faults.
func limitMemory(times, least int64) func(markdownBytes int64) {
	return func(markdownBytes int64) {
		if os.Getenv("GOMEMLIMIT") != "" {
			return
		}
		debug.SetMemoryLimit(max(least, times*markdownBytes))
	}
}

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "build [-source DIR] [-dest DIR] [-drafts] [-base-url URL]", stderr)
	source := fs.String("source", ".", "the folder holding site.toml")
	dest := fs.String("dest", "", "the output folder (default: public inside the source folder)")
	drafts := fs.Bool("drafts", false, "include pages with draft = true")
	baseURL := fs.String("base-url", "", "the site's address, overriding base_url in site.toml")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	memProfile := fs.String("memprofile", "", "write a memory profile to this file")
	if code := parseNoArgs(fs, args, stderr); code >= 0 {
		return code
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "handboek build: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if *dest == "" {
		*dest = filepath.Join(*source, "public")
	}
	if msg := checkDest(*source, *dest); msg != "" {
		fmt.Fprintf(stderr, "handboek build: %s\n", msg)
		return exitUsage
	}

	start := time.Now()
	// Pages are written next to the destination as they are rendered, so the build never holds
	// the whole site in memory; the destination changes only when the build has no problems.
	const least = 256 << 20
	_ = hugeheap.Advise(least) // nothing is lost where the system gives no huge pages
	if os.Getenv("GOGC") == "" {
		// Collect when the heap has grown by half what is live, not by all of it. Otherwise a
		// build of 10,000 pages reaches its memory limit early, and from then on the runtime
		// both collects and gives memory back to stay under it: 2.35 → 2.20 s in tmpfs
		// (median of 15) and peak RSS 270 → 262 MB. Lower still costs more collections than it
		// saves (BENCHMARKS.md).
		debug.SetGCPercent(50)
	}
	opt := generator.Options{Source: *source, Drafts: *drafts, BaseURL: *baseURL, Loaded: limitMemory(8, least)}
	res, writeErr := generator.NewBuilder().BuildInto(opt, *dest)
	if writeErr != nil {
		fmt.Fprintf(stderr, "handboek build: %v\n", writeErr)
		return exitProblems
	}
	if !res.OK() {
		printProblems(stderr, res.Problems)
		if res.ConfigError {
			fmt.Fprintf(stderr, "Build failed: the configuration has %s; %s was left as it was.\n", plural(len(res.Problems), "problem", "problems"), *dest)
			return exitUsage
		}
		fmt.Fprintf(stderr, "Build failed: %s; %s was left as it was.\n", plural(len(res.Problems), "problem", "problems"), *dest)
		return exitProblems
	}
	if *memProfile != "" {
		if f, err := os.Create(*memProfile); err == nil {
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	fmt.Fprintf(stdout, "Built %s into %s in %s, 0 problems.\n", plural(res.Pages, "page", "pages"), *dest, time.Since(start).Round(time.Millisecond))
	return exitOK
}

// checkDest refuses destinations that would overwrite the sources.
func checkDest(source, dest string) string {
	src, err1 := filepath.Abs(source)
	dst, err2 := filepath.Abs(dest)
	if err1 != nil || err2 != nil {
		return "cannot work out the folders' full paths"
	}
	if dst == src || strings.HasPrefix(src, dst+string(filepath.Separator)) {
		return fmt.Sprintf("-dest %s would replace the source folder: choose another output folder", dest)
	}
	for _, sub := range []string{"content", "static", "themes"} {
		d := filepath.Join(src, sub)
		if dst == d || strings.HasPrefix(dst, d+string(filepath.Separator)) {
			return fmt.Sprintf("-dest %s lies inside the source folder's %s/: choose another output folder", dest, sub)
		}
	}
	return ""
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [-source DIR]", stderr)
	source := fs.String("source", ".", "the folder holding site.toml")
	drafts := fs.Bool("drafts", false, "check pages with draft = true too")
	if code := parseNoArgs(fs, args, stderr); code >= 0 {
		return code
	}
	res := generator.NewBuilder().Build(generator.Options{Source: *source, Drafts: *drafts})
	if !res.OK() {
		printProblems(stderr, res.Problems)
		fmt.Fprintf(stderr, "Check failed: %s.\n", plural(len(res.Problems), "problem", "problems"))
		if res.ConfigError {
			return exitUsage
		}
		return exitProblems
	}
	fmt.Fprintf(stdout, "Checked %s: no problems.\n", plural(res.Pages, "page", "pages"))
	return exitOK
}

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "serve [-source DIR] [-watch] [-bind ADDR] [-port N]", stderr)
	source := fs.String("source", ".", "the folder holding site.toml")
	watch := fs.Bool("watch", false, "rebuild on every change and reload the open browser tab")
	bind := fs.String("bind", "127.0.0.1", "the address to listen on; 0.0.0.0 makes the handbook visible on the network")
	port := fs.Int("port", 1313, "the port to listen on")
	drafts := fs.Bool("drafts", false, "include pages with draft = true")
	if code := parseNoArgs(fs, args, stderr); code >= 0 {
		return code
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "handboek serve: -port %d is not a port number (1-65535)\n", *port)
		return exitUsage
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)
	const least = 448 << 20
	_ = hugeheap.Advise(least)
	err := server.Run(server.Options{
		Source: *source, Watch: *watch, Bind: *bind, Port: *port, Drafts: *drafts,
		Stdout: stdout, Stderr: stderr, Stop: stop, Loaded: limitMemory(14, least),
	})
	var ue *server.UsageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "handboek serve: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "handboek serve: %v\n", err)
	return exitProblems
}

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "new KIND SLUG [-source DIR]", stderr)
	source := fs.String("source", ".", "the folder holding site.toml")
	pos, code := parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 2 {
		fs.Usage()
		return exitUsage
	}
	cfg, problems := config.Load(*source)
	if len(problems) > 0 {
		printProblems(stderr, problems)
		return exitUsage
	}
	rel, text, err := generator.NewPage(cfg, *source, pos[0], pos[1])
	if err != nil {
		fmt.Fprintf(stderr, "handboek new: %v\n", err)
		return exitUsage
	}
	full := filepath.Join(*source, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		fmt.Fprintf(stderr, "handboek new: %v\n", err)
		return exitProblems
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintf(stderr, "handboek new: %s exists already; it was left as it is (choose another slug, or edit that file)\n", rel)
		} else {
			fmt.Fprintf(stderr, "handboek new: %v\n", err)
		}
		return exitProblems
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "handboek new: %v\n", err)
		return exitProblems
	}
	f.Close()
	fmt.Fprintf(stdout, "Created %s\n", rel)
	return exitOK
}
