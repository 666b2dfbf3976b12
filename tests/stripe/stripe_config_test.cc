// ResolveStripeOptions: flags, then environment, then defaults; the key
// comes from the environment or a file, never a flag, and never into errors.
#include "stripe/stripe_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class StripeConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"STRIPE_SECRET_KEY", "STRIPE_API_BASE", "STRIPE_API_VERSION"}) unsetenv(name);
  }
  void TearDown() override { SetUp(); }
  testing::TempDir dir_;
};

TEST_F(StripeConfigTest, DefaultsWithAKeyFromTheEnvironment) {
  setenv("STRIPE_SECRET_KEY", "sk_test_env123456789\n", 1);
  Result<StripeClientOptions> options = ResolveStripeOptions({});
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->api_base, "https://api.stripe.com");
  EXPECT_EQ(options->stripe_version, kPinnedStripeVersion);
  EXPECT_EQ(options->secret_key, "sk_test_env123456789");
}

TEST_F(StripeConfigTest, FlagsWinOverTheEnvironment) {
  setenv("STRIPE_SECRET_KEY", "sk_test_env123456789", 1);
  setenv("STRIPE_API_BASE", "https://env.example:1", 1);
  setenv("STRIPE_API_VERSION", "2024-06-20", 1);
  testing::WriteFile(dir_.Sub("key"), "sk_test_file987654321\n");
  Result<StripeClientOptions> options =
      ResolveStripeOptions({"http://127.0.0.1:9/", dir_.Sub("key"), "2025-01-27.acacia", ""});
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->api_base, "http://127.0.0.1:9");
  EXPECT_EQ(options->stripe_version, "2025-01-27.acacia");
  EXPECT_EQ(options->secret_key, "sk_test_file987654321");
  Result<StripeClientOptions> env_only = ResolveStripeOptions({});
  ASSERT_TRUE(env_only.ok());
  EXPECT_EQ(env_only->api_base, "https://env.example:1");
  EXPECT_EQ(env_only->stripe_version, "2024-06-20");
}

TEST_F(StripeConfigTest, NoKeyIsAClearError) {
  Result<StripeClientOptions> options = ResolveStripeOptions({});
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.status().code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(options.status().message(), HasSubstr("STRIPE_SECRET_KEY"));
  EXPECT_THAT(options.status().message(), HasSubstr("--stripe-key-file"));
}

TEST_F(StripeConfigTest, KeyFileProblemsNameTheFileNeverTheContents) {
  testing::WriteFile(dir_.Sub("two"), "sk_test_first secret words\n");
  Result<StripeClientOptions> two = ResolveStripeOptions({"", dir_.Sub("two"), "", ""});
  ASSERT_FALSE(two.ok());
  EXPECT_THAT(two.status().message(), HasSubstr(dir_.Sub("two")));
  EXPECT_THAT(two.status().message(), Not(HasSubstr("sk_test_first")));
  testing::WriteFile(dir_.Sub("empty"), "\n");
  EXPECT_FALSE(ResolveStripeOptions({"", dir_.Sub("empty"), "", ""}).ok());
  EXPECT_FALSE(ResolveStripeOptions({"", dir_.Sub("missing"), "", ""}).ok());
}

TEST_F(StripeConfigTest, BaseUrlMustBeSchemeHostPort) {
  setenv("STRIPE_SECRET_KEY", "sk_test_env123456789", 1);
  for (const char* bad : {"api.stripe.com", "ftp://x", "https://", "https://h/v1", "https://u:p@h", "https://a b",
                          "http://api.stripe.com", "http://10.0.0.5:8080", "http://localhost.evil.com"}) {
    EXPECT_FALSE(ResolveStripeOptions({bad, "", "", ""}).ok()) << bad;
  }
  for (const char* good : {"https://api.stripe.com", "http://127.0.0.1:12111", "http://localhost:12111",
                           "http://[::1]:8080", "http://localhost"}) {
    EXPECT_TRUE(ResolveStripeOptions({good, "", "", ""}).ok()) << good;
  }
}

TEST_F(StripeConfigTest, AnAccountFlagIsAConnectedAccountId) {
  setenv("STRIPE_SECRET_KEY", "sk_test_env123456789", 1);
  Result<StripeClientOptions> options = ResolveStripeOptions({"", "", "", "acct_1Abc"});
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->stripe_account, "acct_1Abc");
  Result<StripeClientOptions> bad = ResolveStripeOptions({"", "", "", "cus_1"});
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("expected acct_"));
}

TEST(KeyLivemode, TheKeyPrefixSaysWhichModeItSees) {
  EXPECT_EQ(KeyLivemode("sk_live_abc"), std::optional<bool>(true));
  EXPECT_EQ(KeyLivemode("rk_live_abc"), std::optional<bool>(true));
  EXPECT_EQ(KeyLivemode("sk_test_abc"), std::optional<bool>(false));
  EXPECT_EQ(KeyLivemode("rk_test_abc"), std::optional<bool>(false));
  EXPECT_EQ(KeyLivemode("whsec_abc"), std::nullopt);
}

}  // namespace
}  // namespace subledger
