// Query strings and path segments of request targets, decoded with Boost.URL
// (the read API's ?currency=&from=&to= and /v1/customers/{id}).
//
//   ParseQueryParams("a=1&b=x%20y+z&a=2")  -> {"a":"2","b":"x y z"}
//
// '+' in a query is a space (HTML forms); a repeated key keeps its last value;
// a key without '=' has the value "". A malformed percent-escape ("%zz", "%4")
// is kInvalidArgument.
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "ledger/status.h"

namespace subledger {

Result<std::map<std::string, std::string>> ParseQueryParams(std::string_view query);

// One percent-encoded path segment, decoded ('+' stays '+').
Result<std::string> DecodePathSegment(std::string_view segment);

}  // namespace subledger
