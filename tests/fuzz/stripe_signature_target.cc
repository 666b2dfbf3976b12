// Fuzz target: Stripe-Signature header parsing and verification.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/signature_verifier.h"
#include "ledger/clock.h"
#include "tests/fuzz/fuzz_targets.h"

namespace subledger::fuzz {
namespace {

constexpr char kSecret[] = "whsec_fuzz_primary_0123456789";
constexpr char kRotated[] = "whsec_fuzz_rotated_abcdefghij";
constexpr char kOther[] = "whsec_fuzz_not_configured_xyz";
constexpr int64_t kNow = 1700000000;
constexpr int64_t kTolerance = 300;

// Naive oracle: one-shot OpenSSL HMAC-SHA256, lower-case hex.
std::string OracleSignature(std::string_view secret, std::string_view t, std::string_view body) {
  std::string message;
  message.reserve(t.size() + 1 + body.size());
  message.append(t).append(".").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[mac[i] >> 4]);
    hex.push_back(kHex[mac[i] & 15]);
  }
  return hex;
}

// Naive header split: items on ',', key/value on the first '='.
struct NaiveHeader {
  std::string_view t;  // the last t
  std::vector<std::string_view> v1;
};
NaiveHeader SplitHeader(std::string_view header) {
  NaiveHeader h;
  size_t start = 0;
  while (true) {
    size_t comma = header.find(',', start);
    std::string_view item = header.substr(start, comma == std::string_view::npos ? header.npos : comma - start);
    size_t eq = item.find('=');
    if (eq != std::string_view::npos) {
      if (item.substr(0, eq) == "t") h.t = item.substr(eq + 1);
      if (item.substr(0, eq) == "v1") h.v1.push_back(item.substr(eq + 1));
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return h;
}

// The timestamp text as a number, when it is the plain decimal the rules accept.
bool ParseTimestamp(std::string_view t, int64_t* out) {
  while (t.size() > 1 && t.front() == '0') t.remove_prefix(1);
  if (t.empty() || t.size() > 19) return false;
  uint64_t v = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > static_cast<uint64_t>(INT64_MAX)) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

}  // namespace

void FuzzStripeSignature(std::string_view data) {
  static const FakeClock clock(kNow * 1000000);
  static const SignatureVerifier verifier({kSecret, kRotated}, kTolerance, clock);

  const size_t nl = data.find('\n');
  const std::string_view header = nl == std::string_view::npos ? data : data.substr(0, nl);
  const std::string_view body = nl == std::string_view::npos ? std::string_view() : data.substr(nl + 1);

  // 1. The fuzzed header as sent by a client.
  const Status fuzzed = verifier.Verify(header, body);
  if (fuzzed.ok() || fuzzed.code() == Status::Code::kStale) {
    // Only a header carrying the real HMAC for its (last) t may get this far.
    NaiveHeader h = SplitHeader(header);
    bool carries = false;
    for (const char* secret : {kSecret, kRotated}) {
      const std::string expected = OracleSignature(secret, h.t, body);
      for (std::string_view v : h.v1) carries |= v == expected;
    }
    FuzzCheck(carries, "a header without a valid v1 passed the signature check");
  } else {
    FuzzCheck(fuzzed.code() == Status::Code::kUnauthenticated, "unexpected status code");
  }

  // 2. A header we sign over a timestamp text taken from the input.
  const std::string_view t_text = header.substr(0, header.find(','));
  if (t_text.find(',') == std::string_view::npos) {
    for (const char* secret : {kSecret, kRotated, kOther}) {
      const std::string signed_header =
          "t=" + std::string(t_text) + ",v1=" + OracleSignature(secret, t_text, body);
      const Status s = verifier.Verify(signed_header, body);
      int64_t t = 0;
      if (secret == kOther || !ParseTimestamp(t_text, &t)) {
        FuzzCheck(s.code() == Status::Code::kUnauthenticated,
                  "wrong secret or non-numeric timestamp was not rejected as unauthenticated");
      } else {
        const int64_t age = kNow - t;  // t <= INT64_MAX, kNow > 0: no overflow
        const bool fresh = age <= kTolerance && age >= -kTolerance;
        FuzzCheck(fresh ? s.ok() : s.code() == Status::Code::kStale,
                  "a correctly signed header got the wrong verdict for its timestamp");
      }
    }
  }

  // 3. The library's own signer always produces a header that verifies.
  FuzzCheck(verifier.Verify(SignatureVerifier::MakeHeader(kRotated, kNow, body), body).ok(),
            "MakeHeader output does not verify");
}

}  // namespace subledger::fuzz
