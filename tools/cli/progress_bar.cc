#include "tools/cli/progress_bar.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace subledger::cli {

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
