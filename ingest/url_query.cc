#include "ingest/url_query.h"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>

namespace subledger {
namespace {

// Percent-decodes one key, value or path segment with Boost.URL; only a
// malformed escape is an error (Stripe-style "created[gte]" stays as it is).
Result<std::string> Decode(std::string_view text, bool space_as_plus) {
  const auto encoded = boost::urls::make_pct_string_view({text.empty() ? "" : text.data(), text.size()});
  if (!encoded) return Status::InvalidArgument("malformed percent-escape in '" + std::string(text) + "'");
  boost::urls::encoding_opts opts;
  opts.space_as_plus = space_as_plus;
  std::string decoded;
  encoded->decode(opts, boost::urls::string_token::assign_to(decoded));
  return decoded;
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> ParseQueryPairs(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    Result<std::string> key = Decode(pair.substr(0, eq), true);
    Result<std::string> value = Decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!key.ok()) return key.status();
    if (!value.ok()) return value.status();
    pairs.emplace_back(std::move(*key), std::move(*value));
  }
  return pairs;
}

Result<std::map<std::string, std::string>> ParseQueryParams(std::string_view query) {
  Result<std::vector<std::pair<std::string, std::string>>> pairs = ParseQueryPairs(query);
  if (!pairs.ok()) return pairs.status();
  std::map<std::string, std::string> params;
  for (auto& [key, value] : *pairs) params[key] = std::move(value);
  return params;
}

Result<std::string> DecodePathSegment(std::string_view segment) { return Decode(segment, false); }

}  // namespace subledger
