package hugeheap

import (
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"golang.org/x/sys/unix"
)

// Advise makes the next n bytes of heap the Go runtime hands out eligible for huge pages. Call
// it at the start of the program, while the heap is small: it collects garbage twice.
//
// It allocates n bytes, marks them MADV_HUGEPAGE and lets them go. The runtime never unmaps heap
// memory, so the pages it later fills there come in huge pages. The allocation costs nothing
// as long as the runtime does not clear it, touching every page: so every free page of the heap
// is first given back to the system, which the runtime then knows to be zero, and the
// allocation is made of such pages and of memory mapped afresh. (Without that, it was cleared
// in about one start in three, taking a second and 256 MB.) It is given back too once it has
// been collected, so that what is allocated there later needs no clearing either.
// GODEBUG disablethp=1, Go's own switch for huge pages, turns it off.
func Advise(n int64) error {
	if n <= 0 || strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") {
		return nil
	}
	debug.FreeOSMemory()
	b := make([]byte, n)
	err := unix.Madvise(b, unix.MADV_HUGEPAGE)
	runtime.KeepAlive(b)
	debug.FreeOSMemory()
	return err
}
