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
//
// It does nothing unless the system gives huge pages to memory that asks for them and to no
// other ("[madvise]" in /sys/kernel/mm/transparent_hugepage/enabled), nor where every byte
// mapped counts against a limit (vm.overcommit_memory 2), nor with GODEBUG disablethp=1, Go's
// own switch for huge pages.
func Advise(n int64) error {
	if n <= 0 || !wanted() {
		return nil
	}
	debug.FreeOSMemory()
	b := make([]byte, n)
	err := unix.Madvise(b, unix.MADV_HUGEPAGE)
	runtime.KeepAlive(b)
	debug.FreeOSMemory()
	return err
}

// wanted reports whether Advise is of use here and does no harm.
func wanted() bool {
	mode, _ := os.ReadFile(thpMode)
	overcommit, _ := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return useful(os.Getenv("GODEBUG"), string(mode), string(overcommit))
}

const thpMode = "/sys/kernel/mm/transparent_hugepage/enabled"

// useful reports whether Advise is of use and does no harm, given GODEBUG, the system's
// transparent huge page mode (as thpMode has it; "" when unknown) and vm.overcommit_memory.
func useful(godebug, mode, overcommit string) bool {
	return !strings.Contains(godebug, "disablethp=1") && strings.Contains(mode, "[madvise]") &&
		strings.TrimSpace(overcommit) != "" && strings.TrimSpace(overcommit) != "2"
}
