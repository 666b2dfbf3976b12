// WebhookEventGenerator: realistic signed Stripe webhook deliveries for load
// tests. Bodies are pretty-printed like Stripe's (2-space indent), 2-4 KB,
// shaped like the real fixtures (customer.subscription.updated, invoice.paid,
// payment_intent.succeeded), and every event gets a unique id. Events are
// spread round-robin over 20,000 customers (per generator), one subscription
// each, so the projector following the log does realistic work.
//
// Cost per event: one copy of the template plus one HMAC-SHA256 (~3 us).
// Thread safety: one generator per thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace subledger::bench {

class WebhookEventGenerator {
 public:
  // `run_tag` (8 chars) keeps ids unique across runs against one daemon.
  WebhookEventGenerator(std::string secret, std::string run_tag);

  // Writes the complete HTTP/1.1 request for the next event into `out`
  // (replacing its contents): POST `path`, signed at Unix time `now`.
  void NextRequest(const std::string& host_header, const std::string& path, int64_t now, std::string* out);

  // Body sizes of the templates, for the report.
  std::vector<size_t> TemplateSizes() const;

  struct Template {
    std::vector<std::string> segments;  // body split at each slot
    std::vector<char> slots;            // between segments: 'e'vent, 's'ubscription, 'c'ustomer
  };

 private:
  std::string secret_;
  std::string run_tag_;
  std::vector<Template> templates_;
  uint64_t counter_ = 0;
  std::string body_;
};

}  // namespace subledger::bench
