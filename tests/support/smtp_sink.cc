#include "tests/support/smtp_sink.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <tuple>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace subledger::testing {
namespace {

uint16_t FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool Accepts(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

ReceivedMail Parse(const std::string& text) {
  ReceivedMail mail;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string line = text.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    pos = eol + 1;
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    mail.headers.emplace(name, value);
  }
  mail.body = pos < text.size() ? text.substr(pos) : "";
  return mail;
}

}  // namespace

std::string ReceivedMail::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

SmtpSink::SmtpSink() {
  const std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  port_ = FreePort();
  std::vector<std::string> args = {python, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port_),
                                   "-c", "aiosmtpd.handlers.Mailbox", dir_.Sub("maildir")};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, dir_.Sub("server.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, dir_.Sub("server.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  int rc = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    error_ = "cannot start " + python + " -m aiosmtpd (install python3-aiosmtpd: tools/install-deps --test)";
    return;
  }
  for (int i = 0; i < 200; ++i) {
    if (Accepts(port_)) return;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::ifstream log(dir_.Sub("server.log"));
      std::stringstream s;
      s << log.rdbuf();
      error_ = "aiosmtpd exited (install python3-aiosmtpd: tools/install-deps --test): " + s.str();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  error_ = "aiosmtpd did not accept connections on port " + std::to_string(port_) + " within 10 s";
}

SmtpSink::~SmtpSink() { Stop(); }

void SmtpSink::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::vector<ReceivedMail> SmtpSink::Messages() const {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const char* sub : {"new", "cur"}) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_.Sub("maildir") + "/" + sub, ec)) files.push_back(entry.path());
  }
  // Maildir names (Python's mailbox) are <seconds>.M<microseconds>P<pid>Q<n>.<host>:
  // deliveries in order of (seconds, microseconds, n), compared as numbers
  // (as text, M99999 would sort after M100000).
  auto number_after = [](const std::string& name, char tag) -> uint64_t {
    const size_t at = tag == 0 ? 0 : name.find(tag);
    if (at == std::string::npos) return 0;
    return std::strtoull(name.c_str() + at + (tag == 0 ? 0 : 1), nullptr, 10);
  };
  auto order = [&](const fs::path& p) {
    const std::string name = p.filename().string();
    return std::make_tuple(number_after(name, 0), number_after(name, 'M'), number_after(name, 'Q'), name);
  };
  std::sort(files.begin(), files.end(), [&](const fs::path& a, const fs::path& b) { return order(a) < order(b); });
  std::vector<ReceivedMail> out;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    out.push_back(Parse(s.str()));
  }
  return out;
}

bool SmtpSink::WaitForMessages(size_t count, double timeout_seconds) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Messages().size() >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Messages().size() >= count;
}

}  // namespace subledger::testing
