#include "tools/bench/stripe_profile.h"

#include <array>
#include <cstdio>

namespace subledger::bench {
namespace {

using eventgen::Rng;

template <typename T, size_t N>
const T& Pick(Rng& rng, const std::array<T, N>& options) {
  return options[rng.Below(N)];
}

struct Place {
  const char* city;
  const char* state;
  const char* postal_code;
  const char* country;
  const char* locale;
};

constexpr std::array<Place, 10> kPlaces = {{
    {"San Francisco", "CA", "94103", "US", "en-US"},
    {"Brooklyn", "NY", "11201", "US", "en-US"},
    {"Austin", "TX", "78701", "US", "en-US"},
    {"Seattle", "WA", "98101", "US", "en-US"},
    {"Toronto", "ON", "M5V 2T6", "CA", "en-CA"},
    {"London", "", "EC1V 9HX", "GB", "en-GB"},
    {"Berlin", "", "10115", "DE", "de-DE"},
    {"Paris", "", "75011", "FR", "fr-FR"},
    {"Dublin", "D02", "D02 X285", "IE", "en-IE"},
    {"São Paulo", "SP", "01310-100", "BR", "pt-BR"},
}};
constexpr std::array<const char*, 12> kFirst = {"Jenny", "Marcus", "Aisha", "José", "Zoë", "Hiroshi",
                                                "Priya", "Olivia", "Lukas", "Chloé", "Noah", "Fatima"};
constexpr std::array<const char*, 12> kLast = {"Rosen", "Okafor", "Müller", "García", "Nakamura", "Patel",
                                               "Johansson", "Dubois", "Kowalski", "O'Brien", "Silva", "Chen"};
constexpr std::array<const char*, 6> kStreets = {"Townsend St", "Market Street", "Atlantic Ave", "Congress Ave",
                                                 "King Street West", "Old Street"};
constexpr std::array<const char*, 5> kBrands = {"visa", "visa", "mastercard", "amex", "discover"};
constexpr std::array<const char*, 4> kWallets = {"", "", "apple_pay", "google_pay"};
constexpr std::array<const char*, 4> kCampaigns = {"spring_launch_2026", "partner_referral", "organic_search",
                                                   "webinar-q3"};
constexpr std::array<const char*, 5> kPlans = {"starter", "team", "business", "enterprise_trial", "growth"};

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Below(10));
  return s;
}

std::string Base62(Rng& rng, int n) {
  std::string s;
  eventgen::AppendBase62(&s, rng.Next(), 11);
  eventgen::AppendBase62(&s, rng.Next(), 11);
  return s.substr(0, static_cast<size_t>(n));
}

// SaaS apps keep their own ids and attribution in customer metadata: 4-9 entries.
Metadata CustomerMetadata(Rng& rng) {
  Metadata m = {{"user_id", "usr_" + Base62(rng, 20)}, {"workspace_id", Digits(rng, 7)},
                {"signup_source", rng.Chance(0.5) ? "web_app" : "mobile_ios"},
                {"utm_campaign", Pick(rng, kCampaigns)}};
  if (rng.Chance(0.6)) m.emplace_back("utm_source", rng.Chance(0.5) ? "google" : "newsletter");
  if (rng.Chance(0.5)) m.emplace_back("crm_id", "0035g00000" + Base62(rng, 8));
  if (rng.Chance(0.4)) m.emplace_back("referrer", "https://www.example-partner.com/r/" + Base62(rng, 10));
  if (rng.Chance(0.7)) {
    m.emplace_back("landing_page", "https://www.acme-widgets.io/pricing?utm_source=google&utm_medium=cpc&gclid=" +
                                       Base62(rng, 22));
  }
  if (rng.Chance(0.4)) m.emplace_back("tos_accepted_at", "2026-0" + Digits(rng, 1) + "-1" + Digits(rng, 1) + "T09:3" + Digits(rng, 1) + ":00Z");
  if (rng.Chance(0.3)) m.emplace_back("account_owner", "owner+" + Base62(rng, 6) + "@acme-widgets.io");
  return m;
}

Metadata SubscriptionMetadata(Rng& rng) {
  Metadata m = {{"plan", Pick(rng, kPlans)}, {"workspace_id", Digits(rng, 7)}};
  if (rng.Chance(0.5)) m.emplace_back("billing_entity", rng.Chance(0.5) ? "Acme Widgets GmbH" : "Acme Widgets, Inc.");
  if (rng.Chance(0.4)) m.emplace_back("crm_opportunity_id", "0065g00000" + Base62(rng, 8));
  if (rng.Chance(0.7)) m.emplace_back("seats_source", rng.Chance(0.7) ? "admin_console" : "self_serve_upgrade");
  if (rng.Chance(0.4)) m.emplace_back("contract_id", "ctr_" + Base62(rng, 14));
  if (rng.Chance(0.3)) m.emplace_back("sales_rep", "rep_" + Base62(rng, 6));
  return m;
}

void Address(Rng& rng, StripeProfile* p) {
  const Place& place = Pick(rng, kPlaces);
  p->has_address = rng.Chance(0.9);
  p->has_shipping = p->has_address && rng.Chance(0.4);
  p->line1 = std::to_string(rng.Between(1, 2999)) + " " + Pick(rng, kStreets);
  p->line2 = rng.Chance(0.3) ? "Suite " + std::to_string(rng.Between(100, 900)) : "";
  p->city = place.city;
  p->state = place.state;
  p->postal_code = place.postal_code;
  p->country = place.country;
  p->locales = {place.locale};
  p->currency = place.country[0] == 'D' || place.country[0] == 'F' || place.country[0] == 'I' ? "eur" : "usd";
}

