// PublicRoutes: the internet-facing listener. It serves exactly
//   POST /webhooks/stripe   -> WebhookHandler
//   GET|HEAD /healthz       -> 200 {"status":"ok"} while the event log is
//                              healthy, 503 with a generic JSON error otherwise
//                              (the log's own error, which names files, is on
//                              the admin listener's /readyz, never here)
// Anything else is 404; a known path with another method is 405 with Allow.
//
// Thread safety: as HttpRoutes. The handler and health function must outlive
// the routes.
#pragma once

#include <functional>

#include "ingest/http_routes.h"
#include "ingest/webhook_handler.h"
#include "ledger/status.h"

namespace subledger {

class PublicRoutes final : public HttpRoutes {
 public:
  static constexpr std::string_view kWebhookPath = "/webhooks/stripe";
  static constexpr std::string_view kHealthPath = "/healthz";

  PublicRoutes(WebhookHandler& webhooks, std::function<Status()> health);

  void Handle(HttpRequest& request, int64_t received_nanos,
              const boost::asio::any_io_executor& executor, Respond respond) override;
  HttpReply TooLarge(const HttpRequest& header, std::optional<uint64_t> declared_bytes,
                     int64_t received_nanos) override;

 private:
  WebhookHandler& webhooks_;
  std::function<Status()> health_;
};

}  // namespace subledger
