// Invoices and their lines (contract: stripe_objects.h).
#include <cstdio>

#include "tools/bench/body_template.h"
#include "tools/bench/stripe_objects.h"

namespace subledger::bench {
namespace {

struct Line {
  size_t item = 0;
  int64_t amount = 0;
  int64_t quantity = 1;
  bool proration = false;
  std::string description;
};

const CatalogPrice& PriceOf(const StripeProfile& p, size_t item) {
  return Catalog()[static_cast<size_t>(p.items[item].price)];
}

std::string Money(const CatalogPrice& price) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", std::string_view(price.currency) == "eur" ? "€" : "$",
                static_cast<long long>(price.unit_amount / 100), static_cast<long long>(price.unit_amount % 100));
  return buf;
}

std::vector<Line> Lines(const StripeProfile& p, InvoiceKind kind) {
  std::vector<Line> lines;
  if (kind == InvoiceKind::kUpdate) {
    const CatalogPrice& price = PriceOf(p, 0);
    const int64_t q = p.items[0].quantity;
    lines.push_back({0, -price.unit_amount * q / 2, q, true,
                     "Unused time on " + std::to_string(q) + " × " + price.description});
    lines.push_back({0, price.unit_amount * (q + 1) / 2, q + 1, true,
                     "Remaining time on " + std::to_string(q + 1) + " × " + price.description});
    return lines;
  }
  for (size_t i = 0; i < p.items.size(); ++i) {
    const CatalogPrice& price = PriceOf(p, i);
    const int64_t q = p.items[i].quantity;
    lines.push_back({i, price.unit_amount * q, q, false,
                     std::to_string(q) + " × " + price.description + " (at " + Money(price) + " / " +
                         price.interval + ")"});
  }
  return lines;
}

int64_t Discount(const StripeProfile& p, int64_t amount) { return p.discount && amount > 0 ? amount * p.percent_off / 100 : 0; }
int64_t Tax(const StripeProfile& p, int64_t taxable) { return p.tax && taxable > 0 ? taxable * p.tax_basis_points / 10000 : 0; }

Json LineObject(const StripeProfile& p, const Line& l, size_t index) {
  const CatalogPrice& price = PriceOf(p, l.item);
  const int64_t discount = Discount(p, l.amount);
  Json discounts = Json::array(), credits = Json::array(), taxes = Json::array();
  if (discount > 0) {
    discounts.push_back({{"amount", discount}, {"discount", "di_" + Slot('i', '9')}});
    credits.push_back({{"amount", discount}, {"discount", "di_" + Slot('i', '9')}, {"type", "discount"}});
  }
  if (p.tax) {
    taxes.push_back({{"amount", Tax(p, l.amount - discount)}, {"tax_behavior", "exclusive"},
                     {"tax_rate_details", {{"tax_rate", p.tax_rate}}}, {"taxability_reason", "standard_rated"},
                     {"taxable_amount", l.amount - discount}, {"type", "tax_rate_details"}});
  }
  const char end = std::string_view(price.interval) == "year" ? '3' : '2';
  return {{"id", "il_" + Slot('o', static_cast<char>('3' + index))}, {"object", "line_item"},
          {"amount", l.amount}, {"currency", p.currency}, {"description", l.description},
          {"discount_amounts", discounts}, {"discountable", true}, {"discounts", Json::array()},
          {"invoice", "in_" + Slot('o', '0')}, {"livemode", true}, {"metadata", Json::object()},
          {"parent", {{"invoice_item_details", nullptr},
                      {"subscription_item_details", {{"invoice_item", nullptr}, {"proration", l.proration},
                                                     {"proration_details", {{"credited_items", nullptr}}},
                                                     {"subscription", "sub_" + Slot('s')},
                                                     {"subscription_item", "si_" + Slot('i', static_cast<char>('0' + l.item))}}},
                      {"type", "subscription_item_details"}}},
          {"period", {{"end", Slot('t', end)}, {"start", Slot('t', '0')}}},
          {"pretax_credit_amounts", credits},
          {"pricing", {{"price_details", {{"price", price.id}, {"product", price.product}}},
                       {"type", "price_details"}, {"unit_amount_decimal", std::to_string(price.unit_amount)}}},
          {"quantity", l.quantity}, {"taxes", taxes}};
}

