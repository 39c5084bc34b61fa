// Serialising results: the batch tool's JSONL record, also used by the
// bindings.
//
// One record per document, on one line:
//   {"id": "...", "meta": {...}, "language": "ro",
//    "mentions": [{"type", "start", "end", "text", "id", "name", "confidence",
//                  "evidence", "candidates"?}],
//    "states": [entity...], "agencies": [entity...], "actors": [entity...],
//    "diagnostics"?: [{"code", "message"}]}
// entity: {"id", "name", "country", "kind", "attributes": {...}, "aliases":
// [...],
//          "mentions": N, "known": bool, "confidence"}
// start/end are UTF-8 byte offsets into the document's text. The JSON Schema is
// data/schema/record.schema.json.
#ifndef ATTREX_OUTPUT_H_
#define ATTREX_OUTPUT_H_

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "attrex/document.h"
#include "attrex/export.h"
#include "attrex/status.h"

namespace attrex {

// The JSONL record of `doc` (no trailing newline). `meta_json`, if not empty,
// must be a valid JSON value; it is written as is under "meta". Invalid UTF-8
// in any string is written as U+FFFD, so the output is always valid JSON.
ATTREX_API std::string ToJsonRecord(const Document& doc, std::string_view id,
                                    std::string_view meta_json = {});

// The same record written in parts, for a document whose mentions were
// written out as they were found (DocumentStream): the head (up to and with
// `"mentions":[`), each mention's object with commas between them, then the
// tail (from the closing `]` to the record's end) of the finished document.
// ToJsonRecord(doc, id, meta) is exactly these parts joined.
ATTREX_API std::string JsonRecordHead(const Document& doc, std::string_view id,
                                      std::string_view meta_json = {});
ATTREX_API void AppendJsonMention(const Mention& mention, std::string* out);
ATTREX_API void AppendJsonRecordTail(const Document& doc, std::string* out);

// The tail in parts, for a document whose attributions were taken as they
// were found too (DocumentStream::TakeAttributions):
// AppendJsonAttributionsStart
// (`],"attributions":[`), each attribution's object with commas between them
// (the finished document's own last), then AppendJsonRecordEnd of the finished
// document (from the closing `]` to the record's end). AppendJsonRecordTail is
// exactly these parts with the document's attributions.
ATTREX_API void AppendJsonAttributionsStart(std::string* out);
ATTREX_API void AppendJsonAttribution(const Attribution& attribution,
                                      std::string* out);
ATTREX_API void AppendJsonRecordEnd(const Document& doc, std::string* out);

// The record written in place of a document that could not be processed:
// {"id": ..., "meta"?: ..., "error": {"code": ..., "message": ...}}.
ATTREX_API std::string ErrorJsonRecord(std::string_view id,
                                       const Status& status,
                                       std::string_view meta_json = {});

// `s` as a JSON string literal, quotes included (invalid UTF-8 becomes U+FFFD).
ATTREX_API std::string JsonString(std::string_view s);

// One entity record as a JSON object (used by `attrex list` and `lookup`).
ATTREX_API std::string EntityRecordToJson(const EntityRecord& record);

// A STIX 2.1 bundle of a batch of documents: one `report` per document (with at
// least one entity) referring to an `intrusion-set` per actor, an `identity`
// per agency and a `location` per state, plus the relationships the data knows
// (`originates-from` an actor's sponsor state, `located-at` an agency's state).
// Identifiers are UUIDv5 of the record ids: the same input gives the same
// bundle. `timestamp` (RFC 3339, e.g. "2026-01-01T00:00:00.000Z") is used for
// created/modified/published.
class ATTREX_API StixBundleWriter {
 public:
  explicit StixBundleWriter(std::string timestamp);
  ~StixBundleWriter();
  StixBundleWriter(const StixBundleWriter&) = delete;
  StixBundleWriter& operator=(const StixBundleWriter&) = delete;

  void AddDocument(std::string_view doc_id, const Document& doc);
  // The bundle as one JSON document.
  std::string Finish() const;
  // The same, written to `out` piece by piece (never held whole).
  void Finish(std::ostream& out) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace attrex

#endif  // ATTREX_OUTPUT_H_
