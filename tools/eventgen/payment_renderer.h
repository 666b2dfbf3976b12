// PaymentRenderer: the payment side of a subscription: invoice (with its
// subscription line; `parent` from basil on), payment intent (embedding its
// charges up to API 2022-08-01) and charge objects.
//
// Thread safety: const; may run on several threads at once.
#pragma once

#include "tools/eventgen/body_writer.h"
#include "tools/eventgen/render_context.h"

namespace subledger::eventgen {

class PaymentRenderer {
 public:
  explicit PaymentRenderer(const RenderContext& ctx) : ctx_(ctx) {}

  void Invoice(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const;
  void PaymentIntent(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const;
  void Charge(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const;

 private:
  void InvoiceLines(BodyWriter& w, const MoneyEvent& m, const std::string& invoice_id) const;
  void InvoiceParent(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const;
  void EmbeddedCharges(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const;
  void ChargeOutcome(BodyWriter& w, const MoneyEvent& m, bool ok) const;

  const RenderContext& ctx_;
};

}  // namespace subledger::eventgen
