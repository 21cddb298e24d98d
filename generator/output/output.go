// Package output writes a finished build to disk so that the destination folder always holds a
// whole site: the last good one, or the new one, never a mixture.
//
// The new site is written into a temporary folder next to the destination and swapped in: in one
// step on Linux (renameat2 RENAME_EXCHANGE), elsewhere with two renames. A build that fails, or is killed half-way, leaves the destination as it was; the next
// build removes the temporary folders such a build left behind. Two builds into one destination
// at the same time take turns (a lock on the parent folder).
//
// A rebuild mostly makes the same bytes again. Writing them anew is the costly part on disk
// (ext4 allocates and, with discard, trims blocks for every file), so a file whose bytes equal
// the destination's file of the same name is hard-linked into the temporary folder instead of
// written. Better still, the site before the last one is kept as a hidden spare folder next to
// the destination (.NAME.spare) and brought up to date in place: only files whose bytes changed
// are written, and nothing is created or removed for the rest, so a rebuild costs reads, not
// writes. The spare is never the live site, so a build that fails or is killed while updating
// it leaves the destination exactly as it was; and since the next build compares every file
// again, a half-updated spare does no harm. Files are never written in place, only replaced by
// rename, because the spare and the live site may share files through hard links.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
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

	spare := filepath.Join(parent, "."+base+".spare")
	olds, _ := filepath.Glob(filepath.Join(parent, "."+base+".old-*"))
	if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) && len(olds) == 1 {
		// A build was stopped between the two renames of its swap: the last good site is the
		// old-* folder; put it back.
		if os.Rename(olds[0], dest) == nil {
			olds = nil
		}
	}
	// Remove what an interrupted build left behind.
	stale, _ := filepath.Glob(filepath.Join(parent, "."+base+".tmp-*"))
	for _, s := range append(stale, olds...) {
		_ = removeAll(s)
	}

	// The new site is made in the spare (the site before the last one) when there is one, else
	// in a new folder.
	next := ""
	if isOutput(spare) {
		if err := syncTree(spare, files); err == nil {
			next = spare
		}
	}
	if next == "" {
		_ = removeAll(spare)
		tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
		if err != nil {
			return err
		}
		if err := os.Chmod(tmp, 0o755); err != nil {
			return err
		}
		prev := ""
		if isOutput(dest) {
			prev = dest
		}
		if err := writeAll(tmp, prev, files); err != nil {
			_ = removeAll(tmp)
			return err
		}
		next = tmp
	}

	old := ""
	if _, err := os.Lstat(dest); err == nil {
		// Swap in one step where the system can, so that dest is never missing, not even for a
		// moment between two renames (a reader would see no site; a kill there leaves none).
		if exchange(next, dest) == nil {
			// next now holds the site before: it becomes the spare.
			if next != spare {
				if err := os.Rename(next, spare); err != nil {
					_ = removeAll(next)
				}
			}
			return nil
		}
		old = filepath.Join(parent, "."+base+".old-"+strings.TrimPrefix(filepath.Base(next), "."+base+"."))
		if err := os.Rename(dest, old); err != nil {
			return fmt.Errorf("cannot replace %s: %w", dest, err)
		}
	}
	if err := os.Rename(next, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest)
		}
		return fmt.Errorf("cannot replace %s: %w", dest, err)
	}
	if old != "" {
		// Keep the site before as the spare for the next build; it is not part of the output.
		if err := os.Rename(old, spare); err != nil {
			_ = removeAll(old)
		}
	}
	return nil
}

