#include "tools/eventgen/plan_context.h"

#include <algorithm>

#include "ledger/civil_date.h"

namespace subledger::eventgen {
namespace {

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

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
  const CivilDate date = CivilFromDays(t / kDay);
  const int64_t total = date.year * 12 + (date.month - 1) + n;
  const int64_t y = total / 12;
  const unsigned m = static_cast<unsigned>(total % 12) + 1;
  const unsigned d = std::min(date.day, DaysInMonth(y, m));
  return DaysFromCivil(y, m, d) * kDay + t % kDay;
}

int64_t NextMonthStart(int64_t t) {
  const CivilDate date = CivilFromDays(t / kDay);
  int64_t y = date.year;
  unsigned m = date.month;
  if (++m == 13) m = 1, ++y;
  return DaysFromCivil(y, m, 1) * kDay;
}

}  // namespace subledger::eventgen
