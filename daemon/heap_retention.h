// The daemon's heap: which allocator serves it, and, under glibc's malloc,
// keeping the memory it frees instead of handing it back to the kernel at once.
//
// subledgerd is linked with gperftools' tcmalloc_minimal (CMake option
// SUBLEDGER_TCMALLOC, on unless a sanitizer build): its per-thread caches
// serve the request bodies the I/O thread allocates and the committer frees,
// and the projector's folds, without glibc's arena locks and heap growth.
// Measured at 64 connections in seven interleaved pairs against glibc with
// the settings below (README "Benchmark"): daemon CPU median 69.5 -> 61.6 µs
// per event, the projector 13.3-14.8 -> 9.5-10.9, the I/O thread ~2 less. HeapAllocator() names the one in
// use ("tcmalloc" when its tc_version symbol is present, else "glibc").
//
// Under glibc (sanitizer builds, tests, a build without tcmalloc):
// subledgerd's threads allocate and free in waves: the projector builds and
// drops a fold of a few hundred events every 50 ms, the committer a batch
// of 5 KB bodies every millisecond. With glibc's defaults each wave grows a
// thread arena's heap (mprotect), touches fresh pages (a page fault each,
// dear on a virtual machine) and trims them again when it is freed.
// RetainFreedHeap() sets, with mallopt:
//  * M_TOP_PAD 64 MiB: a heap grows by at least that much at a time;
//  * M_TRIM_THRESHOLD 256 MiB: free memory at a heap's top goes back to the
//    kernel only above that;
//  * M_MMAP_THRESHOLD 32 MiB (glibc's maximum): blocks below it come from
//    the heaps, not from a fresh mmap each (the two settings above turn off
//    glibc's own sliding threshold, which would otherwise do this).
// The cost: the resident size stays near its peak rather than following the
// load down. Measured at 64 connections (three interleaved pairs of runs,
// README "Benchmark"): the committer 27 -> 24 µs per event and RocksDB's
// flush thread 6.7 -> 5.6 (the memtables' arena blocks, 1 MiB and more,
// were each a fresh mmap), ~4 µs per event in all, ~5 % more events/s.
//
// When the operator set glibc's malloc tunables (GLIBC_TUNABLES naming a
// glibc.malloc.* tunable), or the allocator is not glibc's (tcmalloc's
// mallopt accepts and ignores them), nothing is changed. Returns whether it
// changed the settings.
// Thread safety: call from main before threads start.
#pragma once

namespace subledger {

const char* HeapAllocator();
bool RetainFreedHeap();

}  // namespace subledger
