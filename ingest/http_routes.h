// HttpRoutes: what a listener serves. A session reads a request and hands it
// to its listener's HttpRoutes; the routes answer through `respond`.
//
// Thread safety: Handle is called on the session's executor (an I/O thread),
// concurrently for different connections. `respond` must be called exactly
// once per Handle call, ON THAT EXECUTOR: either inline, or later by posting
// to `executor` (e.g. from the event log's committer thread).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "ingest/http_status.h"

namespace subledger {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using Respond = std::function<void(HttpReply)>;

// The origin form of a request target: an absolute-form target (RFC 9112
// §3.2.2, "http://host:8080/a?x=1", scheme case-insensitive) without its
// scheme and authority ("/a?x=1"; "" when it has no path). Other targets as
// they are. So the absolute form is routed exactly like the origin form.
inline std::string_view OriginForm(std::string_view target) {
  for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
    if (target.size() < scheme.size()) continue;
    bool match = true;
    for (size_t i = 0; i < scheme.size() && match; ++i) {
      const char c = target[i] >= 'A' && target[i] <= 'Z' ? static_cast<char>(target[i] + 32) : target[i];
      match = c == scheme[i];
    }
    if (!match) continue;
    const std::string_view rest = target.substr(scheme.size());
    const size_t path = rest.find_first_of("/?#");
    return path == std::string_view::npos ? std::string_view() : rest.substr(path);
  }
  return target;
}
// The path of a request target, without the query ("/a/b?x=1" -> "/a/b").
inline std::string_view TargetPath(std::string_view target) {
  target = OriginForm(target);
  const size_t q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}
// The query of a request target, without the '?' ("" when none).
inline std::string_view TargetQuery(std::string_view target) {
  target = OriginForm(target);
  const size_t q = target.find('?');
  return q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
}

class HttpRoutes {
 public:
  virtual ~HttpRoutes() = default;
  // A complete request (header and body). `received_nanos` is
  // Clock::MonotonicNanos() when it finished arriving. The routes may move
  // the body out of `request`.
  virtual void Handle(HttpRequest& request, int64_t received_nanos,
                      const boost::asio::any_io_executor& executor, Respond respond) = 0;
  // The request's body exceeds the listener's limit: its declared
  // Content-Length (`declared_bytes`), or a chunked body that grew past the
  // limit (nullopt: how long it would have been is unknown). The rest of the
  // body will not be read and the connection will be closed after this reply.
  virtual HttpReply TooLarge(const HttpRequest& header, std::optional<uint64_t> declared_bytes,
                             int64_t received_nanos) = 0;
};

}  // namespace subledger
