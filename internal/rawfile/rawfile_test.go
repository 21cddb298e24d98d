//go:build linux

package rawfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestReadAndWrite(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "rol.md")
	if err := Write(name, []byte("+++\ntitle = \"Griffier\"\n+++\nlang verhaal\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(name, []byte("kort\n"), 0o644); err != nil { // truncates what was there
		t.Fatal(err)
	}
	when := time.Date(2026, 3, 1, 9, 30, 15, 0, time.UTC)
	if err := os.Chtimes(name, when, when); err != nil {
		t.Fatal(err)
	}
	data, mtime, err := Read(name)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != "kort\n" || !mtime.Equal(when) {
		t.Errorf("Read = %q, %v; want %q, %v", data, mtime, "kort\n", when)
	}
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644&^umask() {
		t.Errorf("mode %v, want %v", info.Mode().Perm(), os.FileMode(0o644&^umask()))
	}

	empty := filepath.Join(dir, "leeg.md")
	if err := Write(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if data, _, err := Read(empty); err != nil || len(data) != 0 {
		t.Errorf("Read(empty) = %q, %v", data, err)
	}
}

func TestReadRefuses(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := Read(filepath.Join(dir, "weg.md")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want a not-exist error", err)
	}
	if _, _, err := Read(dir); err == nil || err.Error() != filepath.Base(dir)+" is not a regular file" {
		t.Errorf("folder: %v", err)
	}
	if err := Write(filepath.Join(dir, "nergens", "x.md"), []byte("x"), 0o644); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("write into a missing folder: %v", err)
	}
	pipe := filepath.Join(dir, "pijp.md")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, _, err := Read(pipe); done <- err }()
	select {
	case err := <-done:
		if err == nil || err.Error() != "pijp.md is not a regular file" {
			t.Errorf("named pipe: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Read waited on a named pipe")
	}
}

func umask() os.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return os.FileMode(m)
}

func TestFill(t *testing.T) {
	name := filepath.Join(t.TempDir(), "index.html")
	if err := Write(name, []byte("<p>twaalf</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{0, 5, 13, 14, 100} {
		buf := make([]byte, size)
		n, err := Fill(name, buf)
		if want := min(size, 13); err != nil || n != want || string(buf[:n]) != "<p>twaalf</p>"[:want] {
			t.Errorf("Fill into %d bytes = %d %q, %v", size, n, buf[:n], err)
		}
	}
	if _, err := Fill(filepath.Join(t.TempDir(), "weg.html"), make([]byte, 4)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
