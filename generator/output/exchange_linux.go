//go:build linux

package output

import "golang.org/x/sys/unix"

// exchange swaps the folders a and b in one step (renameat2 with RENAME_EXCHANGE), so that
// neither name is ever missing. It fails where the file system cannot; callers then fall back
// to two renames.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
