#include "tools/eventgen/payment_renderer.h"

#include <string>

#include "tools/eventgen/customer_renderer.h"

namespace subledger::eventgen {
namespace {

constexpr const char* kBillingDetails =
    "{\"address\":{\"city\":null,\"country\":\"US\",\"line1\":null,\"line2\":null,"
    "\"postal_code\":\"94103\",\"state\":null},\"email\":null,\"name\":null,\"phone\":null}";
constexpr const char* kCardDetails =
    "{\"card\":{\"amount_authorized\":null,\"brand\":\"visa\",\"checks\":{\"address_line1_check\":null,"
    "\"address_postal_code_check\":\"pass\",\"cvc_check\":\"pass\"},\"country\":\"US\",\"exp_month\":12,"
    "\"exp_year\":2030,\"fingerprint\":\"Xt5EWLLDS7FJjR1c\",\"funding\":\"credit\",\"installments\":null,"
    "\"last4\":\"4242\",\"mandate\":null,\"network\":\"visa\",\"three_d_secure\":null,\"wallet\":null},"
    "\"type\":\"card\"}";
constexpr const char* kPaymentMethodOptions =
    "{\"card\":{\"installments\":null,\"mandate_options\":null,\"network\":null,"
    "\"request_three_d_secure\":\"automatic\"},\"link\":{\"persistent_token\":null},"
    "\"us_bank_account\":{\"financial_connections\":{\"permissions\":[\"payment_method\"],"
    "\"prefetch\":[]},\"mandate_options\":{},\"verification_method\":\"automatic\"}}";

}  // namespace

void PaymentRenderer::Invoice(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const {
  const bool paid = e.type == EventType::kInvoicePaid;
  const bool draft = e.type == EventType::kInvoiceCreated;
  const bool livemode = ctx_.plan.livemode(m.owner);
  const std::string in_id = ctx_.ids.Serial("in_", m.invoice);
  const std::string hosted = std::string(livemode ? "live_" : "test_") + in_id;
  w.Open();
  w.KStr("id", in_id);
  w.KStr("object", "invoice");
  w.KStr("account_country", "US");
  w.KStr("account_name", "Example SaaS Inc.");
  w.KNull("account_tax_ids");
  w.KInt("amount_due", m.amount);
  w.KInt("amount_paid", paid ? m.amount : 0);
  w.KInt("amount_remaining", paid ? 0 : m.amount);
  w.KInt("attempt_count", draft ? 0 : 1);
  w.KBool("attempted", !draft);
  w.KBool("auto_advance", !paid);
  w.KRaw("automatic_tax", "{\"enabled\":false,\"liability\":null,\"status\":null}");
  w.KStr("billing_reason", "subscription_cycle");
  w.KStr("collection_method", "charge_automatically");
  w.KInt("created", e.created);
  w.KStr("currency", kCurrencies[m.owner.currency]);
  CustomerKeys(w, ctx_, m.owner);
  w.KStr("customer_email", "customer-" + std::to_string(m.owner.customer) + "@example.test");
  w.KStr("customer_tax_exempt", "none");
  w.KRaw("customer_tax_ids", "[]");
  w.KRaw("default_tax_rates", "[]");
  w.KRaw("discounts", "[]");
  w.KNull("due_date");
  w.KInt("ending_balance", 0);
  w.KStr("hosted_invoice_url", "https://invoice.stripe.com/i/acct_example/" + hosted);
  w.KStr("invoice_pdf", "https://pay.stripe.com/invoice/acct_example/" + hosted + "/pdf");
  InvoiceLines(w, m, in_id);
  w.KBool("livemode", livemode);
  w.KRaw("metadata", "{}");
  w.KStr("number", in_id.substr(3, 8) + "-0001");
  InvoiceParent(w, e, m);
  w.KInt("period_end", m.period_end);
  w.KInt("period_start", m.period_start);
  w.KStr("status", paid ? "paid" : draft ? "draft" : "open");
  w.Key("status_transitions");
  w.Open();
  w.KTime("finalized_at", draft ? 0 : e.created);
  w.KNull("marked_uncollectible_at");
  w.KTime("paid_at", paid ? e.created : 0);
  w.KNull("voided_at");
  w.Close();
  w.KInt("subtotal", m.amount);
  w.KInt("total", m.amount);
  w.Close();
}

void PaymentRenderer::InvoiceLines(BodyWriter& w, const MoneyEvent& m, const std::string& in_id) const {
  w.Key("lines");
  w.Open();
  w.KStr("object", "list");
  w.Key("data");
  w.OpenArray();
  w.Open();
  w.KStr("id", ctx_.ids.Serial("il_", m.invoice ^ 0x494cULL));
  w.KStr("object", "line_item");
  w.KInt("amount", m.amount);
  w.KStr("currency", kCurrencies[m.owner.currency]);
  w.KStr("description", "Subscription renewal");
  w.KRaw("discount_amounts", "[]");
  w.KBool("discountable", true);
  w.KBool("livemode", ctx_.plan.livemode(m.owner));
  w.KRaw("metadata", "{}");
  w.Key("period");
  w.Open();
  w.KInt("end", m.period_end);
  w.KInt("start", m.period_start);
  w.Close();
  w.KBool("proration", false);
  w.KInt("quantity", 1);
  w.KStr("type", "subscription");
  w.Close();
  w.CloseArray();
  w.KBool("has_more", false);
  w.KInt("total_count", 1);
  w.KStr("url", "/v1/invoices/" + in_id + "/lines");
  w.Close();
}

void PaymentRenderer::InvoiceParent(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const {
  const std::string sub_id = ctx_.ids.Sub(m.owner.sub);
  if (e.shape != ApiShape::kBasil && e.shape != ApiShape::kClover) {
    w.KStr("payment_intent", ctx_.ids.Serial("pi_", m.intent));
    w.KStr("subscription", sub_id);
    return;
  }
  w.Key("parent");
  w.Open();
  w.KNull("quote_details");
  w.Key("subscription_details");
  w.Open();
  w.KRaw("metadata", "{}");
  w.KStr("subscription", sub_id);
  w.Close();
  w.KStr("type", "subscription_details");
  w.Close();
}

void PaymentRenderer::EmbeddedCharges(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const {
  // Up to API 2022-08-01 a payment intent embeds its charges.
  const bool succeeded = e.type == EventType::kPaymentIntentSucceeded;
  const bool failed = e.type == EventType::kPaymentIntentFailed;
  w.Key("charges");
  w.Open();
  w.KStr("object", "list");
  w.Key("data");
  w.OpenArray();
  if (succeeded || failed) {
    PlannedEvent charge_event = e;
    charge_event.type = succeeded ? EventType::kChargeSucceeded : EventType::kChargeFailed;
    Charge(w, charge_event, m);
  }
  w.CloseArray();
  w.KBool("has_more", false);
  w.KInt("total_count", succeeded || failed ? 1 : 0);
  w.KStr("url", "/v1/charges?payment_intent=" + ctx_.ids.Serial("pi_", m.intent));
  w.Close();
}

void PaymentRenderer::PaymentIntent(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const {
  const bool succeeded = e.type == EventType::kPaymentIntentSucceeded;
  const bool failed = e.type == EventType::kPaymentIntentFailed;
  const std::string pi_id = ctx_.ids.Serial("pi_", m.intent);
  w.Open();
  w.KStr("id", pi_id);
  w.KStr("object", "payment_intent");
  w.KInt("amount", m.amount);
  w.KInt("amount_capturable", 0);
  w.KRaw("amount_details", "{\"tip\":{}}");
  w.KInt("amount_received", succeeded ? m.amount : 0);
  w.KNull("application");
  w.KRaw("automatic_payment_methods", "null");
  w.KNull("canceled_at");
  w.KNull("cancellation_reason");
  w.KStr("capture_method", "automatic");
  if (e.shape == ApiShape::kLegacy) EmbeddedCharges(w, e, m);
  w.KStr("client_secret", pi_id + "_secret_" + ctx_.ids.Serial("s", m.intent ^ 0x5ec));
  w.KStr("confirmation_method", "automatic");
  w.KInt("created", e.created);
  w.KStr("currency", kCurrencies[m.owner.currency]);
  CustomerKeys(w, ctx_, m.owner);
  w.KStr("description", "Subscription update");
  w.KRaw("excluded_payment_method_types", "null");
  if (e.shape == ApiShape::kLegacy || e.shape == ApiShape::kAcacia) w.KStr("invoice", ctx_.ids.Serial("in_", m.invoice));
  w.Key("last_payment_error");
  if (failed) {
    w.Raw("{\"charge\":\"" + ctx_.ids.Serial("ch_", m.charge) +
          "\",\"code\":\"card_declined\",\"decline_code\":\"insufficient_funds\","
          "\"doc_url\":\"https://stripe.com/docs/error-codes/card-declined\","
          "\"message\":\"Your card has insufficient funds.\",\"type\":\"card_error\"}");
  } else {
    w.Null();
  }
  if (succeeded) w.KStr("latest_charge", ctx_.ids.Serial("ch_", m.charge)); else w.KNull("latest_charge");
  w.KBool("livemode", ctx_.plan.livemode(m.owner));
  w.KRaw("metadata", "{\"subscription\":\"" + ctx_.ids.Sub(m.owner.sub) + "\",\"source\":\"billing\"}");
  w.KNull("next_action");
  w.KNull("on_behalf_of");
  w.KStr("payment_method", ctx_.ids.PaymentMethod(m.owner.customer));
  w.KRaw("payment_method_configuration_details", "null");
  w.KRaw("payment_method_options", kPaymentMethodOptions);
  w.KRaw("payment_method_types", "[\"card\",\"link\",\"us_bank_account\"]");
  w.KNull("processing");
  w.KNull("receipt_email");
  w.KNull("review");
  w.KStr("setup_future_usage", "off_session");
  w.KNull("shipping");
  w.KNull("source");
  w.KNull("statement_descriptor");
  w.KNull("statement_descriptor_suffix");
  w.KStr("status", succeeded ? "succeeded" : failed ? "requires_payment_method" : "requires_confirmation");
  w.KNull("transfer_data");
  w.KNull("transfer_group");
  w.Close();
}

void PaymentRenderer::ChargeOutcome(BodyWriter& w, const MoneyEvent& m, bool ok) const {
  w.Key("outcome");
  w.Open();
  w.KStr("network_status", ok ? "approved_by_network" : "declined_by_network");
  if (ok) w.KNull("reason"); else w.KStr("reason", "insufficient_funds");
  w.KStr("risk_level", "normal");
  w.KInt("risk_score", static_cast<int64_t>(m.charge % 60));
  w.KStr("seller_message", ok ? "Payment complete." : "The bank returned the decline code `insufficient_funds`.");
  w.KStr("type", ok ? "authorized" : "issuer_declined");
  w.Close();
}

void PaymentRenderer::Charge(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const {
  const bool ok = e.type == EventType::kChargeSucceeded;
  const std::string ch_id = ctx_.ids.Serial("ch_", m.charge);
  w.Open();
  w.KStr("id", ch_id);
  w.KStr("object", "charge");
  w.KInt("amount", m.amount);
  w.KInt("amount_captured", ok ? m.amount : 0);
  w.KInt("amount_refunded", 0);
  w.KNull("application");
  w.KNull("application_fee");
  w.KStr("balance_transaction", ctx_.ids.Serial("txn_", m.charge));
  w.KRaw("billing_details", kBillingDetails);
  w.KStr("calculated_statement_descriptor", "EXAMPLE SAAS");
  w.KBool("captured", ok);
  w.KInt("created", e.created);
  w.KStr("currency", kCurrencies[m.owner.currency]);
  CustomerKeys(w, ctx_, m.owner);
  w.KStr("description", "Subscription update");
  w.KBool("disputed", false);
  if (ok) w.KNull("failure_code"); else w.KStr("failure_code", "card_declined");
  if (ok) w.KNull("failure_message"); else w.KStr("failure_message", "Your card has insufficient funds.");
  w.KRaw("fraud_details", "{}");
  w.KBool("livemode", ctx_.plan.livemode(m.owner));
  w.KRaw("metadata", "{}");
  ChargeOutcome(w, m, ok);
  w.KBool("paid", ok);
  w.KStr("payment_intent", ctx_.ids.Serial("pi_", m.intent));
  w.KStr("payment_method", ctx_.ids.PaymentMethod(m.owner.customer));
  w.KRaw("payment_method_details", kCardDetails);
  w.KNull("receipt_email");
  w.KNull("receipt_number");
  w.KStr("receipt_url", "https://pay.stripe.com/receipts/acct_example/" + ch_id);
  w.KBool("refunded", false);
  w.KNull("review");
  w.KNull("shipping");
  w.KNull("source_transfer");
  w.KNull("statement_descriptor");
  w.KStr("status", ok ? "succeeded" : "failed");
  w.KNull("transfer_group");
  w.Close();
}

}  // namespace subledger::eventgen
