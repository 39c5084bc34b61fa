// Reading the batch tool's input documents (moved out of cmd_extract.cc so that
// the fuzzer exercises exactly the code the command runs).
#include "jsonl_reader.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace attrex::tools {
namespace {

// Appends a JSON string literal of a key the JSON parser already validated (so
// it is valid UTF-8): quotes, backslashes and control characters escaped.
void AppendJsonStringLiteral(std::string_view s, std::string* out) {
  *out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      *out += '\\';
      *out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
      *out += buffer;
    } else {
      *out += static_cast<char>(c);
    }
  }
  *out += '"';
}

// Where the JSON string starting at json[pos] (a quote) ends: after its
// closing quote. Strings (the text above all) are skipped with memchr.
size_t JsonStringEnd(std::string_view json, size_t pos) {
  for (size_t from = pos + 1; from < json.size();) {
    const void* found =
        std::memchr(json.data() + from, '"', json.size() - from);
    if (found == nullptr) break;
    const auto quote =
        static_cast<size_t>(static_cast<const char*>(found) - json.data());
    size_t backslashes = 0;
    while (quote - backslashes > pos + 1 &&
           json[quote - backslashes - 1] == '\\') {
      ++backslashes;
    }
    if (backslashes % 2 == 0) return quote + 1;
    from = quote + 1;
  }
  return json.size();
}

bool IsJsonSpaceByte(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The text of each member value of `json`, a JSON object the DOM parser has
// accepted, in order, without the white space around it (what simdjson's
// to_json_string gives).
void MemberValues(std::string_view json,
                  std::vector<std::string_view>* values) {
  values->clear();
  const size_t n = json.size();
  size_t pos = 0;
  auto skip_space = [&] {
    while (pos < n && IsJsonSpaceByte(json[pos])) ++pos;
  };
  skip_space();
  if (pos >= n || json[pos] != '{') return;
  ++pos;
  while (true) {
    skip_space();
    if (pos >= n || json[pos] != '"') return;  // '}': an empty object
    pos = JsonStringEnd(json, pos);
    skip_space();
    if (pos >= n || json[pos] != ':') return;
    ++pos;
    skip_space();
    if (pos >= n) return;
    const size_t begin = pos;
    if (json[pos] == '"') {
      pos = JsonStringEnd(json, pos);
    } else if (json[pos] == '{' || json[pos] == '[') {
      int depth = 0;
      while (pos < n) {
        const char c = json[pos];
        if (c == '"') {
          pos = JsonStringEnd(json, pos);
          continue;
        }
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') --depth;
        ++pos;
        if (depth == 0) break;
      }
    } else {
      while (pos < n && json[pos] != ',' && json[pos] != '}' &&
             !IsJsonSpaceByte(json[pos])) {
        ++pos;
      }
    }
    values->push_back(json.substr(begin, pos - begin));
    skip_space();
    if (pos >= n || json[pos] != ',') return;
    ++pos;
  }
}

}  // namespace

InputKind KindOfPath(const std::string& path, const std::string& forced) {
  if (forced == "jsonl") return InputKind::kJsonl;
  if (forced == "text") return InputKind::kText;
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".jsonl" || ext == ".ndjson" ? InputKind::kJsonl
                                             : InputKind::kText;
}

InputReader::InputReader(std::vector<Source> sources, std::string text_field,
                         std::string id_field, std::istream* standard_input,
                         size_t stream_bytes)
    : sources_(std::move(sources)),
      text_field_(std::move(text_field)),
      id_field_(std::move(id_field)),
      stdin_(standard_input),
      stream_bytes_(stream_bytes) {
  if (stdin_ == nullptr) {
    stdin_buffer_ = std::make_unique<FdReadBuffer>(STDIN_FILENO);
    stdin_stream_ = std::make_unique<std::istream>(stdin_buffer_.get());
    stdin_ = stdin_stream_.get();
    // A pipe, a terminal or a socket may keep a read waiting; a file does not.
    struct stat st;
    stdin_may_wait_ = ::fstat(STDIN_FILENO, &st) != 0 || !S_ISREG(st.st_mode);
  }
}