const char* Reason(InvoiceKind kind) {
  switch (kind) {
    case InvoiceKind::kCreate: return "subscription_create";
    case InvoiceKind::kUpdate: return "subscription_update";
    default: return "subscription_cycle";
  }
}

struct Totals {
  int64_t subtotal = 0, discount = 0, tax = 0;
  int64_t total() const { return subtotal - discount + tax; }
};

Totals Sum(const StripeProfile& p, const std::vector<Line>& lines) {
  Totals t;
  for (const Line& l : lines) {
    t.subtotal += l.amount;
    t.discount += Discount(p, l.amount);
    t.tax += Tax(p, l.amount - Discount(p, l.amount));
  }
  return t;
}

void Head(Json& in, const StripeProfile& p, InvoiceKind kind, const Totals& t) {
  const bool failed = kind == InvoiceKind::kFailed;
  in["id"] = "in_" + Slot('o', '0');
  in["object"] = "invoice";
  in["account_country"] = "US";
  in["account_name"] = "Acme Widgets, Inc.";
  in["account_tax_ids"] = nullptr;
  in["amount_due"] = t.total();
  in["amount_overpaid"] = 0;
  in["amount_paid"] = failed ? 0 : t.total();
  in["amount_remaining"] = failed ? t.total() : 0;
  in["amount_shipping"] = 0;
  in["application"] = nullptr;
  in["attempt_count"] = failed ? 2 : 1;
  in["attempted"] = true;
  in["auto_advance"] = failed;
  in["automatic_tax"] = {{"disabled_reason", nullptr}, {"enabled", false}, {"liability", nullptr},
                         {"provider", nullptr}, {"status", nullptr}};
  in["automatically_finalizes_at"] = nullptr;
  in["billing_reason"] = Reason(kind);
  in["collection_method"] = "charge_automatically";
  in["created"] = Slot('t', '7');
  in["currency"] = p.currency;
  in["custom_fields"] = p.po_number.empty() ? Json(nullptr) : Json::array({{{"name", "PO number"}, {"value", p.po_number}}});
  in["customer"] = "cus_" + Slot('c');
  in["customer_address"] = Address(p);
  in["customer_email"] = p.email;
  in["customer_name"] = p.name;
  in["customer_phone"] = p.phone.empty() ? Json(nullptr) : Json(p.phone);
  in["customer_shipping"] = nullptr;
  in["customer_tax_exempt"] = "none";
  in["customer_tax_ids"] = Json::array();
  in["default_payment_method"] = nullptr;
  in["default_source"] = nullptr;
  in["default_tax_rates"] = Json::array();
  in["description"] = nullptr;
  in["discounts"] = p.discount ? Json::array({"di_" + Slot('i', '9')}) : Json::array();
  in["due_date"] = nullptr;
  in["effective_at"] = Slot('t', '7');
  in["ending_balance"] = 0;
  in["footer"] = p.footer ? Json("Thank you for your business! Questions? Write to billing@acme-widgets.io") : Json(nullptr);
  in["from_invoice"] = nullptr;
  in["hosted_invoice_url"] = "https://invoice.stripe.com/i/acct_1QhSa92eZvKYlo2C/live_" + Slot('o', '6') +
                             Slot('o', '7') + "?s=ap";
  in["invoice_pdf"] = "https://pay.stripe.com/invoice/acct_1QhSa92eZvKYlo2C/live_" + Slot('o', '6') +
                      Slot('o', '7') + "/pdf?s=ap";
  in["issuer"] = {{"type", "self"}};
  in["last_finalization_error"] = nullptr;
  in["latest_revision"] = nullptr;
}

