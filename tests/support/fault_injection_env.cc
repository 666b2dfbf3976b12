#include "tests/support/fault_injection_env.h"

namespace subledger::testing {

class FaultyWalFile : public rocksdb::WritableFileWrapper {
 public:
  FaultyWalFile(std::unique_ptr<rocksdb::WritableFile> target, FaultInjectionEnv* env)
      : rocksdb::WritableFileWrapper(target.get()), owned_(std::move(target)), env_(env) {}

  rocksdb::Status Append(const rocksdb::Slice& data) override {
    if (env_->fail_appends_.load()) return FailAppend();
    if (env_->no_space_.load()) return NoSpace();
    return WritableFileWrapper::Append(data);
  }
  rocksdb::Status Append(const rocksdb::Slice& data,
                         const rocksdb::DataVerificationInfo& info) override {
    if (env_->fail_appends_.load()) return FailAppend();
    if (env_->no_space_.load()) return NoSpace();
    return WritableFileWrapper::Append(data, info);
  }
  rocksdb::Status Sync() override {
    if (env_->fail_syncs_.load()) return FailSync();
    env_->wal_syncs_.fetch_add(1);
    return WritableFileWrapper::Sync();
  }
  rocksdb::Status Fsync() override {
    if (env_->fail_syncs_.load()) return FailSync();
    env_->wal_syncs_.fetch_add(1);
    return WritableFileWrapper::Fsync();
  }
  rocksdb::Status RangeSync(uint64_t offset, uint64_t nbytes) override {
    if (env_->fail_syncs_.load()) return FailSync();
    return WritableFileWrapper::RangeSync(offset, nbytes);
  }

 private:
  rocksdb::Status FailAppend() {
    env_->failed_appends_.fetch_add(1);
    return rocksdb::Status::IOError("injected fault", "WAL append failed");
  }
  rocksdb::Status NoSpace() {
    env_->failed_appends_.fetch_add(1);
    return rocksdb::Status::NoSpace("injected fault", "WAL append: No space left on device");
  }
  rocksdb::Status FailSync() {
    env_->failed_syncs_.fetch_add(1);
    return rocksdb::Status::IOError("injected fault", "WAL sync failed");
  }

  std::unique_ptr<rocksdb::WritableFile> owned_;
  FaultInjectionEnv* env_;
};

FaultInjectionEnv::FaultInjectionEnv() : rocksdb::EnvWrapper(rocksdb::Env::Default()) {}

rocksdb::Status FaultInjectionEnv::Wrap(const std::string& fname, rocksdb::Status s,
                                        std::unique_ptr<rocksdb::WritableFile>* result) {
  const bool wal = fname.size() >= 4 && fname.compare(fname.size() - 4, 4, ".log") == 0;
  if (s.ok() && wal) *result = std::make_unique<FaultyWalFile>(std::move(*result), this);
  return s;
}

rocksdb::Status FaultInjectionEnv::NewWritableFile(const std::string& fname,
                                                   std::unique_ptr<rocksdb::WritableFile>* result,
                                                   const rocksdb::EnvOptions& options) {
  return Wrap(fname, EnvWrapper::NewWritableFile(fname, result, options), result);
}

rocksdb::Status FaultInjectionEnv::ReopenWritableFile(
    const std::string& fname, std::unique_ptr<rocksdb::WritableFile>* result,
    const rocksdb::EnvOptions& options) {
  return Wrap(fname, EnvWrapper::ReopenWritableFile(fname, result, options), result);
}

rocksdb::Status FaultInjectionEnv::ReuseWritableFile(
    const std::string& fname, const std::string& old_fname,
    std::unique_ptr<rocksdb::WritableFile>* result, const rocksdb::EnvOptions& options) {
  return Wrap(fname, EnvWrapper::ReuseWritableFile(fname, old_fname, result, options), result);
}

}  // namespace subledger::testing