// A read error (EIO, EISDIR) looks like the end of the input to the stream;
// the buffer keeps the error.
bool InputReader::StdinFailed() const {
  return stdin_buffer_ != nullptr && stdin_buffer_->failed();
}

bool InputReader::MayWait() const {
  if (stream_open_) {
    return stream_may_wait_ && stream_->rdbuf()->in_avail() <= 0;
  }
  // Between sources: only standard input may keep the next read waiting.
  return current_ < sources_.size() && sources_[current_].path == "-" &&
         stdin_may_wait_;
}

bool InputReader::Next(InputDoc* doc) {
  doc->streamed = false;
  while (current_ < sources_.size()) {
    const Source& source = sources_[current_];
    if (source.kind == InputKind::kUnreadable) {
      ++current_;
      doc->id = source.path;
      doc->text.clear();
      doc->meta.clear();
      doc->error = Status(StatusCode::kNotFound, source.message);
      return true;
    }
    if (source.kind == InputKind::kText) {
      ++current_;
      ReadTextFile(source.path, doc);
      return true;
    }
    if (!stream_open_) {
      OpenStream(source.path);
      if (!stream_open_) {
        ++current_;
        doc->id = source.path;
        doc->text.clear();
        doc->meta.clear();
        doc->error =
            Status(StatusCode::kNotFound, "cannot open " + source.path);
        return true;
      }
    }
    const size_t max = stream_bytes_ == 0 ? SIZE_MAX : stream_bytes_;
    // One buffer for every line: a line of its own was two allocations and
    // a copy a document (the padding simdjson needs is reserved once).
    std::string& line = line_;
    for (;;) {
      line.clear();
      bool ended = ReadLinePiece(&line, max);
      if (ended && line.empty() && (stream_->eof() || stream_->bad())) {
        break;  // no more lines
      }
      ++line_number_;
      // A long run of blanks may still be a blank line: read on past it.
      while (!ended && line.find_first_not_of(" \t") == std::string::npos) {
        line.clear();
        ended = ReadLinePiece(&line, max);
      }
      if (ended) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        ParseJsonLine(line, doc);
        // A huge line's buffer is not kept for the rest of the run.
        if (line.capacity() > kKeptLineBytes) line = std::string();
        return true;
      }
      // Too long to hold: StreamText reads the rest.
      bytes_read_ += line.size();
      AssignLineId(&doc->id);
      doc->text.clear();
      doc->meta.clear();
      doc->error = Status::Ok();
      doc->streamed = true;
      stream_prefix_ = std::move(line);
      return true;
    }
    const bool failed =
        stream_->bad() || (stream_ == stdin_ && StdinFailed());
    CloseStream();
    ++current_;
    if (failed) {
      doc->id = source.path == "-" ? "stdin" : source.path;
      doc->text.clear();
      doc->meta.clear();
      doc->error =
          Status(StatusCode::kInvalidInput, "read error in " + doc->id);
      return true;
    }
  }
  return false;
}

bool InputReader::ReadLinePiece(std::string* line, size_t max) {
  std::istream& in = *stream_;
  // The tool's own buffers: the line is copied once, from the buffer.
  LineEnd end = LineEnd::kFull;
  bool in_place = true;
  const size_t before = line->size();
  if (stream_ == &file_) {
    try {
      end = file_buffer_.AppendLine(line, max);
    } catch (const std::ios_base::failure&) {
      // A filebuf throws on a read error (EIO), which getline turns into
      // a bad stream.
      in.setstate(std::ios::badbit);
      return true;
    }
  } else if (stream_ == stdin_ && stdin_buffer_ != nullptr) {
    end = stdin_buffer_->AppendLine(line, max);
  } else {
    in_place = false;  // a stream a test passed: getline
  }
  if (in_place) {
    // As getline leaves the stream: at the end of the input, at its end, and
    // failed when this call read nothing.
    if (end == LineEnd::kInput) {
      in.setstate(line->size() == before ? std::ios::eofbit | std::ios::failbit
                                         : std::ios::eofbit);
    }
    return end != LineEnd::kFull;
  }
  char buffer[size_t{1} << 16];
  for (size_t got = 0; got < max;) {
    // getline stores at most size - 1 bytes; it sets failbit when it stops
    // for that reason before a line break.
    const size_t room = max - got;
    const size_t size = room >= sizeof(buffer) ? sizeof(buffer) : room + 1;
    in.getline(buffer, static_cast<std::streamsize>(size));
    const size_t count = static_cast<size_t>(in.gcount());
    if (in.eof() || in.bad()) {  // the input ended (or failed) on this line
      line->append(buffer, count);
      return true;
    }
    if (in.fail()) {  // the buffer is full and no line break came yet
      in.clear();
      line->append(buffer, count);
      got += count;
      continue;
    }
    line->append(buffer, count - 1);  // gcount counts the line break
    return true;
  }
  // Exactly `max` bytes: the line may end right here.
  const int next = in.peek();
  if (next == '\n') in.get();
  return next == '\n' || next == std::char_traits<char>::eof();
}

