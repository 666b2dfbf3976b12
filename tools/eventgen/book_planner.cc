#include "tools/eventgen/book_planner.h"

#include <utility>

namespace subledger::eventgen {

BookPlanner::BookPlanner(PlanContext& ctx)
    : ctx_(ctx), accounts_(static_cast<int>(ctx.plan.books.size() / 2) - 1) {}

uint8_t BookPlanner::PickBook() {
  const bool connect = accounts_ > 0 && ctx_.rng.Chance(ctx_.rates.connect_share);
  const bool test = ctx_.rng.Chance(ctx_.rates.test_mode_share);
  const uint64_t account = connect ? 1 + ctx_.rng.Below(static_cast<uint64_t>(accounts_)) : 0;
  return static_cast<uint8_t>(2 * account + (test ? 1 : 0));
}

CustomerPlan BookPlanner::NewCustomer() {
  CustomerPlan c;
  Owner& o = c.owner;
  o.customer = ++ctx_.next_customer;
  o.book = o.id_book = PickBook();
  const Donors& donors = ctx_.donors;
  if (o.book != 0 && donors.customer != 0 && ctx_.rng.Chance(ctx_.rates.id_reuse_share)) {
    o.id_book = 0;
    o.customer = donors.customer;
    c.reuse_sub = donors.sub;
    c.reuse_discount = donors.discount;
  } else if (ctx_.rng.Chance(ctx_.rates.customer_account_share)) {
    o.flags = static_cast<uint8_t>(kCustomerAccount | (ctx_.rng.Chance(0.5) ? kCustomerKeyAbsent : 0));
  }
  if (IsDonorBook(o)) ctx_.donors.customer = o.customer;
  return c;
}

uint32_t BookPlanner::NextSub(CustomerPlan& c) {
  if (c.reuse_sub != 0) return std::exchange(c.reuse_sub, 0u);
  const uint32_t serial = ++ctx_.next_sub;
  if (IsDonorBook(c.owner)) ctx_.donors.sub = serial;
  return serial;
}

}  // namespace subledger::eventgen
