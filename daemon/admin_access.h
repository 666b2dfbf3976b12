// Who may use the admin listener. The admin API serves per-customer revenue
// and the metrics, so it is either unreachable from other machines or
// guarded by a bearer token:
//
//  * CheckAdminAccess: --admin-listen must be a loopback address (127.0.0.0/8,
//    ::1, "localhost") unless --admin-token-file is given. ":PORT", 0.0.0.0,
//    :: and every other address are refused without a token: kInvalidArgument
//    naming the address and the way out. With a token file, the file must
//    hold a usable token (ReadAdminToken).
//  * ReadAdminToken: the file's text without surrounding whitespace; at least
//    kMinAdminTokenBytes printable ASCII characters without spaces.
//  * BearerTokenMatches: the value of an Authorization header against the
//    token: "Bearer <token>" (scheme case-insensitive, RFC 9110 §11.1),
//    compared in constant time (both sides are hashed with SHA-256 and the
//    digests compared with CRYPTO_memcmp, so neither the token's length nor
//    its content leaks through timing).
//
// With a token, AdminRoutes answers every request without it -- /readyz and
// /metrics included -- 401 with WWW-Authenticate: Bearer.
//
// Thread safety: pure functions (ReadAdminToken reads a file).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "daemon/config.h"
#include "ledger/status.h"

namespace subledger {

inline constexpr size_t kMinAdminTokenBytes = 16;

Status CheckAdminAccess(const DaemonConfig& config);
Result<std::string> ReadAdminToken(const std::string& path);
bool BearerTokenMatches(std::string_view authorization, std::string_view token);

}  // namespace subledger
