//go:build !linux

package hugeheap

// Advise does nothing: only Linux gives huge pages to memory that asks for them.
func Advise(n int64) error { return nil }