void InputReader::OpenStream(const std::string& path) {
  line_number_ = 0;
  if (path == "-") {
    stream_ = stdin_;
    stream_name_ = "stdin";
    stream_open_ = true;
    stream_may_wait_ = stdin_may_wait_;
    return;
  }
  // Set before opening: a filebuf takes a buffer only while closed.
  if (file_block_ == nullptr) {
    file_block_ = std::make_unique_for_overwrite<char[]>(kStreamBlockBytes);  // not zeroed
    file_buffer_.pubsetbuf(file_block_.get(), kStreamBlockBytes);
  }
  file_.clear();
  if (file_buffer_.open(path, std::ios::in | std::ios::binary) == nullptr)
    return;
  // A named pipe (a shell's <(zcat ...)) may keep a read waiting.
  std::error_code status_error;
  stream_may_wait_ = !std::filesystem::is_regular_file(path, status_error);
  stream_ = &file_;
  stream_name_ = path;
  stream_open_ = true;
}

void InputReader::CloseStream() {
  if (file_buffer_.is_open()) file_buffer_.close();
  file_.clear();
  stream_ = nullptr;
  stream_open_ = false;
}

void InputReader::ReadTextFile(const std::string& path, InputDoc* doc) {
  doc->id = path == "-" ? "stdin" : path;
  doc->meta.clear();
  doc->error = Status::Ok();
  doc->streamed = false;
  doc->text.clear();
  if (path == "-") {
    if (stream_bytes_ > 0) {
      // Only what fits under the stream size is read here; past it, the rest
      // is streamed.
      doc->text.resize(stream_bytes_ + 1);
      stdin_->read(doc->text.data(),
                   static_cast<std::streamsize>(doc->text.size()));
      doc->text.resize(static_cast<size_t>(stdin_->gcount()));
      if (doc->text.size() > stream_bytes_) {
        bytes_read_ += doc->text.size();
        stream_prefix_ = std::move(doc->text);
        doc->text.clear();
        stream_text_ = stdin_;
        doc->streamed = true;
        return;
      }
    }
    doc->text.append(std::istreambuf_iterator<char>(*stdin_),
                     std::istreambuf_iterator<char>());
    if (stdin_->bad() || StdinFailed()) {
      doc->error = Status(StatusCode::kInvalidInput, "read error in stdin");
      return;
    }
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      doc->error = Status(StatusCode::kNotFound, "cannot open " + path);
      return;
    }
    std::error_code size_error;
    const auto size = std::filesystem::file_size(path, size_error);
    if (stream_bytes_ > 0 && !size_error && size > stream_bytes_) {
      stream_file_ = std::move(in);
      stream_text_ = &stream_file_;
      stream_prefix_.clear();
      doc->streamed = true;
      return;
    }
    // libstdc++'s filebuf throws on a read error (a folder, EIO) whatever the
    // stream's exception mask: the document gets an error record instead.
    try {
      doc->text.assign(std::istreambuf_iterator<char>(in),
                       std::istreambuf_iterator<char>());
    } catch (const std::ios_base::failure& e) {
      doc->text.clear();
      doc->error = Status(StatusCode::kInvalidInput,
                          "read error in " + path + ": " + e.what());
      return;
    }
    if (in.bad()) {
      doc->error = Status(StatusCode::kInvalidInput, "read error in " + path);
      return;
    }
  }
  bytes_read_ += doc->text.size();
}

