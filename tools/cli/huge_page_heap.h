// ReexecWithHugePageHeap: runs this process again, once, with glibc's malloc
// asked to back its heap with transparent huge pages
// (GLIBC_TUNABLES=glibc.malloc.hugetlb=1: malloc madvises its memory
// MADV_HUGEPAGE), for a command whose heap is large: `subledger rebuild`
// holds the whole log's facts (~1.2 GB for a million events) and runs ~10 %
// faster so (fewer page faults and TLB misses; README "Rebuild").
//
// glibc reads its tunables only when a process starts, hence the exec. Does
// nothing when GLIBC_TUNABLES is already set — the operator's own choice, or
// this is the re-executed process — and returns (the command runs as it is)
// when the exec fails, e.g. without /proc. With THP off in the kernel the
// advice is ignored.
//
// Thread safety: call first thing in main(), before any thread exists.
#pragma once

namespace subledger::cli {

void ReexecWithHugePageHeap(char** argv);

}  // namespace subledger::cli
