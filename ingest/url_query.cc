#include "ingest/url_query.h"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/pct_string_view.hpp>

namespace subledger {

Result<std::map<std::string, std::string>> ParseQueryParams(std::string_view query) {
  const auto encoded = boost::urls::parse_query(query);
  if (!encoded) return Status::InvalidArgument("malformed query string: " + encoded.error().message());
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  std::map<std::string, std::string> params;
  // Valid (checked above), so this constructor does not throw.
  for (const boost::urls::param& p : boost::urls::params_view(query, opts)) {
    if (p.key.empty() && !p.has_value) continue;  // "a=1&&b=2"
    params[p.key] = p.value;
  }
  return params;
}

Result<std::string> DecodePathSegment(std::string_view segment) {
  const auto encoded = boost::urls::make_pct_string_view(segment);
  if (!encoded) return Status::InvalidArgument("malformed path segment: " + encoded.error().message());
  std::string decoded;
  encoded->decode({}, boost::urls::string_token::assign_to(decoded));
  return decoded;
}

}  // namespace subledger
