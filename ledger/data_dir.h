// The data directory's permissions. The event log holds webhook bodies, and
// those carry customers' e-mail addresses and names: only the directory's
// owner may read it.
//
//  * RestrictFileCreationMask(): umask(077) for the whole process, so every
//    file it creates -- RocksDB's SST, WAL, MANIFEST, OPTIONS, LOCK and LOG
//    files, subledgerd's port file -- is 0600 and every directory 0700.
//    subledgerd calls it first thing in main, the subledger CLI before every
//    command (a command that writes a file meant for others, like `alerts`,
//    sets that file's mode itself).
//  * CreatePrivateDirectory(dir): creates `dir` (missing parents as the umask
//    says) with mode 0700, whatever the umask. An existing directory is left
//    as it is.
//  * DataDirExposure(dir): the mode of an existing directory that its group
//    or others may read, write or enter ("0755"); nullopt when private or
//    missing. subledgerd warns at start when it is not private.
//  * ProbeDataDir(dir): whether this process can write the directory
//    (statvfs: a read-only filesystem; access(W_OK): no write permission).
//
// Thread safety: RestrictFileCreationMask changes process state (call it
// before starting threads); the others are reentrant.
#pragma once

#include <optional>
#include <string>

#include "ledger/status.h"

namespace subledger {

void RestrictFileCreationMask();

Status CreatePrivateDirectory(const std::string& dir);

std::optional<std::string> DataDirExposure(const std::string& dir);

enum class DataDirAccess {
  kMissing,   // nothing there (a writer creates it)
  kWritable,  // an existing directory this process can write
  kReadOnly,  // an existing directory this process cannot write: a read-only
              // filesystem (a mounted backup) or no write permission
};
// `why`, when given, receives "read-only file system" / "no write permission".
DataDirAccess ProbeDataDir(const std::string& dir, std::string* why = nullptr);

}  // namespace subledger
