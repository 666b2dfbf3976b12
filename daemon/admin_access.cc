#include "daemon/admin_access.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>

#include "daemon/listen_address.h"
#include "ledger/read_file.h"

namespace subledger {
namespace {

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool Sha256(std::string_view data, unsigned char (&digest)[32]) {
  unsigned int size = 0;
  return EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) == 1 && size == 32;
}

}  // namespace

Result<std::string> ReadAdminToken(const std::string& path) {
  Result<std::string> text = ReadFileText(path, 4096);
  if (!text.ok()) return Status::InvalidArgument("--admin-token-file " + text.status().message());
  const std::string_view token = Trim(*text);
  const bool printable = std::all_of(token.begin(), token.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (token.size() < kMinAdminTokenBytes || !printable) {
    return Status::InvalidArgument("--admin-token-file " + path + ": must hold one token of at least " +
                                   std::to_string(kMinAdminTokenBytes) +
                                   " printable characters without spaces (e.g. `openssl rand -hex 32`)");
  }
  return std::string(token);
}

Status CheckAdminAccess(const DaemonConfig& config) {
  if (!config.admin_token_file.empty()) return ReadAdminToken(config.admin_token_file).status();
  auto endpoint = ParseListenAddress(config.admin_listen);
  if (!endpoint.ok()) return endpoint.status().WithContext("--admin-listen");
  if (endpoint->address().is_loopback()) return Status::Ok();
  return Status::InvalidArgument(
      "--admin-listen " + config.admin_listen + " is not a loopback address (" +
      endpoint->address().to_string() +
      "), and the admin API serves per-customer revenue and metrics without a password: listen on "
      "127.0.0.1, or give --admin-token-file FILE so every admin request needs that bearer token");
}

bool BearerTokenMatches(std::string_view authorization, std::string_view token) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() < kScheme.size()) return false;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    const char c = authorization[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) != kScheme[i]) return false;
  }
  unsigned char presented[32], expected[32];
  if (!Sha256(Trim(authorization.substr(kScheme.size())), presented) || !Sha256(token, expected)) {
    return false;
  }
  return CRYPTO_memcmp(presented, expected, sizeof presented) == 0;
}

}  // namespace subledger
