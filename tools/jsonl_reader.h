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
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "attrex/status.h"
#include "block_streams.h"

namespace attrex::tools {

enum class InputKind { kJsonl, kText, kUnreadable };

struct InputDoc {
  std::string id;
  std::string text;
  std::string meta;  // raw JSON object of pass-through fields, or ""
  Status error;      // set when the input itself is bad
  // The document is larger than the reader's stream size: `text` is empty and
  // InputReader::StreamText gives it in pieces (and completes id, meta and
  // error, which a JSONL line may hold after its text).
  bool streamed = false;
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
  // `standard_input` is what the path "-" reads (file descriptor 0, through
  // an FdReadBuffer, unless a test or fuzzer passes another stream); it must
  // outlive the reader. JSONL files are read through a buffer of
  // kStreamBlockBytes.
  // Documents larger than `stream_bytes` (a text file, or a JSONL line) are
  // not read whole but streamed (see StreamText); 0: every document is read
  // whole.
  InputReader(std::vector<Source> sources, std::string text_field,
              std::string id_field, std::istream* standard_input = nullptr,
              size_t stream_bytes = 0);

  // False when every source is exhausted.
  bool Next(InputDoc* doc);

  // For a document Next returned with `streamed` set: reads it to its end,
  // giving its text to `sink` in pieces of at most kStreamPieceBytes, in
  // order, and sets doc's id, meta and error. When the input turns out to be
  // bad (malformed JSON late in a line), doc->error says so and the text
  // given so far is to be dropped. Must be called before the next Next.
  using TextSink = std::function<void(std::string_view piece)>;
  void StreamText(InputDoc* doc, const TextSink& sink);
  static constexpr size_t kStreamPieceBytes = size_t{1} << 20;

  uint64_t bytes_read() const { return bytes_read_; }

  // Whether Next may wait for input: the open JSONL stream is no regular
  // file and has nothing to give at once (a pipe that is empty for now), or
  // the next source is such a standard input. The batch tool writes out the
  // records it holds before it waits, so that records of a slow pipe come as
  // their documents do; files never wait, and keep the workers busy.
  bool MayWait() const;

 private:
  void OpenStream(const std::string& path);
  // A read of standard input failed (it then looks ended to the stream).
  bool StdinFailed() const;
  void CloseStream();
  void ReadTextFile(const std::string& path, InputDoc* doc);
  void ParseJsonLine(std::string& line, InputDoc* doc);
  // Sets `id` to the current line's "source:line".
  void AssignLineId(std::string* id) const;
  // Appends the stream's next bytes, up to the end of the line, to `line`, at
  // most `max` of them. True when the line ended (the line break is consumed,
  // not stored; or the input ended), false when `max` bytes came first.
  bool ReadLinePiece(std::string* line, size_t max);
  void StreamJsonLine(InputDoc* doc, const TextSink& sink);
  void StreamTextFile(InputDoc* doc, const TextSink& sink);

  std::vector<Source> sources_;
  std::string text_field_;
  std::string id_field_;
  // Standard input, when no stream was given for it.
  std::unique_ptr<FdReadBuffer> stdin_buffer_;
  std::unique_ptr<std::istream> stdin_stream_;
  std::istream* stdin_;
  bool stdin_may_wait_ = false;   // standard input is no regular file
  bool stream_may_wait_ = false;  // nor is the open stream
  size_t current_ = 0;
  std::unique_ptr<char[]> file_block_;  // file_buffer_'s buffer
  std::string line_;                    // the line being read
  static constexpr size_t kKeptLineBytes = size_t{8} << 20;
  // The open JSONL file: its lines are read in place (AppendLine).
  LineReadBuffer<std::filebuf> file_buffer_;
  std::istream file_{&file_buffer_};
  std::istream* stream_ = nullptr;
  bool stream_open_ = false;
  std::string stream_name_;
  size_t line_number_ = 0;
  size_t stream_bytes_ = 0;
  // The document being streamed: what was read of it before deciding to
  // stream (a JSONL line's start, standard input's start), and the text file.
  std::string stream_prefix_;
  bool stream_line_ended_ = false;  // stream_prefix_ holds the whole line
  std::ifstream stream_file_;
  std::istream* stream_text_ = nullptr;
  uint64_t bytes_read_ = 0;
  simdjson::dom::parser dom_parser_;
  // ParseJsonLine's keys and values of the line, kept from line to line.
  std::vector<std::string_view> meta_keys_;
  std::vector<std::string_view> meta_values_;
};

}  // namespace attrex::tools

#endif  // ATTREX_TOOLS_JSONL_READER_H_
