#include "projections/month_figures.h"

namespace subledger {
namespace {

void Put(ByteWriter& w, int64_t v) { w.I64(v); }
void Put(ByteWriter& w, __int128 v) { w.I128(v); }
void Get(ByteReader& r, int64_t* v) { *v = r.I64(); }
void Get(ByteReader& r, __int128* v) { *v = r.I128(); }

}  // namespace

void MonthFigures::Add(const MonthFigures& o, int64_t sign) {
#define X(type, f) f += sign * o.f;
  SUBLEDGER_MONTH_FIELDS(X)
#undef X
}

bool MonthFigures::IsZero() const {
  bool zero = true;
#define X(type, f) zero = zero && f == 0;
  SUBLEDGER_MONTH_FIELDS(X)
#undef X
  return zero;
}

void MonthFigures::Encode(ByteWriter& w) const {
  uint64_t mask = 0;
  int bit = 0;
#define X(type, f) mask |= (f != 0 ? uint64_t{1} : 0) << bit++;
  SUBLEDGER_MONTH_FIELDS(X)
#undef X
  w.U64(mask);
  bit = 0;
#define X(type, f) \
  if (mask & (uint64_t{1} << bit++)) Put(w, f);
  SUBLEDGER_MONTH_FIELDS(X)
#undef X
}

MonthFigures MonthFigures::Decode(ByteReader& r) {
  MonthFigures m;
  const uint64_t mask = r.U64();
  int bit = 0;
#define X(type, f) \
  if (mask & (uint64_t{1} << bit++)) Get(r, &m.f);
  SUBLEDGER_MONTH_FIELDS(X)
#undef X
  if (mask >> bit) r.Invalidate();  // a field this version does not know
  return m;
}

void AddCells(CellMap& into, const CellMap& cells, int64_t sign) {
  for (const auto& [key, figures] : cells) {
    auto it = into.try_emplace(key).first;
    it->second.Add(figures, sign);
    if (it->second.IsZero()) into.erase(it);
  }
}

}  // namespace subledger
