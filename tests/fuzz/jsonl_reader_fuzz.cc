// Fuzz target: the batch tool's input reader (tools/jsonl_reader.h) over any
// bytes given as standard input, read as JSONL and as one text document. Checks
// the batch contract: one document per non-blank line, in order, none lost and
// none invented; each either has an error or its text; ids are never empty; the
// pass-through "meta" is a JSON object; and the record the tool would write for
// it (ToJsonRecord / ErrorJsonRecord with that meta) is one line of valid JSON.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>

#include "attrex/document.h"
#include "attrex/output.h"
#include "fuzz_check.h"
#include "jsonl_reader.h"

namespace {

// The lines the reader must turn into documents: split at '\n', one trailing
// '\r' dropped, lines of only spaces and tabs skipped.
size_t ExpectedDocuments(std::string_view input) {
  size_t count = 0;
  size_t pos = 0;
  while (pos < input.size()) {
    size_t newline = input.find('\n', pos);
    if (newline == std::string_view::npos) newline = input.size();
    std::string_view line = input.substr(pos, newline - pos);
    pos = newline + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) ++count;
  }
  return count;
}

void CheckRecord(const attrex::tools::InputDoc& doc) {
  ATTREX_FUZZ_CHECK(!doc.id.empty(), "empty id");
  if (!doc.meta.empty()) {
    const auto meta = nlohmann::json::parse(doc.meta, nullptr, /*allow_exceptions=*/false);
    ATTREX_FUZZ_CHECK(meta.is_object(), "meta is not a JSON object: %s", doc.meta.c_str());
  }
  const std::string record = doc.error.ok()
                                 ? attrex::ToJsonRecord(attrex::Document(), doc.id, doc.meta)
                                 : attrex::ErrorJsonRecord(doc.id, doc.error, doc.meta);
  const auto parsed = nlohmann::json::parse(record, nullptr, /*allow_exceptions=*/false);
  ATTREX_FUZZ_CHECK(parsed.is_object(), "record is not a JSON object: %s", record.c_str());
  ATTREX_FUZZ_CHECK(record.find('\n') == std::string::npos, "record spans lines: %s",
                    record.c_str());
  ATTREX_FUZZ_CHECK(doc.error.ok() == !parsed.contains("error"), "error record mismatch");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using attrex::tools::InputDoc;
  using attrex::tools::InputKind;
  using attrex::tools::InputReader;
  const std::string input(reinterpret_cast<const char*>(data), size);

  // As JSONL, with the default field names.
  {
    std::istringstream stream(input);
    InputReader reader({{"-", InputKind::kJsonl, ""}}, "text", "id", &stream);
    InputDoc doc;
    size_t count = 0;
    while (reader.Next(&doc)) {
      ++count;
      ATTREX_FUZZ_CHECK(count <= size, "more documents than bytes");
      CheckRecord(doc);
    }
    const size_t expected = ExpectedDocuments(input);
    ATTREX_FUZZ_CHECK(count == expected, "%zu documents for %zu non-blank lines", count,
                      expected);
  }
  // Streamed (every line or text longer than a few bytes read in pieces):
  // the same documents, with the same ids, meta and texts, and errors for the
  // same lines.
  {
    const size_t stream_bytes = 1 + size % 7;
    std::istringstream whole_stream(input);
    std::istringstream piece_stream(input);
    InputReader whole({{"-", InputKind::kJsonl, ""}}, "text", "id", &whole_stream);
    InputReader pieces({{"-", InputKind::kJsonl, ""}}, "text", "id", &piece_stream,
                       stream_bytes);
    InputDoc want;
    InputDoc got;
    while (whole.Next(&want)) {
      ATTREX_FUZZ_CHECK(pieces.Next(&got), "streaming lost a document");
      if (got.streamed) {
        std::string text;
        pieces.StreamText(&got, [&text](std::string_view piece) {
          ATTREX_FUZZ_CHECK(!piece.empty() && piece.size() <= InputReader::kStreamPieceBytes,
                            "a piece of %zu bytes", piece.size());
          text += piece;
        });
        if (got.error.ok()) got.text = text;
      }
      CheckRecord(got);
      ATTREX_FUZZ_CHECK(got.error.ok() == want.error.ok(), "streamed: %s; whole: %s",
                        got.error.ToString().c_str(), want.error.ToString().c_str());
      ATTREX_FUZZ_CHECK(got.id == want.id, "streamed id %s, whole %s", got.id.c_str(),
                        want.id.c_str());
      ATTREX_FUZZ_CHECK(got.meta == want.meta, "streamed meta %s, whole %s", got.meta.c_str(),
                        want.meta.c_str());
      ATTREX_FUZZ_CHECK(!want.error.ok() || got.text == want.text, "streamed text differs");
    }
    ATTREX_FUZZ_CHECK(!pieces.Next(&got), "streaming invented a document");
  }
  // As one text document, streamed.
  {
    std::istringstream stream(input);
    InputReader reader({{"-", InputKind::kText, ""}}, "text", "id", &stream, 3);
    InputDoc doc;
    ATTREX_FUZZ_CHECK(reader.Next(&doc), "no document from a text stream");
    std::string text = doc.text;
    if (doc.streamed) {
      reader.StreamText(&doc, [&text](std::string_view piece) { text += piece; });
    }
    ATTREX_FUZZ_CHECK(doc.error.ok() && text == input && doc.id == "stdin",
                      "streamed text document differs from its input");
    ATTREX_FUZZ_CHECK(!reader.Next(&doc), "a second document from one text stream");
  }
  // As one text document.
  {
    std::istringstream stream(input);
    InputReader reader({{"-", InputKind::kText, ""}}, "text", "id", &stream);
    InputDoc doc;
    ATTREX_FUZZ_CHECK(reader.Next(&doc), "no document from a text stream");
    ATTREX_FUZZ_CHECK(doc.error.ok() && doc.text == input && doc.id == "stdin",
                      "text document differs from its input");
    ATTREX_FUZZ_CHECK(!reader.Next(&doc), "a second document from one text stream");
  }
  return 0;
}
