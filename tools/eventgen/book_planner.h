// BookPlanner: which book (spec §0) each customer lives in and which ids it
// gets. Most customers are the platform's, in live mode; connect_share of
// them belong to one of the connected accounts and test_mode_share are in
// test mode. Each book has its own customers and catalog ids, except that
// id_reuse_share of the customers outside the platform live book deliberately
// reuse the ids of the latest platform live customer, subscription, discount
// and catalog (ids are looked up within a book, so the collision is a test).
// customer_account_share of the customers are Accounts v2 customers.
//
// Thread safety: owned by the planning thread.
#pragma once

#include <cstdint>

#include "tools/eventgen/plan_context.h"

namespace subledger::eventgen {

struct CustomerPlan {
  Owner owner;                  // book, ids, flags; currency and sub set per subscription
  uint32_t reuse_sub = 0;       // a platform live subscription serial for its first subscription
  uint32_t reuse_discount = 0;  // a platform live discount serial for its first discount
};

class BookPlanner {
 public:
  explicit BookPlanner(PlanContext& ctx);

  CustomerPlan NewCustomer();
  // The serial of the customer's next subscription (the reused one first).
  uint32_t NextSub(CustomerPlan& c);

 private:
  uint8_t PickBook();

  PlanContext& ctx_;
  int accounts_;
};

}  // namespace subledger::eventgen
