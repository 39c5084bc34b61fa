// `attrex extract`: runs the extractor over files, folders and JSONL streams, in
// input order, with one output record per input document whatever happens.
#include <unistd.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <simdjson.h>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "attrex/extractor.h"
#include "attrex/output.h"
#include "extractor_flags.h"
#include "subcommands.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace attrex::tools {
namespace {

enum class InputKind { kJsonl, kText, kUnreadable };

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

InputKind KindOfPath(const std::string& path, const std::string& forced) {
  if (forced == "jsonl") return InputKind::kJsonl;
  if (forced == "text") return InputKind::kText;
  const std::string ext = fs::path(path).extension().string();
  return ext == ".jsonl" || ext == ".ndjson" ? InputKind::kJsonl : InputKind::kText;
}

// Reads documents one at a time from the sources, in order.
class InputReader {
 public:
  InputReader(std::vector<Source> sources, std::string text_field, std::string id_field)
      : sources_(std::move(sources)),
        text_field_(std::move(text_field)),
        id_field_(std::move(id_field)) {}

  // False when every source is exhausted.
  bool Next(InputDoc* doc) {
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
          doc->error = Status(StatusCode::kNotFound, "cannot open " + source.path);
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
      const bool failed = stream_->bad();
      CloseStream();
      ++current_;
      if (failed) {
        doc->id = source.path;
        doc->error = Status(StatusCode::kInvalidInput, "read error in " + source.path);
        return true;
      }
    }
    return false;
  }

  uint64_t bytes_read() const { return bytes_read_; }

