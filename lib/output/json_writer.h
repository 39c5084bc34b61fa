// A minimal JSON writer for the output stage: appends to a string, no document
// tree. Records are written once per document by the batch tool, so building a
// nlohmann tree and dumping it cost as much as half of the extraction itself.
#ifndef ATTREX_LIB_OUTPUT_JSON_WRITER_H_
#define ATTREX_LIB_OUTPUT_JSON_WRITER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace attrex::internal {

// Appends `s` as a JSON string: quoted; '"', '\\' and control characters
// escaped as nlohmann-json escapes them; other UTF-8 kept as is; each byte that
// is not part of well-formed UTF-8 written as U+FFFD, so the output is always
// valid JSON.
void AppendJsonString(std::string* out, std::string_view s);

// Appends a number as JSON: the shortest form that reads back to the same
// double, with ".0" on integral values (1.0, not 1); NaN and infinities as
// null.
void AppendJsonNumber(std::string* out, double value);
void AppendJsonNumber(std::string* out, size_t value);

// Appends ["a","b"].
void AppendJsonStringArray(std::string* out,
                           const std::vector<std::string>& values);

// Writes the members of one object with the commas between them.
class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string* out) : out_(out) {
    out_->push_back('{');
  }
  // Writes more members of an object whose opening and first members were
  // written earlier (a record written in parts).
  static JsonObjectWriter Continuing(std::string* out) {
    return JsonObjectWriter(out, /*first=*/false);
  }
  // Opens a member: writes the separator and "key":, for the caller to write
  // the value. Returns the output string.
  std::string* Key(std::string_view key);
  void String(std::string_view key, std::string_view value) {
    AppendJsonString(Key(key), value);
  }
  void Number(std::string_view key, double value) {
    AppendJsonNumber(Key(key), value);
  }
  void Number(std::string_view key, size_t value) {
    AppendJsonNumber(Key(key), value);
  }
  void Bool(std::string_view key, bool value) {
    Key(key)->append(value ? "true" : "false");
  }
  void Null(std::string_view key) { Key(key)->append("null"); }
  void StringArray(std::string_view key,
                   const std::vector<std::string>& values) {
    AppendJsonStringArray(Key(key), values);
  }
  // Appends pre-serialised JSON as the value of `key`.
  void Raw(std::string_view key, std::string_view json) {
    Key(key)->append(json);
  }
  void Close() { out_->push_back('}'); }

 private:
  JsonObjectWriter(std::string* out, bool first) : out_(out), first_(first) {}

  std::string* out_;
  bool first_ = true;
};

}  // namespace attrex::internal

#endif  // ATTREX_LIB_OUTPUT_JSON_WRITER_H_
