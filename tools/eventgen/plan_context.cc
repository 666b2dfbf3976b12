#include "tools/eventgen/plan_context.h"

#include <algorithm>

#include "ledger/time_text.h"

namespace subledger::eventgen {
PlanContext::PlanContext(StreamPlan* p, const IdSpace& id_space, const GeneratorOptions& o)
    : plan(*p),
      ids(id_space),
      options(o),
      rates(o.v2),
      rng(Mix64(o.seed * 0x9e3779b97f4a7c15ULL + 12345)),
      begin(o.start),
      end(o.start + o.days * kDay - 1),
      emit(p, id_space, &rng, end, o.v2.account_null_share) {}

int64_t AddMonths(int64_t t, int n) {
  using namespace std::chrono;
  const year_month_day date = CivilDateOf(t);
  const year_month target = year_month{date.year(), date.month()} + months{n};
  const day d = std::min(date.day(), (target / last).day());  // Jan 31 + 1 month = Feb 28/29
  return UnixSecondsOf(target / d) + t % kDay;
}

int64_t NextMonthStart(int64_t t) {
  using namespace std::chrono;
  const year_month_day date = CivilDateOf(t);
  return UnixSecondsOf((year_month{date.year(), date.month()} + months{1}) / 1);
}

}  // namespace subledger::eventgen