 private:
  void OpenStream(const std::string& path) {
    line_number_ = 0;
    if (path == "-") {
      stream_ = &std::cin;
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

  void CloseStream() {
    if (file_.is_open()) file_.close();
    file_.clear();
    stream_ = nullptr;
    stream_open_ = false;
  }

  void ReadTextFile(const std::string& path, InputDoc* doc) {
    doc->id = path == "-" ? "stdin" : path;
    doc->meta.clear();
    doc->error = Status::Ok();
    if (path == "-") {
      doc->text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        doc->error = Status(StatusCode::kNotFound, "cannot open " + path);
        return;
      }
      doc->text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      if (in.bad()) {
        doc->error = Status(StatusCode::kInvalidInput, "read error in " + path);
        return;
      }
    }
    bytes_read_ += doc->text.size();
  }

  void ParseJsonLine(const std::string& line, InputDoc* doc) {
    bytes_read_ += line.size() + 1;
    doc->id = stream_name_ + ":" + std::to_string(line_number_);
    // A byte-order mark, as Windows tools write at the start of a file.
    std::string_view content = line;
    if (line_number_ == 1 && content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
    doc->text.clear();
    doc->meta.clear();
    doc->error = Status::Ok();
    simdjson::padded_string padded(content);
    // The DOM parser validates the whole line; the on-demand one then gives the
    // pass-through fields' exact text.
    simdjson::dom::element root;
    if (auto err = dom_parser_.parse(padded).get(root); err) {
      doc->error = Status(StatusCode::kInvalidInput,
                          std::string("malformed JSON: ") + simdjson::error_message(err));
      return;
    }
    simdjson::dom::object object;
    if (root.get(object)) {
      doc->error = Status(StatusCode::kInvalidInput, "a JSON line must be an object");
      return;
    }
    bool has_text = false;
    for (auto [key, value] : object) {
      if (key == id_field_) {
        std::string_view id;
        if (!value.get(id)) {
          doc->id = std::string(id);
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
      doc->error = Status(StatusCode::kInvalidInput, "missing field '" + text_field_ + "'");
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

  std::vector<Source> sources_;
  std::string text_field_;
  std::string id_field_;
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

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvRows(const std::string& id, const Result<Document>& doc, const Status& input_error) {
  std::ostringstream out;
  const Status& error = !input_error.ok() ? input_error : doc.status();
  if (!error.ok()) {
    out << CsvField(id) << ",,,,,,,,," << CsvField(error.ToString()) << "\n";
    return out.str();
  }
  for (const Mention& m : doc->mentions) {
    out << CsvField(id) << "," << EntityTypeName(m.type) << "," << m.start << "," << m.end << ","
        << CsvField(m.text) << "," << CsvField(m.id) << "," << CsvField(m.name) << ","
        << m.confidence << "," << CsvField(m.evidence) << ",\n";
  }
  return out.str();
}

// Collects the sources named on the command line; directories are walked
// recursively for .txt, .md, .jsonl and .ndjson files, in sorted order.
bool CollectSources(const std::vector<std::string>& inputs, const std::string& forced,
                    std::vector<Source>* sources, uint64_t* total_bytes) {
  *total_bytes = 0;
  for (const std::string& input : inputs) {
    if (input == "-") {
      sources->push_back({"-", forced == "text" ? InputKind::kText : InputKind::kJsonl, ""});
      continue;
    }
    std::error_code error;
    if (fs::is_directory(input, error)) {
      // Walked by hand so that a folder that cannot be read yields an error
      // record instead of silently ending the walk.
      std::vector<Source> found;
      std::vector<fs::path> pending = {fs::path(input)};
      while (!pending.empty()) {
        const fs::path dir = pending.back();
        pending.pop_back();
        fs::directory_iterator it(dir, error);
        if (error) {
          found.push_back({dir.string(), InputKind::kUnreadable,
                           "cannot read folder " + dir.string() + ": " + error.message()});
          error.clear();
          continue;
        }
        for (; it != fs::directory_iterator(); it.increment(error)) {
          if (error) {
            found.push_back({dir.string(), InputKind::kUnreadable,
                             "cannot list folder " + dir.string() + ": " + error.message()});
            error.clear();
            break;
          }
          std::error_code status_error;
          if (it->is_directory(status_error)) {
            pending.push_back(it->path());
            continue;
          }
          if (!it->is_regular_file(status_error)) continue;
          const std::string ext = it->path().extension().string();
          if (ext == ".txt" || ext == ".md" || ext == ".jsonl" || ext == ".ndjson") {
            const std::string path = it->path().string();
            found.push_back({path, KindOfPath(path, forced), ""});
            *total_bytes += fs::file_size(path, status_error);
          }
        }
      }
      std::sort(found.begin(), found.end(),
                [](const Source& a, const Source& b) { return a.path < b.path; });
      sources->insert(sources->end(), found.begin(), found.end());
      continue;
    }
    // A missing or unreadable file still yields its one (error) record.
    sources->push_back({input, KindOfPath(input, forced), ""});
    const auto size = fs::file_size(input, error);
    if (!error) *total_bytes += size;
  }
  return true;
}

class Progress {
 public:
  Progress(bool enabled, uint64_t total_bytes)
      : enabled_(enabled), total_(total_bytes), start_(std::chrono::steady_clock::now()) {}

  void Update(size_t docs, uint64_t bytes, bool final) {
    if (!enabled_) return;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double mb = static_cast<double>(bytes) / 1e6;
    char line[200];
    int n = std::snprintf(line, sizeof(line), "\r%zu docs  %.1f MB  %.0f docs/s  %.1f MB/s", docs,
                          mb, seconds > 0 ? docs / seconds : 0.0, seconds > 0 ? mb / seconds : 0.0);
    if (total_ > 0 && bytes > 0 && bytes < total_ && seconds > 0) {
      const double eta = seconds * static_cast<double>(total_ - bytes) / static_cast<double>(bytes);
      n += std::snprintf(line + n, sizeof(line) - static_cast<size_t>(n), "  ETA %.0fs", eta);
    }
    std::fprintf(stderr, "%s   %s", line, final ? "\n" : "");
    std::fflush(stderr);
  }

 private:
  bool enabled_;
  uint64_t total_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

int RunExtract(int argc, char** argv) {
  po::options_description visible(
      "usage: attrex extract [options] [INPUT...]\n\n"
      "Extracts states, agencies and threat actors. INPUT: files, folders (recursive:\n"
      ".txt .md = one document per file, id = path; .jsonl .ndjson = one document per\n"
      "line, id = the id field or file:line), or '-' / nothing for JSONL on standard\n"
      "input. Writes one record per input document, in input order.\n"
      "Exit status: 0 all documents processed, 1 some failed (error records were\n"
      "written for them), 2 usage error.\n\n"
      "options");
  visible.add_options()
      ("help,h", "show this help")
      ("output,o", po::value<std::string>(), "write to this file (atomically) instead of stdout")
      ("format,f", po::value<std::string>()->default_value("jsonl"), "jsonl or csv")
      ("threads,j", po::value<unsigned>(), "worker threads (default: all cores)")
      ("input-format", po::value<std::string>()->default_value("auto"),
       "auto (by extension), jsonl or text")
      ("text-field", po::value<std::string>()->default_value("text"), "JSONL field with the text")
      ("id-field", po::value<std::string>()->default_value("id"), "JSONL field with the id")
      ("quiet,q", "no progress or messages on stderr (errors are still in the output)");
  AddExtractorFlags(&visible);
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::vector<std::string>>(), "input");
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "attrex extract: " << e.what() << "\ntry 'attrex extract --help'\n";
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << visible;
    return kExitOk;
  }
  const std::string format = vm["format"].as<std::string>();
  if (format != "jsonl" && format != "csv") {
    std::cerr << "attrex extract: --format must be jsonl or csv\n";
    return kExitUsage;
  }
  const std::string input_format = vm["input-format"].as<std::string>();
  if (input_format != "auto" && input_format != "jsonl" && input_format != "text") {
    std::cerr << "attrex extract: --input-format must be auto, jsonl or text\n";
    return kExitUsage;
  }
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  if (vm.count("threads")) {
    threads = vm["threads"].as<unsigned>();
    if (threads == 0 || threads > 1024) {
      std::cerr << "attrex extract: --threads must be between 1 and 1024\n";
      return kExitUsage;
    }
  }
  const bool quiet = vm.count("quiet") > 0;

  std::vector<std::string> inputs = {"-"};
  if (vm.count("input")) inputs = vm["input"].as<std::vector<std::string>>();
  std::vector<Source> sources;
  uint64_t total_bytes = 0;
  CollectSources(inputs, input_format, &sources, &total_bytes);

  std::unique_ptr<Extractor> extractor = MakeExtractor(vm, "extract");
  if (!extractor) return kExitUsage;

  // Output: stdout, or a temporary file renamed into place at the end.
  std::ofstream file_out;
  std::string final_path;
  std::string temp_path;
  if (vm.count("output")) {
    final_path = vm["output"].as<std::string>();
    temp_path = final_path + ".tmp." + std::to_string(::getpid());
    file_out.open(temp_path, std::ios::binary | std::ios::trunc);
    if (!file_out) {
      std::cerr << "attrex extract: cannot write " << final_path << "\n";
      return kExitUsage;
    }
  }
  std::ostream& out = final_path.empty() ? std::cout : file_out;
  if (format == "csv") out << "doc_id,type,start,end,text,id,name,confidence,evidence,error\n";

  InputReader reader(std::move(sources), vm["text-field"].as<std::string>(),
                     vm["id-field"].as<std::string>());
  Progress progress(!quiet && ::isatty(STDERR_FILENO), total_bytes);
  // Documents are processed in batches of bounded size: memory stays bounded
  // however large the input, and records are written in input order.
  constexpr size_t kBatchDocs = 1024;
  constexpr size_t kBatchBytes = 32u << 20;
  std::vector<InputDoc> batch;
  std::vector<std::string> records;
  size_t docs_done = 0;
  size_t failures = 0;
  bool more = true;
  while (more) {
    batch.clear();
    size_t batch_bytes = 0;
    while (batch.size() < kBatchDocs && batch_bytes < kBatchBytes) {
      InputDoc doc;
      if (!reader.Next(&doc)) {
        more = false;
        break;
      }
      batch_bytes += doc.text.size();
      batch.push_back(std::move(doc));
    }
    records.assign(batch.size(), std::string());
    std::vector<char> failed(batch.size(), 0);
    std::vector<std::string> messages(batch.size());
    std::atomic<size_t> next{0};
    auto work = [&]() {
      for (size_t i = next++; i < batch.size(); i = next++) {
        const InputDoc& doc = batch[i];
        if (!doc.error.ok()) {
          failed[i] = 1;
          records[i] = format == "csv" ? CsvRows(doc.id, Status(), doc.error)
                                       : ErrorJsonRecord(doc.id, doc.error, doc.meta) + "\n";
          continue;
        }
        Result<Document> result = extractor->Extract(doc.text);
        if (!result.ok()) {
          failed[i] = 1;
          messages[i] = result.status().message();
        }
        if (format == "csv") {
          records[i] = CsvRows(doc.id, result, Status());
        } else {
          records[i] = (result.ok() ? ToJsonRecord(*result, doc.id, doc.meta)
                                    : ErrorJsonRecord(doc.id, result.status(), doc.meta)) +
                       "\n";
        }
      }
    };
    const size_t workers = std::min<size_t>(threads, batch.size());
    std::vector<std::thread> pool;
    for (size_t t = 1; t < workers; ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    for (size_t i = 0; i < batch.size(); ++i) {
      out << records[i];
      if (failed[i]) {
        ++failures;
        if (!quiet) {
          std::cerr << "attrex extract: " << batch[i].id << ": "
                    << (batch[i].error.ok() ? messages[i] : batch[i].error.message()) << "\n";
        }
      }
    }
    docs_done += batch.size();
    progress.Update(docs_done, reader.bytes_read(), !more);
  }
  out.flush();
  if (!final_path.empty()) {
    file_out.close();
    if (!file_out || std::rename(temp_path.c_str(), final_path.c_str()) != 0) {
      std::remove(temp_path.c_str());
      std::cerr << "attrex extract: cannot write " << final_path << "\n";
      return kExitSomeFailed;
    }
  } else if (!std::cout) {
    std::cerr << "attrex extract: cannot write to standard output\n";
    return kExitSomeFailed;
  }
  return failures > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace attrex::tools
