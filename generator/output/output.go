// Package output writes a finished build to disk so that the destination folder always holds a
// whole site: the last good one, or the new one, never a mixture.
//
// The new site is written into a temporary folder next to the destination and swapped in with two
// renames. A build that fails, or is killed half-way, leaves the destination as it was; the next
// build removes the temporary folders such a build left behind. Two builds into one destination
// at the same time take turns (a lock on the parent folder).
package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Marker is a file every handboek output has. A destination folder that holds files but not this
// one was not made by handboek, and is never replaced.
const Marker = "graph.json"

// Write replaces the folder dest with files (paths relative to dest, slash-separated).
func Write(dest string, files map[string][]byte) error {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	if err := checkDest(dest); err != nil {
		return err
	}
	unlock, err := lock(parent)
	if err != nil {
		return err
	}
	defer unlock()

	// Remove what an interrupted build left behind.
	for _, pattern := range []string{"." + base + ".tmp-*", "." + base + ".old-*"} {
		stale, _ := filepath.Glob(filepath.Join(parent, pattern))
		for _, s := range stale {
			_ = os.RemoveAll(s)
		}
	}

	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := writeAll(tmp, files); err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}

	old := ""
	if _, err := os.Lstat(dest); err == nil {
		old = tmp[:len(tmp)-len(filepath.Base(tmp))] + "." + base + ".old-" + strings.TrimPrefix(filepath.Base(tmp), "."+base+".tmp-")
		if err := os.Rename(dest, old); err != nil {
			_ = os.RemoveAll(tmp)
			return fmt.Errorf("cannot replace %s: %w", dest, err)
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest)
		}
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("cannot replace %s: %w", dest, err)
	}
	if old != "" {
		_ = os.RemoveAll(old)
	}
	return nil
}

// checkDest refuses a destination that holds files handboek did not make.
func checkDest(dest string) error {
	st, err := os.Stat(dest)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is a file, not a folder: choose another -dest", dest)
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dest, Marker)); err != nil {
		return fmt.Errorf("%s holds files that handboek did not make (it has no %s), so it is not replaced: choose an empty or new folder for -dest", dest, Marker)
	}
	return nil
}

func writeAll(root string, files map[string][]byte) error {
	dirs := map[string]bool{}
	for name := range files {
		for d := filepath.Dir(filepath.FromSlash(name)); d != "." && !dirs[d]; d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	for d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}
	names := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range max(4, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range names {
				if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), files[name], 0o644); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for name := range files {
		if strings.Contains(name, "..") || filepath.IsAbs(name) {
			continue
		}
		names <- name
	}
	close(names)
	wg.Wait()
	return firstErr
}
