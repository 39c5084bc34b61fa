// The Extractor: built once from the data, then used from any number of
// threads.
//
//   auto extractor = attrex::Extractor::Create(attrex::Options());
//   if (!extractor.ok()) { /* extractor.status().message() says why */ }
//   attrex::Result<attrex::Document> doc = (*extractor)->Extract(
//       "Belgia atribuie atacurile grupării APT31 (cunoscută și ca
//       ZIRCONIUM).");
//   for (const attrex::Mention& m : doc->mentions) {
//     // m.type, m.start, m.end (bytes), m.text, m.id ("BE", "apt31"), m.name,
//     ...
//   }
//
// An Extractor is immutable after Create and safe for concurrent use by
// multiple threads: Extract is const and keeps its scratch space per call.
#ifndef ATTREX_EXTRACTOR_H_
#define ATTREX_EXTRACTOR_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "attrex/document.h"
#include "attrex/export.h"
#include "attrex/options.h"
#include "attrex/status.h"

namespace attrex {

class ExtractorImpl;
class DocumentStream;

// Sizes of the loaded data, for reports and benchmarks.
struct DataStats {
  size_t entities[kEntityTypeCount] = {0, 0, 0};
  size_t names = 0;          // distinct (entity, folded name) pairs
  size_t matcher_nodes = 0;  // the trie of the names and the lexicon terms
  size_t matcher_bytes = 0;
  size_t patterns = 0;
  std::vector<std::string>
      warnings;  // duplicates and conflicts found while loading
};

class ATTREX_API Extractor {
 public:
  // Loads the data (the built-in bundle or options.data_dir, plus
  // options.gazetteer_files) and compiles the matchers. Errors name the file
  // and line of bad data.
  static Result<std::unique_ptr<Extractor>> Create(
      const Options& options = Options());

  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  // Extracts the mentions of `text` (UTF-8; invalid bytes are tolerated and
  // reported in diagnostics). Fails only on a limit of Options.
  Result<Document> Extract(std::string_view text) const;

  // Appends the JSONL record of `text`'s document (no trailing newline) to
  // *record: byte for byte ToJsonRecord(*Extract(text), id, meta_json)
  // (attrex/output.h), written without building the Document, which makes it
  // the faster way to records (the batch tool's). `meta_json`, if not empty,
  // must be a valid JSON value. Fails as Extract does, appending nothing.
  Status ExtractJsonRecord(std::string_view text, std::string_view id,
                           std::string_view meta_json,
                           std::string* record) const;

  // Starts a document to be given in pieces (see DocumentStream), for texts
  // too large to hold in memory. The extractor must outlive the stream.
  std::unique_ptr<DocumentStream> StartDocument() const;
  // The same, for a document whose record is to be written as JSONL: the
  // stream keeps its mentions and attribution records as the JSON of the
  // record's arrays (DocumentStream::TakeJsonMentions, TakeJsonAttributions),
  // which is faster than making Mention and Attribution objects of them;
  // TakeMentions and TakeAttributions then take none.
  std::unique_ptr<DocumentStream> StartJsonDocument() const;

  // The records a name may denote (several when the name is ambiguous), found
  // as the matcher would find it, or by id ("apt31", "BE").
  std::vector<EntityRecord> Lookup(std::string_view name) const;

  // Every loaded record of `type`, with its aliases, sorted by id.
  std::vector<EntityRecord> List(EntityType type) const;

  const DataStats& stats() const;
  const Options& options() const;

 private:
  explicit Extractor(std::unique_ptr<ExtractorImpl> impl);
  std::unique_ptr<ExtractorImpl> impl_;
};

// One document given in pieces: what Extract does for a text longer than
// Options::window_bytes, without ever holding the whole text. Windows are cut
// and extracted as the text arrives, exactly where Extract would cut them, so
// the mentions and attributions taken along the way plus Finish's document are
// what Extract returns for the whole text. Memory: about two windows of text,
// the mentions and attributions not yet taken, and a record per entity named.
// With window_bytes 0 the text is held until Finish.
//
//   auto stream = extractor->StartDocument();
//   while (read(&piece)) {
//     stream->Append(piece);
//     stream->TakeMentions(&mentions);  // write them out, then clear
//     stream->TakeAttributions(&attributions);  // likewise
//   }
//   attrex::Result<attrex::Document> rest = stream->Finish();
//
// A stream is used by one thread at a time; several streams may share one
// Extractor.
class ATTREX_API DocumentStream {
 public:
  ~DocumentStream();
  DocumentStream(const DocumentStream&) = delete;
  DocumentStream& operator=(const DocumentStream&) = delete;

  // Appends the next bytes of the text (a piece may end inside a UTF-8
  // character). Past Options::max_document_bytes the stream fails: this and
  // every later call return the error, the text is dropped, and Finish returns
  // the error too.
  Status Append(std::string_view piece);

  // Moves the mentions found so far to the end of `mentions` (in text order,
  // offsets in the whole text). Finish's document holds only those not taken.
  void TakeMentions(std::vector<Mention>* mentions);
  // The same for the attribution records: a document dense in attributions
  // states one every few hundred bytes, and a long one would hold them all
  // until Finish. Taken or not, a statement repeated later is not a new one.
  void TakeAttributions(std::vector<Attribution>* attributions);

  // For a stream started by StartJsonDocument: appends the mentions found so
  // far to *json as AppendJsonMention writes them (attrex/output.h), each
  // after a comma but the stream's first, so that the pieces joined are the
  // record's mention array. Finish's document has no mentions: call this
  // after Finish too, for those of the text's last window.
  void TakeJsonMentions(std::string* json);
  // The same for the attribution records (AppendJsonAttribution's objects):
  // the record is JsonRecordHead, the mentions, AppendJsonAttributionsStart,
  // the attributions and AppendJsonRecordEnd of Finish's document.
  void TakeJsonAttributions(std::string* json);

  // Extracts the rest of the text and returns the document: its entities,
  // attributions, language and diagnostics cover the whole text. Call once.
  Result<Document> Finish();

  // Bytes appended so far.
  size_t size() const;

 private:
  friend class Extractor;
  class Impl;
  explicit DocumentStream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace attrex

#endif  // ATTREX_EXTRACTOR_H_
