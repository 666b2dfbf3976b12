// ListenAddress: "host:port" as given to --listen / --admin-listen.
//
// Accepted forms: "127.0.0.1:8080", "0.0.0.0:80", "[::1]:8080", ":8080"
// (all IPv4 interfaces), "localhost:8080" (127.0.0.1). The host must be an IP
// literal or "localhost" (no DNS at startup). Port 0 asks the kernel for a
// free port; the bound port is reported after listening.
//
// Thread safety: pure functions.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <string_view>

#include "ledger/status.h"

namespace subledger {

Result<boost::asio::ip::tcp::endpoint> ParseListenAddress(std::string_view text);
// "127.0.0.1:8080" / "[::1]:8080".
std::string FormatEndpoint(const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace subledger
