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

// HMAC over "<timestamp text>.<body>" with a copy of the keyed context.
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

struct ParsedHeader {
  std::string_view timestamp_text;  // empty when absent
  std::array<std::string_view, 8> v1;
  size_t v1_count = 0;
  size_t v1_dropped = 0;  // beyond the first 8; never matched
};

ParsedHeader ParseHeader(std::string_view header) {
  ParsedHeader parsed;
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t comma = header.find(',', pos);
    if (comma == std::string_view::npos) comma = header.size();
    const std::string_view item = header.substr(pos, comma - pos);
    const size_t eq = item.find('=');
    if (eq != std::string_view::npos) {
      const std::string_view key = item.substr(0, eq);
      const std::string_view value = item.substr(eq + 1);
      if (key == "t") {
        parsed.timestamp_text = value;
      } else if (key == "v1") {
        if (parsed.v1_count < parsed.v1.size()) {
          parsed.v1[parsed.v1_count++] = value;
        } else {
          ++parsed.v1_dropped;
        }
      }
    }
    pos = comma + 1;
  }
  return parsed;
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
  const ParsedHeader parsed = ParseHeader(header);
  if (parsed.timestamp_text.empty()) {
    return Status::Unauthenticated(
        "signature: unable to extract timestamp and signatures from header");
  }
  int64_t timestamp = 0;
  {
    const char* first = parsed.timestamp_text.data();
    const char* last = first + parsed.timestamp_text.size();
    const auto [ptr, ec] = std::from_chars(first, last, timestamp);
    if (ec != std::errc() || ptr != last || parsed.timestamp_text[0] == '-') {
      return Status::Unauthenticated("signature: timestamp in header is not a number");
    }
  }
  if (parsed.v1_count == 0) {
    return Status::Unauthenticated("signature: no signatures found with expected scheme v1");
  }

  bool matched = false;
  char expected[kHexSignatureChars];
  for (const auto& keyed : keyed_) {
    if (!SignWith(keyed->ctx, parsed.timestamp_text, body, expected)) {
      return Status::Internal("signature: HMAC-SHA256 computation failed");
    }
    for (size_t i = 0; i < parsed.v1_count; ++i) {
      const std::string_view candidate = parsed.v1[i];
      if (candidate.size() == kHexSignatureChars &&
          CRYPTO_memcmp(candidate.data(), expected, kHexSignatureChars) == 0) {
        matched = true;  // keep going: time spent must not depend on which matched
      }
    }
  }
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
