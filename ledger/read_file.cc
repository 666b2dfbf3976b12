#include "ledger/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace subledger {
namespace {

Status FromErrno(const std::string& path, int err) {
  if (err == ENOENT) return Status::NotFound(path + ": " + FileErrorReason(err));
  if (err == EISDIR) return Status::InvalidArgument(path + ": " + FileErrorReason(err));
  return Status::IOError(path + ": " + FileErrorReason(err));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::string FileErrorReason(int err) {
  if (err == ENOENT) return "no such file";
  if (err == EISDIR) return "is a directory, not a file";
  return std::strerror(err);
}

Status ReadToEnd(int fd, const std::string& path, uint64_t max_bytes, std::string* out) {
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n == 0) return Status::Ok();
    if (n < 0) {
      if (errno == EINTR) continue;
      return FromErrno(path, errno);
    }
    if (out->size() + static_cast<uint64_t>(n) > max_bytes) {
      return Status::InvalidArgument(path + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
    out->append(buffer, static_cast<size_t>(n));
  }
}

Result<std::string> ReadFileText(const std::string& path, uint64_t max_bytes) {
  if (path.empty()) return Status::InvalidArgument("no file name given");
  Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return FromErrno(path, errno);
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return FromErrno(path, errno);
  if (S_ISDIR(st.st_mode)) return FromErrno(path, EISDIR);
  std::string text;
  if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) <= max_bytes) {
    text.reserve(static_cast<size_t>(st.st_size));
  }
  if (Status s = ReadToEnd(fd.get(), path, max_bytes, &text); !s.ok()) return s;
  return text;
}

}  // namespace subledger
