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
  return 0;
}
