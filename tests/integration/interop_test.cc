// Interop with Stripe's own signing: every real event envelope in the shared
// fixtures, signed by Stripe's official Node SDK
// (stripe.webhooks.generateTestHeaderString via tests/interop/sign.js), is
// accepted by the real subledgerd and comes back byte-identical from
// `subledger export` -- except the fixtures whose `created` is not a Stripe
// event time (revenue model v2 §1), refused like any such event; the SDK's
// signatures over a tampered body, with a wrong secret or an expired
// timestamp are rejected and write nothing; and a header the SDK's own
// verifier (stripe.webhooks.constructEvent via tests/interop/verify.js)
// accepts or rejects is accepted or rejected by subledgerd alike.
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/daemon_test.h"
#include "tests/support/event_fixtures.h"
#include "tests/support/run_command.h"
#include "tests/support/test_paths.h"

namespace subledger::testing {
namespace {

// Signs each file with the Node SDK; one Stripe-Signature value per file.
std::vector<std::string> SignWithNodeSdk(const std::vector<std::string>& files, const std::string& secret,
                                         int64_t timestamp) {
  std::vector<std::string> argv = {"node", SourceDir() + "/tests/interop/sign.js", "--secret", secret,
                                   "--timestamp", std::to_string(timestamp)};
  argv.insert(argv.end(), files.begin(), files.end());
  CommandResult r = RunCommand(argv);
  EXPECT_EQ(r.exit_code, 0) << "node sign.js (run `npm ci` in tests/interop): " << r.Describe();
  std::vector<std::string> headers;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) headers.push_back(line);
  }
  EXPECT_EQ(headers.size(), files.size()) << r.out;
  return headers;
}

std::string SignOneWithNodeSdk(const std::string& file, const std::string& secret, int64_t timestamp) {
  auto headers = SignWithNodeSdk({file}, secret, timestamp);
  return headers.empty() ? "" : headers[0];
}

// The Node SDK's verdict on each header for the payload in `file`: "valid"
// or "invalid: why".
std::vector<std::string> VerifyWithNodeSdk(const std::string& file, const std::string& secret,
                                           const std::vector<std::string>& headers) {
  std::vector<std::string> argv = {"node", SourceDir() + "/tests/interop/verify.js", "--secret", secret,
                                   "--payload", file};
  argv.insert(argv.end(), headers.begin(), headers.end());
  CommandResult r = RunCommand(argv);
  EXPECT_EQ(r.exit_code, 0) << "node verify.js (run `npm ci` in tests/interop): " << r.Describe();
  std::vector<std::string> verdicts;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) verdicts.push_back(line);
  }
  EXPECT_EQ(verdicts.size(), headers.size()) << r.out;
  return verdicts;
}

// Revenue model v2 §1: an integer `created` from 2010 to a day from now.
bool PlausibleCreated(const EventFixture& f) {
  const auto j = nlohmann::json::parse(f.body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("created") || !j["created"].is_number_integer()) return false;
  const int64_t created = j["created"].get<int64_t>();
  return created >= 1262304000 && created <= NowUnixSeconds() + 86400;
}

// The fixture's body with its event id replaced (first occurrence), so a
// rejected post has an id that must not appear in the log.
std::string WithId(const EventFixture& f, const std::string& new_id) {
  std::string body = f.body;
  size_t pos = body.find("\"" + f.id + "\"");
  EXPECT_NE(pos, std::string::npos);
  body.replace(pos + 1, f.id.size(), new_id);
  return body;
}

class InteropTest : public DaemonTest {};

TEST_F(InteropTest, EveryFixtureSignedByTheNodeSdkIsAcceptedAndExportedByteForByte) {
  std::vector<EventFixture> fixtures = StripeEventFixtures();
  ASSERT_GE(fixtures.size(), 20u) << "expected the shared Stripe event fixtures";
  std::vector<std::string> files;
  for (const auto& f : fixtures) files.push_back(f.path);
  StartDaemon();
  std::vector<std::string> signatures = SignWithNodeSdk(files, kSecret, NowUnixSeconds());
  ASSERT_EQ(signatures.size(), fixtures.size());

  // Several upstream fixtures reuse an event id: the first delivery of an id
  // is stored, later ones are acknowledged as duplicates. A fixture with an
  // implausible `created` (stripe-openapi's placeholder 1234567890, in 2009)
  // is refused at the door.
  std::map<std::string, std::string> first_body;
  std::vector<std::string> first_order;
  HttpClient client = Client();
  int refused = 0;
  for (size_t i = 0; i < fixtures.size(); ++i) {
    HttpResponse r = PostWithSignature(client, fixtures[i].body, signatures[i]);
    if (!PlausibleCreated(fixtures[i])) {
      ++refused;
      EXPECT_EQ(r.status, 400) << fixtures[i].path << ": " << r.body;
      EXPECT_NE(r.body.find("created"), std::string::npos) << fixtures[i].path << ": " << r.body;
      continue;
    }
    ASSERT_EQ(r.status, 200) << fixtures[i].path << ": " << r.error << r.body;
    if (first_body.emplace(fixtures[i].id, fixtures[i].body).second) {
      first_order.push_back(fixtures[i].id);
      EXPECT_TRUE(IsFreshAck(r)) << fixtures[i].path << ": " << r.body;
    } else {
      EXPECT_TRUE(IsDuplicateAck(r)) << fixtures[i].path << ": " << r.body;
    }
  }

  EXPECT_LE(refused, 2) << "most fixtures are real Stripe events";
  // The log holds every body byte for byte...
  std::vector<ExportedEvent> stored = StoredEvents();
  ASSERT_EQ(stored.size(), first_order.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i].id, first_order[i]) << "the log is in delivery (sequence) order";
    EXPECT_TRUE(stored[i].body == first_body[stored[i].id])
        << "stored body of " << stored[i].id << " is not byte-identical to what was posted";
  }
  // ...and `subledger export` prints one line per event: these fixtures are
  // pretty-printed, so minified to the same JSON value.
  std::vector<ExportedEvent> exported = Export();
  ASSERT_EQ(exported.size(), first_order.size());
  for (size_t i = 0; i < exported.size(); ++i) {
    EXPECT_EQ(exported[i].id, first_order[i]) << "export is in sequence order";
    const std::string& posted = first_body[exported[i].id];
    EXPECT_TRUE(exported[i].body == ExportedForm(posted)) << exported[i].id;
    EXPECT_EQ(nlohmann::json::parse(exported[i].body), nlohmann::json::parse(posted)) << exported[i].id;
  }
  ExpectVerifyPasses();
}

