// SignatureVerifier: Stripe-Signature verification as Stripe's SDKs do it,
// plus our stricter future-timestamp rule.
//
// Expected signatures are computed independently here with OpenSSL's one-shot
// HMAC(); one vector is hard-coded from Stripe's Node SDK (stripe@23.1.0):
//   stripe.webhooks.generateTestHeaderString({payload, secret, timestamp})
#include "ingest/signature_verifier.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

namespace subledger {
namespace {

constexpr int64_t kNow = 1'700'000'000;
constexpr const char* kSecret = "whsec_test_secret_0123456789";
constexpr const char* kBody = R"({"id":"evt_1","object":"event","type":"invoice.paid","created":1700000000})";

// The oracle: HMAC-SHA256(secret, "<t>.<body>") in lower-case hex.
std::string OracleSignature(const std::string& secret, int64_t t, const std::string& body) {
  const std::string message = std::to_string(t) + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < len; ++i) {
    hex.push_back(kHex[mac[i] >> 4]);
    hex.push_back(kHex[mac[i] & 0xF]);
  }
  return hex;
}

std::string Header(int64_t t, const std::string& v1) {
  return "t=" + std::to_string(t) + ",v1=" + v1;
}

class SignatureVerifierTest : public ::testing::Test {
 protected:
  SignatureVerifierTest() : clock_(kNow * 1'000'000) {}
  SignatureVerifier Verifier(std::vector<std::string> secrets = {kSecret},
                             int64_t tolerance = 300) {
    return SignatureVerifier(std::move(secrets), tolerance, clock_);
  }
  FakeClock clock_;
};

TEST_F(SignatureVerifierTest, AcceptsAValidSignature) {
  const auto v = Verifier();
  EXPECT_TRUE(v.Verify(Header(kNow, OracleSignature(kSecret, kNow, kBody)), kBody).ok());
}

TEST_F(SignatureVerifierTest, MatchesStripeNodeSdkVector) {
  // Generated once with stripe-node 23.1.0 generateTestHeaderString.
  const std::string payload =
      R"({"id":"evt_vector_1","object":"event","type":"invoice.paid","created":1700000000})";
  const std::string header =
      "t=1700000000,v1=7ab83a39b32d986548c9daa7224196cf899ca76d6ff77f038003ea4e407660cf";
  const auto v = Verifier({"whsec_test_secret_vector"});
  EXPECT_TRUE(v.Verify(header, payload).ok());
  EXPECT_EQ(SignatureVerifier::MakeHeader("whsec_test_secret_vector", 1700000000, payload), header);
  // The same oracle agrees with the SDK.
  EXPECT_EQ(OracleSignature("whsec_test_secret_vector", 1700000000, payload),
            "7ab83a39b32d986548c9daa7224196cf899ca76d6ff77f038003ea4e407660cf");
}

TEST_F(SignatureVerifierTest, MatchesStripeNodeSdkVectorWithUtf8SecretAndBody) {
  // stripe-node hashes the secret and payload as UTF-8 bytes.
  const std::string payload = "{\"id\":\"evt_\\u00e9\",\"type\":\"x\",\"created\":1}\n";
  const std::string secret = "whsec_\xC3\xBCnicode";
  EXPECT_EQ(SignatureVerifier::ComputeSignature(secret, 1234567890, payload),
            "5f242f7212fbdf5b724406b60519dcfc7ee8e972ae0d99f3db643cd2f6d9e4d1");
}

TEST_F(SignatureVerifierTest, ComputeSignatureAgreesWithOracleForManyBodies) {
  std::string body;
  for (int i = 0; i < 200; ++i) {
    body.push_back(static_cast<char>('a' + i % 26));
    if (i % 7 == 0) body.push_back('\0');  // raw bytes, not C strings
    EXPECT_EQ(SignatureVerifier::ComputeSignature(kSecret, kNow + i, body),
              OracleSignature(kSecret, kNow + i, body));
  }
}

// The keyed states are precomputed per secret: a secret shorter than SHA-256's
// 64-byte block is padded, one longer is hashed first (RFC 2104). Every length
// around the block, and bodies crossing block boundaries, against OpenSSL's HMAC.
TEST_F(SignatureVerifierTest, SecretsOfEveryLengthAroundTheBlockAgreeWithOracle) {
  for (size_t length : {1, 2, 31, 32, 55, 56, 63, 64, 65, 100, 127, 128, 129, 131, 300}) {
    std::string secret;
    for (size_t i = 0; i < length; ++i) secret.push_back(static_cast<char>(0x20 + (i * 37) % 200));
    for (size_t body_size : {0, 1, 50, 51, 52, 53, 54, 55, 56, 64, 119, 120, 5000}) {
      const std::string body(body_size, static_cast<char>('a' + body_size % 26));
      EXPECT_EQ(SignatureVerifier::ComputeSignature(secret, kNow, body), OracleSignature(secret, kNow, body))
          << "secret " << length << " bytes, body " << body_size;
    }
    EXPECT_TRUE(Verifier({secret}).Verify(Header(kNow, OracleSignature(secret, kNow, kBody)), kBody).ok())
        << "secret " << length << " bytes";
  }
}

TEST_F(SignatureVerifierTest, AcceptsWhenAnyOfSeveralV1Matches) {
  const auto v = Verifier();
  const std::string good = OracleSignature(kSecret, kNow, kBody);
  const std::string bad(64, 'a');
  EXPECT_TRUE(v.Verify("t=" + std::to_string(kNow) + ",v1=" + bad + ",v1=" + good, kBody).ok());
  EXPECT_TRUE(v.Verify("t=" + std::to_string(kNow) + ",v1=" + good + ",v1=" + bad, kBody).ok());
}

TEST_F(SignatureVerifierTest, RotationAcceptsEitherSecret) {
  const auto v = Verifier({"whsec_new", "whsec_old"});
  EXPECT_TRUE(v.Verify(Header(kNow, OracleSignature("whsec_new", kNow, kBody)), kBody).ok());
  EXPECT_TRUE(v.Verify(Header(kNow, OracleSignature("whsec_old", kNow, kBody)), kBody).ok());
  const Status other = v.Verify(Header(kNow, OracleSignature("whsec_other", kNow, kBody)), kBody);
  EXPECT_EQ(other.code(), Status::Code::kUnauthenticated);
}

TEST_F(SignatureVerifierTest, SecretIsUsedWithItsPrefix) {
  const auto v = Verifier();
  const std::string without_prefix = std::string(kSecret).substr(6);
  const Status s = v.Verify(Header(kNow, OracleSignature(without_prefix, kNow, kBody)), kBody);
  EXPECT_EQ(s.code(), Status::Code::kUnauthenticated);
}

TEST_F(SignatureVerifierTest, RejectsWrongSecret) {
  const auto v = Verifier();
  const Status s =
      v.Verify(Header(kNow, OracleSignature("whsec_wrong_secret", kNow, kBody)), kBody);
  EXPECT_EQ(s.code(), Status::Code::kUnauthenticated);
  EXPECT_NE(s.message().find("no signatures found matching"), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find(kSecret), std::string::npos);
}

TEST_F(SignatureVerifierTest, RejectsTamperedBody) {
  const auto v = Verifier();
  const std::string header = Header(kNow, OracleSignature(kSecret, kNow, kBody));
  std::string tampered = kBody;
  tampered[tampered.find("evt_1") + 4] = '2';
  EXPECT_EQ(v.Verify(header, tampered).code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(v.Verify(header, std::string(kBody) + " ").code(), Status::Code::kUnauthenticated);
}

TEST_F(SignatureVerifierTest, RejectsTimestampSwappedUnderTheSameSignature) {
  const auto v = Verifier();
  const std::string sig = OracleSignature(kSecret, kNow, kBody);
  EXPECT_EQ(v.Verify(Header(kNow + 1, sig), kBody).code(), Status::Code::kUnauthenticated);
}

TEST_F(SignatureVerifierTest, TheTimestampIsSignedAsItsCanonicalDecimalLikeTheSdks) {
  // The SDKs parse t as an integer and sign "<integer>.body": a header
  // "t=000<T>" carries the signature over "<T>.body".
  const auto v = Verifier();
  const std::string padded = "000" + std::to_string(kNow);
  EXPECT_TRUE(v.Verify("t=" + padded + ",v1=" + OracleSignature(kSecret, kNow, kBody), kBody).ok());
  // A signature over the literal text "000<T>.body" is not the SDKs' and fails.
  std::string literal_message_signature;
  {
    const std::string message = padded + "." + kBody;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), kSecret, static_cast<int>(std::string(kSecret).size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned i = 0; i < len; ++i) {
      literal_message_signature.push_back(kHex[mac[i] >> 4]);
      literal_message_signature.push_back(kHex[mac[i] & 0xF]);
    }
  }
  const Status literal = v.Verify("t=" + padded + ",v1=" + literal_message_signature, kBody);
  EXPECT_EQ(literal.code(), Status::Code::kUnauthenticated) << literal.ToString();
  // Signs and "+" are not decimal integers here (stripe-go's ParseInt agrees).
  EXPECT_EQ(v.Verify("t=+" + std::to_string(kNow) + ",v1=" + OracleSignature(kSecret, kNow, kBody), kBody).code(),
            Status::Code::kUnauthenticated);
}

TEST_F(SignatureVerifierTest, UpperCaseHexIsNotAccepted) {
  // The SDKs compare the hex strings as sent; Stripe sends lower case.
  const auto v = Verifier();
  std::string sig = OracleSignature(kSecret, kNow, kBody);
  for (char& c : sig) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(v.Verify(Header(kNow, sig), kBody).code(), Status::Code::kUnauthenticated);
}

TEST_F(SignatureVerifierTest, StaleTimestampIsRejectedAfterTheSignatureMatches) {
  const auto v = Verifier();
  const int64_t t = kNow - 301;
  const Status s = v.Verify(Header(t, OracleSignature(kSecret, t, kBody)), kBody);
  EXPECT_EQ(s.code(), Status::Code::kStale);
  EXPECT_NE(s.message().find("301s old"), std::string::npos) << s.message();
  // Exactly at the tolerance is still fine (as in the SDKs: age > tolerance fails).
  const int64_t edge = kNow - 300;
  EXPECT_TRUE(v.Verify(Header(edge, OracleSignature(kSecret, edge, kBody)), kBody).ok());
}

TEST_F(SignatureVerifierTest, FutureTimestampBeyondToleranceIsStale) {
  // Stricter than the SDKs, which accept any future timestamp.
  const auto v = Verifier();
  const int64_t t = kNow + 301;
  const Status s = v.Verify(Header(t, OracleSignature(kSecret, t, kBody)), kBody);
  EXPECT_EQ(s.code(), Status::Code::kStale);
  EXPECT_NE(s.message().find("in the future"), std::string::npos) << s.message();
  const int64_t edge = kNow + 300;
  EXPECT_TRUE(v.Verify(Header(edge, OracleSignature(kSecret, edge, kBody)), kBody).ok());
}

TEST_F(SignatureVerifierTest, ToleranceFollowsTheClock) {
  const auto v = Verifier();
  const std::string header = Header(kNow, OracleSignature(kSecret, kNow, kBody));
  EXPECT_TRUE(v.Verify(header, kBody).ok());
  clock_.AdvanceMicros(301 * 1'000'000);
  EXPECT_EQ(v.Verify(header, kBody).code(), Status::Code::kStale);
}

TEST_F(SignatureVerifierTest, ZeroToleranceDisablesTheTimeCheck) {
  const auto v = Verifier({kSecret}, 0);
  const int64_t t = kNow - 86400 * 365;
  EXPECT_TRUE(v.Verify(Header(t, OracleSignature(kSecret, t, kBody)), kBody).ok());
}

TEST_F(SignatureVerifierTest, WrongSignatureWithStaleTimestampReportsTheSignature) {
  const auto v = Verifier();
  const int64_t t = kNow - 1000;
  const Status s = v.Verify(Header(t, OracleSignature("whsec_wrong", t, kBody)), kBody);
  EXPECT_EQ(s.code(), Status::Code::kUnauthenticated);
}

TEST_F(SignatureVerifierTest, MissingPartsAreBadSignatures) {
  const auto v = Verifier();
  const std::string sig = OracleSignature(kSecret, kNow, kBody);
  const std::string t = std::to_string(kNow);
  struct Case {
    std::string header;
    std::string expect_in_message;
  };
  const Case cases[] = {
      {"", "missing Stripe-Signature"},
      {"v1=" + sig, "unable to extract timestamp"},
      {"t=" + t, "no signatures found with expected scheme"},
      {"t=" + t + ",v1=", "no signatures found matching"},
      {"t=,v1=" + sig, "unable to extract timestamp"},
      {"t=abc,v1=" + sig, "not a number"},
      {"t=-5,v1=" + sig, "not a number"},
      {"t=" + t + "x,v1=" + sig, "not a number"},
      {"t=" + t + ",v1=" + sig.substr(0, 63), "no signatures found matching"},
      {"t=" + t + ",v1=" + sig + "0", "no signatures found matching"},
  };
  for (const Case& c : cases) {
    const Status s = v.Verify(c.header, kBody);
    EXPECT_EQ(s.code(), Status::Code::kUnauthenticated) << c.header;
    EXPECT_NE(s.message().find(c.expect_in_message), std::string::npos)
        << c.header << " -> " << s.message();
  }
}

TEST_F(SignatureVerifierTest, V0OnlyIsNotEnough) {
  const auto v = Verifier();
  const std::string sig = OracleSignature(kSecret, kNow, kBody);
  const Status s = v.Verify("t=" + std::to_string(kNow) + ",v0=" + sig, kBody);
  EXPECT_EQ(s.code(), Status::Code::kUnauthenticated);
  EXPECT_NE(s.message().find("expected scheme v1"), std::string::npos);
}

TEST_F(SignatureVerifierTest, V0AndUnknownKeysAreIgnored) {
  const auto v = Verifier();
  const std::string sig = OracleSignature(kSecret, kNow, kBody);
  const std::string header = "t=" + std::to_string(kNow) + ",v0=deadbeef,v1=" + sig +
                             ",v2=whatever,x=1,novalue,=";
  EXPECT_TRUE(v.Verify(header, kBody).ok());
}

TEST_F(SignatureVerifierTest, KeysAreCaseSensitiveAndTheLastTimestampWins) {
  const auto v = Verifier();
  const std::string sig = OracleSignature(kSecret, kNow, kBody);
  EXPECT_EQ(v.Verify("T=" + std::to_string(kNow) + ",V1=" + sig, kBody).code(),
            Status::Code::kUnauthenticated);
  EXPECT_TRUE(v.Verify("t=1,t=" + std::to_string(kNow) + ",v1=" + sig, kBody).ok());
}

TEST_F(SignatureVerifierTest, GarbageHeadersAreRejectedWithoutCrashing) {
  const auto v = Verifier();
  const std::string garbage[] = {
      ",,,,",    "=====",  "t",          "t==,v1==",   std::string(10000, ','),
      "\xff\xfe", "t=1e9,v1=00", "t=99999999999999999999999,v1=" + std::string(64, '0'),
      std::string(100, 'v') + "=1",
  };
  for (const std::string& h : garbage) {
    EXPECT_EQ(v.Verify(h, kBody).code(), Status::Code::kUnauthenticated) << h.substr(0, 40);
  }
}

TEST_F(SignatureVerifierTest, AMatchAmongManyCandidatesIsFound) {
  const auto v = Verifier({"whsec_a", "whsec_b", kSecret});
  const std::string sig = OracleSignature(kSecret, kNow, kBody);
  std::string header = "t=" + std::to_string(kNow);
  for (int i = 0; i < 50; ++i) header += ",v1=" + std::string(64, 'b');
  EXPECT_TRUE(v.Verify(header + ",v1=" + sig, kBody).ok());
  EXPECT_EQ(v.Verify(header, kBody).code(), Status::Code::kUnauthenticated);
}

TEST_F(SignatureVerifierTest, EmptyBodyCanBeSigned) {
  const auto v = Verifier();
  EXPECT_TRUE(v.Verify(Header(kNow, OracleSignature(kSecret, kNow, "")), "").ok());
}

TEST(SignatureVerifierConstruction, RefusesNoSecretsOrAnEmptySecret) {
  FakeClock clock;
  EXPECT_THROW(SignatureVerifier({}, 300, clock), std::invalid_argument);
  EXPECT_THROW(SignatureVerifier({"whsec_a", ""}, 300, clock), std::invalid_argument);
}

}  // namespace
}  // namespace subledger
