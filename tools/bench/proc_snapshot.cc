#include "tools/bench/proc_snapshot.h"

#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace subledger::bench {
namespace {

// "tid ticks comm" for one /proc/PID/task/TID/stat, or "" when unreadable.
std::string ThreadLine(const std::filesystem::path& task) {
  std::ifstream in(task / "stat");
  std::string stat;
  if (!std::getline(in, stat)) return "";
  const size_t open = stat.find('('), close = stat.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return "";
  std::string comm = stat.substr(open + 1, close - open - 1);
  for (char& c : comm) c = c == ' ' ? '_' : c;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {  // fields 14 and 15: utime, stime
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return task.filename().string() + " " + std::to_string(utime + stime) + " " + comm + "\n";
}

}  // namespace

bool WriteThreadSnapshot(int pid, const std::string& path) {
  std::string out;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    out += ThreadLine(task.path());
  }
  std::ofstream f(path);
  f << out;
  return static_cast<bool>(f);
}

bool WriteMachineSnapshot(const std::string& path) {
  std::ifstream in("/proc/stat");
  std::string label;
  unsigned long long v = 0, total = 0, idle = 0;
  in >> label;
  for (int i = 1; i <= 10 && in >> v; ++i) {
    total += v;
    if (i == 4 || i == 5) idle += v;  // idle, iowait
  }
  std::ofstream f(path);
  f << total << " " << idle << "\n";
  return static_cast<bool>(f);
}

double OwnCpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

}  // namespace subledger::bench
