// Status and Result<T>: how every attrex call reports failure (no exceptions).
#ifndef ATTREX_STATUS_H_
#define ATTREX_STATUS_H_

#include <optional>
#include <string>
#include <utility>

#include "attrex/export.h"

namespace attrex {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument = 1,  // bad option, bad call
  kNotFound = 2,         // a file or record that is not there
  kDataError = 3,        // a malformed data file (message names file and line)
  kResourceExhausted =
      4,              // a configured limit was hit (document size, mentions)
  kInvalidInput = 5,  // input the caller passed cannot be processed
  kInternal = 6,      // a bug: please report it
};

// Returns a stable lower-case name ("invalid_argument", ...) for `code`.
ATTREX_API const char* StatusCodeName(StatusCode code);

class [[nodiscard]] ATTREX_API Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "data_error: data/x.tsv:12: expected 6 columns, got 5"
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // Precondition: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace attrex

#endif  // ATTREX_STATUS_H_
