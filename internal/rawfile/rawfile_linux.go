package rawfile

import (
	"os"
	"syscall"
	"time"
)

// Read returns the contents of the regular file name, read up to the size it had when opened
// (a file cut short while it is read is returned as it is), and its modification time. Anything
// else (a folder, a named pipe) is an error; a named pipe is not waited on.
func Read(name string) ([]byte, time.Time, error) {
	fd, err := open(name, syscall.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := retry(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return nil, time.Time{}, &os.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, time.Time{}, notRegular(name)
	}
	data := make([]byte, st.Size)
	n, err := readFull(fd, name, data)
	if err != nil {
		return nil, time.Time{}, err
	}
	return data[:n], time.Unix(st.Mtim.Unix()), nil
}

// Fill reads the start of the file name into buf, up to len(buf) bytes, and returns how many it
// read.
func Fill(name string, buf []byte) (int, error) {
	fd, err := open(name, syscall.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return 0, err
	}
	defer syscall.Close(fd)
	return readFull(fd, name, buf)
}

// readFull reads from fd into buf until buf is full or the file ends, and returns how many
// bytes it read.
func readFull(fd int, name string, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return n, &os.PathError{Op: "read", Path: name, Err: err}
		}
		if m == 0 {
			break
		}
		n += m
	}
	return n, nil
}

// Write writes data to the file name, creating it with perm (before the umask) or truncating it.
func Write(name string, data []byte, perm os.FileMode) error {
	fd, err := open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC, uint32(perm.Perm()))
	if err != nil {
		return err
	}
	for len(data) > 0 {
		m, err := syscall.Write(fd, data)
		if err == syscall.EINTR || err == syscall.EAGAIN {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &os.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[m:]
	}
	if err := syscall.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

func open(name string, flags int, perm uint32) (int, error) {
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(name, flags|syscall.O_CLOEXEC, perm)
		return err
	})
	if err != nil {
		return -1, &os.PathError{Op: "open", Path: name, Err: err}
	}
	return fd, nil
}

// retry calls f again while a signal interrupts it, as the os package does.
func retry(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}
