// Request framing rules the HTTP front enforces on top of Beast's parser, so
// that the bytes of a connection split into requests exactly one way -- the
// way a proxy in front of us splits them too (RFC 9112 §6, "request
// smuggling").
//
// Beast refuses a request with both Content-Length and Transfer-Encoding,
// and conflicting Content-Lengths, but reads a Transfer-Encoding whose final
// coding is not "chunked" (gzip, identity, "chunked, identity", xchunked) as
// "no body": the body bytes would then be parsed as the next request on the
// connection. And it adds the fields of a chunked body's trailer to the
// request's header fields. HttpSession therefore asks, per request:
//
//   FramingProblem(header)  after the header, before any body byte is read:
//     * Transfer-Encoding other than exactly one field with the one coding
//       "chunked" (we decode no other coding; RFC 9112 §6.3: 400 and close),
//       or any Transfer-Encoding in an HTTP/1.0 request (§6.1);
//     * Content-Length together with Transfer-Encoding (§6.3);
//     * an HTTP/1.1 request without Host, or with more than one (§3.2).
//   HeaderFieldCount(request) before and after the body: a difference means
//     the chunked body had trailer fields. Those must never count as header
//     fields (a Stripe-Signature sent only in a trailer would otherwise be
//     read as the header), so such a request is refused as well.
// A problem is answered 400 (BadHttpRequestReply) and the connection closed.
//
// Absolute-form targets ("POST http://host:port/webhooks/stripe", §3.2.2)
// are routed by their path: see TargetPath in http_routes.h.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>

#include "ingest/http_routes.h"

namespace subledger {

// "" when the header frames the request unambiguously, else the reason.
std::string FramingProblem(const HttpRequest& header);

// How many header fields the message holds (trailer fields included once
// the body has been parsed).
size_t HeaderFieldCount(const HttpRequest& request);

inline constexpr std::string_view kTrailerProblem =
    "trailer fields after a chunked body are not accepted";

}  // namespace subledger
