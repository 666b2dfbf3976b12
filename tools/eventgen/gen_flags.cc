#include "tools/eventgen/gen_flags.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iterator>

#include "ledger/time_text.h"

namespace subledger::eventgen {
namespace {

struct RateFlag {
  const char* flag;
  double V2Rates::*field;
};

constexpr RateFlag kRateFlags[] = {
    {"--connect-share", &V2Rates::connect_share},
    {"--test-mode-share", &V2Rates::test_mode_share},
    {"--id-reuse-share", &V2Rates::id_reuse_share},
    {"--account-null-share", &V2Rates::account_null_share},
    {"--customer-account-share", &V2Rates::customer_account_share},
    {"--coupon-share", &V2Rates::coupon_share},
    {"--discount-event-late-share", &V2Rates::discount_event_late_share},
    {"--discount-event-missing-share", &V2Rates::discount_event_missing_share},
    {"--coupon-unannounced-share", &V2Rates::coupon_unannounced_share},
    {"--silent-expiry-share", &V2Rates::silent_expiry_share},
    {"--snapshot-share", &V2Rates::snapshot_share},
    {"--tiered-share", &V2Rates::tiered_share},
    {"--transform-share", &V2Rates::transform_share},
    {"--tiers-on-item-share", &V2Rates::tiers_on_item_share},
    {"--tiers-event-share", &V2Rates::tiers_event_share},
    {"--tiers-snapshot-share", &V2Rates::tiers_snapshot_share},
    {"--negative-quantity-share", &V2Rates::negative_quantity_share},
    {"--trial-share", &V2Rates::trial_share},
    {"--extreme-share", &V2Rates::extreme_share},
};

bool ParseUint(const char* s, uint64_t* out) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || s[0] == '-') return false;
  *out = v;
  return true;
}

bool ParseShare(const char* s, double* out) {
  char* end = nullptr;
  const double v = std::strtod(s, &end);
  if (end == s || *end != '\0' || !(v >= 0 && v <= 1)) return false;
  *out = v;
  return true;
}

// YYYY-MM-DD (midnight UTC), a datetime or Unix seconds (ledger/time_text.h).
bool ParseStart(const char* s, int64_t* out) {
  const Result<int64_t> start = ParseTimeArg(s);
  if (!start.ok()) return false;
  *out = *start;
  return true;
}

// Applies one flag taking a value; false with *error on a bad value.
bool ApplyValue(const std::string& flag, const char* value, GenFlags* f, std::string* error) {
  GeneratorOptions& o = f->options;
  uint64_t n = 0;
  bool ok = true;
  if (flag == "--events") ok = ParseUint(value, &o.events);
  else if (flag == "--seed") ok = ParseUint(value, &o.seed);
  else if (flag == "--customers") ok = ParseUint(value, &o.customers);
  else if (flag == "--out") f->out_path = value;
  else if (flag == "--start") ok = ParseStart(value, &o.start);
  else if (flag == "--days") {
    ok = ParseUint(value, &n) && n >= 1 && n <= 36500;
    o.days = static_cast<int64_t>(n);
  } else if (flag == "--connect-accounts") {
    ok = ParseUint(value, &n) && n <= 100;
    o.v2.connect_accounts = static_cast<int>(n);
  } else if (flag == "--duplicates") {
    char* end = nullptr;
    o.duplicates = std::strtod(value, &end);
    ok = *end == '\0' && o.duplicates >= 0 && o.duplicates <= 10;
  } else {
    ok = false;
    for (const RateFlag& r : kRateFlags) {
      if (flag == r.flag) ok = ParseShare(value, &(o.v2.*r.field));
    }
  }
  if (!ok) *error = "bad value for " + flag + ": " + value;
  return ok;
}

bool TakesValue(const std::string& flag) {
  for (const char* f : {"--events", "--seed", "--customers", "--out", "--start", "--days", "--connect-accounts",
                        "--duplicates"}) {
    if (flag == f) return true;
  }
  for (const RateFlag& r : kRateFlags) {
    if (flag == r.flag) return true;
  }
  return false;
}

}  // namespace

bool GenFlags::Parse(int argc, char** argv, GenFlags* f, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--shuffle") f->options.shuffle = true;
    else if (arg == "--v2-heavy") f->options.v2 = V2Rates::Heavy();
    else if (arg == "--help" || arg == "-h") f->help = true;
    else if (TakesValue(arg) && i + 1 < argc) {
      if (!ApplyValue(arg, argv[++i], f, error)) return false;
    } else {
      *error = "unknown or incomplete argument: " + arg;
      return false;
    }
  }
  const int64_t last = f->options.start + f->options.days * 86400 - 1;
  if (last > static_cast<int64_t>(std::time(nullptr))) {
    *error = "the range (--start, --days) ends after now: its events would be in the future";
    return false;
  }
  return true;
}

std::string GenFlags::Usage() {
  std::string u =
      "usage: subledger-gen --events N --seed S [--customers C] [--shuffle] [--duplicates FRACTION]\n"
      "                     [--start YYYY-MM-DD|UNIX] [--days N] [--v2-heavy] [--connect-accounts N]\n"
      "                     [--RATE SHARE ...] [--out FILE]\n"
      "defaults: 2025-01-01, 365 days, realistic v2 rates; --v2-heavy turns every v2 feature up.\nrates:";
  for (const RateFlag& r : kRateFlags) u += std::string(" ") + r.flag;
  return u + "\n";
}

}  // namespace subledger::eventgen
