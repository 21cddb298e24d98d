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
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"handboek/internal/rawfile"
)

// Marker is a file every handboek output has. A destination folder that holds files but not this
// one was not made by handboek, and is never replaced.
const Marker = "graph.json"

// Write replaces the folder dest with files (paths relative to dest, slash-separated).
func Write(dest string, files map[string][]byte) error {
	st, err := Begin(dest)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	if err := parallel(names, func(name string, _ []byte) ([]byte, error) {
		return nil, st.Put(name, files[name])
	}); err != nil {
		st.Abort()
		return err
	}
	return st.Commit()
}

// Stage is a new site being written next to its destination, one file at a time, so that a
// build need not hold its whole output in memory. Nothing is visible in the destination until
// Commit; Abort (or a killed process) leaves it exactly as it was. Between Begin and
// Commit or Abort the stage holds the destination's lock.
type Stage struct {
	dest, parent, base, spare string
	dir                       string // where the new site is made: the spare or a new folder
	prev                      string // in a new folder: the live site to hard-link unchanged files from, or ""
	unlock                    func()

	dirMu sync.Mutex // held while making folders
	mu    sync.Mutex
	names map[string]bool // files put
	dirs  map[string]bool // folders known to exist in dir
	bufs  sync.Pool
}

// Begin locks dest and prepares a stage for a new site: the spare (the site before the last)
// when there is one, else a new temporary folder. It refuses a destination that holds files
// handboek did not make, and removes what interrupted builds left behind.
func Begin(dest string) (*Stage, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if err := checkDest(dest); err != nil {
		return nil, err
	}
	unlock, err := lock(parent)
	if err != nil {
		return nil, err
	}
	st := &Stage{dest: dest, parent: parent, base: base, spare: filepath.Join(parent, "."+base+".spare"),
		unlock: unlock, names: map[string]bool{}, dirs: map[string]bool{".": true}}
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
	if isOutput(st.spare) {
		st.dir = st.spare
		return st, nil
	}
	_ = removeAll(st.spare)
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err == nil {
		err = os.Chmod(tmp, 0o755)
	}
	if err != nil {
		unlock()
		return nil, err
	}
	st.dir = tmp
	if isOutput(dest) {
		st.prev = dest
	}
	return st, nil
}

// Put writes one file of the new site (name relative to the site's root, slash-separated). It
// is safe to call from several goroutines; data is not kept. A file whose bytes equal the
// stage's file (in the spare) or the live site's file (in a new folder) is not written again.
func (st *Stage) Put(name string, data []byte) error {
	if strings.Contains(name, "..") || path.IsAbs(name) || filepath.IsAbs(name) {
		return nil // never outside the output
	}
	st.mu.Lock()
	clash := st.dirs[name]
	st.names[name] = true
	st.mu.Unlock()
	if clash {
		return fmt.Errorf("%s is both a file and a folder of the output", name)
	}
	if err := st.mkdirs(path.Dir(name)); err != nil {
		return err
	}
	bp, _ := st.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer st.bufs.Put(bp)
	rel := filepath.FromSlash(name)
	dst := filepath.Join(st.dir, rel)
	var same bool
	if st.dir == st.spare {
		// The spare may share files with the live site through hard links: never write in
		// place, only replace by rename.
		if same, *bp = sameBytes(dst, data, *bp); same {
			return nil
		}
		if _, err := os.Lstat(dst); err != nil {
			return rawfile.Write(dst, data, 0o644)
		}
		tmp := dst + ".handboek-tmp"
		if err := rawfile.Write(tmp, data, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, dst); err != nil {
			// dst was a folder in the site before; it is not wanted any more.
			if rerr := os.RemoveAll(dst); rerr != nil {
				return err
			}
			return os.Rename(tmp, dst)
		}
		return nil
	}
	if st.prev != "" {
		old := filepath.Join(st.prev, rel)
		if same, *bp = sameBytes(old, data, *bp); same && os.Link(old, dst) == nil {
			return nil
		}
	}
	return rawfile.Write(dst, data, 0o644)
}

// mkdirs makes the folder d (slash-separated, relative to the stage) and its parents. In the
// spare, a file standing where a folder must be is removed first.
func (st *Stage) mkdirs(d string) error {
	st.dirMu.Lock() // one folder made at a time: a folder is known only once it exists
	defer st.dirMu.Unlock()
	return st.mkdirsLocked(d)
}

func (st *Stage) mkdirsLocked(d string) error {
	st.mu.Lock()
	known, clash := st.dirs[d], st.names[d]
	st.dirs[d] = true // claimed now, so that a file of this name is refused from here on
	st.mu.Unlock()
	if clash {
		return fmt.Errorf("%s is both a file and a folder of the output", d)
	}
	if known {
		return nil
	}
	if err := st.mkdirsLocked(path.Dir(d)); err != nil {
		return err
	}
	full := filepath.Join(st.dir, filepath.FromSlash(d))
	err := os.Mkdir(full, 0o755)
	if errors.Is(err, os.ErrExist) {
		if fi, serr := os.Lstat(full); serr == nil && !fi.IsDir() && st.dir == st.spare {
			if err = os.Remove(full); err == nil {
				err = os.Mkdir(full, 0o755)
			}
		} else {
			err = nil
		}
	}
	if err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	return nil
}

// Abort discards the new site and releases the lock; the destination stays as it was. A
// half-updated spare is left for the next build, which compares every file again.
func (st *Stage) Abort() {
	if st.dir != st.spare {
		_ = removeAll(st.dir)
	}
	st.unlock()
}

// Commit removes from the stage what was not put (left over in the spare), then swaps the new
// site in for the destination and releases the lock. The site before becomes the next spare.
func (st *Stage) Commit() error {
	defer st.unlock()
	if st.dir == st.spare {
		if err := st.prune(); err != nil {
			return err
		}
	}
	next, dest, spare := st.dir, st.dest, st.spare
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
		old = filepath.Join(st.parent, "."+st.base+".old-"+strings.TrimPrefix(filepath.Base(next), "."+st.base+"."))
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

// prune removes every file and folder of the stage that was not put.
func (st *Stage) prune() error {
	return filepath.WalkDir(st.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == st.dir {
			return nil
		}
		rel, err := filepath.Rel(st.dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if !st.dirs[rel] {
				if err := os.RemoveAll(p); err != nil {
					return err
				}
				return filepath.SkipDir
			}
			return nil
		}
		if !st.names[rel] || !d.Type().IsRegular() {
			return os.Remove(p)
		}
		return nil
	})
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
	if cap(buf) < len(data)+1 {
		buf = make([]byte, len(data)+1)
	}
	// Read one byte more than expected, to notice a file that grew since Lstat.
	n, err := rawfile.Fill(name, buf[:len(data)+1])
	if n != len(data) || err != nil {
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
