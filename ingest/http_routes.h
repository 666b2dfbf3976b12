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
#include <string_view>

#include "ingest/http_status.h"

namespace subledger {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using Respond = std::function<void(HttpReply)>;

// The path of a request target, without the query ("/a/b?x=1" -> "/a/b").
inline std::string_view TargetPath(std::string_view target) {
  const size_t q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}
// The query of a request target, without the '?' ("" when none).
inline std::string_view TargetQuery(std::string_view target) {
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
  // The request's declared body exceeds the listener's limit; the body will
  // not be read and the connection will be closed after this reply.
  virtual HttpReply TooLarge(const HttpRequest& header, uint64_t declared_bytes,
                             int64_t received_nanos) = 0;
};

}  // namespace subledger
