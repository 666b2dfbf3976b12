#include "tests/support/stripe_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>

namespace subledger::testing {

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[mac[i] >> 4]);
    out.push_back(kHex[mac[i] & 0xf]);
  }
  return out;
}

std::string SignStripe(std::string_view secret, std::string_view body, int64_t t) {
  std::string ts = std::to_string(t);
  std::string message;
  message.reserve(ts.size() + 1 + body.size());
  message.append(ts).append(".").append(body);
  return "t=" + ts + ",v1=" + HmacSha256Hex(secret, message);
}

int64_t NowUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace subledger::testing
