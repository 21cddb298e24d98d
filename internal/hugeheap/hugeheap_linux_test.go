package hugeheap

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// adviced returns the bytes of this process's memory marked for huge pages ("hg" in the
// VmFlags of /proc/self/smaps) and its resident bytes.
func adviced(t *testing.T) (huge, rss int64) {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	var size int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 3 && fields[0] == "Size:":
			size, _ = strconv.ParseInt(fields[1], 10, 64)
		case len(fields) == 3 && fields[0] == "Rss:":
			kb, _ := strconv.ParseInt(fields[1], 10, 64)
			rss += kb << 10
		case len(fields) > 0 && fields[0] == "VmFlags:":
			for _, fl := range fields[1:] {
				if fl == "hg" {
					huge += size << 10
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return huge, rss
}

func needTHP(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skipf("this kernel has no transparent huge pages: %v", err)
	}
}

func TestAdviseMarksUntouchedHeap(t *testing.T) {
	needTHP(t)
	t.Setenv("GODEBUG", "")
	const n = 64 << 20
	huge0, rss0 := adviced(t)
	if err := Advise(n); err != nil {
		t.Fatalf("Advise: %v", err)
	}
	huge1, rss1 := adviced(t)
	if huge1-huge0 < n {
		t.Errorf("memory marked for huge pages grew by %d bytes, want at least %d", huge1-huge0, n)
	}
	if rss1-rss0 > n/4 {
		t.Errorf("resident memory grew by %d bytes: the heap Advise hands back should stay untouched", rss1-rss0)
	}
}

func TestAdviseHonoursDisableTHP(t *testing.T) {
	needTHP(t)
	t.Setenv("GODEBUG", "disablethp=1")
	huge0, _ := adviced(t)
	if err := Advise(64 << 20); err != nil {
		t.Fatalf("Advise: %v", err)
	}
	if huge1, _ := adviced(t); huge1 != huge0 {
		t.Errorf("with GODEBUG=disablethp=1, memory marked for huge pages went from %d to %d bytes", huge0, huge1)
	}
}
