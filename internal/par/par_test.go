package par

import (
	"sync/atomic"
	"testing"
)

func TestForCallsEachIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		seen := make([]atomic.Int32, n)
		For(n, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d: index %d called %d times", n, i, c)
			}
		}
	}
}

func TestForWithGivesEachGoroutineItsOwnState(t *testing.T) {
	var made atomic.Int32
	var total atomic.Int64
	ForWith(500, func() *[]int { made.Add(1); return new([]int) }, func(w *[]int, i int) {
		*w = append(*w, i) // no lock: the state is this goroutine's alone (go test -race)
		total.Add(int64(i))
	})
	if want := int64(499 * 500 / 2); total.Load() != want {
		t.Fatalf("sum of indices %d, want %d", total.Load(), want)
	}
	if made.Load() < 1 {
		t.Fatal("no state made")
	}
}