// isOutput reports whether dir is a folder holding a handboek output (it has Marker).
func isOutput(dir string) bool {
	st, err := os.Lstat(filepath.Join(dir, Marker))
	return err == nil && st.Mode().IsRegular()
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

// writeAll writes files under root, a new empty folder. Where prev (the last good output, or "")
// holds a regular file of the same name with the same bytes, that file is hard-linked instead.
func writeAll(root, prev string, files map[string][]byte) error {
	names, dirs := plan(files)
	for _, d := range dirs {
		if err := os.Mkdir(filepath.Join(root, filepath.FromSlash(d)), 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
	}
	return parallel(names, func(name string, buf []byte) ([]byte, error) {
		rel := filepath.FromSlash(name)
		dst := filepath.Join(root, rel)
		if prev != "" {
			old := filepath.Join(prev, rel)
			var same bool
			if same, buf = sameBytes(old, files[name], buf); same && os.Link(old, dst) == nil {
				return buf, nil
			}
		}
		return buf, os.WriteFile(dst, files[name], 0o644)
	})
}

// syncTree makes root, a folder that is not the live site, hold exactly files: it removes what
// is not in files, and writes only files whose bytes differ. A changed file is written under a
// temporary name and renamed over the old one, never written in place, because its old inode
// may be shared (hard-linked) with the live site.
func syncTree(root string, files map[string][]byte) error {
	names, dirs := plan(files)
	wantDir := make(map[string]bool, len(dirs))
	for _, d := range dirs {
		wantDir[d] = true
	}
	haveDir := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == root {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if !wantDir[rel] {
				if err := os.RemoveAll(p); err != nil {
					return err
				}
				return filepath.SkipDir
			}
			haveDir[rel] = true
			return nil
		}
		if _, ok := files[rel]; !ok || !d.Type().IsRegular() {
			return os.Remove(p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, d := range dirs {
		if !haveDir[d] {
			if err := os.Mkdir(filepath.Join(root, filepath.FromSlash(d)), 0o755); err != nil && !errors.Is(err, os.ErrExist) {
				return err
			}
		}
	}
	return parallel(names, func(name string, buf []byte) ([]byte, error) {
		dst := filepath.Join(root, filepath.FromSlash(name))
		var same bool
		if same, buf = sameBytes(dst, files[name], buf); same {
			return buf, nil
		}
		if _, err := os.Lstat(dst); err != nil {
			return buf, os.WriteFile(dst, files[name], 0o644)
		}
		tmp := dst + ".handboek-tmp"
		if err := os.WriteFile(tmp, files[name], 0o644); err != nil {
			return buf, err
		}
		return buf, os.Rename(tmp, dst)
	})
}

// plan returns the names of files that stay inside the output, sorted, and every folder they
// need, sorted so that a parent comes before its children.
func plan(files map[string][]byte) (names, dirs []string) {
	seen := map[string]bool{}
	for name := range files {
		if strings.Contains(name, "..") || path.IsAbs(name) || filepath.IsAbs(name) {
			continue
		}
		names = append(names, name)
		for d := path.Dir(name); d != "." && d != "/" && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Strings(names)
	sort.Strings(dirs)
	return names, dirs
}

// parallel calls fn for every name on several goroutines and returns the first error. Each
// goroutine has its own scratch buffer, which fn receives and returns (possibly grown).
func parallel(names []string, fn func(name string, buf []byte) ([]byte, error)) error {
	work := make(chan string, 64)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range max(4, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for name := range work {
				var err error
				if buf, err = fn(name, buf); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, name := range names {
		work <- name
	}
	close(work)
	wg.Wait()
	return firstErr
}

// sameBytes reports whether the regular file name holds exactly data.
func sameBytes(name string, data, buf []byte) (bool, []byte) {
	st, err := os.Lstat(name)
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false, buf
	}
	f, err := os.Open(name)
	if err != nil {
		return false, buf
	}
	defer f.Close()
	if cap(buf) < len(data)+1 {
		buf = make([]byte, len(data)+1)
	}
	// Read one byte more than expected, to notice a file that grew since Lstat.
	n, err := io.ReadFull(f, buf[:len(data)+1])
	if n != len(data) || (err != io.ErrUnexpectedEOF && err != io.EOF) {
		return false, buf
	}
	return bytes.Equal(buf[:n], data), buf
}

// removeAll removes the folder dir and everything in it, several subfolders at a time.
func removeAll(dir string) error {
	var subs []string
	top, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	for _, e := range top {
		full := filepath.Join(dir, e.Name())
		if !e.IsDir() {
			subs = append(subs, full)
			continue
		}
		inner, err := os.ReadDir(full)
		if err != nil {
			subs = append(subs, full)
			continue
		}
		for _, f := range inner {
			subs = append(subs, filepath.Join(full, f.Name()))
		}
	}
	work := make(chan string, 64)
	var wg sync.WaitGroup
	for range max(4, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				_ = os.RemoveAll(p)
			}
		}()
	}
	for _, p := range subs {
		work <- p
	}
	close(work)
	wg.Wait()
	return os.RemoveAll(dir)
}
