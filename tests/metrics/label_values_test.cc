// The bounded label vocabularies: event types, statuses, currencies.
#include "metrics/label_values.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace subledger {
namespace {

TEST(LabelValuesTest, KnownEventTypesAreSortedAndDistinct) {
  auto types = KnownEventTypes();
  EXPECT_TRUE(std::is_sorted(types.begin(), types.end()));
  EXPECT_EQ(std::set<std::string_view>(types.begin(), types.end()).size(), types.size());
}

TEST(LabelValuesTest, TheTypesTheProjectionsModelAreKnown) {
  for (const char* t : {"customer.subscription.created", "customer.subscription.updated",
                        "customer.subscription.deleted", "customer.subscription.paused",
                        "customer.subscription.resumed", "customer.subscription.pending_update_applied",
                        "customer.subscription.pending_update_expired", "customer.subscription.trial_will_end",
                        "subledger.subscription.snapshot", "payment_intent.succeeded",
                        "payment_intent.payment_failed", "invoice.paid", "invoice.payment_failed"}) {
    size_t i = EventTypeIndex(t);
    ASSERT_LT(i, KnownEventTypes().size()) << t;
    EXPECT_EQ(KnownEventTypes()[i], t);
  }
}

TEST(LabelValuesTest, EveryKnownTypeMapsToItself) {
  auto types = KnownEventTypes();
  for (size_t i = 0; i < types.size(); ++i) EXPECT_EQ(EventTypeIndex(types[i]), i);
}

TEST(LabelValuesTest, UnknownTypesMapPastTheEnd) {
  for (const char* t : {"", "invoice", "invoice.paid ", "INVOICE.PAID", "customer.subscription.updatedx", "zzz"}) {
    EXPECT_EQ(EventTypeIndex(t), KnownEventTypes().size()) << t;
  }
}

TEST(LabelValuesTest, StatusesOutsideStripesListAreOther) {
  EXPECT_EQ(SubscriptionStatusLabel("past_due"), "past_due");
  EXPECT_EQ(SubscriptionStatusLabel("incomplete_expired"), "incomplete_expired");
  EXPECT_EQ(SubscriptionStatusLabel("Active"), "other");
  EXPECT_EQ(SubscriptionStatusLabel(""), "other");
}

TEST(LabelValuesTest, CurrencyCodesAreThreeLowercaseLetters) {
  EXPECT_TRUE(IsCurrencyCode("usd"));
  EXPECT_TRUE(IsCurrencyCode("jpy"));
  for (const char* bad : {"", "us", "usdd", "USD", "us1", "u d", "\xc3\xa9ur", "us\n"}) {
    EXPECT_FALSE(IsCurrencyCode(bad)) << bad;
  }
}

// Naive oracle: sort the distinct valid codes; rank < 63 keeps its name.
std::vector<std::string> NaiveLabels(const std::vector<std::string>& in) {
  std::set<std::string> valid;
  for (const auto& c : in) {
    if (IsCurrencyCode(c)) valid.insert(c);
  }
  std::vector<std::string> sorted(valid.begin(), valid.end());
  std::vector<std::string> out;
  for (const auto& c : in) {
    auto it = std::find(sorted.begin(), sorted.end(), c);
    bool keep = it != sorted.end() && static_cast<size_t>(it - sorted.begin()) < kMaxCurrencyLabels - 1;
    out.push_back(keep ? c : "other");
  }
  return out;
}

TEST(LabelValuesTest, CurrencyLabelsMatchTheNaiveOracle) {
  std::vector<std::string> in;
  uint32_t x = 12345;
  for (int i = 0; i < 3000; ++i) {
    x = x * 1103515245 + 12345;
    std::string c(3, 'a');
    for (char& ch : c) {
      x = x * 1103515245 + 12345;
      ch = static_cast<char>('a' + (x >> 16) % 8);
    }
    if (i % 17 == 0) c[1] = 'Q';
    in.push_back(c);
  }
  auto labels = AssignCurrencyLabels(in);
  EXPECT_EQ(labels, NaiveLabels(in));
  EXPECT_EQ(std::set<std::string>(labels.begin(), labels.end()).size(), kMaxCurrencyLabels);
}

TEST(LabelValuesTest, FewCurrenciesAllKeepTheirNames) {
  EXPECT_EQ(AssignCurrencyLabels({"usd", "eur", "usd", "XX"}),
            (std::vector<std::string>{"usd", "eur", "usd", "other"}));
}

}  // namespace
}  // namespace subledger