void InputReader::AssignLineId(std::string* id) const {
  id->assign(stream_name_);
  *id += ':';
  char digits[24];
  char* end = std::to_chars(digits, digits + sizeof(digits), line_number_).ptr;
  id->append(digits, end);
}

void InputReader::ParseJsonLine(std::string& line, InputDoc* doc) {
  bytes_read_ += line.size() + 1;
  // A byte-order mark, as Windows tools write at the start of a file.
  // simdjson reads a little past the end: the line itself gets the padding,
  // rather than a padded copy (a 100 MB line would be held twice).
  const size_t bom =
      line_number_ == 1 && std::string_view(line).substr(0, 3) == "\xEF\xBB\xBF"
          ? 3
          : 0;
  line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
  const simdjson::padded_string_view padded(
      line.data() + bom, line.size() - bom, line.capacity() - bom);
  doc->text.clear();
  doc->meta.clear();
  doc->error = Status::Ok();
  doc->streamed = false;
  // The document's id is its file and line unless the line names one; it is
  // only formatted then (every document paid an allocation for it).
  bool has_id = false;
  // A parser keeps the buffers its largest document needed: after a huge line,
  // start afresh so the rest of the run does not hold them.
  struct ReleaseAfterHugeLine {
    InputReader* reader;
    size_t size;
    ~ReleaseAfterHugeLine() {
      if (size > (size_t{64} << 20)) {
        reader->dom_parser_ = simdjson::dom::parser();
      }
    }
  } release{this, line.size()};
  // The DOM parser validates the whole line and gives the text and the id.
  simdjson::dom::element root;
  if (auto err = dom_parser_.parse(padded).get(root); err) {
    AssignLineId(&doc->id);
    doc->error =
        Status(StatusCode::kInvalidInput,
               std::string("malformed JSON: ") + simdjson::error_message(err));
    return;
  }
  simdjson::dom::object object;
  if (root.get(object)) {
    AssignLineId(&doc->id);
    doc->error =
        Status(StatusCode::kInvalidInput, "a JSON line must be an object");
    return;
  }
  bool has_text = false;
  // The keys in the line's order (the reader's own vector: one per line was
  // an allocation per document).
  std::vector<std::string_view>& keys = meta_keys_;
  keys.clear();
  for (auto [key, value] : object) {
    keys.push_back(key);
    if (key == id_field_) {
      std::string_view id;
      if (!value.get(id)) {
        // An empty id names nothing: the document keeps its file:line id.
        if (!id.empty()) {
          doc->id.assign(id);
          has_id = true;
        }
      } else if (value.is_number()) {
        doc->id = simdjson::minify(value);
        has_id = true;
      }
    } else if (key == text_field_) {
      std::string_view text;
      if (has_text) {
        // Which one would be the text? (A streamed line could not take the
        // last one: the first is read by then.)
        doc->error = Status(StatusCode::kInvalidInput,
                            "field '" + text_field_ + "' appears twice");
        doc->text.clear();
        continue;
      }
      has_text = true;
      if (value.get(text)) {
        // Keep reading: the error record still carries the id and meta.
        doc->error = Status(StatusCode::kInvalidInput,
                            "field '" + text_field_ + "' is not a string");
      } else {
        doc->text.assign(text);
      }
    }
  }
  if (!has_id) AssignLineId(&doc->id);
  if (!has_text) {
    doc->error = Status(StatusCode::kInvalidInput,
                        "missing field '" + text_field_ + "'");
  }
  // Pass-through fields, written back exactly as they came: the DOM gave the
  // keys (unescaped) in order, a scan of the line, valid by now, gives each
  // value's text.
  if (keys.size() <= 2 && !keys.empty() &&
      std::all_of(keys.begin(), keys.end(), [this](std::string_view key) {
        return key == text_field_ || key == id_field_;
      })) {
    return;
  }
  std::vector<std::string_view>& values = meta_values_;
  MemberValues(std::string_view(line).substr(bom), &values);
  if (values.size() != keys.size()) return;  // cannot happen on valid JSON
  std::string& meta = doc->meta;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == text_field_ || keys[i] == id_field_) continue;
    meta += meta.empty() ? '{' : ',';
    AppendJsonStringLiteral(keys[i], &meta);
    meta += ':';
    meta += values[i];
  }
  if (!meta.empty()) meta += '}';
}

