#include "ledger/info_log.h"

#include <rocksdb/env.h>

#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace subledger {
namespace {

class StdioInfoLog final : public rocksdb::Logger {
 public:
  explicit StdioInfoLog(std::FILE* file)
      : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL), file_(file) {}
  ~StdioInfoLog() override {
    if (file_ != nullptr) std::fclose(file_);
  }

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (file_ == nullptr || failed_) return;
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ ", &tm);
    std::fputs(stamp, file_);
    std::vfprintf(file_, format, ap);
    std::fputc('\n', file_);
    if (std::fflush(file_) != 0 || std::ferror(file_)) failed_ = true;
  }

 private:
  std::mutex mu_;
  std::FILE* file_;
  bool failed_ = false;
};

class DiscardingInfoLog final : public rocksdb::Logger {
 public:
  DiscardingInfoLog() : rocksdb::Logger(rocksdb::InfoLogLevel::HEADER_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

}  // namespace

std::shared_ptr<rocksdb::Logger> NewInfoLogFile(const std::string& path) {
  return std::make_shared<StdioInfoLog>(std::fopen(path.c_str(), "a"));
}

std::shared_ptr<rocksdb::Logger> NewDiscardingInfoLog() {
  return std::make_shared<DiscardingInfoLog>();
}

}  // namespace subledger
