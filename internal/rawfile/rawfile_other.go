//go:build !linux

package rawfile

import (
	"io"
	"os"
	"time"
)

// Read returns the contents of the regular file name, read up to the size it had when opened
// (a file cut short while it is read is returned as it is), and its modification time. Anything
// else (a folder, a named pipe) is an error.
func Read(name string) ([]byte, time.Time, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, err
	}
	if !info.Mode().IsRegular() {
		return nil, time.Time{}, notRegular(name)
	}
	data := make([]byte, info.Size())
	n, err := io.ReadFull(f, data)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, time.Time{}, err
	}
	return data[:n], info.ModTime(), nil
}

// Fill reads the start of the file name into buf, up to len(buf) bytes, and returns how many it
// read.
func Fill(name string, buf []byte) (int, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return n, err
}

// Write writes data to the file name, creating it with perm (before the umask) or truncating it.
func Write(name string, data []byte, perm os.FileMode) error {
	return os.WriteFile(name, data, perm)
}
