// Query strings and path segments (ingest/url_query.h), decoded with Boost.URL.
#include "ingest/url_query.h"

#include <gtest/gtest.h>

namespace subledger {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(UrlQueryTest, PairsKeepOrderAndRepeatsAndDecode) {
  const auto pairs = ParseQueryPairs("a=1&b=x%20y+z&&a=2&flag&created[gte]=5&e=");
  ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
  EXPECT_EQ(*pairs, (Pairs{{"a", "1"}, {"b", "x y z"}, {"a", "2"}, {"flag", ""}, {"created[gte]", "5"}, {"e", ""}}));
  EXPECT_TRUE(ParseQueryPairs("")->empty());
}

TEST(UrlQueryTest, ParamsKeepTheLastValue) {
  const auto params = ParseQueryParams("currency=usd&from=2026-01&currency=eur");
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(params->at("currency"), "eur");
  EXPECT_EQ(params->at("from"), "2026-01");
}

TEST(UrlQueryTest, AMalformedEscapeIsAnError) {
  for (const char* bad : {"a=%zz", "a=%4", "%=1", "a=b%"}) {
    const auto params = ParseQueryParams(bad);
    EXPECT_FALSE(params.ok()) << bad;
    EXPECT_EQ(params.status().code(), Status::Code::kInvalidArgument) << bad;
  }
}

TEST(UrlQueryTest, PathSegmentsDecodeWithoutPlusAsSpace) {
  EXPECT_EQ(*DecodePathSegment("cus_1%2Fx+y"), "cus_1/x+y");
  EXPECT_EQ(*DecodePathSegment(""), "");
  EXPECT_FALSE(DecodePathSegment("sub_%g1").ok());
}

}  // namespace
}  // namespace subledger
