#include "tools/bench/stripe_fit.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace subledger::bench {
namespace {

// Customer metadata a SaaS app adds over time, in the order it is added.
constexpr std::array<std::pair<const char*, const char*>, 13> kMoreMetadata = {{
    {"checkout_session", "cs_live_b1Kx9Q2eZvKYlo2CmRt4Vw8nPzA6sD3fG7hJ0kL5qW9eR2tY4uI8oP1aS6dF"},
    {"company_size", "11-50"},
    {"industry", "software"},
    {"app_locale", "en"},
    {"billing_contact", "accounts-payable@acme-widgets.io"},
    {"onboarding_completed", "true"},
    {"trial_source", "pricing_page"},
    {"segment", "smb"},
    {"legacy_plan_id", "plan_2019_pro_monthly"},
    {"signup_ip_country", "US"},
    {"accounting_ref", "ACME-AR-2026-000418"},
    {"support_tier", "standard"},
    {"data_region", "us-east-1"},
}};

// One step down: the invoice's footer, custom field and payment method
// options, the discount, the tax
// (which make invoice lines grow), item metadata, Checkout's payment method
// options, subscription metadata, the second item.
bool Shrink(StripeProfile* p) {
  if (p->footer) return !(p->footer = false);
  if (!p->po_number.empty()) {
    p->po_number.clear();
    return true;
  }
  if (p->invoice_payment_options) return !(p->invoice_payment_options = false);
  if (p->discount) return !(p->discount = false);
  if (p->tax) return !(p->tax = false);
  if (p->item_metadata) return !(p->item_metadata = false);
  if (p->checkout) return !(p->checkout = false);
  if (p->subscription_metadata.size() > 1) {
    p->subscription_metadata.pop_back();
    return true;
  }
  if (p->items.size() > 1) {
    p->items.pop_back();
    return true;
  }
  return false;
}

bool HasKey(const Metadata& m, const char* key) {
  return std::any_of(m.begin(), m.end(), [&](const auto& kv) { return kv.first == key; });
}

// One step up for the small objects (customers, payment intents): the
// billing address, the shipping address, a phone number, a description, then
// one more metadata entry on each. Returns about how many bytes the customer
// grew by (0: nothing left to add).
size_t GrowStep(StripeProfile* p) {
  if (!p->has_address) return p->has_address = true, 120;
  if (!p->has_shipping) return p->has_shipping = true, 190;
  if (p->phone.empty()) {
    p->phone = "+1 415 555 0" + p->customer_metadata[1].second.substr(0, 3);
    return 25;
  }
  if (p->customer_description.empty()) {
    p->customer_description = "Workspace " + p->customer_metadata[1].second + " (self-serve signup)";
    return 50;
  }
  size_t grew = 0;
  for (Metadata* m : {&p->customer_metadata, &p->payment_metadata}) {
    for (const auto& [key, value] : kMoreMetadata) {
      if (!HasKey(*m, key)) {
        m->emplace_back(key, value);
        grew = std::strlen(key) + std::strlen(value) + 6;
        break;
      }
    }
  }
  return grew;
}

// Grows by steps until about `bytes` were added (compact JSON); false when nothing was.
bool Grow(StripeProfile* p, size_t bytes) {
  size_t added = 0;
  while (added < bytes) {
    const size_t step = GrowStep(p);
    if (step == 0) break;
    added += step;
  }
  return added > 0;
}

}  // namespace

bool FitToStripeRange(const std::vector<std::vector<BodyVariant>>& built, StripeProfile* p) {
  size_t min_object = SIZE_MAX, max_object = 0, min_body = SIZE_MAX, max_body = 0;
  for (const auto& variants : built) {
    for (const BodyVariant& v : variants) {
      min_object = std::min(min_object, v.object_bytes);
      max_object = std::max(max_object, v.object_bytes);
      min_body = std::min(min_body, v.body.size());
      max_body = std::max(max_body, v.body.size());
    }
  }
  bool changed = false;
  if (max_object > kMaxObjectBytes || max_body > kMaxBodyBytes) changed = Shrink(p);
  // Compact bytes missing; a body is about 1.35 times its compact object, so
  // a body deficit counts 0.7 (undershoot, then step again).
  const size_t missing = std::max(min_object < kMinObjectBytes ? kMinObjectBytes - min_object : 0,
                                  min_body < kMinBodyBytes ? ((kMinBodyBytes - min_body) * 7 + 9) / 10 : 0);
  if (missing > 0) changed = Grow(p, missing) || changed;
  return changed;
}

}  // namespace subledger::bench
