package hugeheap

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Advise is for the start of a program, so each case runs at the start of a process of its
// own: this test binary again, running only TestCase with the case in HUGEHEAP_CASE.
func TestAdvise(t *testing.T) {
	if !wanted() {
		mode, _ := os.ReadFile(thpMode)
		t.Skipf("Advise does nothing on this system (transparent huge pages: %q)", strings.TrimSpace(string(mode)))
	}
	const n = 64 << 20
	for _, tc := range []struct {
		name, godebug string
		wantHuge      bool
	}{
		{"fresh", "", true},
		// The heap's last megabyte was written and collected before Advise: its allocation
		// would start there and be cleared whole, unless the free pages were given back first.
		{"used", "", true},
		{"disabled", "disablethp=1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestCase$", "-test.count=1")
			cmd.Env = append(os.Environ(), "HUGEHEAP_CASE="+tc.name, "GODEBUG="+tc.godebug)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			var faults, before, after int64
			if _, err := fmt.Sscanf(lastLine(string(out)), "faults %d huge %d %d", &faults, &before, &after); err != nil {
				t.Fatalf("%v in\n%s", err, out)
			}
			if faults > 1000 {
				t.Errorf("Advise took %d page faults: the heap it hands back should stay untouched", faults)
			}
			if grown := after - before; tc.wantHuge && grown < n {
				t.Errorf("memory marked for huge pages grew by %d bytes, want at least %d", grown, n)
			} else if !tc.wantHuge && grown != 0 {
				t.Errorf("memory marked for huge pages grew by %d bytes, want none", grown)
			}
		})
	}
}

func TestUseful(t *testing.T) {
	const madvise, overcommit = "always [madvise] never\n", "0\n"
	for _, tc := range []struct {
		godebug, mode, overcommit string
		want                      bool
	}{
		{"", madvise, overcommit, true},
		{"gctrace=1", madvise, "1", true},
		{"", "[always] madvise never\n", overcommit, false}, // the system does it already
		{"", "always madvise [never]\n", overcommit, false},
		{"", "", overcommit, false}, // no transparent huge pages
		{"", madvise, "2\n", false}, // every byte mapped counts
		{"", madvise, "", false},
		{"disablethp=1", madvise, overcommit, false},
		{"gctrace=1,disablethp=1", madvise, overcommit, false},
	} {
		if got := useful(tc.godebug, tc.mode, tc.overcommit); got != tc.want {
			t.Errorf("useful(%q, %q, %q) = %v, want %v", tc.godebug, tc.mode, tc.overcommit, got, tc.want)
		}
	}
}

// TestCase is one case of TestAdvise, run in a process of its own.
func TestCase(t *testing.T) {
	c := os.Getenv("HUGEHEAP_CASE")
	if c == "" {
		t.Skip("run by TestAdvise")
	}
	if c == "used" {
		used := make([]byte, 1<<20)
		for i := range used {
			used[i] = 1
		}
		used = nil
		runtime.GC()
	}
	before := adviced(t)
	var r0, r1 syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r0); err != nil {
		t.Fatal(err)
	}
	if err := Advise(64 << 20); err != nil {
		t.Fatalf("Advise: %v", err)
	}
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r1); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("\nfaults %d huge %d %d\n", r1.Minflt-r0.Minflt, before, adviced(t))
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], "faults ") {
			return lines[i]
		}
	}
	return ""
}

// adviced returns the bytes of this process's memory marked for huge pages ("hg" in the
// VmFlags of /proc/self/smaps).
func adviced(t *testing.T) (huge int64) {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatalf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	var size int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 3 && fields[0] == "Size:":
			size, _ = strconv.ParseInt(fields[1], 10, 64)
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
	return huge
}