void Items(Rng& rng, StripeProfile* p) {
  std::vector<int> prices;
  for (int i = 0; i < static_cast<int>(Catalog().size()); ++i) {
    if (p->currency == Catalog()[static_cast<size_t>(i)].currency) prices.push_back(i);
  }
  const int n = rng.Chance(0.78) ? 1 : 2;
  const size_t first = rng.Below(prices.size());
  for (int i = 0; i < n; ++i) {
    const int64_t quantity = rng.Chance(0.45) ? 1 : rng.Between(2, 40);
    p->items.push_back({prices[(first + static_cast<size_t>(i) * 3) % prices.size()], quantity});
  }
}

void Card(Rng& rng, StripeProfile* p) {
  p->brand = Pick(rng, kBrands);
  p->last4 = Digits(rng, 4);
  p->funding = rng.Chance(0.7) ? "credit" : "debit";
  p->card_country = p->country;
  p->fingerprint = Base62(rng, 16);
  p->wallet = Pick(rng, kWallets);
  p->exp_month = static_cast<int>(rng.Between(1, 12));
  p->exp_year = static_cast<int>(rng.Between(2027, 2033));
}

}  // namespace

const std::vector<CatalogPrice>& Catalog() {
  static const std::vector<CatalogPrice> kCatalog = {
      {"price_1QhT7c2eZvKYlo2CstarterM", "prod_RaTstarter01", "Starter monthly", "starter_monthly", "month", 1900,
       "usd", "Starter"},
      {"price_1QhT7c2eZvKYlo2CstarterY", "prod_RaTstarter01", "Starter yearly", "starter_yearly", "year", 19000,
       "usd", "Starter"},
      {"price_1QhT8d2eZvKYlo2CteamSeatM", "prod_RaTteam00002", "Team seat", nullptr, "month", 1200, "usd",
       "Team seat"},
      {"price_1QhT9e2eZvKYlo2CbusinessM", "prod_RaTbusiness3", "Business monthly", "business_monthly", "month",
       9900, "usd", "Business"},
      {"price_1QhTAf2eZvKYlo2CaddonStrg", "prod_RaTstorage04", nullptr, nullptr, "month", 500, "usd",
       "Extra storage (100 GB)"},
      {"price_1QhTBg2eZvKYlo2CteamSeatY", "prod_RaTteam00002", "Team seat yearly", "team_yearly", "year", 12000,
       "usd", "Team seat"},
      {"price_1QhTCh2eZvKYlo2CstarterEu", "prod_RaTstarter01", "Starter monthly EUR", nullptr, "month", 1800, "eur",
       "Starter"},
      {"price_1QhTDi2eZvKYlo2CteamSeatEu", "prod_RaTteam00002", "Team seat EUR", nullptr, "month", 1100, "eur",
       "Team seat"},
      {"price_1QhTEj2eZvKYlo2CbusinessEu", "prod_RaTbusiness3", "Business yearly EUR", "business_yearly_eur",
       "year", 94800, "eur", "Business"},
  };
  return kCatalog;
}

int64_t StripeProfile::MonthlyTotal() const {
  int64_t total = 0;
  for (const ProfileItem& item : items) total += Catalog()[static_cast<size_t>(item.price)].unit_amount * item.quantity;
  return total;
}

StripeProfile MakeProfile(Rng& rng) {
  StripeProfile p;
  const std::string first = Pick(rng, kFirst), last = Pick(rng, kLast);
  p.name = first + " " + last;
  p.email = "billing+" + Base62(rng, 6) + "@" + (rng.Chance(0.5) ? "example.com" : "acme-widgets.io");
  p.phone = rng.Chance(0.4) ? "+1415" + Digits(rng, 7) : "";
  Address(rng, &p);
  p.customer_metadata = CustomerMetadata(rng);
  p.subscription_metadata = SubscriptionMetadata(rng);
  p.payment_metadata = {{"workspace_id", p.customer_metadata[1].second}};
  if (rng.Chance(0.6)) p.payment_metadata.emplace_back("order_ref", "ord_" + Base62(rng, 12));
  if (rng.Chance(0.5)) p.payment_metadata.emplace_back("integration", "billing-service@4.12." + Digits(rng, 1));
  Items(rng, &p);
  Card(rng, &p);
  p.tax = rng.Chance(0.35);
  p.tax_rate = "txr_1QhU" + Base62(rng, 20);
  p.tax_basis_points = p.country == "US" ? 725 + static_cast<int>(rng.Below(200)) : 1900 + static_cast<int>(rng.Below(200));
  p.discount = rng.Chance(0.15);
  p.coupon = rng.Chance(0.5) ? "LAUNCH20" : "PARTNER_" + Base62(rng, 6);
  p.percent_off = p.coupon == "LAUNCH20" ? 20 : 10;
  p.checkout = rng.Chance(0.9);
  p.item_metadata = rng.Chance(0.9);
  p.footer = rng.Chance(0.6);
  p.invoice_payment_options = rng.Chance(0.5);
  p.po_number = rng.Chance(0.25) ? "PO-2026-" + Digits(rng, 5) : "";
  p.invoice_prefix = Base62(rng, 8);
  for (char& c : p.invoice_prefix) c = static_cast<char>(c >= 'a' ? c - 32 : c);
  p.invoice_sequence = static_cast<int>(rng.Between(2, 60));
  p.trial = rng.Chance(0.2);
  p.customer_description = rng.Chance(0.5) ? "Workspace " + p.customer_metadata[1].second + " (self-serve signup)" : "";
  p.description = rng.Chance(0.3) ? "Annual contract #" + Digits(rng, 5) : "";
  return p;
}

}  // namespace subledger::bench
