// Package par runs the iterations of a loop on every core.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(i) for every i from 0 to n-1, on GOMAXPROCS goroutines that each take the next i
// in turn, and returns when every call has returned.
func For(n int, f func(i int)) {
	ForWith(n, func() struct{} { return struct{}{} }, func(_ struct{}, i int) { f(i) })
}

// ForWith is For with state of each goroutine's own: newW makes it once per goroutine, and
// every call that goroutine makes gets it (scratch maps or buffers, reused without locking).
func ForWith[W any](n int, newW func() W, f func(w W, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), n)) {
		wg.Go(func() {
			w := newW()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(w, i)
			}
		})
	}
	wg.Wait()
}
