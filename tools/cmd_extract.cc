// `attrex extract`: runs the extractor over files, folders and JSONL streams, in
// input order, with one output record per input document whatever happens.
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

#include <atomic>
#include <boost/program_options.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "attrex/extractor.h"
#include "attrex/output.h"
#include "block_streams.h"
#include "extractor_flags.h"
#include "jsonl_reader.h"
#include "mention_spill.h"
#include "ordered_work_queue.h"
#include "subcommands.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace attrex::tools {
namespace {

// CSV (RFC 4180): a field holding a comma, a quote or a line break is quoted,
// its quotes doubled. Rows are appended to a string: a stream and a string per
// field made CSV output 15 % slower than JSON lines.
void AppendCsvField(std::string* out, std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
    out->append(s);
    return;
  }
  out->push_back('"');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

template <typename Number>
void AppendNumber(std::string* out, Number n) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), n);
  (void)error;  // 32 bytes hold any integer here
  out->append(buffer, end);
}

void AppendCsvRow(std::string* out, std::string_view id, const Mention& m) {
  AppendCsvField(out, id);
  out->push_back(',');
  out->append(EntityTypeName(m.type));
  out->push_back(',');
  AppendNumber(out, m.start);
  out->push_back(',');
  AppendNumber(out, m.end);
  out->push_back(',');
  AppendCsvField(out, m.text);
  out->push_back(',');
  AppendCsvField(out, m.id);
  out->push_back(',');
  AppendCsvField(out, m.name);
  out->push_back(',');
  // As a stream writes a double by default: six significant digits.
  char confidence[32];
  const int size = std::snprintf(confidence, sizeof(confidence), "%g", m.confidence);
  out->append(confidence, static_cast<size_t>(std::max(size, 0)));
  out->push_back(',');
  AppendCsvField(out, m.evidence);
  out->append(",\n");
}

std::string CsvErrorRow(const std::string& id, const Status& error) {
  std::string row;
  AppendCsvField(&row, id);
  row.append(",,,,,,,,,");
  AppendCsvField(&row, error.ToString());
  row.push_back('\n');
  return row;
}

std::string CsvRows(const std::string& id, const Result<Document>& doc, const Status& input_error) {
  const Status& error = !input_error.ok() ? input_error : doc.status();
  if (!error.ok()) return CsvErrorRow(id, error);
  std::string rows;
  for (const Mention& m : doc->mentions) AppendCsvRow(&rows, id, m);
  return rows;
}

