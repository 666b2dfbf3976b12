// The daemon's heap: which allocator serves it, keeping the memory it frees
// instead of handing it back to the kernel at once, and touching the
// memtables' memory before the first webhook needs it.
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
// Why memory is kept: on a virtual machine a page touched for the first time
// is dear -- on the benchmark's 2-core guest a 5 KB copy into fresh memory
// takes ~14 µs against ~0.2 µs into memory touched before (a page fault
// each 4 KiB) -- and RocksDB's memtables are a stream of fresh memory: every
// 5 KB body is copied into a memtable arena, freed when the memtable is
// flushed.
//
// RetainFreedHeap():
//  * under tcmalloc, sets its release rate to 0: freed pages stay in its
//    page heap for the next memtable instead of going back to the kernel
//    (and faulting in again);
//  * under glibc (sanitizer builds, tests, a build without tcmalloc), sets
//    with mallopt: M_TOP_PAD 64 MiB (a heap grows by at least that much at a
//    time); M_TRIM_THRESHOLD 256 MiB (free memory at a heap's top goes back
//    to the kernel only above that); M_MMAP_THRESHOLD 32 MiB (glibc's
//    maximum: blocks below it come from the heaps, not from a fresh mmap
//    each; the two settings above turn off glibc's own sliding threshold).
//    Measured at 64 connections (three interleaved pairs, README
//    "Benchmark"): the committer 27 -> 24 µs per event and RocksDB's flush
//    thread 6.7 -> 5.6, ~5 % more events/s.
// The cost: the resident size stays near its peak rather than following the
// load down. When the operator tuned the allocator (GLIBC_TUNABLES naming a
// glibc.malloc.* tunable under glibc, TCMALLOC_RELEASE_RATE under tcmalloc),
// nothing is changed. Returns whether it changed the settings.
// Thread safety: call from main before threads start.
//
// PrefaultHeap(bytes, stop): allocates `bytes` in large blocks, writes every
// page and frees them again, so that the memtables' arenas later come from
// memory already touched. Only under tcmalloc with its release rate at 0
// (RetainFreedHeap above), where a freed block stays in the page heap every
// thread allocates from; elsewhere it does nothing (glibc's per-thread
// arenas would not hand one thread's freed block to the committer). Stops
// early, freeing what it took, once `stop` is requested (checked between
// 8 MiB blocks). Takes ~0.3 s of CPU per 100 MiB on that guest: subledgerd
// runs it on a thread of its own while it opens the log, and logs
// `heap_prefaulted` with the bytes touched (0 when it does nothing). Returns
// the bytes it touched.
// Thread safety: any thread, once RetainFreedHeap has returned.
#pragma once

#include <cstddef>
#include <stop_token>

namespace subledger {

const char* HeapAllocator();
bool RetainFreedHeap();
size_t PrefaultHeap(size_t bytes, std::stop_token stop);

}  // namespace subledger
