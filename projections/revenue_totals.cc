#include "projections/revenue_totals.h"

#include <algorithm>

#include "projections/byte_codec.h"

namespace subledger {
namespace {
constexpr uint64_t kTotalsFormat = 2;
}  // namespace

void RevenueTotals::AddCustomer(const CustomerContribution& c, int64_t sign) {
  AddCells(cells, c.cells, sign);
  for (const auto& [status, n] : c.status_counts) {
    int64_t& count = status_counts[status];
    count += sign * n;
    if (count == 0) status_counts.erase(status);
  }
  for (const auto& key : c.unresolved) {
    int64_t& count = unresolved[key];
    count += sign;
    if (count == 0) unresolved.erase(key);
  }
}

void RevenueTotals::AddPayment(const EventFact& fact) {
  MonthFigures& cell = cells[{fact.payment.currency, MonthOf(fact.created())}];
  ++cell.facts;
  if (fact.payment.outcome == PaymentOutcome::kSucceeded) {
    ++cell.payments_succeeded;
    cell.amount_succeeded += fact.payment.amount_received;
  } else if (fact.payment.outcome == PaymentOutcome::kFailed) {
    ++cell.payments_failed;
  }
}

void RevenueTotals::CountEvent(int64_t created, EventSource source) {
  auto& counts = sources_by_month[MonthOf(created)];
  const size_t index = static_cast<size_t>(source);
  if (index < counts.size()) ++counts[index];
  if (events == 0) {
    min_created = max_created = created;
  } else {
    min_created = std::min(min_created, created);
    max_created = std::max(max_created, created);
  }
  ++events;
}

std::string RevenueTotals::Encode() const {
  ByteWriter w;
  w.U64(kTotalsFormat);
  w.U64(events);
  w.I64(min_created);
  w.I64(max_created);
  w.U64(status_counts.size());
  for (const auto& [status, n] : status_counts) {
    w.Str(status);
    w.I64(n);
  }
  w.U64(sources_by_month.size());
  for (const auto& [month, counts] : sources_by_month) {
    w.I64(month);
    for (int64_t n : counts) w.I64(n);
  }
  w.U64(cells.size());
  for (const auto& [key, figures] : cells) {
    w.Str(key.first);
    w.I64(key.second);
    figures.Encode(w);
  }
  w.U64(unresolved.size());
  for (const auto& [key, n] : unresolved) {
    w.Str(key.first);
    w.Str(key.second);
    w.I64(n);
  }
  return w.Take();
}

Result<RevenueTotals> RevenueTotals::Decode(const Book& book, std::string_view bytes) {
  ByteReader r(bytes);
  RevenueTotals t;
  t.book = book;
  if (r.U64() != kTotalsFormat) return Status::Corruption("revenue totals: unknown format version");
  t.events = r.U64();
  t.min_created = r.I64();
  t.max_created = r.I64();
  const uint64_t statuses = r.U64();
  for (uint64_t i = 0; i < statuses && r.ok(); ++i) {
    std::string status = r.Str();
    t.status_counts[status] = r.I64();
  }
  const uint64_t months = r.U64();
  for (uint64_t i = 0; i < months && r.ok(); ++i) {
    auto& counts = t.sources_by_month[static_cast<MonthIndex>(r.I64())];
    for (int64_t& n : counts) n = r.I64();
  }
  const uint64_t n = r.U64();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string currency = r.Str();
    MonthIndex month = static_cast<MonthIndex>(r.I64());
    t.cells[{currency, month}] = MonthFigures::Decode(r);
  }
  const uint64_t unresolved = r.U64();
  for (uint64_t i = 0; i < unresolved && r.ok(); ++i) {
    std::string currency = r.Str();
    std::string id = r.Str();
    t.unresolved[{currency, id}] = r.I64();
  }
  if (!r.ok() || !r.done()) return Status::Corruption("revenue totals: truncated or malformed");
  return t;
}

}  // namespace subledger
