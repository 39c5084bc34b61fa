// A minimal JSON writer for the output stage: appends to a string, no document
// tree. Records are written once per document by the batch tool, so building a
// nlohmann tree and dumping it cost as much as half of the extraction itself.
#ifndef ATTREX_LIB_OUTPUT_JSON_WRITER_H_
#define ATTREX_LIB_OUTPUT_JSON_WRITER_H_

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace attrex::internal {

// Raw writers for records written by the hundred thousand (mentions, entity
// records): each writes at `p`, which must have room for the bound given, and
// returns the end of what it wrote. A caller sizes its output once for a whole
// object, and writes the fixed parts as literals of known length; appending
// piece by piece cost twice as much.
//
// At most 6 bytes per byte of `s` (a control character is "\u00XX") and the
// quotes.
inline size_t JsonStringBound(std::string_view s) { return 6 * s.size() + 2; }
// The JSON string for `s`, as AppendJsonString writes it. It may also store
// bytes after the end it returns, within the JsonStringBound(s) bytes of room.
char* PutJsonString(char* p, std::string_view s);
// Numbers as AppendJsonNumber writes them: at most kJsonNumberBound bytes.
inline constexpr size_t kJsonNumberBound = 32;
char* PutJsonNumber(char* p, double value);
char* PutJsonNumber(char* p, size_t value);
// The text of a string literal, without its terminating NUL.
template <size_t N>
char* PutLiteral(char* p, const char (&literal)[N]) {
  std::memcpy(p, literal, N - 1);
  return p + N - 1;
}
inline char* PutBytes(char* p, std::string_view bytes) {
  std::memcpy(p, bytes.data(), bytes.size());
  return p + bytes.size();
}

// Makes room for `bound` more bytes at the end of *out and returns where they
// start; CommitJson(out, end) then drops what was not written.
inline char* ReserveJson(std::string* out, size_t bound) {
  const size_t old_size = out->size();
  out->resize(old_size + bound);
  return out->data() + old_size;
}
inline void CommitJson(std::string* out, const char* end) {
  out->resize(static_cast<size_t>(end - out->data()));
}

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
