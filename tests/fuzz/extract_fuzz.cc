// Fuzz target: Extractor::Extract over any bytes, with the built-in data and an
// extractor created once. Checks what the batch tool and the bindings rely on:
// extraction never fails below the limits; every mention's byte span lies inside
// the text, on its bytes (text == input.substr(start, end - start)), non-empty,
// in text order without overlaps; ids and types are set; entity counts agree with
// the mentions; and the JSONL record of the document is valid JSON.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "attrex/extractor.h"
#include "attrex/output.h"
#include "fuzz_check.h"

namespace {

const attrex::Extractor& TheExtractor() {
  static const attrex::Extractor* extractor = [] {
    auto result = attrex::Extractor::Create(attrex::Options());
    ATTREX_FUZZ_CHECK(result.ok(), "%s", result.status().ToString().c_str());
    return std::move(result).value().release();
  }();
  return *extractor;
}

void CheckEntities(const std::vector<attrex::DocumentEntity>& entities, attrex::EntityType type,
                   const attrex::Document& doc) {
  std::map<std::string, size_t> counts;
  for (const attrex::Mention& m : doc.mentions) {
    if (m.type == type) ++counts[m.id];
  }
  ATTREX_FUZZ_CHECK(entities.size() == counts.size(), "%zu %s entities for %zu mentioned ids",
                    entities.size(), attrex::EntityTypeName(type), counts.size());
  for (const attrex::DocumentEntity& e : entities) {
    auto it = counts.find(e.record.id);
    ATTREX_FUZZ_CHECK(it != counts.end(), "entity %s has no mention", e.record.id.c_str());
    ATTREX_FUZZ_CHECK(it->second == e.mention_count, "entity %s: %zu mentions, counted %zu",
                      e.record.id.c_str(), e.mention_count, it->second);
  }
}

// Windows of the smallest size, so that fuzz inputs span several.
const attrex::Extractor& WindowedExtractor() {
  static const attrex::Extractor* extractor = [] {
    attrex::Options options;
    options.window_bytes = 1024;
    auto result = attrex::Extractor::Create(options);
    ATTREX_FUZZ_CHECK(result.ok(), "%s", result.status().ToString().c_str());
    return std::move(result).value().release();
  }();
  return *extractor;
}

// The text given to a DocumentStream in pieces (their sizes drawn from the
// input itself, cutting UTF-8 characters anywhere), its mentions taken along
// the way, gives Extract's record byte for byte.
void CheckStreamMatchesExtract(std::string_view input) {
  const attrex::Extractor& extractor = WindowedExtractor();
  const auto whole = extractor.Extract(input);
  ATTREX_FUZZ_CHECK(whole.ok(), "Extract failed: %s", whole.status().ToString().c_str());
  auto stream = extractor.StartDocument();
  std::vector<attrex::Mention> taken;
  size_t piece = 1 + (input.empty() ? 0 : static_cast<unsigned char>(input[0]) % 61);
  for (size_t i = 0; i < input.size();) {
    const attrex::Status status = stream->Append(input.substr(i, piece));
    ATTREX_FUZZ_CHECK(status.ok(), "Append failed: %s", status.ToString().c_str());
    stream->TakeMentions(&taken);
    i += piece;
    piece = 1 + (piece * 7 + i) % 97;
  }
  ATTREX_FUZZ_CHECK(stream->size() == input.size(), "the stream has %zu bytes of %zu",
                    stream->size(), input.size());
  auto rest = stream->Finish();
  ATTREX_FUZZ_CHECK(rest.ok(), "Finish failed: %s", rest.status().ToString().c_str());
  rest->mentions.insert(rest->mentions.begin(), taken.begin(), taken.end());
  const std::string got = attrex::ToJsonRecord(*rest, "d");
  const std::string want = attrex::ToJsonRecord(*whole, "d");
  ATTREX_FUZZ_CHECK(got == want, "the stream's record differs from Extract's:\n%s\n%s",
                    got.c_str(), want.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const attrex::Extractor& extractor = TheExtractor();
  attrex::Result<attrex::Document> result = extractor.Extract(input);
  ATTREX_FUZZ_CHECK(result.ok(), "Extract failed: %s", result.status().ToString().c_str());
  const attrex::Document& doc = *result;
  size_t previous_end = 0;
  for (const attrex::Mention& m : doc.mentions) {
    ATTREX_FUZZ_CHECK(m.start <= m.end && m.end <= size, "mention [%zu, %zu) of %zu bytes",
                      m.start, m.end, size);
    ATTREX_FUZZ_CHECK(m.text == input.substr(m.start, m.end - m.start),
                      "mention [%zu, %zu) text '%s' is not the input's bytes", m.start, m.end,
                      m.text.c_str());
    ATTREX_FUZZ_CHECK(m.start < m.end, "empty mention at %zu", m.start);
    ATTREX_FUZZ_CHECK(m.start >= previous_end, "mention [%zu, %zu) overlaps or precedes %zu",
                      m.start, m.end, previous_end);
    previous_end = m.end;
    ATTREX_FUZZ_CHECK(!m.id.empty(), "mention [%zu, %zu) has no id", m.start, m.end);
    ATTREX_FUZZ_CHECK(m.confidence >= 0.0 && m.confidence <= 1.0, "confidence %f",
                      m.confidence);
    const int type = static_cast<int>(m.type);
    ATTREX_FUZZ_CHECK(type >= 0 && type < attrex::kEntityTypeCount, "type %d", type);
  }
  ATTREX_FUZZ_CHECK(doc.mentions.size() <= extractor.options().max_mentions, "%zu mentions",
                    doc.mentions.size());
  CheckEntities(doc.states, attrex::EntityType::kState, doc);
  CheckEntities(doc.agencies, attrex::EntityType::kAgency, doc);
  CheckEntities(doc.actors, attrex::EntityType::kThreatActor, doc);

  const std::string record = attrex::ToJsonRecord(doc, input);
  ATTREX_FUZZ_CHECK(nlohmann::json::accept(record), "record is not valid JSON: %s",
                    record.c_str());
  ATTREX_FUZZ_CHECK(record.find('\n') == std::string::npos, "record spans lines");
  CheckStreamMatchesExtract(input);
  return 0;
}
