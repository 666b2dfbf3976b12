#include "daemon/listen_address.h"

#include <charconv>
#include <string>

namespace subledger {

namespace net = boost::asio;

Result<net::ip::tcp::endpoint> ParseListenAddress(std::string_view text) {
  const std::string what = "listen address \"" + std::string(text) + "\"";
  std::string_view host;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return Status::InvalidArgument(what + ": expected [IPv6]:PORT");
    }
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return Status::InvalidArgument(what + ": expected HOST:PORT");
    }
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return Status::InvalidArgument(what + ": IPv6 hosts must be bracketed, e.g. [::1]:8080");
    }
  }
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return Status::InvalidArgument(what + ": port must be a number from 0 to 65535");
  }
  net::ip::address address;
  if (host.empty()) {
    address = net::ip::address_v4::any();
  } else if (host == "localhost") {
    address = net::ip::address_v4::loopback();
  } else {
    boost::system::error_code bec;
    address = net::ip::make_address(std::string(host), bec);
    if (bec) {
      return Status::InvalidArgument(what + ": host must be an IP address or \"localhost\"");
    }
  }
  return net::ip::tcp::endpoint(address, static_cast<unsigned short>(port));
}

std::string FormatEndpoint(const net::ip::tcp::endpoint& endpoint) {
  const std::string host = endpoint.address().to_string();
  const std::string port = std::to_string(endpoint.port());
  return endpoint.address().is_v6() ? "[" + host + "]:" + port : host + ":" + port;
}

}  // namespace subledger
