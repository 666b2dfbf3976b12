#include "ledger/status.h"

namespace subledger {

const char* Status::CodeName(Code c) {
  switch (c) {
    case Code::kOk: return "OK";
    case Code::kInvalidArgument: return "InvalidArgument";
    case Code::kNotFound: return "NotFound";
    case Code::kAlreadyExists: return "AlreadyExists";
    case Code::kUnauthenticated: return "Unauthenticated";
    case Code::kStale: return "Stale";
    case Code::kTooLarge: return "TooLarge";
    case Code::kIOError: return "IOError";
    case Code::kCorruption: return "Corruption";
    case Code::kBusy: return "Busy";
    case Code::kUnavailable: return "Unavailable";
    case Code::kInternal: return "Internal";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace subledger