// Extracts a document too large to hold (InputDoc::streamed) window by window
// as the reader gives its text, its mentions and attribution records kept in
// temporary files, and writes its record (or error record). Returns the error,
// if any.
Status ExtractStreamed(const Extractor& extractor, InputReader* reader, InputDoc* doc,
                       const std::string& format, std::ostream& out, StixBundleWriter* stix) {
  // A JSONL record's mentions and attribution records are kept as JSON,
  // written by the stream; CSV rows are made of Mention objects; STIX bundles
  // name the entities, not each mention: no file for them.
  const bool json = format == "jsonl";
  std::unique_ptr<DocumentStream> stream =
      json ? extractor.StartJsonDocument() : extractor.StartDocument();
  const bool keep_mentions = format == "csv";
  std::optional<MentionSpill> spill;
  std::optional<TextSpill> mention_json_spill;
  // A document dense in attribution records states one every few hundred
  // bytes: they wait in a file too (STIX bundles keep them in memory anyway).
  std::optional<TextSpill> attribution_spill;
  if (keep_mentions) spill.emplace();
  if (json) {
    mention_json_spill.emplace();
    attribution_spill.emplace();
  }
  std::vector<Mention> found;
  std::string mention_json;
  std::vector<Attribution> attributions;
  std::string attribution_json;
  // A JSONL record's mentions and attributions, as the stream wrote them, go
  // to their files.
  auto take_json = [&] {
    mention_json.clear();
    stream->TakeJsonMentions(&mention_json);
    mention_json_spill->Append(mention_json);
    attribution_json.clear();
    stream->TakeJsonAttributions(&attribution_json);
    attribution_spill->Append(attribution_json);
  };
  // Given in parts of a quarter window at most, a piece completes one window
  // at a time, and its mentions go to the file before the next is extracted.
  const size_t part = std::max<size_t>(extractor.options().window_bytes / 4, 256);
  reader->StreamText(doc, [&](std::string_view piece) {
    for (size_t i = 0; i < piece.size(); i += part) {
      if (!stream->Append(piece.substr(i, part)).ok()) return;  // Finish says why
      if (json) {
        take_json();
        continue;
      }
      stream->TakeMentions(&found);
      if (keep_mentions) {
        for (const Mention& m : found) spill->Add(m);
      }
      found = std::vector<Mention>();
      // CSV rows are mentions: its attributions are taken and dropped.
      if (format == "csv") stream->TakeAttributions(&attributions);
      attributions.clear();
    }
  });
  Status error = doc->error;
  Result<Document> result = error.ok() ? stream->Finish() : Result<Document>(error);
  if (json && error.ok()) take_json();  // the last window's, found by Finish
  stream.reset();
  if (error.ok()) error = result.status();
  if (error.ok() && keep_mentions && !spill->ok()) {
    error = Status(StatusCode::kInternal, spill->error());
  }
  if (error.ok() && json && !mention_json_spill->ok()) {
    error = Status(StatusCode::kInternal, mention_json_spill->error());
  }
  if (error.ok() && attribution_spill && !attribution_spill->ok()) {
    error = Status(StatusCode::kInternal, attribution_spill->error());
  }
  if (!error.ok()) {
    if (format == "csv") {
      out << CsvErrorRow(doc->id, error);
    } else if (format == "jsonl") {
      out << ErrorJsonRecord(doc->id, error, doc->meta) << "\n";
    }
    return error;
  }
  Document& last = *result;
  if (format == "stix") {
    last.mentions.clear();
    stix->AddDocument(doc->id, last);
    return Status::Ok();
  }
  if (format == "csv") {
    for (const Mention& m : last.mentions) spill->Add(m);
    last.mentions.clear();
    std::string rows;
    const bool read = spill->ForEach([&](const Mention& m) {
      AppendCsvRow(&rows, doc->id, m);
      if (rows.size() > (size_t{1} << 20)) {
        out << rows;
        rows.clear();
      }
    });
    out << rows;
    if (!read) return Status(StatusCode::kInternal, spill->error());
    return Status::Ok();
  }
  out << JsonRecordHead(last, doc->id, doc->meta);
  if (!mention_json_spill->ForEachPiece([&](std::string_view piece) { out << piece; })) {
    // Half a record is out: end the line so the next record stands alone.
    out << "\n";
    return Status(StatusCode::kInternal, mention_json_spill->error());
  }
  std::string chunk;
  AppendJsonAttributionsStart(&chunk);
  out << chunk;
  if (!attribution_spill->ForEachPiece([&](std::string_view piece) { out << piece; })) {
    out << "\n";
    return Status(StatusCode::kInternal, attribution_spill->error());
  }
  chunk.clear();
  AppendJsonRecordEnd(last, &chunk);
  out << chunk << "\n";
  return Status::Ok();
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
      // Folders already walked, by their real path: a symbolic link back up the
      // tree (or two links to one folder) must not yield the same files again
      // and again. Subfolders are walked depth first in sorted order, so which of
      // two paths to one folder is kept does not depend on the system's listing.
      std::set<fs::path> walked;
      while (!pending.empty()) {
        const fs::path dir = pending.back();
        pending.pop_back();
        std::error_code real_error;
        const fs::path real = fs::canonical(dir, real_error);
        if (!real_error && !walked.insert(real).second) continue;
        std::vector<fs::path> subfolders;
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
            subfolders.push_back(it->path());
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
        std::sort(subfolders.rbegin(), subfolders.rend());
        pending.insert(pending.end(), subfolders.begin(), subfolders.end());
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

// The temporary output file while it is being written: removed if a signal ends
// the run, so that an interrupted run leaves neither a half-written output nor a
// stray temporary file. A fixed buffer, for the async-signal-safe handler.
char g_temp_output[4096];

extern "C" void RemoveTempOutputAndReraise(int sig) {
  if (g_temp_output[0] != '\0') ::unlink(g_temp_output);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void GuardTempOutput(const std::string& temp_path) {
  if (temp_path.size() >= sizeof(g_temp_output)) return;
  std::memcpy(g_temp_output, temp_path.c_str(), temp_path.size() + 1);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) ::signal(sig, RemoveTempOutputAndReraise);
  // Past a file size limit, a write fails (and is reported) instead of killing us.
  ::signal(SIGXFSZ, SIG_IGN);
}

void ReleaseTempOutput() { g_temp_output[0] = '\0'; }

// Flushes a written file to the disk, so that the rename that publishes it never
// exposes an empty or partial file after a crash of the system.
bool SyncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
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
      ("format,f", po::value<std::string>()->default_value("jsonl"),
       "jsonl (one record per document), csv (one row per mention) or stix (one STIX 2.1 "
       "bundle for the whole input, built in memory)")
      ("stix-time", po::value<std::string>()->default_value("1970-01-01T00:00:00.000Z"),
       "created/modified/published time of STIX objects (fixed, so reruns are identical)")
      ("threads,j", po::value<unsigned>(), "worker threads (default: all cores)")
      ("input-format", po::value<std::string>()->default_value("auto"),
       "auto (by extension), jsonl or text")
      ("text-field", po::value<std::string>()->default_value("text"), "JSONL field with the text")
      ("id-field", po::value<std::string>()->default_value("id"), "JSONL field with the id")
      ("stream-bytes", po::value<size_t>(),
       "documents larger than this (a text file, a JSONL line) are read in pieces and never "
       "held whole; their mentions wait in a file in $TMPDIR (default: twice --window-bytes; "
       "0: never)")
      ("quiet,q", "no progress or messages on stderr (errors are still in the output)");
  AddExtractorFlags(&visible);
  po::variables_map vm;
  int exit_code = kExitOk;
  if (!ParseCommandLine(argc, argv, "extract", visible, &vm, &exit_code)) return exit_code;
  const std::string format = vm["format"].as<std::string>();
  if (format != "jsonl" && format != "csv" && format != "stix") {
    std::cerr << "attrex extract: --format must be jsonl, csv or stix\n";
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
  if (vm.count("args")) inputs = vm["args"].as<std::vector<std::string>>();
  std::vector<Source> sources;
  uint64_t total_bytes = 0;
  CollectSources(inputs, input_format, &sources, &total_bytes);

  // Kept to the end of the process: freeing its hundreds of thousands of
  // small blocks one by one would add several milliseconds to every run, and
  // the system takes the memory back at once (reachable from here, so leak
  // checkers do not count it).
  static const Extractor* kept = nullptr;
  // CSV rows are mentions: no attribution records are made for them. Every
  // document waits for the extractor: the threads given build it
  // (Options::build_threads; two take a quarter off creation).
  kept = MakeExtractor(vm, "extract", /*attributions=*/format != "csv", threads).release();
  const Extractor* extractor = kept;
  if (extractor == nullptr) return kExitUsage;

  // Output: stdout, or a temporary file renamed into place at the end.
  std::ofstream file_out;
  std::string final_path;
  std::string temp_path;
  bool in_place = false;
  if (vm.count("output")) {
    final_path = vm["output"].as<std::string>();
    // Only a regular file (or a new one) is replaced atomically; a device, pipe or
    // socket ("-o /dev/null", a FIFO) is written in place: renaming a temporary
    // file over it would replace the device itself.
    std::error_code status_error;
    const auto status = fs::status(final_path, status_error);
    in_place = !status_error && fs::exists(status) && !fs::is_regular_file(status) &&
               !fs::is_directory(status);
    if (in_place) {
      file_out.open(final_path, std::ios::binary);
    } else {
      temp_path = final_path + ".tmp." + std::to_string(::getpid());
      GuardTempOutput(temp_path);
      file_out.open(temp_path, std::ios::binary | std::ios::trunc);
    }
    if (!file_out) {
      if (!in_place) ReleaseTempOutput();
      std::cerr << "attrex extract: cannot write " << final_path << "\n";
      return kExitUsage;
    }
  }
  // Records are collected into blocks (block_streams.h); a record written
  // alone was a system call of its own.
  std::ostream& target = final_path.empty() ? std::cout : file_out;
  BlockWriteBuffer out_blocks(target.rdbuf());
  std::ostream out(&out_blocks);
  if (format == "csv") out << "doc_id,type,start,end,text,id,name,confidence,evidence,error\n";

  // A document is streamed only when windows let it be extracted in pieces.
  const size_t window_bytes = extractor->options().window_bytes;
  size_t stream_bytes = window_bytes * 2;
  if (vm.count("stream-bytes")) stream_bytes = vm["stream-bytes"].as<size_t>();
  if (window_bytes == 0) stream_bytes = 0;
  InputReader reader(std::move(sources), vm["text-field"].as<std::string>(),
                     vm["id-field"].as<std::string>(), nullptr, stream_bytes);
  Progress progress(!quiet && ::isatty(STDERR_FILENO), total_bytes);
  // Documents flow through a bounded queue (ordered_work_queue.h): this
  // thread reads them and writes each record, in input order, as soon as it
  // is ready. Memory stays bounded however large the input: at most
  // kMaxQueuedText of input text is queued, and no document is started while
  // more than kMaxWaitingOutput of records wait behind a slower one.
  constexpr size_t kMaxQueuedDocs = 1024;
  constexpr size_t kMaxQueuedText = 8u << 20;
  // With one thread, which reads, extracts and writes in turn, documents read
  // ahead wait for nothing: a few are queued, not a thousand, whose texts
  // held 5 MB more memory (peak RSS of the 100 MB benchmark corpus) for no
  // measurable speed.
  constexpr size_t kMaxQueuedDocsOneThread = 4;
  const size_t max_queued_docs = threads > 1 ? kMaxQueuedDocs : kMaxQueuedDocsOneThread;
  constexpr size_t kMaxWaitingOutput = 16u << 20;
  struct Job {
    InputDoc doc;
    std::string record;                // jsonl and csv
    std::optional<Document> document;  // stix
    std::string message;               // why it failed
    bool failed = false;
  };
  auto process = [&](Job& job) {
    const InputDoc& doc = job.doc;
    if (!doc.error.ok()) {
      job.failed = true;
      job.message = doc.error.message();
      job.record = format == "csv" ? CsvErrorRow(doc.id, doc.error)
                                   : ErrorJsonRecord(doc.id, doc.error, doc.meta) + "\n";
      return;
    }
    if (format == "jsonl") {
      // Written straight from the extraction, without a Document.
      const Status status = extractor->ExtractJsonRecord(doc.text, doc.id, doc.meta, &job.record);
      if (!status.ok()) {
        job.failed = true;
        job.message = status.message();
        job.record = ErrorJsonRecord(doc.id, status, doc.meta);
      }
      job.record += '\n';
      return;
    }
    Result<Document> result = extractor->Extract(doc.text);
    if (!result.ok()) {
      job.failed = true;
      job.message = result.status().message();
    }
    if (format == "stix") {
      if (result.ok()) job.document = std::move(result).value();
    } else if (format == "csv") {
      job.record = CsvRows(doc.id, result, Status());
    } else {
      job.record = (result.ok() ? ToJsonRecord(*result, doc.id, doc.meta)
                                : ErrorJsonRecord(doc.id, result.status(), doc.meta)) +
                   "\n";
    }
  };
  // Jobs written out are used again, their strings' storage with them: a
  // new job was an allocation for it and for its text and its record, and
  // the record grew in steps, for every document. Only small ones are kept,
  // and few (the reader takes one as each is written), so that the spares
  // hold 4 MiB at most; a job in the queue counts with all its storage.
  constexpr size_t kMaxSpareJobBytes = size_t{64} << 10;
  constexpr size_t kMaxSpareJobs = 64;
  std::vector<std::unique_ptr<Job>> spare_jobs;
  auto take_spare_job = [&spare_jobs]() {
    if (spare_jobs.empty()) return std::make_unique<Job>();
    std::unique_ptr<Job> job = std::move(spare_jobs.back());
    spare_jobs.pop_back();
    return job;
  };
  auto keep_spare_job = [&](std::unique_ptr<Job> job) {
    if (spare_jobs.size() >= kMaxSpareJobs ||
        job->doc.text.capacity() + job->record.capacity() > kMaxSpareJobBytes) {
      return;
    }
    // What the reader and `process` assume of a new job; the strings keep
    // their storage.
    job->doc.id.clear();
    job->doc.text.clear();
    job->doc.meta.clear();
    job->doc.error = Status::Ok();
    job->doc.streamed = false;
    job->record.clear();
    job->document.reset();
    job->message.clear();
    job->failed = false;
    spare_jobs.push_back(std::move(job));
  };
  StixBundleWriter stix(vm["stix-time"].as<std::string>());
  size_t docs_done = 0;
  size_t failures = 0;
  auto report = [&](const std::string& id, const std::string& message) {
    ++failures;
    if (!quiet) std::cerr << "attrex extract: " << id << ": " << message << "\n";
  };
  {
    OrderedWorkQueue<Job> queue(
        threads, process, [](const Job& job) { return job.record.size(); }, kMaxWaitingOutput);
    bool input_left = true;
    InputDoc streamed;  // a document too large to hold, once the queue is empty
    while (out) {
      while (input_left && !streamed.streamed && queue.size() < max_queued_docs &&
             queue.queued_bytes() < kMaxQueuedText) {
        // Before this thread waits for input, the records of the documents
        // read go out: a reader of the output gets them as a slow pipe
        // brings their documents (otherwise a block at a time).
        if (reader.MayWait()) {
          if (queue.size() > 0) break;
          out.flush();
        }
        std::unique_ptr<Job> job = take_spare_job();
        if (!reader.Next(&job->doc)) {
          input_left = false;
        } else if (job->doc.streamed) {
          streamed = std::move(job->doc);
        } else {
          // The storage the job holds, not its text's size: a spare job
          // keeps what its largest document grew, and a queue of them
          // counted by size held 30 MB more than its bound on dense text.
          const size_t bytes = job->doc.text.capacity() + job->record.capacity();
          queue.Push(std::move(job), bytes);
          continue;
        }
        break;
      }
      std::unique_ptr<Job> job = queue.PopOldest();
      if (job != nullptr) {
        if (format == "stix") {
          if (job->document) stix.AddDocument(job->doc.id, *job->document);
        } else {
          out << job->record;
        }
        if (job->failed) report(job->doc.id, job->message);
        keep_spare_job(std::move(job));
      } else if (streamed.streamed) {
        // The queue is empty: the streamed document's turn, on this thread.
        const Status error = ExtractStreamed(*extractor, &reader, &streamed, format, out, &stix);
        streamed.streamed = false;
        if (!error.ok()) report(streamed.id, error.message());
      } else if (!input_left) {
        break;
      } else {
        continue;
      }
      ++docs_done;
      if (docs_done % 256 == 0) progress.Update(docs_done, reader.bytes_read(), false);
    }
    // Leaving the scope joins the workers; if the output failed (disk full, a
    // file size limit), the documents not started are dropped.
  }
  progress.Update(docs_done, reader.bytes_read(), true);
  if (format == "stix") {
    stix.Finish(out);
    out << "\n";
  }
  out.flush();
  if (!final_path.empty() && in_place) {
    file_out.close();
    if (!out || !file_out) {
      std::cerr << "attrex extract: cannot write " << final_path << "\n";
      return kExitSomeFailed;
    }
  } else if (!final_path.empty()) {
    file_out.close();
    if (!out || !file_out || !SyncFile(temp_path) ||
        std::rename(temp_path.c_str(), final_path.c_str()) != 0) {
      std::remove(temp_path.c_str());
      ReleaseTempOutput();
      std::cerr << "attrex extract: cannot write " << final_path
                << " (nothing written; an existing file is left as it was)\n";
      return kExitSomeFailed;
    }
    ReleaseTempOutput();
  } else if (!out || !std::cout) {
    std::cerr << "attrex extract: cannot write to standard output\n";
    return kExitSomeFailed;
  }
  return failures > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace attrex::tools