TEST_F(InteropTest, NodeSdkSignaturesOverTamperedBodyWrongSecretOrExpiredTimeAreRejected) {
  std::vector<EventFixture> fixtures = StripeEventFixtures();
  ASSERT_FALSE(fixtures.empty());
  const EventFixture& f = fixtures.front();
  StartDaemon();
  const int64_t now = NowUnixSeconds();

  // Each case: a body with a fresh id and an SDK-made signature that must not pass.
  struct Case {
    std::string name, body, signature;
  };
  std::vector<Case> cases;
  {
    std::string body = WithId(f, "evt_interop_tampered_0001");
    std::string path = tmp().Sub("tampered.json");
    WriteFile(path, body);
    std::string sig = SignOneWithNodeSdk(path, kSecret, now);
    std::string tampered = body;
    size_t pos = tampered.find("\"livemode\"");
    ASSERT_NE(pos, std::string::npos);
    tampered.insert(pos, " ");  // one byte more; still valid JSON
    cases.push_back({"tampered body", tampered, sig});
  }
  {
    std::string body = WithId(f, "evt_interop_wrongsecret_0002");
    std::string path = tmp().Sub("wrong_secret.json");
    WriteFile(path, body);
    cases.push_back({"wrong secret", body, SignOneWithNodeSdk(path, "whsec_someone_elses_secret_xyz", now)});
  }
  {
    std::string body = WithId(f, "evt_interop_expired_0003");
    std::string path = tmp().Sub("expired.json");
    WriteFile(path, body);
    cases.push_back({"expired timestamp (1 h old)", body, SignOneWithNodeSdk(path, kSecret, now - 3600)});
  }

  HttpClient client = Client();
  for (const auto& c : cases) {
    HttpResponse r = PostWithSignature(client, c.body, c.signature);
    EXPECT_EQ(r.status, 400) << c.name << ": " << r.error << r.body;
    EXPECT_TRUE(IsJsonObject(r.body)) << c.name << ": error body is not JSON: " << r.body;
    EXPECT_TRUE(Export().empty()) << c.name << " wrote to the log";
  }
  ExpectDaemonAnswers();

  // Control: the same SDK with the right secret and time is accepted.
  std::string path = tmp().Sub("good.json");
  std::string good = WithId(f, "evt_interop_good_0004");
  WriteFile(path, good);
  HttpResponse ok = PostWithSignature(client, good, SignOneWithNodeSdk(path, kSecret, NowUnixSeconds()));
  EXPECT_TRUE(IsFreshAck(ok)) << ok.status << " " << ok.body;
  std::vector<ExportedEvent> exported = Export();
  ASSERT_EQ(exported.size(), 1u);
  EXPECT_EQ(exported[0].id, "evt_interop_good_0004");
}

TEST_F(InteropTest, TheTimestampIsReadAsAnIntegerExactlyLikeTheNodeSdk) {
  // The SDKs sign "<integer t>.body": `t=000<T>` with the SDK's signature for
  // T is valid, a signature over the literal text "000<T>.body" is not. Both
  // verdicts come from the SDK's own verifier, and subledgerd agrees.
  const EventFixture f = StripeEventFixtures().front();
  StartDaemon();
  const std::string body = WithId(f, "evt_interop_timestamp_0005");
  const std::string path = tmp().Sub("timestamp.json");
  WriteFile(path, body);
  const int64_t t = NowUnixSeconds();
  const std::string sdk = SignOneWithNodeSdk(path, kSecret, t);
  ASSERT_EQ(sdk.rfind("t=" + std::to_string(t) + ",v1=", 0), 0u) << sdk;
  const std::string v1 = sdk.substr(sdk.find("v1=") + 3);
  const std::string padded = "000" + std::to_string(t);
  const std::string zero_padded = "t=" + padded + ",v1=" + v1;
  const std::string literal = "t=" + padded + ",v1=" + HmacSha256Hex(kSecret, padded + "." + body);

  const std::vector<std::string> verdicts = VerifyWithNodeSdk(path, kSecret, {zero_padded, literal});
  ASSERT_EQ(verdicts.size(), 2u);
  EXPECT_EQ(verdicts[0], "valid");
  EXPECT_EQ(verdicts[1].rfind("invalid", 0), 0u) << verdicts[1];

  HttpClient client = Client();
  HttpResponse forged = PostWithSignature(client, body, literal);
  EXPECT_EQ(forged.status, 400) << forged.body;
  EXPECT_TRUE(Export().empty()) << "the literal-text signature wrote to the log";
  HttpResponse accepted = PostWithSignature(client, body, zero_padded);
  EXPECT_TRUE(IsFreshAck(accepted)) << accepted.status << " " << accepted.body;
  std::vector<ExportedEvent> exported = Export();
  ASSERT_EQ(exported.size(), 1u);
  EXPECT_EQ(exported[0].id, "evt_interop_timestamp_0005");
}

}  // namespace
}  // namespace subledger::testing
