#include "ingest/http_framing.h"

#include <boost/beast/core/string.hpp>
#include <iterator>

namespace subledger {
namespace {

namespace http = boost::beast::http;

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

size_t Count(const HttpRequest& header, http::field field) {
  const auto range = header.equal_range(field);
  return static_cast<size_t>(std::distance(range.first, range.second));
}

std::string TransferEncodingProblem(const HttpRequest& header) {
  const size_t codings = Count(header, http::field::transfer_encoding);
  if (codings == 0) return "";
  if (header.version() < 11) return "Transfer-Encoding in an HTTP/1.0 request";
  if (codings > 1) return "more than one Transfer-Encoding field";
  if (Count(header, http::field::content_length) > 0) {
    return "both Content-Length and Transfer-Encoding";
  }
  const std::string_view value = header[http::field::transfer_encoding];
  if (!boost::beast::iequals(TrimOws(value), "chunked")) {
    return "Transfer-Encoding other than \"chunked\" (the only coding accepted)";
  }
  return "";
}

}  // namespace

std::string FramingProblem(const HttpRequest& header) {
  if (std::string te = TransferEncodingProblem(header); !te.empty()) return te;
  const size_t hosts = Count(header, http::field::host);
  if (header.version() >= 11 && hosts == 0) return "an HTTP/1.1 request without Host";
  if (hosts > 1) return "more than one Host field";
  return "";
}

size_t HeaderFieldCount(const HttpRequest& request) {
  return static_cast<size_t>(std::distance(request.begin(), request.end()));
}

}  // namespace subledger
