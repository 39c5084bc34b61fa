// Reading the batch tool's input documents (moved out of cmd_extract.cc so that
// the fuzzer exercises exactly the code the command runs).
#include "jsonl_reader.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>

namespace attrex::tools {
namespace {

// A JSON string literal for a key the JSON parser already validated (so it is
// valid UTF-8): quotes, backslashes and control characters escaped.
std::string JsonStringLiteral(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
      out += buffer;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

// std::cin (synchronised with stdio) reports a read error (EIO, EISDIR) as an
// end of file; the C stream keeps the error.
bool StdinFailed() { return std::ferror(stdin) != 0; }

}  // namespace

InputKind KindOfPath(const std::string& path, const std::string& forced) {
  if (forced == "jsonl") return InputKind::kJsonl;
  if (forced == "text") return InputKind::kText;
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".jsonl" || ext == ".ndjson" ? InputKind::kJsonl
                                             : InputKind::kText;
}

InputReader::InputReader(std::vector<Source> sources, std::string text_field,
                         std::string id_field, std::istream* standard_input)
    : sources_(std::move(sources)),
      text_field_(std::move(text_field)),
      id_field_(std::move(id_field)),
      stdin_(standard_input != nullptr ? standard_input : &std::cin) {}

bool InputReader::Next(InputDoc* doc) {
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
    std::string line;
    while (std::getline(*stream_, line)) {
      ++line_number_;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      ParseJsonLine(line, doc);
      return true;
    }
    const bool failed =
        stream_->bad() || (stream_ == &std::cin && StdinFailed());
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

void InputReader::OpenStream(const std::string& path) {
  line_number_ = 0;
  if (path == "-") {
    stream_ = stdin_;
    stream_name_ = "stdin";
    stream_open_ = true;
    return;
  }
  file_.open(path, std::ios::binary);
  if (!file_) return;
  stream_ = &file_;
  stream_name_ = path;
  stream_open_ = true;
}

void InputReader::CloseStream() {
  if (file_.is_open()) file_.close();
  file_.clear();
  stream_ = nullptr;
  stream_open_ = false;
}

void InputReader::ReadTextFile(const std::string& path, InputDoc* doc) {
  doc->id = path == "-" ? "stdin" : path;
  doc->meta.clear();
  doc->error = Status::Ok();
  if (path == "-") {
    doc->text.assign(std::istreambuf_iterator<char>(*stdin_),
                     std::istreambuf_iterator<char>());
    if (stdin_->bad() || (stdin_ == &std::cin && StdinFailed())) {
      doc->error = Status(StatusCode::kInvalidInput, "read error in stdin");
      return;
    }
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      doc->error = Status(StatusCode::kNotFound, "cannot open " + path);
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

void InputReader::ParseJsonLine(std::string& line, InputDoc* doc) {
  bytes_read_ += line.size() + 1;
  doc->id = stream_name_ + ":" + std::to_string(line_number_);
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
  // A parser keeps the buffers its largest document needed: after a huge line,
  // start afresh so the rest of the run does not hold them.
  struct ReleaseAfterHugeLine {
    InputReader* reader;
    size_t size;
    ~ReleaseAfterHugeLine() {
      if (size > (size_t{64} << 20)) {
        reader->dom_parser_ = simdjson::dom::parser();
        reader->ondemand_parser_ = simdjson::ondemand::parser();
      }
    }
  } release{this, line.size()};
  // The DOM parser validates the whole line; the on-demand one then gives the
  // pass-through fields' exact text.
  simdjson::dom::element root;
  if (auto err = dom_parser_.parse(padded).get(root); err) {
    doc->error =
        Status(StatusCode::kInvalidInput,
               std::string("malformed JSON: ") + simdjson::error_message(err));
    return;
  }
  simdjson::dom::object object;
  if (root.get(object)) {
    doc->error =
        Status(StatusCode::kInvalidInput, "a JSON line must be an object");
    return;
  }
  bool has_text = false;
  for (auto [key, value] : object) {
    if (key == id_field_) {
      std::string_view id;
      if (!value.get(id)) {
        // An empty id names nothing: the document keeps its file:line id.
        if (!id.empty()) doc->id = std::string(id);
      } else if (value.is_number()) {
        doc->id = simdjson::minify(value);
      }
    } else if (key == text_field_) {
      std::string_view text;
      has_text = true;
      if (value.get(text)) {
        // Keep reading: the error record still carries the id and meta.
        doc->error = Status(StatusCode::kInvalidInput,
                            "field '" + text_field_ + "' is not a string");
      } else {
        doc->text = std::string(text);
      }
    }
  }
  if (!has_text) {
    doc->error = Status(StatusCode::kInvalidInput,
                        "missing field '" + text_field_ + "'");
  }
  // Pass-through fields, written back exactly as they came.
  simdjson::ondemand::document od;
  if (ondemand_parser_.iterate(padded).get(od)) return;
  simdjson::ondemand::object od_object;
  if (od.get_object().get(od_object)) return;
  std::string meta;
  for (auto field_result : od_object) {
    simdjson::ondemand::field field;
    if (std::move(field_result).get(field)) break;
    std::string_view key;
    if (field.unescaped_key().get(key)) break;
    if (key == text_field_ || key == id_field_) continue;
    const std::string escaped_key = JsonStringLiteral(key);
    simdjson::ondemand::value value = field.value();
    std::string_view json;
    if (simdjson::to_json_string(value).get(json)) break;
    meta += meta.empty() ? "{" : ",";
    meta += escaped_key;
    meta += ":";
    meta += json;
  }
  if (!meta.empty()) doc->meta = meta + "}";
}

}  // namespace attrex::tools
