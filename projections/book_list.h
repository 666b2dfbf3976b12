// The books of a projection (revenue model v2 §0) with their event counts
// and current MRR per currency: `subledger books` and GET /v1/books.
// Thread safety: pure functions.
#pragma once

#include <string>

#include "projections/projection_state.h"

namespace subledger {

// {"books":[{"account":null,"livemode":true,"events":N,"as_of":T,
//   "currencies":[{"currency":"usd","mrr":M,"customers":C}]}, ...]}, books
// in key order (platform first, then accounts bytewise; test before live).
std::string RenderBooksJson(const ProjectionSnapshot& snapshot);
// The same as an aligned table, money in major units.
std::string RenderBooksTable(const ProjectionSnapshot& snapshot);

}  // namespace subledger
