// The batch tool's JSONL record written straight from a resolved document.
#ifndef ATTREX_LIB_OUTPUT_JSON_RECORD_H_
#define ATTREX_LIB_OUTPUT_JSON_RECORD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gazetteer/gazetteer.h"
#include "resolve/resolver.h"

namespace attrex::internal {

// The JSON of every gazetteer entity's fixed fields, written once when the
// extractor is built: a record names the same entities document after
// document, and escaping their strings (the attributes of an actor run to
// hundreds of bytes) was most of the writing of its entity objects.
class EntityJsonFields {
 public:
  EntityJsonFields() = default;
  explicit EntityJsonFields(const std::vector<Entity>& entities);

  // "id":...,"name":... of entity `index`, as a mention writes them.
  std::string_view IdAndName(int32_t index) const {
    return Slice(starts_[index], name_ends_[index]);
  }
  // The same, then ,"country":...,"kind":...,"attributes":{...}, as an
  // entity object writes them before its aliases.
  std::string_view RecordFields(int32_t index) const {
    return Slice(starts_[index], starts_[index + 1]);
  }

 private:
  std::string_view Slice(uint32_t begin, uint32_t end) const {
    return std::string_view(text_).substr(begin, end - begin);
  }
  std::string text_;
  std::vector<uint32_t> starts_;     // per entity, and the end
  std::vector<uint32_t> name_ends_;  // per entity
};

// Appends to *out the record ToJsonRecord(ToDocument(doc), id, meta_json)
// returns, byte for byte, without building the Document. `fields`: those of
// the gazetteer the document was resolved with.
void AppendResolvedJsonRecord(const ResolvedDocument& doc,
                              const EntityJsonFields& fields,
                              std::string_view id, std::string_view meta_json,
                              std::string* out);

// Appends to *out the object AppendJsonMention writes for the Mention
// ToDocument makes of `mention`, its offsets moved by `shift` (a window's
// start in its text).
void AppendResolvedJsonMention(const ResolvedMention& mention,
                               const EntityJsonFields& fields, size_t shift,
                               std::string* out);

// The same for attribution record `attribution` of `doc`
// (AppendJsonAttribution's object for the Attribution FillAttribution makes).
void AppendResolvedJsonAttribution(const ResolvedDocument& doc,
                                   const ResolvedAttribution& attribution,
                                   size_t shift, std::string* out);

}  // namespace attrex::internal

#endif  // ATTREX_LIB_OUTPUT_JSON_RECORD_H_
