// Package hugeheap lets the Go heap of a build be backed by huge pages (2 MB) rather than
// 4 KB ones, on systems where transparent huge pages are given only to memory that asks for
// them (Linux's "madvise" setting, the default of many distributions).
//
// A 10,000-page build fills about 270 MB of heap once. With 4 KB pages that is about 72,000
// page faults, each a trip into the kernel (and, in a virtual machine, often out of it) to find
// and zero a page; with huge pages it is about 6,000, most of them not the heap's. In tmpfs on
// the 2-core test machine the build went from 3.11 to 2.41 s (BENCHMARKS.md). Go does not ask
// for huge pages for its heap (Go 1.21.0 did, and stopped), so handboek asks for them itself.
package hugeheap
