#include "ingest/signature_verifier.h"

// HMAC-SHA256 on OpenSSL's SHA256 block functions (deprecated in OpenSSL 3 in
// favour of EVP, still maintained, and the same SHA-NI code EVP runs): the
// keyed inner and outer states are computed once per secret and copied per
// request (two 112-byte struct copies), where EVP_MAC_CTX_dup allocated and
// freed three digest contexts per request, ~1 µs of the I/O thread per event.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace subledger {
namespace {

constexpr size_t kSha256Bytes = 32;
constexpr size_t kSha256BlockBytes = 64;
constexpr size_t kHexSignatureChars = 2 * kSha256Bytes;

void ToHex(const unsigned char* bytes, size_t n, char* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[bytes[i] >> 4];
    out[2 * i + 1] = kHex[bytes[i] & 0xF];
  }
}

// SHA-256 state after one block of key XOR pad (RFC 2104: a key longer than a
// block is hashed first, a shorter one padded with zeros).
SHA256_CTX KeyedState(std::string_view secret, unsigned char pad) {
  std::array<unsigned char, kSha256BlockBytes> block{};
  if (secret.size() > kSha256BlockBytes) {
    SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), block.data());
  } else {
    std::copy(secret.begin(), secret.end(), block.begin());
  }
  for (unsigned char& b : block) b ^= pad;
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, block.data(), block.size());
  OPENSSL_cleanse(block.data(), block.size());
  return ctx;
}

}  // namespace

// One secret's HMAC-SHA256, keyed once.
struct SignatureVerifier::Keyed {
  explicit Keyed(std::string_view secret) : inner(KeyedState(secret, 0x36)), outer(KeyedState(secret, 0x5c)) {}
  ~Keyed() {
    OPENSSL_cleanse(&inner, sizeof inner);
    OPENSSL_cleanse(&outer, sizeof outer);
  }

  // HMAC over "<timestamp>.<body>", as 64 lowercase hex chars into `hex`.
  void Sign(std::string_view timestamp_text, std::string_view body, char* hex) const {
    unsigned char digest[kSha256Bytes];
    SHA256_CTX ctx = inner;
    SHA256_Update(&ctx, timestamp_text.data(), timestamp_text.size());
    SHA256_Update(&ctx, ".", 1);
    SHA256_Update(&ctx, body.data(), body.size());
    SHA256_Final(digest, &ctx);
    ctx = outer;
    SHA256_Update(&ctx, digest, sizeof digest);
    SHA256_Final(digest, &ctx);
    OPENSSL_cleanse(&ctx, sizeof ctx);
    ToHex(digest, kSha256Bytes, hex);
  }

  SHA256_CTX inner;
  SHA256_CTX outer;
};

namespace {

// Calls fn(key, value) for each "key=value" item of the header, split on ','
// and then on the item's first '='. Items without '=' are skipped.
template <typename Fn>
void ForEachItem(std::string_view header, Fn&& fn) {
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t comma = header.find(',', pos);
    if (comma == std::string_view::npos) comma = header.size();
    const std::string_view item = header.substr(pos, comma - pos);
    const size_t eq = item.find('=');
    if (eq != std::string_view::npos) fn(item.substr(0, eq), item.substr(eq + 1));
    pos = comma + 1;
  }
}

}  // namespace

SignatureVerifier::SignatureVerifier(std::vector<std::string> secrets, int64_t tolerance_seconds,
                                     const Clock& clock)
    : tolerance_seconds_(tolerance_seconds), clock_(clock) {
  // Only the keyed states are kept (cleansed on destruction), not the secrets.
  for (const std::string& s : secrets) {
    if (s.empty()) throw std::invalid_argument("SignatureVerifier: empty secret");
    keyed_.push_back(std::make_unique<Keyed>(s));
  }
  if (keyed_.empty()) throw std::invalid_argument("SignatureVerifier: no secrets");
}

SignatureVerifier::~SignatureVerifier() = default;

Status SignatureVerifier::Verify(std::string_view header, std::string_view body) const {
  if (header.empty()) {
    return Status::Unauthenticated("signature: missing Stripe-Signature header");
  }
  std::string_view timestamp_text;  // the last t wins, as in the SDKs
  size_t v1_count = 0;
  ForEachItem(header, [&](std::string_view key, std::string_view value) {
    if (key == "t") timestamp_text = value;
    if (key == "v1") ++v1_count;
  });
  if (timestamp_text.empty()) {
    return Status::Unauthenticated(
        "signature: unable to extract timestamp and signatures from header");
  }
  int64_t timestamp = 0;
  {
    const char* first = timestamp_text.data();
    const char* last = first + timestamp_text.size();
    const auto [ptr, ec] = std::from_chars(first, last, timestamp);
    if (ec != std::errc() || ptr != last || timestamp_text[0] == '-') {
      return Status::Unauthenticated("signature: timestamp in header is not a number");
    }
  }
  if (v1_count == 0) {
    return Status::Unauthenticated("signature: no signatures found with expected scheme v1");
  }

  // One HMAC per configured secret, then every v1 against every expectation;
  // the work done does not depend on which candidate (if any) matches. The
  // signed text is t's canonical decimal, as in the SDKs.
  const std::string canonical = std::to_string(timestamp);
  std::vector<std::array<char, kHexSignatureChars>> expected(keyed_.size());
  for (size_t i = 0; i < keyed_.size(); ++i) keyed_[i]->Sign(canonical, body, expected[i].data());
  bool matched = false;
  ForEachItem(header, [&](std::string_view key, std::string_view value) {
    if (key != "v1" || value.size() != kHexSignatureChars) return;
    for (const auto& e : expected) {
      matched |= CRYPTO_memcmp(value.data(), e.data(), kHexSignatureChars) == 0;
    }
  });
  if (!matched) {
    return Status::Unauthenticated(
        "signature: no signatures found matching the expected signature for payload");
  }

  if (tolerance_seconds_ > 0) {
    const int64_t age = clock_.NowUnixSeconds() - timestamp;
    if (age > tolerance_seconds_) {
      return Status::Stale("signature: timestamp " + std::to_string(age) +
                           "s old, outside the tolerance of " +
                           std::to_string(tolerance_seconds_) + "s");
    }
    if (-age > tolerance_seconds_) {
      return Status::Stale("signature: timestamp " + std::to_string(-age) +
                           "s in the future, outside the tolerance of " +
                           std::to_string(tolerance_seconds_) + "s");
    }
  }
  return Status::Ok();
}

std::string SignatureVerifier::ComputeSignature(std::string_view secret, int64_t timestamp,
                                                std::string_view body) {
  Keyed keyed(secret);
  std::string hex(kHexSignatureChars, '\0');
  keyed.Sign(std::to_string(timestamp), body, hex.data());
  return hex;
}

std::string SignatureVerifier::MakeHeader(std::string_view secret, int64_t timestamp,
                                          std::string_view body) {
  return "t=" + std::to_string(timestamp) + ",v1=" + ComputeSignature(secret, timestamp, body);
}

}  // namespace subledger
