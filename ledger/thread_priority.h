// RunThisThreadWhenIdle: puts the calling thread under Linux's SCHED_IDLE
// policy, so that it runs only on CPU time no normal thread wants. For work
// that may fall behind but must never slow the request path: subledgerd's
// projector (ProjectorOptions::idle_thread), whose read models may lag while
// webhooks are acknowledged at full speed, and catch up when the load eases.
//
// A thread may always lower its own priority; returns an error (naming
// errno) only if the kernel refuses, and the thread then keeps its policy.
// Threads it starts afterwards inherit the policy.
// Thread safety: changes only the calling thread.
#pragma once

#include "ledger/status.h"

namespace subledger {

Status RunThisThreadWhenIdle();

}  // namespace subledger