void Tail(Json& in, const StripeProfile& p, InvoiceKind kind, const Totals& t) {
  const bool failed = kind == InvoiceKind::kFailed;
  Json discount_amounts = Json::array(), taxes = Json::array();
  if (t.discount > 0) discount_amounts.push_back({{"amount", t.discount}, {"discount", "di_" + Slot('i', '9')}});
  if (p.tax) {
    taxes.push_back({{"amount", t.tax}, {"tax_behavior", "exclusive"}, {"tax_rate_details", {{"tax_rate", p.tax_rate}}},
                     {"taxability_reason", "standard_rated"}, {"taxable_amount", t.subtotal - t.discount},
                     {"type", "tax_rate_details"}});
  }
  in["livemode"] = true;
  in["metadata"] = Json::object();
  in["next_payment_attempt"] = failed ? Json(Slot('t', '6')) : Json(nullptr);
  in["number"] = p.invoice_prefix + "-" + std::to_string(10000 + p.invoice_sequence).substr(1);
  in["on_behalf_of"] = nullptr;
  in["parent"] = {{"quote_details", nullptr},
                  {"subscription_details", {{"metadata", MetadataObject(p.subscription_metadata)}, {"subscription", "sub_" + Slot('s')}}},
                  {"type", "subscription_details"}};
  in["payment_settings"] = {{"default_mandate", nullptr}, {"payment_method_options", p.invoice_payment_options ? PaymentMethodOptions() : Json(nullptr)},
                            {"payment_method_types", nullptr}};
  in["period_end"] = Slot('t', '0');
  in["period_start"] = Slot('t', '1');
  in["post_payment_credit_notes_amount"] = 0;
  in["pre_payment_credit_notes_amount"] = 0;
  in["receipt_number"] = failed ? Json(nullptr) : Json("2" + std::to_string(1000 + p.invoice_sequence) + "-7714");
  in["rendering"] = {{"amount_tax_display", nullptr}, {"pdf", {{"page_size", "letter"}}}, {"template", nullptr},
                     {"template_version", nullptr}};
  in["shipping_cost"] = nullptr;
  in["shipping_details"] = nullptr;
  in["starting_balance"] = 0;
  in["statement_descriptor"] = nullptr;
  in["status"] = failed ? "open" : "paid";
  in["status_transitions"] = {{"finalized_at", Slot('t', '7')}, {"marked_uncollectible_at", nullptr},
                              {"paid_at", failed ? Json(nullptr) : Json(Slot('t', '0'))}, {"voided_at", nullptr}};
  in["subtotal"] = t.subtotal;
  in["subtotal_excluding_tax"] = t.subtotal;
  in["test_clock"] = nullptr;
  in["total"] = t.total();
  in["total_discount_amounts"] = discount_amounts;
  in["total_excluding_tax"] = t.subtotal - t.discount;
  in["total_pretax_credit_amounts"] = Json::array();
  in["total_taxes"] = taxes;
  in["webhooks_delivered_at"] = Slot('t', '7');
}

}  // namespace

Json InvoiceObject(const StripeProfile& p, InvoiceKind kind) {
  const std::vector<Line> lines = Lines(p, kind);
  const Totals t = Sum(p, lines);
  Json data = Json::array();
  for (size_t i = 0; i < lines.size(); ++i) data.push_back(LineObject(p, lines[i], i));
  Json in = Json::object();
  Head(in, p, kind, t);
  in["lines"] = {{"object", "list"}, {"data", std::move(data)}, {"has_more", false},
                 {"total_count", lines.size()}, {"url", "/v1/invoices/in_" + Slot('o', '0') + "/lines"}};
  Tail(in, p, kind, t);
  return in;
}

int64_t InvoiceSubtotal(const StripeProfile& p) { return Sum(p, Lines(p, InvoiceKind::kRenewal)).subtotal; }
int64_t InvoiceDiscount(const StripeProfile& p) { return Sum(p, Lines(p, InvoiceKind::kRenewal)).discount; }
int64_t InvoiceTax(const StripeProfile& p) { return Sum(p, Lines(p, InvoiceKind::kRenewal)).tax; }

}  // namespace subledger::bench
