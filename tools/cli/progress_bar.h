// ProgressBar: "label [####....] done/total  rate/s  ETA" on stderr when it is
// a terminal; silent otherwise. Redraws at most ~10 times a second.
//
// Thread safety: one thread.
#pragma once

#include <cstdint>
#include <string>

namespace subledger::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  void Update(uint64_t done, uint64_t total);
  void Finish();

 private:
  std::string label_;
  bool tty_;
  int64_t start_nanos_;
  int64_t last_draw_nanos_ = 0;
  bool drawn_ = false;
};

}  // namespace subledger::cli
