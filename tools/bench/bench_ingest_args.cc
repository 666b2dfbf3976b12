#include "tools/bench/bench_ingest_args.h"

#include <cstdio>
#include <cstdlib>

namespace subledger::bench {
namespace {

int Usage(const std::string& msg) {
  std::fprintf(stderr,
               "bench_ingest: %s\n"
               "usage: bench_ingest --port P [--host H] [--secret S] [--connections N] [--duration SEC]\n"
               "                    [--warmup SEC] [--path P] [--format text|row] [--bodies stripe|small]\n"
               "                    [--seed N] [--customers N] [--acked-ids FILE] [--details FILE]\n"
               "                    [--snapshot-pid PID --snapshot-prefix P [--admin-port A]]\n"
               "                    [--pregenerate N]\n"
               "       bench_ingest --self-check [--events N] [--seed N] [--bodies stripe|small]\n"
               "       bench_ingest --print-bodies N [--bodies stripe|small] [--seed N]\n",
               msg.c_str());
  return 2;
}

bool ParseCount(const std::string& s, uint64_t* out) {
  char* end = nullptr;
  const unsigned long long v = std::strtoull(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || s[0] == '-') return false;
  *out = v;
  return true;
}

bool ParseSeconds(const std::string& s, double lo, double hi, double* out) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !(v >= lo && v <= hi)) return false;
  *out = v;
  return true;
}

// Flags of the load itself; false when the flag is unknown or the value bad.
bool ApplyLoad(const std::string& flag, const std::string& value, LoadOptions* l) {
  uint64_t n = 0;
  if (flag == "--port") {
    if (!ParseCount(value, &n) || n == 0 || n > 65535) return false;
    l->port = static_cast<uint16_t>(n);
  } else if (flag == "--connections") {
    if (!ParseCount(value, &n) || n == 0 || n > 10000) return false;
    l->connections = static_cast<int>(n);
  } else if (flag == "--host") {
    l->host = value;
  } else if (flag == "--duration") {
    return ParseSeconds(value, 0.001, 3600, &l->duration_seconds);
  } else if (flag == "--warmup") {
    return ParseSeconds(value, 0, 3600, &l->warmup_seconds);
  } else {
    return false;
  }
  return true;
}

// Every other flag that takes a value.
bool Apply(const std::string& flag, const std::string& value, BenchArgs* a) {
  bool ok = true;
  uint64_t n = 0;
  if (flag == "--secret") a->secret = value;
  else if (flag == "--path") a->path = value;
  else if (flag == "--format") ok = value == "text" || value == "row", a->format = value;
  else if (flag == "--bodies") a->bodies = ParseBodyKind(value, &ok);
  else if (flag == "--seed") ok = ParseCount(value, &a->seed);
  else if (flag == "--customers") ok = ParseCount(value, &a->customers) && a->customers > 0;
  else if (flag == "--acked-ids") a->acked_ids = value;
  else if (flag == "--details") a->details = value;
  else if (flag == "--snapshot-prefix") a->snapshot_prefix = value;
  else if (flag == "--snapshot-pid") ok = ParseCount(value, &n) && n > 0, a->snapshot_pid = static_cast<int>(n);
  else if (flag == "--admin-port") ok = ParseCount(value, &n) && n > 0 && n <= 65535, a->admin_port = static_cast<uint16_t>(n);
  else if (flag == "--pregenerate") ok = ParseCount(value, &n), a->pregenerate = static_cast<int64_t>(n);
  else if (flag == "--events") ok = ParseCount(value, &a->events) && a->events > 0;
  else if (flag == "--print-bodies") ok = ParseCount(value, &a->print_bodies);
  else ok = ApplyLoad(flag, value, &a->load);
  return ok;
}

}  // namespace

int ParseBenchArgs(int argc, char** argv, BenchArgs* a) {
  if (const char* env = std::getenv("STRIPE_WEBHOOK_SECRET")) {
    a->secret = env;
    a->secret = a->secret.substr(0, a->secret.find(','));
  }
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--self-check") {
      a->self_check = true;
      continue;
    }
    if (i + 1 >= argc) return Usage(flag + " needs a value (or is unknown)");
    if (!Apply(flag, argv[++i], a)) return Usage("bad or unknown argument: " + flag + " " + argv[i]);
  }
  if (a->self_check || a->print_bodies > 0) return -1;
  if (a->load.port == 0) return Usage("--port is required");
  if (a->secret.empty()) return Usage("no secret: pass --secret or set STRIPE_WEBHOOK_SECRET");
  return -1;
}

}  // namespace subledger::bench
