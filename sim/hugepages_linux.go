//go:build linux

package sim

import (
	"runtime"
	"syscall"
	"unsafe"
)

// madvCollapse is Linux's MADV_COLLAPSE (include/uapi/asm-generic/mman-common.h,
// Linux 6.1): back a range of memory already in use with huge pages, now,
// whatever the system's transparent-huge-page setting short of "never".
const madvCollapse = 25

// hugePage is the size of a huge page on x86-64 and arm64 with 4 KB pages.
const hugePage = 2 << 20

// hugePages asks the kernel to back the whole 2 MB pages inside the memory
// of s (its capacity) with huge pages. A wake of the event engine reads a
// person's fields at random over hundreds of megabytes at 10 M persons:
// with 4 KB pages nearly every such load also misses the TLB and walks the
// page tables, which a 2 MB page spares (docs/PERFORMANCE.md: with huge
// pages for all memory, a tenth to a fifth less a person-step). The
// machines measured set transparent huge pages to "madvise", and the
// arrays are filled before this call, so that MADV_HUGEPAGE alone would
// not change them (tried: 6 to 16 MB of 600 MB). It is a hint: an error
// (an older kernel, no huge page free) leaves the memory as it was, and
// nothing that is computed depends on it.
func hugePages[T any](s []T) {
	n := uintptr(cap(s)) * unsafe.Sizeof(*new(T))
	if n < 2*hugePage {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	lo := (p + hugePage - 1) &^ (hugePage - 1)
	hi := (p + n) &^ (hugePage - 1)
	if hi > lo {
		_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, madvCollapse)
	}
	runtime.KeepAlive(s)
}