namespace {

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void AppendUtf8(std::string* out, uint32_t code) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// Where the last whole UTF-8 character of `s` ends: a sequence cut at the end
// of a piece waits for the next one.
size_t WholeCharactersEnd(std::string_view s) {
  size_t i = s.size();
  for (size_t back = 0; back < 3 && i > 0; ++back) {
    const auto c = static_cast<unsigned char>(s[i - 1]);
    if ((c & 0xC0) != 0x80) {  // a lead byte (or ASCII)
      const size_t length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      return s.size() - (i - 1) >= length ? s.size() : i - 1;
    }
    --i;
  }
  return s.size();
}

// Where the run of plain bytes of a JSON string starting at s[i] ends: at the
// first quote, backslash or control character, or at n. Sixteen bytes a step
// where SSE2 is there (every x86-64): a byte a step was 3 % of extracting a
// 100 MB document.
size_t PlainStringRunEnd(const char* s, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1F);
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    // Unsigned v <= 0x1F: the larger of the two is 0x1F.
    const __m128i control =
        _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control);
    const __m128i stop = _mm_or_si128(
        control, _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                              _mm_cmpeq_epi8(v, backslash)));
    const int mask = _mm_movemask_epi8(stop);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\' || c < 0x20) break;
  }
  return i;
}

// One JSONL line's object read in pieces, never held whole: the text field's
// string is decoded and handed on as it comes; the other fields are kept (a
// line this long is its text) and checked by simdjson at the end, as the
// whole-line reader checks them. Gives what ParseJsonLine gives for the same
// line (the JSONL reader fuzzer compares the two).
class StreamingObjectReader {
 public:
  StreamingObjectReader(const std::string& text_field,
                        const std::string& id_field,
                        const InputReader::TextSink& sink, bool first_line)
      : text_field_(text_field),
        id_field_(id_field),
        sink_(sink),
        bom_matched_(first_line ? 0 : 3) {}

  void Feed(std::string_view piece) {
    for (size_t i = 0; i < piece.size() && state_ != State::kFailed;) {
      if (state_ == State::kText) {
        // The bulk of the line: copy runs of plain string bytes.
        const size_t j = PlainStringRunEnd(piece.data(), i, piece.size());
        text_.append(piece.data() + i, j - i);
        if (text_.size() >= InputReader::kStreamPieceBytes) FlushText(false);
        i = j;
        if (i == piece.size()) break;
      }
      if (Step(piece[i])) ++i;
    }
  }

  // The line ended: fills doc's id, meta and error.
  void Finish(simdjson::dom::parser* parser, InputDoc* doc) {
    if (state_ != State::kFailed && state_ != State::kAfterObject) {
      Fail("the line ends inside the object");
    }
    std::string meta = meta_.empty() ? "" : "{" + meta_ + "}";
    // The fields besides the text, checked as a whole line would be.
    if (!checked_values_.empty()) checked_values_ += "]";
    for (std::string* json : {&meta, &checked_values_}) {
      if (state_ == State::kFailed || json->empty()) continue;
      json->reserve(json->size() + simdjson::SIMDJSON_PADDING);
      const simdjson::padded_string_view padded(json->data(), json->size(),
                                                json->capacity());
      simdjson::dom::element root;
      if (auto err = parser->parse(padded).get(root); err) {
        Fail(simdjson::error_message(err));
      }
    }
    std::string id;
    for (std::string& value : id_values_) {
      if (state_ == State::kFailed) break;
      const size_t size = value.size();
      value.reserve(size + simdjson::SIMDJSON_PADDING);
      simdjson::dom::element element;
      if (auto err = parser->parse(value.data(), size, false).get(element);
          err) {
        Fail(simdjson::error_message(err));
        break;
      }
      std::string_view text;
      if (!element.get(text)) {
        if (!text.empty()) id = std::string(text);
      } else if (element.is_number()) {
        id = simdjson::minify(element);
      }
    }
    if (state_ == State::kFailed) {
      doc->error =
          Status(StatusCode::kInvalidInput, "malformed JSON: " + failure_);
      return;
    }
    if (!id.empty()) doc->id = id;
    doc->meta = meta;
    if (text_fields_ > 1) {
      doc->error = Status(StatusCode::kInvalidInput,
                          "field '" + text_field_ + "' appears twice");
    } else if (text_not_string_) {
      doc->error = Status(StatusCode::kInvalidInput,
                          "field '" + text_field_ + "' is not a string");
    } else if (text_fields_ == 0) {
      doc->error = Status(StatusCode::kInvalidInput,
                          "missing field '" + text_field_ + "'");
    }
  }

