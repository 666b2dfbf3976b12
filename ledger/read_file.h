// ReadFileText: the whole content of a file named on a command line or in a
// configuration, with a message a person can act on when it cannot be read.
//
// Works for regular files, pipes and FIFOs (it reads to end of file; opening
// a FIFO waits for a writer, as `cat` does) and character devices such as
// /dev/null (empty). Never throws. Failures name the path:
//   kNotFound         "PATH: no such file"
//   kInvalidArgument  "PATH: is a directory, not a file"; more than max_bytes
//   kIOError          "PATH: <strerror>" (permission denied, I/O error, ...)
//
// Thread safety: reentrant.
#pragma once

#include <cstdint>
#include <string>

#include "ledger/status.h"

namespace subledger {

Result<std::string> ReadFileText(const std::string& path, uint64_t max_bytes = uint64_t{1} << 26);

// Reads an open descriptor to end of file into *out (appending); `path`
// names it in errors. For callers that looked at the file first (fstat).
Status ReadToEnd(int fd, const std::string& path, uint64_t max_bytes, std::string* out);

// "no such file", "is a directory, not a file", or strerror(err).
std::string FileErrorReason(int err);

}  // namespace subledger
