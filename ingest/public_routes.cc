#include "ingest/public_routes.h"

#include <boost/asio/dispatch.hpp>
#include <utility>

namespace subledger {

namespace http = boost::beast::http;

PublicRoutes::PublicRoutes(WebhookHandler& webhooks, std::function<Status()> health)
    : webhooks_(webhooks), health_(std::move(health)) {}

void PublicRoutes::Handle(HttpRequest& request, int64_t received_nanos,
                          const boost::asio::any_io_executor& executor, Respond respond) {
  const std::string_view path = TargetPath(request.target());
  const http::verb method = request.method();

  if (path == kWebhookPath) {
    if (method != http::verb::post) {
      respond(MethodNotAllowedReply(request.method_string(), path, "POST"));
      return;
    }
    const std::string_view signature = request[std::string_view("Stripe-Signature")];
    // The handler records the outcome; the answer runs inline for rejections
    // (already on the executor) and on the log's committer thread for appends:
    // either way it is written on the session's executor.
    webhooks_.Handle(signature, std::move(request.body()), received_nanos,
                     [executor, respond = std::move(respond)](WebhookResult result) mutable {
                       boost::asio::dispatch(executor, [result = std::move(result), respond = std::move(respond)]() {
                         respond(ReplyForWebhook(result.outcome, result.message));
                       });
                     });
    return;
  }

  if (path == kHealthPath) {
    if (method != http::verb::get && method != http::verb::head) {
      respond(MethodNotAllowedReply(request.method_string(), path, "GET, HEAD"));
      return;
    }
    const Status health = health_ ? health_() : Status::Ok();
    if (health.ok()) {
      respond(HttpReply{200, std::string(kJsonContentType), R"({"status":"ok"})", ""});
    } else {
      // The detail (RocksDB's text, with the data directory's path) is for
      // the operator: in the log and on the admin listener's /readyz.
      respond(ServiceUnavailableReply(kStorageErrorMessage));
    }
    return;
  }

  respond(NotFoundReply(path));
}

HttpReply PublicRoutes::TooLarge(const HttpRequest& header, std::optional<uint64_t> declared_bytes,
                                 int64_t received_nanos) {
  const std::string_view path = TargetPath(header.target());
  if (path == kWebhookPath && header.method() == http::verb::post) {
    const WebhookResult result = webhooks_.RejectTooLarge(declared_bytes, received_nanos);
    return ReplyForWebhook(result.outcome, result.message);
  }
  return ReplyForStatus(Status::TooLarge(webhooks_.TooLargeMessage(declared_bytes)));
}

}  // namespace subledger
