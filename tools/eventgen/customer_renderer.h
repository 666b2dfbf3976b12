// CustomerRenderer: the customer and payment-method objects of
// customer.created|updated and payment_method.attached events.
//
// Thread safety: const; may run on several threads at once.
#pragma once

#include <cstdint>

#include "tools/eventgen/body_writer.h"
#include "tools/eventgen/render_context.h"

namespace subledger::eventgen {

class CustomerRenderer {
 public:
  explicit CustomerRenderer(const RenderContext& ctx) : ctx_(ctx) {}

  void Customer(BodyWriter& w, const MoneyEvent& m, int64_t created) const;
  void PaymentMethod(BodyWriter& w, const MoneyEvent& m, int64_t created) const;

 private:
  const RenderContext& ctx_;
};

// `"customer": "cus_…"`, or for an Accounts v2 customer `"customer": null,
// "customer_account": "acct_…"` (payments, invoices, payment methods).
void CustomerKeys(BodyWriter& w, const RenderContext& ctx, const Owner& o);

}  // namespace subledger::eventgen
