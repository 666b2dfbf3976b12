// The door rule of revenue model v2 §1: an event whose `created` is not an
// integer literal, is before 2010, or is more than a day after the clock is
// not a Stripe event.
#include "ledger/plausible_event.h"

#include <gtest/gtest.h>

namespace subledger {
namespace {

constexpr int64_t kNow = 1796450000;  // 2026-12-05

std::string Event(const std::string& created) {
  return R"({"id":"evt_p","type":"invoice.paid","created":)" + created + "}";
}

TEST(PlausibleEventTest, StripeEventTimesPass) {
  FakeClock clock;
  clock.SetUnixSeconds(kNow);
  for (int64_t created : {kEarliestPlausibleCreated, int64_t{1700000000}, kNow, kNow + 86400}) {
    auto env = ExtractPlausibleEnvelope(Event(std::to_string(created)), clock);
    ASSERT_TRUE(env.ok()) << created << ": " << env.status().ToString();
    EXPECT_EQ(env->created, created);
  }
}

TEST(PlausibleEventTest, ImplausibleCreatedIsRefusedNamingTheBound) {
  FakeClock clock;
  clock.SetUnixSeconds(kNow);
  struct Case {
    std::string created, why;
  };
  for (const Case& c : std::vector<Case>{
           {"1767225599.0", "not an integer"},
           {"1.7e9", "not an integer"},
           {"0", "before 2010-01-01"},
           {"1262303999", "before 2010-01-01"},
           {std::to_string(kNow + 86401), "ahead of this machine's clock"},
           {"1796450000000", "ahead of this machine's clock"},   // milliseconds
           {"5647000000000000", "ahead of this machine's clock"},  // the issue's year 178 million
       }) {
    auto env = ExtractPlausibleEnvelope(Event(c.created), clock);
    ASSERT_FALSE(env.ok()) << c.created;
    EXPECT_EQ(env.status().code(), Status::Code::kInvalidArgument) << c.created;
    EXPECT_NE(env.status().message().find(c.why), std::string::npos) << env.status().message();
  }
}

TEST(PlausibleEventTest, TheFutureBoundMovesWithTheClock) {
  FakeClock clock;
  clock.SetUnixSeconds(kNow);
  const std::string body = Event(std::to_string(kNow + 2 * 86400));
  EXPECT_FALSE(ExtractPlausibleEnvelope(body, clock).ok());
  clock.SetUnixSeconds(kNow + 86400);
  EXPECT_TRUE(ExtractPlausibleEnvelope(body, clock).ok());
}

}  // namespace
}  // namespace subledger