 private:
  enum class State {
    kBeforeObject,
    kBeforeFirstKey,  // after '{': a key or '}'
    kBeforeKey,       // after ',': a key
    kKey,
    kAfterKey,
    kBeforeValue,
    kText,          // in the text field's string
    kTextEscape,    // after a backslash there
    kTextHex,       // in \uXXXX there
    kTextLowStart,  // after a high surrogate: expecting "\u"
    kValue,         // any other value, kept raw
    kAfterValue,
    kAfterObject,
    kFailed,
  };
  // Fields besides the text are kept; past this size the line is refused.
  static constexpr size_t kMaxOtherFieldBytes = size_t{16} << 20;

  void Fail(std::string why) {
    if (state_ == State::kFailed) return;
    state_ = State::kFailed;
    failure_ = std::move(why);
  }

  // Hands on the decoded text, but for a character cut at its end unless
  // `all`; refuses bytes that are not UTF-8 (as simdjson does for a line).
  void FlushText(bool all) {
    const size_t end = all ? text_.size() : WholeCharactersEnd(text_);
    if (!simdjson::validate_utf8(text_.data(), end)) {
      Fail("the text is not valid UTF-8");
      return;
    }
    if (end > 0) sink_(std::string_view(text_.data(), end));
    text_.erase(0, end);
  }

  // Skips white space until `want`, then goes to `next`; anything else fails.
  bool Expect(char c, char want, State next, const char* why) {
    if (IsJsonSpace(c)) return true;
    if (c == want) {
      state_ = next;
    } else {
      Fail(why);
    }
    return true;
  }

