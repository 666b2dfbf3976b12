// PlanContext: what the planners of one stream share: the plan being built,
// the options, the random source, the horizon, the emitter, the serial
// counters of the objects they create, and the platform live-mode ids other
// books may deliberately reuse. Plus the planners' calendar helpers.
//
// Thread safety: owned by the planning thread.
#pragma once

#include <cstdint>

#include "tools/eventgen/gen_random.h"
#include "tools/eventgen/generator_options.h"
#include "tools/eventgen/id_space.h"
#include "tools/eventgen/plan_emitter.h"
#include "tools/eventgen/stream_plan.h"

namespace subledger::eventgen {

inline constexpr int64_t kMinute = 60, kHour = 3600, kDay = 86400;

// The latest ids created in the platform's live book (0 = none yet).
struct Donors {
  uint32_t customer = 0, sub = 0, discount = 0;
};

struct PlanContext {
  PlanContext(StreamPlan* plan, const IdSpace& ids, const GeneratorOptions& options);

  StreamPlan& plan;
  const IdSpace& ids;
  const GeneratorOptions& options;
  const V2Rates& rates;
  Rng rng;
  int64_t begin, end;  // inclusive horizon
  PlanEmitter emit;
  uint32_t next_customer = 0, next_sub = 0, next_item = 0, next_discount = 0;
  uint32_t next_intent = 0, next_charge = 0;  // invoices: emit.next_invoice
  Donors donors;
};

// An owner in the platform live book with its own ids: one whose ids others may reuse.
inline bool IsDonorBook(const Owner& o) { return o.book == 0 && o.id_book == 0 && o.flags == 0; }

// t + n calendar months (day of month clamped, time of day kept).
int64_t AddMonths(int64_t t, int n);
// First second of the month after the one holding t.
int64_t NextMonthStart(int64_t t);

}  // namespace subledger::eventgen
