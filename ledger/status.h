// Status and Result<T>: how core code reports failure.
//
// A Status is OK or carries a Code and a message with context, written
// "what: detail" (e.g. "append evt_123: IO error: No space left on device").
// Core code never throws across a public API and never picks an HTTP status;
// ingest/http_status.cc maps Codes to HTTP in exactly one place.
//
// Thread safety: values; safe to copy between threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace subledger {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,   // the caller's input is wrong (bad JSON, missing field)
    kNotFound,          // a key/id that does not exist
    kAlreadyExists,     // an id that is taken (a workflow run id); a duplicate event is not an error
    kUnauthenticated,   // signature missing or wrong
    kStale,             // signature timestamp outside the tolerance window
    kTooLarge,          // input over a configured limit
    kIOError,           // storage failed; the log may be in its sticky error state
    kCorruption,        // persisted data violates an invariant
    kBusy,              // resource held by someone else (e.g. the DB lock)
    kUnavailable,       // try again later (e.g. sticky error, shutting down)
    kInternal,          // a bug
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return Status(Code::kInvalidArgument, std::move(m)); }
  static Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
  static Status AlreadyExists(std::string m) { return Status(Code::kAlreadyExists, std::move(m)); }
  static Status Unauthenticated(std::string m) { return Status(Code::kUnauthenticated, std::move(m)); }
  static Status Stale(std::string m) { return Status(Code::kStale, std::move(m)); }
  static Status TooLarge(std::string m) { return Status(Code::kTooLarge, std::move(m)); }
  static Status IOError(std::string m) { return Status(Code::kIOError, std::move(m)); }
  static Status Corruption(std::string m) { return Status(Code::kCorruption, std::move(m)); }
  static Status Busy(std::string m) { return Status(Code::kBusy, std::move(m)); }
  static Status Unavailable(std::string m) { return Status(Code::kUnavailable, std::move(m)); }
  static Status Internal(std::string m) { return Status(Code::kInternal, std::move(m)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "InvalidArgument: what: detail", or "OK".
  std::string ToString() const;
  static const char* CodeName(Code c);

  // Returns a copy whose message is prefixed with "what: ".
  Status WithContext(const std::string& what) const {
    if (ok()) return *this;
    return Status(code_, what + ": " + message_);
  }

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Result<T>: a T or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace subledger
