// WebhookEventGenerator: signed Stripe webhook deliveries for load tests.
//
// By default the bodies follow Stripe's real delivery distribution (the
// "stripe" BodyMix: eight event types in Stripe's shares, pretty-printed with
// 2-space indentation, mean 5.1 KB, 2.2-11.8 KB; body_mix.h); `bodies =
// kSmall` sends the three 2.3-3.9 KB bodies used before issue 11.
//
// Every event has a unique id (the run tag plus a bijective mix of its serial
// number), `created` = the `now` passed in (other times of the event are
// relative to it), livemode true (stripe mix), and belongs to one of
// `customers` customers drawn uniformly; a customer keeps its profile, hence
// its subscription, items and card, across its events.
//
// Deterministic: the same options (seed, run tag, customers, bodies) and the
// same `now` values give byte-identical bodies. The seed picks the template
// pool and the sequence of types and customers; the run tag only the ids.
//
// Cost per event: filling a template (one copy of ~5 KB plus ~30 short ids)
// and one HMAC-SHA256 over the body. The templates are built once (~100 ms).
// Thread safety: one generator per thread.
#pragma once

#include <cstdint>
#include <string>

#include "tools/bench/body_mix.h"
#include "tools/bench/body_stats.h"
#include "tools/eventgen/gen_random.h"

namespace subledger::bench {

enum class BodyKind { kStripe, kSmall };

struct GeneratorOptions {
  std::string secret;          // the webhook signing secret (whsec_...)
  std::string run_tag;         // 8 characters; keeps ids unique across runs against one daemon
  BodyKind bodies = BodyKind::kStripe;
  uint64_t seed = 1;
  uint64_t customers = 20000;
};

class WebhookEventGenerator {
 public:
  explicit WebhookEventGenerator(GeneratorOptions options);

  // Writes the next event's body into *body (replacing it) and returns its
  // serial number. Counts it in stats().
  uint64_t NextBody(int64_t now, std::string* body);

  // Writes the complete HTTP/1.1 request for the next event into *out
  // (replacing it): POST `path`, signed at Unix time `now`. Returns the
  // event's serial number (for EventId).
  uint64_t NextRequest(const std::string& host_header, const std::string& path, int64_t now, std::string* out);

  // The id ("evt_...") of the event with serial number `serial`.
  std::string EventId(uint64_t serial) const;

  const BodyStats& stats() const { return stats_; }
  const BodyMix& mix() const { return mix_; }

 private:
  int PickType();
  const BodyVariant& PickVariant(int type, uint64_t customer);

  GeneratorOptions options_;
  BodyMix mix_;
  BodyStats stats_;
  eventgen::Rng rng_;
  std::vector<double> cumulative_;  // type shares, cumulative, normalised to 1
  SlotValues slots_;
  uint64_t next_serial_ = 0;
  std::string body_;
  std::string signed_;  // "<ts>.<body>", reused
};

BodyKind ParseBodyKind(const std::string& name, bool* ok);

}  // namespace subledger::bench
