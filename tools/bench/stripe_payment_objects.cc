// Customers, payment methods and payment intents (contract: stripe_objects.h).
#include "tools/bench/body_template.h"
#include "tools/bench/stripe_objects.h"

namespace subledger::bench {
namespace {

Json Phone(const StripeProfile& p) { return p.phone.empty() ? Json(nullptr) : Json(p.phone); }

Json Shipping(const StripeProfile& p) {
  if (!p.has_shipping) return nullptr;
  return {{"address", Address(p)}, {"name", p.name}, {"phone", Phone(p)}};
}

Json Wallet(const StripeProfile& p) {
  if (p.wallet.empty()) return nullptr;
  return {{p.wallet, Json::object()}, {"dynamic_last4", p.last4}, {"type", p.wallet}};
}

Json Card(const StripeProfile& p) {
  const bool has_postal = p.has_address;
  return {{"brand", p.brand},
          {"checks", {{"address_line1_check", has_postal ? Json("pass") : Json(nullptr)},
                      {"address_postal_code_check", has_postal ? Json("pass") : Json(nullptr)},
                      {"cvc_check", "pass"}}},
          {"country", p.card_country}, {"display_brand", p.brand}, {"exp_month", p.exp_month},
          {"exp_year", p.exp_year}, {"fingerprint", p.fingerprint}, {"funding", p.funding},
          {"generated_from", nullptr}, {"last4", p.last4},
          {"networks", {{"available", Json::array({p.brand})}, {"preferred", nullptr}}},
          {"regulated_status", "unregulated"}, {"three_d_secure_usage", {{"supported", true}}},
          {"wallet", Wallet(p)}};
}

Json BillingDetails(const StripeProfile& p) {
  Json address = p.has_address ? Address(p)
                               : Json({{"city", nullptr}, {"country", p.country}, {"line1", nullptr},
                                       {"line2", nullptr}, {"postal_code", p.postal_code}, {"state", nullptr}});
  return {{"address", address}, {"email", p.email}, {"name", p.name}, {"phone", Phone(p)}, {"tax_id", nullptr}};
}

Json LastPaymentError(const StripeProfile& p) {
  return {{"advice_code", "try_again_later"},
          {"charge", "ch_" + Slot('o', '2')},
          {"code", "card_declined"},
          {"decline_code", "insufficient_funds"},
          {"doc_url", "https://stripe.com/docs/error-codes/card-declined"},
          {"message", "Your card has insufficient funds."},
          {"network_decline_code", "51"},
          {"payment_method", PaymentMethodObject(p)},
          {"type", "card_error"}};
}

Json CardOptions() {
  return {{"card", {{"installments", nullptr}, {"mandate_options", nullptr}, {"network", nullptr},
                    {"request_three_d_secure", "automatic"}}}};
}

}  // namespace

Json CustomerObject(const StripeProfile& p) {
  return {{"id", "cus_" + Slot('c')}, {"object", "customer"}, {"address", Address(p)}, {"balance", 0},
          {"created", Slot('t', '0')}, {"currency", nullptr}, {"customer_account", nullptr},
          {"default_source", nullptr}, {"delinquent", false}, {"description", p.customer_description.empty() ? Json(nullptr) : Json(p.customer_description)},
          {"discount", nullptr},
          {"email", p.email}, {"invoice_prefix", p.invoice_prefix},
          {"invoice_settings", {{"custom_fields", nullptr}, {"default_payment_method", nullptr},
                                {"footer", nullptr}, {"rendering_options", nullptr}}},
          {"livemode", true}, {"metadata", MetadataObject(p.customer_metadata)}, {"name", p.name},
          {"next_invoice_sequence", 1}, {"phone", Phone(p)}, {"preferred_locales", p.locales},
          {"shipping", Shipping(p)}, {"tax_exempt", "none"}, {"test_clock", nullptr}};
}

Json PaymentMethodObject(const StripeProfile& p) {
  return {{"id", "pm_" + Slot('p')}, {"object", "payment_method"}, {"allow_redisplay", "unspecified"},
          {"billing_details", BillingDetails(p)}, {"card", Card(p)}, {"created", Slot('t', '5')},
          {"customer", "cus_" + Slot('c')}, {"livemode", true}, {"metadata", Json::object()}, {"type", "card"}};
}

Json PaymentIntentObject(const StripeProfile& p, bool failed) {
  const int64_t amount = InvoiceTotal(p);
  const bool link = !p.wallet.empty();
  Json types = link ? Json::array({"card", "link"}) : Json::array({"card"});
  Json options = CardOptions();
  if (link) options["link"] = {{"persistent_token", nullptr}};
  return {{"id", "pi_" + Slot('o', '1')}, {"object", "payment_intent"}, {"amount", amount},
          {"amount_capturable", 0}, {"amount_details", {{"tip", Json::object()}}},
          {"amount_received", failed ? 0 : amount}, {"application", nullptr}, {"application_fee_amount", nullptr},
          {"automatic_payment_methods", nullptr}, {"canceled_at", nullptr}, {"cancellation_reason", nullptr},
          {"capture_method", "automatic"}, {"client_secret", "pi_" + Slot('o', '1') + "_secret_" + Slot('o', '5')},
          {"confirmation_method", "automatic"}, {"created", Slot('t', '7')}, {"currency", p.currency},
          {"customer", "cus_" + Slot('c')}, {"customer_account", nullptr}, {"description", "Subscription update"},
          {"excluded_payment_method_types", nullptr},
          {"last_payment_error", failed ? LastPaymentError(p) : Json(nullptr)},
          {"latest_charge", "ch_" + Slot('o', '2')}, {"livemode", true}, {"metadata", MetadataObject(p.payment_metadata)},
          {"next_action", nullptr}, {"on_behalf_of", nullptr},
          {"payment_method", failed ? Json(nullptr) : Json("pm_" + Slot('p'))},
          {"payment_method_configuration_details", nullptr}, {"payment_method_options", options},
          {"payment_method_types", types}, {"processing", nullptr}, {"receipt_email", p.email}, {"review", nullptr},
          {"setup_future_usage", "off_session"}, {"shipping", Shipping(p)}, {"source", nullptr},
          {"statement_descriptor", nullptr}, {"statement_descriptor_suffix", nullptr},
          {"status", failed ? "requires_payment_method" : "succeeded"}, {"transfer_data", nullptr},
          {"transfer_group", nullptr}};
}

}  // namespace subledger::bench