  // Consumes `c` (true) or leaves it for the next state (false).
  bool Step(char c) {
    switch (state_) {
      case State::kBeforeObject:
        // A byte-order mark, as Windows tools write at the start of a file.
        if (bom_matched_ >= 0 && bom_matched_ < 3) {
          if (c == "\xEF\xBB\xBF"[bom_matched_]) {
            ++bom_matched_;
            return true;
          }
          if (bom_matched_ > 0) {
            Fail("a JSON line must be an object");
            return true;
          }
        }
        bom_matched_ = 3;
        return Expect(c, '{', State::kBeforeFirstKey,
                      "a JSON line must be an object");
      case State::kBeforeFirstKey:
      case State::kBeforeKey:
        if (IsJsonSpace(c)) return true;
        if (c == '}' && state_ == State::kBeforeFirstKey) {
          state_ = State::kAfterObject;
          return true;
        }
        if (c != '"') {
          Fail("expected a key");
          return true;
        }
        key_raw_.clear();
        escaped_ = false;
        state_ = State::kKey;
        return true;
      case State::kKey:
        if (!escaped_ && c == '"') {
          DecodeKey();
          return true;
        }
        escaped_ = !escaped_ && c == '\\';
        key_raw_.push_back(c);
        if (key_raw_.size() > kMaxOtherFieldBytes) Fail("a key is too long");
        return true;
      case State::kAfterKey:
        return Expect(c, ':', State::kBeforeValue, "expected ':'");
      case State::kBeforeValue:
        if (IsJsonSpace(c)) return true;
        if (key_ == text_field_) ++text_fields_;
        if (key_ == text_field_ && c == '"' && text_fields_ == 1) {
          state_ = State::kText;
          return true;
        }
        value_.clear();
        value_depth_ = 0;
        value_in_string_ = false;
        escaped_ = false;
        value_kind_ = c;
        state_ = State::kValue;
        return false;
      case State::kText:  // only the bytes the run copy stops at come here
        if (c == '"') {
          FlushText(true);
          if (state_ != State::kFailed) state_ = State::kAfterValue;
        } else if (c == '\\') {
          state_ = State::kTextEscape;
        } else {
          Fail("a control character in a string");
        }
        return true;
      case State::kTextEscape: {
        const char* mapped = nullptr;
        switch (c) {
          case '"':
            mapped = "\"";
            break;
          case '\\':
            mapped = "\\";
            break;
          case '/':
            mapped = "/";
            break;
          case 'b':
            mapped = "\b";
            break;
          case 'f':
            mapped = "\f";
            break;
          case 'n':
            mapped = "\n";
            break;
          case 'r':
            mapped = "\r";
            break;
          case 't':
            mapped = "\t";
            break;
          case 'u':
            hex_digits_ = 0;
            code_ = 0;
            state_ = State::kTextHex;
            return true;
          default:
            Fail("an invalid escape in a string");
            return true;
        }
        text_.append(mapped);
        state_ = State::kText;
        return true;
      }
      case State::kTextHex: {
        int digit = -1;
        if (c >= '0' && c <= '9') digit = c - '0';
        if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
        if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
        if (digit < 0) {
          Fail("an invalid \\u escape");
          return true;
        }
        code_ = code_ * 16 + static_cast<uint32_t>(digit);
        if (++hex_digits_ < 4) return true;
        EndCodeUnit();
        return true;
      }
      case State::kTextLowStart:
        // A high surrogate must be followed by "\u" and a low one.
        if ((low_start_ == 0 && c == '\\') || (low_start_ == 1 && c == 'u')) {
          if (++low_start_ == 2) {
            hex_digits_ = 0;
            code_ = 0;
            state_ = State::kTextHex;
          }
          return true;
        }
        Fail("a lone surrogate in a string");
        return true;
      case State::kValue:
        return StepValue(c);
      case State::kAfterValue:
        if (IsJsonSpace(c)) return true;
        if (c == ',') {
          state_ = State::kBeforeKey;
        } else if (c == '}') {
          state_ = State::kAfterObject;
        } else {
          Fail("expected ',' or '}'");
        }
        return true;
      case State::kAfterObject:
        if (!IsJsonSpace(c)) Fail("content after the object");
        return true;
      case State::kFailed:
        return true;
    }
    return true;
  }

  void EndCodeUnit() {
    state_ = State::kText;
    if (high_surrogate_ != 0) {
      if (code_ < 0xDC00 || code_ > 0xDFFF) {
        Fail("a lone surrogate in a string");
        return;
      }
      AppendUtf8(&text_, 0x10000 + ((high_surrogate_ - 0xD800) << 10) +
                             (code_ - 0xDC00));
      high_surrogate_ = 0;
    } else if (code_ >= 0xD800 && code_ <= 0xDBFF) {
      high_surrogate_ = code_;
      low_start_ = 0;
      state_ = State::kTextLowStart;
    } else if (code_ >= 0xDC00 && code_ <= 0xDFFF) {
      Fail("a lone surrogate in a string");
    } else {
      AppendUtf8(&text_, code_);
    }
  }

