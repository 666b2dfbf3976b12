// RenderContext: what every object renderer reads: the stream's plan and ids.
//
// Thread safety: read-only references; renderers may run on several threads.
#pragma once

#include "tools/eventgen/id_space.h"
#include "tools/eventgen/stream_plan.h"

namespace subledger::eventgen {

struct RenderContext {
  const StreamPlan& plan;
  const IdSpace& ids;
};

// A catalog price as one book shows it.
struct PriceRef {
  uint16_t index = 0;
  uint8_t id_book = 0;
  bool livemode = false;
  bool tiers = false;  // the object carries its `tiers` (expanded)
};

}  // namespace subledger::eventgen
