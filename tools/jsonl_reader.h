// Reading the batch tool's input documents: text files (one document each) and
// JSONL streams (one document per non-blank line), in order. Shared by
// `attrex extract` and the JSONL reader fuzzer
// (tests/fuzz/jsonl_reader_fuzz.cc).
#ifndef ATTREX_TOOLS_JSONL_READER_H_
#define ATTREX_TOOLS_JSONL_READER_H_

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iosfwd>
#include <string>
#include <vector>

#include "attrex/status.h"

namespace attrex::tools {

enum class InputKind { kJsonl, kText, kUnreadable };

struct InputDoc {
  std::string id;
  std::string text;
  std::string meta;  // raw JSON object of pass-through fields, or ""
  Status error;      // set when the input itself is bad
};

struct Source {
  std::string path;  // "-" = standard input
  InputKind kind;
  std::string message;  // kUnreadable: why
};

// The kind of a path: `forced` ("jsonl", "text") or by extension (.jsonl and
// .ndjson are JSONL, anything else is text).
InputKind KindOfPath(const std::string& path, const std::string& forced);

// Reads documents one at a time from the sources, in order. Every source yields
// at least one document (an error document when it cannot be read), a JSONL
// source one per non-blank line: the batch tool writes one record for each.
class InputReader {
 public:
  // `standard_input` is what the path "-" reads (std::cin unless a test or
  // fuzzer passes another stream); it must outlive the reader.
  InputReader(std::vector<Source> sources, std::string text_field,
              std::string id_field, std::istream* standard_input = nullptr);

  // False when every source is exhausted.
  bool Next(InputDoc* doc);

  uint64_t bytes_read() const { return bytes_read_; }

 private:
  void OpenStream(const std::string& path);
  void CloseStream();
  void ReadTextFile(const std::string& path, InputDoc* doc);
  void ParseJsonLine(std::string& line, InputDoc* doc);

  std::vector<Source> sources_;
  std::string text_field_;
  std::string id_field_;
  std::istream* stdin_;
  size_t current_ = 0;
  std::ifstream file_;
  std::istream* stream_ = nullptr;
  bool stream_open_ = false;
  std::string stream_name_;
  size_t line_number_ = 0;
  uint64_t bytes_read_ = 0;
  simdjson::dom::parser dom_parser_;
  simdjson::ondemand::parser ondemand_parser_;
};

}  // namespace attrex::tools

#endif  // ATTREX_TOOLS_JSONL_READER_H_
