// StripeProfile: the stable facts of one simulated Stripe customer (name,
// address, metadata, card, subscription items and prices, tax, discount), so
// every event of a customer tells the same story: its invoices bill the
// items its subscription has, its payments use its card.
//
// The generator draws kProfiles profiles from its seed; each customer index
// maps to one of them (ProfileOf). The prices come from a small fixed
// catalog (Catalog), as in a real account. The values and their spread are
// modelled on the real payloads in shared/fixtures/stripe (payfuzz's
// `stripe trigger` captures, stripe-openapi's fixtures, pay-rails' invoices).
//
// Thread safety: plain values; MakeProfile uses only the given Rng.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tools/eventgen/gen_random.h"

namespace subledger::bench {

struct CatalogPrice {
  const char* id;
  const char* product;
  const char* nickname;    // nullptr: null
  const char* lookup_key;  // nullptr: null
  const char* interval;    // "month" or "year"
  int64_t unit_amount;
  const char* currency;
  const char* description;  // the invoice line's text
};

// The account's prices (usd and eur, monthly and yearly, four products).
const std::vector<CatalogPrice>& Catalog();

struct ProfileItem {
  int price = 0;  // index into Catalog()
  int64_t quantity = 1;
};

using Metadata = std::vector<std::pair<std::string, std::string>>;

struct StripeProfile {
  std::string name, email, phone;  // phone "" is null
  bool has_address = false, has_shipping = false;
  std::string line1, line2, city, state, postal_code, country;  // line2 "" is null
  std::string currency;  // of the customer's prices
  std::vector<std::string> locales;
  Metadata customer_metadata, subscription_metadata, payment_metadata;
  std::vector<ProfileItem> items;  // 1 or 2
  // The card.
  std::string brand, last4, funding, card_country, fingerprint, wallet;  // wallet "" is none
  int exp_month = 1, exp_year = 2030;
  // Tax and discount.
  bool tax = false;
  std::string tax_rate;  // txr_..., when tax
  int tax_basis_points = 0;
  bool discount = false;
  std::string coupon;  // when discount
  int percent_off = 0;
  bool checkout = true;       // subscribed through Checkout: payment_method_options are set
  bool item_metadata = true;  // the app tags subscription items
  bool footer = false;        // the account's invoice footer
  bool invoice_payment_options = false;  // the account sets invoices' payment_method_options
  std::string po_number;  // invoice custom field; "" is none
  std::string invoice_prefix;
  int invoice_sequence = 1;
  bool trial = false;
  std::string description;           // of the subscription; "" is null
  std::string customer_description;  // "" is null

  int64_t MonthlyTotal() const;  // sum of unit_amount x quantity before tax and discount
};

StripeProfile MakeProfile(eventgen::Rng& rng);

inline constexpr int kProfiles = 192;
// The profile of customer `customer`: a fixed mix, so each customer keeps its profile.
inline int ProfileOf(uint64_t customer) {
  return static_cast<int>(eventgen::Mix64(customer ^ 0x70726f66696c65ULL) % kProfiles);
}

}  // namespace subledger::bench