  // A value other than the text's string, kept raw: its end is a closing
  // quote or bracket, or for a number or literal the next delimiter.
  bool StepValue(char c) {
    const bool scalar =
        value_kind_ != '"' && value_kind_ != '{' && value_kind_ != '[';
    if (scalar && (IsJsonSpace(c) || c == ',' || c == '}' || c == ']')) {
      if (value_.empty()) {
        Fail("expected a value");
        return true;
      }
      EndValue();
      return false;
    }
    value_.push_back(c);
    if (value_.size() + meta_.size() > kMaxOtherFieldBytes) {
      Fail("the fields besides the text exceed 16 MiB");
      return true;
    }
    bool done = false;
    if (value_in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        value_in_string_ = false;
        done = value_kind_ == '"';
      }
    } else if (c == '"') {
      value_in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++value_depth_;
    } else if (c == '}' || c == ']') {
      done = --value_depth_ == 0;
    }
    if (done) EndValue();
    return true;
  }

  void EndValue() {
    state_ = State::kAfterValue;
    if (key_ == id_field_) {
      id_values_.push_back(value_);
    } else if (key_ == text_field_) {
      // Not read as text (not a string, or a second text field), but it must
      // still be JSON.
      if (text_fields_ == 1) text_not_string_ = true;
      checked_values_ += checked_values_.empty() ? "[" : ",";
      checked_values_ += value_;
    } else {
      if (!meta_.empty()) meta_ += ",";
      AppendJsonStringLiteral(key_, &meta_);
      meta_ += ":";
      meta_ += value_;
    }
  }

  void DecodeKey() {
    std::string literal = "\"" + key_raw_ + "\"";
    const size_t size = literal.size();
    literal.reserve(size + simdjson::SIMDJSON_PADDING);
    std::string_view key;
    if (key_parser_.parse(literal.data(), size, false).get(key)) {
      Fail("an invalid key");
      return;
    }
    key_ = std::string(key);
    state_ = State::kAfterKey;
  }

  const std::string& text_field_;
  const std::string& id_field_;
  const InputReader::TextSink& sink_;
  State state_ = State::kBeforeObject;
  int bom_matched_;  // bytes of a byte-order mark seen; 3: none expected
  std::string failure_;
  std::string key_raw_, key_;
  bool escaped_ = false;
  std::string text_;  // decoded text not handed on yet
  int text_fields_ = 0;
  bool text_not_string_ = false;
  int hex_digits_ = 0;
  uint32_t code_ = 0;
  uint32_t high_surrogate_ = 0;
  int low_start_ = 0;
  std::string value_;
  char value_kind_ = 0;
  int value_depth_ = 0;
  bool value_in_string_ = false;
  std::string meta_;  // the other fields, "key":value,...
  std::vector<std::string> id_values_;
  std::string checked_values_;  // "[v1,v2,..." values only to be checked
  simdjson::dom::parser key_parser_;
};

}  // namespace

void InputReader::StreamText(InputDoc* doc, const TextSink& sink) {
  if (!doc->streamed) return;
  if (stream_text_ != nullptr) {
    StreamTextFile(doc, sink);
  } else {
    StreamJsonLine(doc, sink);
  }
  stream_prefix_ = std::string();
  stream_text_ = nullptr;
  if (stream_file_.is_open()) stream_file_.close();
  stream_file_.clear();
}

void InputReader::StreamTextFile(InputDoc* doc, const TextSink& sink) {
  for (size_t i = 0; i < stream_prefix_.size(); i += kStreamPieceBytes) {
    sink(std::string_view(stream_prefix_).substr(i, kStreamPieceBytes));
  }
  std::string piece(kStreamPieceBytes, '\0');
  try {
    while (*stream_text_) {
      stream_text_->read(piece.data(),
                         static_cast<std::streamsize>(piece.size()));
      const size_t count = static_cast<size_t>(stream_text_->gcount());
      bytes_read_ += count;
      if (count > 0) sink(std::string_view(piece.data(), count));
    }
  } catch (const std::ios_base::failure& e) {
    doc->error = Status(StatusCode::kInvalidInput,
                        "read error in " + doc->id + ": " + e.what());
    return;
  }
  if (stream_text_->bad() || (stream_text_ == stdin_ && StdinFailed())) {
    doc->error = Status(StatusCode::kInvalidInput, "read error in " + doc->id);
  }
}

void InputReader::StreamJsonLine(InputDoc* doc, const TextSink& sink) {
  StreamingObjectReader object(text_field_, id_field_, sink,
                               /*first_line=*/line_number_ == 1);
  object.Feed(stream_prefix_);
  stream_prefix_ = std::string();
  std::string piece;
  for (bool ended = false; !ended;) {
    piece.clear();
    ended = ReadLinePiece(&piece, kStreamPieceBytes);
    bytes_read_ += piece.size() + (ended ? 1 : 0);
    object.Feed(piece);
  }
  object.Finish(&dom_parser_, doc);
  if (stream_->bad()) {
    doc->error = Status(StatusCode::kInvalidInput, "read error in " + doc->id);
  }
}

}  // namespace attrex::tools
