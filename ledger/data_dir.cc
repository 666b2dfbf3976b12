#include "ledger/data_dir.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace subledger {

void RestrictFileCreationMask() { umask(077); }

Status CreatePrivateDirectory(const std::string& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return Status::Ok();
  ec.clear();  // a missing dir set it; only create_directories' error counts below
  const std::filesystem::path path(dir);
  const std::filesystem::path parent = path.lexically_normal().parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return Status::IOError("cannot create directory " + parent.string() + ": " + ec.message());
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::IOError("cannot create directory " + dir + ": " + std::strerror(errno));
  }
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::IOError("cannot create directory " + dir + ": a file of that name is in the way");
  }
  // mkdir applied the umask; the data directory is private whatever it was.
  if (chmod(dir.c_str(), 0700) != 0) {
    return Status::IOError("cannot make " + dir + " private (chmod 700): " + std::strerror(errno));
  }
  return Status::Ok();
}

std::optional<std::string> DataDirExposure(const std::string& dir) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
  const unsigned mode = st.st_mode & 07777;
  if ((mode & 077) == 0) return std::nullopt;
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode);
  return std::string(text);
}

DataDirAccess ProbeDataDir(const std::string& dir, std::string* why) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) return DataDirAccess::kMissing;
  struct statvfs fs;
  if (statvfs(dir.c_str(), &fs) == 0 && (fs.f_flag & ST_RDONLY) != 0) {
    if (why != nullptr) *why = "read-only file system";
    return DataDirAccess::kReadOnly;
  }
  if (S_ISDIR(st.st_mode) && access(dir.c_str(), W_OK) != 0 && (errno == EACCES || errno == EROFS)) {
    if (why != nullptr) *why = errno == EROFS ? "read-only file system" : "no write permission";
    return DataDirAccess::kReadOnly;
  }
  return DataDirAccess::kWritable;
}

}  // namespace subledger
