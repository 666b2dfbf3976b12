#include "workflows/smtp_mailer.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>

#include "stripe/payment_capabilities.h"

namespace subledger::workflows {
namespace {

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string EncodeHeaderWord(const std::string& text) {
  if (IsAscii(text)) return text;
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  out.resize(static_cast<size_t>(n));
  return "=?UTF-8?B?" + out + "?=";
}

std::string CrLf(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] == '\n') out += "\r\n"; else out.push_back(text[i]);
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

std::string RfcDate(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

bool LoopbackHost(std::string_view url) {
  for (const char* h : {"://127.", "://localhost", "://[::1]"}) {
    if (url.find(h) != std::string_view::npos) return true;
  }
  return false;
}

struct Upload {
  std::string data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  Upload* up = static_cast<Upload*>(user);
  size_t n = std::min(size * count, up->data.size() - up->offset);
  std::memcpy(buffer, up->data.data() + up->offset, n);
  up->offset += n;
  return n;
}

int Progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* abort = static_cast<std::function<bool()>*>(user);
  return (*abort && (*abort)()) ? 1 : 0;
}

Status Classify(CURLcode code, long reply, const std::string& url, const char* detail) {
  std::string what = "SMTP " + url + ": " + curl_easy_strerror(code);
  if (reply > 0) what += " (server replied " + std::to_string(reply) + ")";
  if (detail[0] != '\0') what += ": " + std::string(detail);
  if (code == CURLE_LOGIN_DENIED) return Status::Unauthenticated(what);
  if (code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL) return Status::InvalidArgument(what);
  if (reply >= 500) return Status::InvalidArgument(what);
  return Status::Unavailable(what);
}

}  // namespace

Result<std::pair<std::string, std::string>> ReadSmtpCredentials(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return Status::InvalidArgument("--smtp-credentials-file " + path + ": cannot read it");
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  size_t colon = line.find(':');
  if (colon == std::string::npos || colon == 0) {
    return Status::InvalidArgument("--smtp-credentials-file " + path + ": expected one line 'user:password'");
  }
  return std::make_pair(line.substr(0, colon), line.substr(colon + 1));
}

Status ValidateSmtpOptions(const SmtpOptions& options) {
  const std::string& url = options.url;
  if (url.rfind("smtp://", 0) != 0 && url.rfind("smtps://", 0) != 0) {
    return Status::InvalidArgument("--smtp-url '" + url + "': expected smtp://host[:port] or smtps://host[:port]");
  }
  if (url.size() <= url.find("://") + 3) return Status::InvalidArgument("--smtp-url '" + url + "': no host");
  if (Status s = ValidateEmail(options.from); !s.ok()) {
    return Status::InvalidArgument("--smtp-from '" + options.from + "': expected an address like billing@example.com");
  }
  return Status::Ok();
}

Result<SmtpOptions> ResolveSmtpOptions(const std::string& url, const std::string& from,
                                       const std::string& credentials_file) {
  SmtpOptions options;
  options.url = url;
  options.from = from;
  if (url.empty()) return Status::InvalidArgument("--smtp-url is required to send e-mail (smtp://host:port)");
  if (from.empty()) return Status::InvalidArgument("--smtp-from is required to send e-mail (the From address)");
  if (Status s = ValidateSmtpOptions(options); !s.ok()) return s;
  if (!credentials_file.empty()) {
    Result<std::pair<std::string, std::string>> creds = ReadSmtpCredentials(credentials_file);
    if (!creds.ok()) return creds.status();
    options.username = creds->first;
    options.password = creds->second;
  }
  return options;
}

SmtpMailer::SmtpMailer(SmtpOptions options, const Clock* clock) : options_(std::move(options)), clock_(clock) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string BuildMessage(const OutgoingEmail& email, std::string_view from, int64_t unix_seconds) {
  std::string m;
  m += "Date: " + RfcDate(unix_seconds) + "\r\n";
  m += "From: <" + std::string(from) + ">\r\n";
  m += "To: <" + email.to + ">\r\n";
  m += "Subject: " + EncodeHeaderWord(email.subject) + "\r\n";
  m += "Message-ID: " + email.message_id + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: 8bit\r\n\r\n";
  m += CrLf(email.body);
  return m;
}

Status SmtpMailer::Send(const OutgoingEmail& email) {
  if (Status s = ValidateEmail(email.to); !s.ok()) return Status::InvalidArgument("to '" + email.to + "': not an e-mail address");
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Status::Internal("SMTP: curl_easy_init failed");
  Upload upload{BuildMessage(email, options_.from, clock_->NowUnixSeconds()), 0};
  const std::string mail_from = "<" + options_.from + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + email.to + ">").c_str());
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload.data.size()));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, Progress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &abort_);
  if (!options_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
    // Never send a password in the clear across a network.
    curl_easy_setopt(curl, CURLOPT_USE_SSL, LoopbackHost(options_.url) ? CURLUSESSL_TRY : CURLUSESSL_ALL);
  } else {
    curl_easy_setopt(curl, CURLOPT_USE_SSL, CURLUSESSL_TRY);
  }
  CURLcode code = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (code == CURLE_OK) return Status::Ok();
  if (code == CURLE_ABORTED_BY_CALLBACK) return Status::Unavailable("SMTP " + options_.url + ": aborted (shutting down)");
  return Classify(code, reply, options_.url, error);
}

}  // namespace subledger::workflows
