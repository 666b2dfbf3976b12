#include "tools/cli/cli_args.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace subledger::cli {

CliArgs::CliArgs(const std::vector<std::string>& args, const std::set<std::string>& valued,
                 const std::set<std::string>& booleans) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0 || a == "--") {
      positional_.push_back(a);
      continue;
    }
    std::string flag = a, value;
    bool inline_value = false;
    if (size_t eq = a.find('='); eq != std::string::npos) {
      flag = a.substr(0, eq);
      value = a.substr(eq + 1);
      inline_value = true;
    }
    if (valued.count(flag)) {
      if (!inline_value) {
        if (i + 1 >= args.size()) {
          error_ = "flag " + flag + " needs a value";
          return;
        }
        value = args[++i];
      }
      values_.emplace_back(flag, value);
      present_.insert(flag);
    } else if (booleans.count(flag) && !inline_value) {
      present_.insert(flag);
    } else {
      error_ = "unknown flag " + flag;
      return;
    }
  }
}

std::optional<std::string> CliArgs::Value(const std::string& flag) const {
  for (auto it = values_.rbegin(); it != values_.rend(); ++it) {
    if (it->first == flag) return it->second;
  }
  return std::nullopt;
}

bool CliArgs::Has(const std::string& flag) const { return present_.count(flag) > 0; }

namespace {
int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), tty_(isatty(STDERR_FILENO) == 1), start_nanos_(NowNanos()) {}

void ProgressBar::Update(uint64_t done, uint64_t total) {
  if (!tty_) return;
  int64_t now = NowNanos();
  if (drawn_ && now - last_draw_nanos_ < 100000000 && done < total) return;
  last_draw_nanos_ = now;
  drawn_ = true;
  double elapsed = (now - start_nanos_) / 1e9;
  double rate = elapsed > 0 ? done / elapsed : 0;
  double eta = rate > 0 && total > done ? (total - done) / rate : 0;
  int width = 30;
  int filled = total > 0 ? static_cast<int>(width * static_cast<double>(done) / total) : width;
  std::string bar(filled, '#');
  bar.append(width - filled, '.');
  std::fprintf(stderr, "\r%s [%s] %llu/%llu  %.0f/s  ETA %.0fs   ", label_.c_str(), bar.c_str(),
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), rate, eta);
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (tty_ && drawn_) std::fprintf(stderr, "\n");
}

}  // namespace subledger::cli
