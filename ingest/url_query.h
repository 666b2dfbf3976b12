// Query strings and path segments of request targets, percent-decoded with
// Boost.URL (the read API's ?currency=&from=&to= and /v1/customers/{id}; the
// tests' fake Stripe API's forms).
//
//   ParseQueryPairs("a=1&b=x%20y+z&a=2")   -> {{"a","1"},{"b","x y z"},{"a","2"}}
//   ParseQueryParams("a=1&b=x%20y+z&a=2")  -> {"a":"2","b":"x y z"}
//
// Pairs are split on '&' and the first '='; '+' in a query is a space (HTML
// forms); empty pairs are skipped; a key without '=' has the value "".
// Characters RFC 3986 would want escaped ("created[gte]") are taken as they
// are, as the servers Stripe's clients talk to do; only a malformed
// percent-escape ("%zz", "%4") is kInvalidArgument.
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/status.h"

namespace subledger {

Result<std::vector<std::pair<std::string, std::string>>> ParseQueryPairs(std::string_view query);
// The same, one value per key: the last one given.
Result<std::map<std::string, std::string>> ParseQueryParams(std::string_view query);

// One percent-encoded path segment, decoded ('+' stays '+').
Result<std::string> DecodePathSegment(std::string_view segment);

}  // namespace subledger
