// DaemonTest: a GoogleTest fixture owning one real `subledgerd` on free
// loopback ports with a fresh data dir, plus helpers to post signed webhooks
// and read the log back through the real `subledger` CLI.
//
// Helpers report problems with ADD_FAILURE and return what they could, so
// tests stay straight-line. Thread safety: Post* and Client() may be used
// from worker threads; starting/stopping the daemon only from the test thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/daemon_process.h"
#include "tests/support/http_client.h"
#include "tests/support/stripe_signature.h"
#include "tests/support/subledger_cli.h"
#include "tests/support/temp_dir.h"

namespace subledger::testing {

class DaemonTest : public ::testing::Test {
 protected:
  static constexpr const char* kSecret = "whsec_integration_0123456789abcdefghijklmnop";
  static constexpr const char* kWebhookPath = "/webhooks/stripe";

  // Starts the daemon (first call creates it; later calls restart it on the
  // same data dir). Fails the test if it does not become healthy.
  void StartDaemon(std::vector<std::string> extra_args = {},
                   std::vector<std::string> secrets = {kSecret});

  DaemonProcess& daemon() { return *daemon_; }
  std::string data_dir() const { return tmp_.Sub("data"); }
  const TempDir& tmp() const { return tmp_; }

  HttpClient Client(double timeout_seconds = 10) const;
  HttpClient AdminClient(double timeout_seconds = 10) const;

  // POST /webhooks/stripe with `body` signed by `secret` at time t.
  static HttpResponse PostSigned(HttpClient& client, const std::string& body,
                                 const std::string& secret = kSecret, int64_t t = NowUnixSeconds());
  // POST /webhooks/stripe with an explicit Stripe-Signature value ("" = no header).
  static HttpResponse PostWithSignature(HttpClient& client, const std::string& body,
                                        const std::string& signature);

  // True when the response is 200 {"received":true} without "duplicate":true.
  static bool IsFreshAck(const HttpResponse& r);
  // True when the response is 200 {"received":true,"duplicate":true}.
  static bool IsDuplicateAck(const HttpResponse& r);
  // True when the body is a JSON object (our error responses are JSON).
  static bool IsJsonObject(const std::string& body);

  // The CLI and direct log reads need the database to themselves. If the
  // daemon is running, these stop it with SIGTERM (expecting exit 0), do
  // their work and start it again on the same ports (clients stay valid).
  //
  // `subledger export`; ADD_FAILURE (and empty result) if it fails.
  std::vector<ExportedEvent> Export();
  // The stored records read straight from the log: bodies byte for byte.
  std::vector<ExportedEvent> StoredEvents();
  // `subledger verify`; ADD_FAILURE if it does not exit 0.
  void ExpectVerifyPasses();
  // SIGTERM, expecting exit 0. No-op when not running.
  void StopDaemon();

  // /healthz 200 on the public port and /readyz 200 on the admin port.
  void ExpectDaemonAnswers() const;

  template <typename Fn>
  auto WithDaemonStopped(Fn fn) {
    const bool was_running = daemon_ && daemon_->IsRunning();
    if (was_running) StopDaemon();
    auto result = fn();
    if (was_running) {
      std::string err = daemon_->Start();
      if (!err.empty()) ADD_FAILURE() << "subledgerd did not restart: " << err;
    }
    return result;
  }

  TempDir tmp_;
  std::unique_ptr<DaemonProcess> daemon_;
};

}  // namespace subledger::testing
