#include "ingest/signature_verifier.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace subledger {
namespace {

constexpr size_t kSha256Bytes = 32;
constexpr size_t kHexSignatureChars = 2 * kSha256Bytes;

EVP_MAC* HmacAlgorithm() {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

// A fresh HMAC-SHA256 context keyed with `secret`; aborts if OpenSSL cannot
// provide HMAC-SHA256 (the process could not verify anything).
EVP_MAC_CTX* NewKeyedContext(std::string_view secret) {
  EVP_MAC* mac = HmacAlgorithm();
  EVP_MAC_CTX* ctx = mac ? EVP_MAC_CTX_new(mac) : nullptr;
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end(),
  };
  if (ctx == nullptr ||
      EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                   params) != 1) {
    std::abort();
  }
  return ctx;
}

void ToHex(const unsigned char* bytes, size_t n, char* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[bytes[i] >> 4];
    out[2 * i + 1] = kHex[bytes[i] & 0xF];
  }
}

// HMAC over "<timestamp>.<body>" with a copy of the keyed context.
// Writes 64 hex chars into `hex`. Returns false on an OpenSSL failure.
bool SignWith(EVP_MAC_CTX* keyed, std::string_view timestamp_text, std::string_view body,
              char* hex) {
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(keyed);
  if (ctx == nullptr) return false;
  unsigned char mac[kSha256Bytes];
  size_t mac_len = 0;
  const bool ok =
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(timestamp_text.data()),
                     timestamp_text.size()) == 1 &&
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>("."), 1) == 1 &&
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(body.data()), body.size()) ==
          1 &&
      EVP_MAC_final(ctx, mac, &mac_len, sizeof mac) == 1 && mac_len == kSha256Bytes;
  EVP_MAC_CTX_free(ctx);
  if (ok) ToHex(mac, kSha256Bytes, hex);
  return ok;
}

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

struct SignatureVerifier::Keyed {
  explicit Keyed(std::string_view secret) : ctx(NewKeyedContext(secret)) {}
  ~Keyed() { EVP_MAC_CTX_free(ctx); }
  EVP_MAC_CTX* ctx;
};

SignatureVerifier::SignatureVerifier(std::vector<std::string> secrets, int64_t tolerance_seconds,
                                     const Clock& clock)
    : secrets_(std::move(secrets)), tolerance_seconds_(tolerance_seconds), clock_(clock) {
  for (const std::string& s : secrets_) {
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
  for (size_t i = 0; i < keyed_.size(); ++i) {
    if (!SignWith(keyed_[i]->ctx, canonical, body, expected[i].data())) {
      return Status::Internal("signature: HMAC-SHA256 computation failed");
    }
  }
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
  if (!SignWith(keyed.ctx, std::to_string(timestamp), body, hex.data())) std::abort();
  return hex;
}

std::string SignatureVerifier::MakeHeader(std::string_view secret, int64_t timestamp,
                                          std::string_view body) {
  return "t=" + std::to_string(timestamp) + ",v1=" + ComputeSignature(secret, timestamp, body);
}

}  // namespace subledger
