// Sends e-mail over SMTP with libcurl: smtp://host[:port] (upgraded with
// STARTTLS when the server offers it, and required when credentials are
// sent to a host other than loopback) or smtps://host[:port] (TLS from the
// start). Credentials come from a file holding "user:password" on one line,
// never from a flag; they are never logged or put in an error.
//
// Send() success: the server accepted the message (250 after DATA).
// Failure:
//   kUnavailable      could not connect, timed out, connection lost, or a 4xx
//                     (temporary) reply: worth retrying later
//   kInvalidArgument  a 5xx (permanent) reply, e.g. a rejected recipient;
//                     a malformed URL or address
//   kUnauthenticated  the server refused the credentials
// Messages read "SMTP smtp://host:port: <what>" with the server's reply code.
//
// Thread safety: Send is not reentrant (one curl handle per call, but the
// abort check and options are shared); use one mailer per thread.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "ledger/clock.h"
#include "ledger/status.h"

namespace subledger::workflows {

struct SmtpOptions {
  std::string url;       // smtp://host[:port] or smtps://host[:port]
  std::string from;      // the envelope and From: address
  std::string username;  // "" = no AUTH
  std::string password;
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds total_timeout{30000};
};

// Reads "user:password" from `path`. Errors name the file, never its contents.
Result<std::pair<std::string, std::string>> ReadSmtpCredentials(const std::string& path);
// The URL's scheme and host, and the From address.
Status ValidateSmtpOptions(const SmtpOptions& options);
// Options from --smtp-url, --smtp-from and --smtp-credentials-file ("" = no
// AUTH), validated; errors name the flag.
Result<SmtpOptions> ResolveSmtpOptions(const std::string& url, const std::string& from,
                                       const std::string& credentials_file);

struct OutgoingEmail {
  std::string to;
  std::string subject;     // UTF-8; encoded per RFC 2047 when not ASCII
  std::string body;        // UTF-8 plain text; line ends become CRLF
  std::string message_id;  // "<...@...>", the same for every attempt
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual Status Send(const OutgoingEmail& email) = 0;
  virtual const std::string& from() const = 0;
};

class SmtpMailer final : public Mailer {
 public:
  SmtpMailer(SmtpOptions options, const Clock* clock);
  Status Send(const OutgoingEmail& email) override;
  const std::string& from() const override { return options_.from; }
  // Checked while a message is in flight: true aborts it (kUnavailable).
  void SetAbortCheck(std::function<bool()> should_abort) { abort_ = std::move(should_abort); }

 private:
  SmtpOptions options_;
  const Clock* clock_;
  std::function<bool()> abort_;
};

// The RFC 5322 message (headers, blank line, body), CRLF line ends.
std::string BuildMessage(const OutgoingEmail& email, std::string_view from, int64_t unix_seconds);

}  // namespace subledger::workflows
