#include "tools/bench/webhook_event_generator.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "tools/bench/stripe_profile.h"

namespace subledger::bench {
namespace {

constexpr const char* kHex = "0123456789abcdef";

// Stripe-Signature's v1: hex(HMAC-SHA256(secret, "<ts>.<body>")). *scratch is reused.
std::string Hmac(const std::string& secret, const std::string& ts, const std::string& body, std::string* scratch) {
  scratch->assign(ts).append(".").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(scratch->data()), scratch->size(), mac, &mac_len);
  std::string hex;
  for (unsigned int i = 0; i < mac_len; ++i) {
    hex.push_back(kHex[mac[i] >> 4]);
    hex.push_back(kHex[mac[i] & 0xf]);
  }
  return hex;
}

}  // namespace

BodyKind ParseBodyKind(const std::string& name, bool* ok) {
  *ok = name == "stripe" || name == "small";
  return name == "small" ? BodyKind::kSmall : BodyKind::kStripe;
}

WebhookEventGenerator::WebhookEventGenerator(GeneratorOptions options)
    : options_(std::move(options)),
      mix_(options_.bodies == BodyKind::kSmall ? SmallMix() : StripeMix(options_.seed)),
      stats_(mix_.types),
      rng_(options_.seed ^ 0x6576656e7473ULL) {
  options_.run_tag.resize(8, '0');
  if (options_.customers == 0) options_.customers = 1;
  double total = 0;
  for (const TypeShare& t : mix_.types) total += t.percent;
  double sum = 0;
  for (const TypeShare& t : mix_.types) cumulative_.push_back((sum += t.percent) / total);
  slots_.run_tag = options_.run_tag;
  slots_.event_salt = 0;
}

int WebhookEventGenerator::PickType() {
  const double u = rng_.Unit();
  for (size_t t = 0; t < cumulative_.size(); ++t) {
    if (u < cumulative_[t]) return static_cast<int>(t);
  }
  return static_cast<int>(cumulative_.size() - 1);
}

const BodyVariant& WebhookEventGenerator::PickVariant(int type, uint64_t customer) {
  const auto& profiles = mix_.pool[static_cast<size_t>(type)];
  const auto& variants = profiles.size() == 1 ? profiles[0] : profiles[static_cast<size_t>(ProfileOf(customer)) % profiles.size()];
  double total = 0;
  for (const BodyVariant& v : variants) total += v.weight;
  double u = rng_.Unit() * total;
  for (const BodyVariant& v : variants) {
    if ((u -= v.weight) < 0) return v;
  }
  return variants.back();
}

uint64_t WebhookEventGenerator::NextBody(int64_t now, std::string* body) {
  const int type = PickType();
  slots_.customer = rng_.Below(options_.customers);
  slots_.event = next_serial_;
  slots_.now = now;
  const BodyVariant& v = PickVariant(type, slots_.customer);
  body->clear();
  v.body.Fill(slots_, body);
  stats_.Add(type, body->size(), v.object_bytes);
  return next_serial_++;
}

std::string WebhookEventGenerator::EventId(uint64_t serial) const {
  SlotValues v = slots_;
  v.event = serial;
  std::string id = "evt_";
  AppendEventToken(v, &id);
  return id;
}

uint64_t WebhookEventGenerator::NextRequest(const std::string& host_header, const std::string& path, int64_t now,
                                            std::string* out) {
  const uint64_t serial = NextBody(now, &body_);
  const std::string ts = std::to_string(now);
  out->clear();
  out->reserve(body_.size() + 400);
  out->append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host_header);
  out->append("\r\nUser-Agent: Stripe/1.0 (+https://stripe.com/docs/webhooks)\r\n"
              "Content-Type: application/json; charset=utf-8\r\nStripe-Signature: t=");
  out->append(ts).append(",v1=").append(Hmac(options_.secret, ts, body_, &signed_));
  out->append("\r\nContent-Length: ").append(std::to_string(body_.size())).append("\r\n\r\n");
  out->append(body_);
  return serial;
}

}  // namespace subledger::bench
