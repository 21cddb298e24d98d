package hugeheap

import (
	"os"
	"runtime"
	"strings"

	"golang.org/x/sys/unix"
)

// Advise makes the next n bytes of heap the Go runtime hands out eligible for huge pages. Call
// it once, early, while the heap is small: it allocates n bytes, which the runtime takes from
// memory it maps afresh and does not touch, marks that memory MADV_HUGEPAGE and lets it go.
// The runtime never unmaps heap memory, so the pages it later fills there come in huge pages;
// the allocation itself costs no memory, as untouched pages are not resident. GODEBUG
// disablethp=1, Go's own switch for huge pages, turns it off.
func Advise(n int64) error {
	if n <= 0 || strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") {
		return nil
	}
	b := make([]byte, n)
	err := unix.Madvise(b, unix.MADV_HUGEPAGE)
	runtime.KeepAlive(b)
	return err
}
