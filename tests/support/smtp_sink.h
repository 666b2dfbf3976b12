// SmtpSink: a real SMTP server on loopback for tests: Debian's
// python3-aiosmtpd (`python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c
// aiosmtpd.handlers.Mailbox DIR`, installed by `tools/install-deps --test`),
// which stores every accepted message in a Maildir. Messages() parses them.
//
// The constructor picks a free port, starts the server and waits until it
// accepts connections; error() says why it did not. The destructor stops it.
//
// Thread safety: control it from one thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace subledger::testing {

struct ReceivedMail {
  std::map<std::string, std::string> headers;  // lower-case names; the first of each
  std::string body;
  std::string Header(const std::string& lower_name) const;
  std::string to() const { return Header("x-rcptto"); }  // the envelope recipient
};

class SmtpSink {
 public:
  SmtpSink();
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  const std::string& error() const { return error_; }  // "" when it is serving
  uint16_t port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // Every message accepted so far, sorted by Maildir file name (delivery
  // time to the second, then microseconds as the server wrote them).
  std::vector<ReceivedMail> Messages() const;
  // Waits until at least `count` messages were accepted.
  bool WaitForMessages(size_t count, double timeout_seconds) const;
  // Stops the server (later sends fail to connect); the messages stay readable.
  void Stop();

 private:
  TempDir dir_{"subledger-smtp-"};
  uint16_t port_ = 0;
  pid_t pid_ = -1;
  std::string error_;
};

}  // namespace subledger::testing
