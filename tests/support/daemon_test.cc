#include "tests/support/daemon_test.h"

#include <nlohmann/json.hpp>

namespace subledger::testing {

void DaemonTest::StartDaemon(std::vector<std::string> extra_args, std::vector<std::string> secrets) {
  if (daemon_ && daemon_->IsRunning()) {
    ADD_FAILURE() << "StartDaemon: already running";
    return;
  }
  DaemonOptions options;
  options.data_dir = data_dir();
  options.secrets = std::move(secrets);
  options.extra_args = std::move(extra_args);
  if (!daemon_) {
    daemon_ = std::make_unique<DaemonProcess>(options);
  } else if (daemon_->options().extra_args != options.extra_args ||
             daemon_->options().secrets != options.secrets) {
    daemon_ = std::make_unique<DaemonProcess>(options);  // same data dir and log files
  }
  std::string err = daemon_->Start();
  if (!err.empty()) ADD_FAILURE() << "subledgerd did not start: " << err;
}

HttpClient DaemonTest::Client(double timeout_seconds) const {
  return HttpClient("127.0.0.1", daemon_ ? daemon_->public_port() : 0, timeout_seconds);
}

HttpClient DaemonTest::AdminClient(double timeout_seconds) const {
  return HttpClient("127.0.0.1", daemon_ ? daemon_->admin_port() : 0, timeout_seconds);
}

HttpResponse DaemonTest::PostSigned(HttpClient& client, const std::string& body, const std::string& secret,
                                    int64_t t) {
  return PostWithSignature(client, body, SignStripe(secret, body, t));
}

HttpResponse DaemonTest::PostWithSignature(HttpClient& client, const std::string& body,
                                           const std::string& signature) {
  std::map<std::string, std::string> headers = {{"Content-Type", "application/json; charset=utf-8"},
                                                {"User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"}};
  if (!signature.empty()) headers["Stripe-Signature"] = signature;
  return client.Request("POST", kWebhookPath, body, headers);
}

namespace {

nlohmann::json ParseObject(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  return j.is_object() ? j : nlohmann::json();
}

}  // namespace

bool DaemonTest::IsFreshAck(const HttpResponse& r) {
  if (r.status != 200) return false;
  auto j = ParseObject(r.body);
  return j.is_object() && j.value("received", false) == true && j.value("duplicate", false) == false;
}

bool DaemonTest::IsDuplicateAck(const HttpResponse& r) {
  if (r.status != 200) return false;
  auto j = ParseObject(r.body);
  return j.is_object() && j.value("received", false) == true && j.value("duplicate", false) == true;
}

bool DaemonTest::IsJsonObject(const std::string& body) { return ParseObject(body).is_object(); }

void DaemonTest::StopDaemon() {
  if (!daemon_ || !daemon_->IsRunning()) return;
  int code = daemon_->Terminate(60);
  EXPECT_EQ(code, 0) << "subledgerd did not shut down cleanly on SIGTERM";
}

std::vector<ExportedEvent> DaemonTest::Export() {
  return WithDaemonStopped([&] {
    ExportResult r = ExportLog(data_dir());
    if (!r.ok()) ADD_FAILURE() << r.error;
    return std::move(r.events);
  });
}

std::vector<ExportedEvent> DaemonTest::StoredEvents() {
  return WithDaemonStopped([&] {
    ExportResult r = ReadLogDirectly(data_dir());
    if (!r.ok()) ADD_FAILURE() << r.error;
    return std::move(r.events);
  });
}

void DaemonTest::ExpectVerifyPasses() {
  WithDaemonStopped([&] {
    CommandResult r = VerifyLog(data_dir());
    EXPECT_EQ(r.exit_code, 0) << "subledger verify: " << r.Describe() << "\nstdout: " << r.out;
    return 0;
  });
}

void DaemonTest::ExpectDaemonAnswers() const {
  ASSERT_TRUE(daemon_);
  HttpClient pub = Client(5);
  HttpResponse h = pub.Get("/healthz");
  EXPECT_EQ(h.status, 200) << "/healthz: " << h.error << h.body;
  HttpClient admin = AdminClient(5);
  HttpResponse r = admin.Get("/readyz");
  EXPECT_EQ(r.status, 200) << "/readyz: " << r.error << r.body;
}

}  // namespace subledger::testing
