// JSON records, written directly (output/json_writer.h); raw "meta" JSON is
// spliced in unparsed so that pass-through fields keep their exact text.
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "attrex/output.h"
#include "output/json_record.h"
#include "output/json_writer.h"

namespace attrex {
namespace {

using internal::AppendJsonString;
using internal::CommitJson;
using internal::JsonObjectWriter;
using internal::JsonStringBound;
using internal::kJsonNumberBound;
using internal::PutBytes;
using internal::PutJsonNumber;
using internal::PutJsonString;
using internal::PutLiteral;
using internal::ReserveJson;

// The fields of an entity record, from a Document's EntityRecord or from a
// resolved document (resolve/resolver.h), which has views where the record
// has copies: one writer serves both, so the two records cannot drift apart.
struct RecordFields {
  std::string_view id;
  std::string_view name;
  std::string_view country;
  std::string_view kind;
  std::span<const std::pair<std::string, std::string>> attributes;
  // When not empty: the fields above, written (EntityJsonFields).
  std::string_view written;
};

RecordFields FieldsOf(const EntityRecord& r) {
  return {r.id, r.name, r.country, r.kind, r.attributes, {}};
}
RecordFields FieldsOf(const internal::ResolvedEntity& e,
                      const internal::EntityJsonFields* fields) {
  RecordFields r{e.id, e.name, e.country, e.kind, e.attributes, {}};
  if (fields != nullptr && e.gazetteer_entity >= 0)
    r.written = fields->RecordFields(e.gazetteer_entity);
  return r;
}

// Room for PutRecordFields(r, aliases).
template <typename Aliases>
size_t RecordFieldsBound(const RecordFields& r, const Aliases& aliases) {
  size_t bound = 128;
  if (!r.written.empty()) {
    bound += r.written.size();
  } else {
    bound += JsonStringBound(r.id) + JsonStringBound(r.name) +
             JsonStringBound(r.country) + JsonStringBound(r.kind);
    for (const auto& [key, value] : r.attributes)
      bound += JsonStringBound(key) + JsonStringBound(value) + 2;
  }
  for (const auto& alias : aliases) bound += JsonStringBound(alias) + 1;
  return bound;
}

// The first fields of a record after its type, as a mention has them too.
char* PutIdAndName(char* p, const RecordFields& r) {
  p = PutLiteral(p, "\"id\":");
  p = PutJsonString(p, r.id);
  p = PutLiteral(p, ",\"name\":");
  return PutJsonString(p, r.name);
}

// The fields after those: country, kind, attributes. An attribute key given
// twice keeps its first place and its last value (a JSON object has one
// value per key).
char* PutFieldsAfterName(char* p, const RecordFields& r) {
  p = PutLiteral(p, ",\"country\":");
  p = PutJsonString(p, r.country);
  p = PutLiteral(p, ",\"kind\":");
  p = PutJsonString(p, r.kind);
  p = PutLiteral(p, ",\"attributes\":{");
  bool first = true;
  for (size_t i = 0; i < r.attributes.size(); ++i) {
    const std::string& key = r.attributes[i].first;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; ++j) seen = r.attributes[j].first == key;
    if (seen) continue;
    const std::string* value = &r.attributes[i].second;
    for (size_t j = i + 1; j < r.attributes.size(); ++j) {
      if (r.attributes[j].first == key) value = &r.attributes[j].second;
    }
    if (!first) *p++ = ',';
    first = false;
    p = PutJsonString(p, key);
    *p++ = ':';
    p = PutJsonString(p, *value);
  }
  *p++ = '}';
  return p;
}

// The fields of a record after its type: those above, then its aliases.
// Written with raw puts (json_writer.h), as a record holds one per entity
// named.
template <typename Aliases>
char* PutRecordFields(char* p, const RecordFields& r, const Aliases& aliases) {
  p = r.written.empty() ? PutFieldsAfterName(PutIdAndName(p, r), r)
                        : PutBytes(p, r.written);
  p = PutLiteral(p, ",\"aliases\":[");
  bool first_alias = true;
  for (const auto& alias : aliases) {
    if (!first_alias) *p++ = ',';
    first_alias = false;
    p = PutJsonString(p, alias);
  }
  *p++ = ']';
  return p;
}

// One entity of a record's "states", "agencies" or "actors".
template <typename Aliases>
void AppendJsonEntity(const RecordFields& r, const Aliases& aliases,
                      size_t mention_count, bool known, double confidence,
                      std::string* out) {
  char* p = ReserveJson(
      out, RecordFieldsBound(r, aliases) + 64 + 2 * kJsonNumberBound);
  *p++ = '{';
  p = PutRecordFields(p, r, aliases);
  p = PutLiteral(p, ",\"mentions\":");
  p = PutJsonNumber(p, mention_count);
  p = known ? PutLiteral(p, ",\"known\":true")
            : PutLiteral(p, ",\"known\":false");
  p = PutLiteral(p, ",\"confidence\":");
  p = PutJsonNumber(p, confidence);
  *p++ = '}';
  CommitJson(out, p);
}

// [{...},{...}]: one object per item, its members written by write(item, w).
template <typename Item, typename Write>
void WriteArray(std::string* out, const std::vector<Item>& items, Write write) {
  out->push_back('[');
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out->push_back(',');
    JsonObjectWriter w(out);
    write(items[i], &w);
    w.Close();
  }
  out->push_back(']');
}

// {"id": ..., "meta": ..., then what `body` writes.
template <typename Body>
std::string Record(std::string_view id, std::string_view meta_json, Body body,
                   size_t size_hint = 0) {
  std::string out;
  out.reserve(size_hint + meta_json.size() + 64);
  JsonObjectWriter w(&out);
  w.String("id", id);
  if (!meta_json.empty()) w.Raw("meta", meta_json);
  body(&w);
  w.Close();
  return out;
}

// Appends {"id": ..., "meta": ..., "language": ..., "mentions":[
// Sized once and written with raw puts: a record per document, however short.
void AppendRecordHead(std::string_view language, std::string_view id,
                      std::string_view meta_json, std::string* out) {
  char* p = ReserveJson(out, 64 + JsonStringBound(id) + meta_json.size() +
                                 JsonStringBound(language));
  p = PutLiteral(p, "{\"id\":");
  p = PutJsonString(p, id);
  if (!meta_json.empty()) {
    p = PutLiteral(p, ",\"meta\":");
    p = PutBytes(p, meta_json);
  }
  p = PutLiteral(p, ",\"language\":");
  p = PutJsonString(p, language);
  p = PutLiteral(p, ",\"mentions\":[");
  CommitJson(out, p);
}

// The members of a mention object, from a Mention or a resolved mention.
struct MentionFields {
  EntityType type;
  size_t start;
  size_t end;
  std::string_view text;
  std::string_view id;
  std::string_view name;
  double confidence;
  std::string_view evidence;
  std::span<const std::string> candidates;
  // When not empty: "id":...,"name":..., written (EntityJsonFields).
  std::string_view written_id_and_name;
};

void AppendMentionFields(const MentionFields& m, std::string* out) {
  // Sized once, written with raw puts (json_writer.h): a record has a
  // mention per name, and its keys are fixed.
  const std::string_view type = EntityTypeName(m.type);
  size_t bound = 128 + type.size() + 3 * kJsonNumberBound +
                 JsonStringBound(m.text) + JsonStringBound(m.evidence) +
                 (m.written_id_and_name.empty()
                      ? JsonStringBound(m.id) + JsonStringBound(m.name)
                      : m.written_id_and_name.size());
  for (const std::string& c : m.candidates) bound += JsonStringBound(c) + 1;
  char* p = ReserveJson(out, bound);
  p = PutLiteral(p, "{\"type\":\"");
  p = PutBytes(p, type);  // upper-case ASCII: nothing to escape
  p = PutLiteral(p, "\",\"start\":");
  p = PutJsonNumber(p, m.start);
  p = PutLiteral(p, ",\"end\":");
  p = PutJsonNumber(p, m.end);
  p = PutLiteral(p, ",\"text\":");
  p = PutJsonString(p, m.text);
  if (m.written_id_and_name.empty()) {
    p = PutLiteral(p, ",\"id\":");
    p = PutJsonString(p, m.id);
    p = PutLiteral(p, ",\"name\":");
    p = PutJsonString(p, m.name);
  } else {
    *p++ = ',';
    p = PutBytes(p, m.written_id_and_name);
  }
  p = PutLiteral(p, ",\"confidence\":");
  p = PutJsonNumber(p, m.confidence);
  p = PutLiteral(p, ",\"evidence\":");
  p = PutJsonString(p, m.evidence);
  if (!m.candidates.empty()) {
    p = PutLiteral(p, ",\"candidates\":[");
    for (size_t i = 0; i < m.candidates.size(); ++i) {
      if (i > 0) *p++ = ',';
      p = PutJsonString(p, m.candidates[i]);
    }
    *p++ = ']';
  }
  *p++ = '}';
  CommitJson(out, p);
}

// `fields`: the gazetteer's entity fields written (EntityJsonFields), or null.
void AppendEntity(const DocumentEntity& e,
                  const internal::EntityJsonFields* /*fields*/,
                  std::string* out) {
  AppendJsonEntity(FieldsOf(e.record), e.record.aliases, e.mention_count,
                   e.known, e.confidence, out);
}
void AppendEntity(const internal::ResolvedEntity& e,
                  const internal::EntityJsonFields* fields, std::string* out) {
  AppendJsonEntity(FieldsOf(e, fields), e.aliases, e.mention_count, e.known,
                   e.confidence, out);
}

// ["a","b"]: of strings or of views.
template <typename Strings>
char* PutJsonStringArray(char* p, const Strings& values) {
  *p++ = '[';
  bool first = true;
  for (std::string_view v : values) {
    if (!first) *p++ = ',';
    first = false;
    p = PutJsonString(p, v);
  }
  *p++ = ']';
  return p;
}

template <typename Strings>
size_t JsonStringArrayBound(const Strings& values) {
  size_t bound = 2;
  for (std::string_view v : values) bound += JsonStringBound(v) + 1;
  return bound;
}

// Sized once and written with raw puts, as a mention: dense releases have an
// attribution every few sentences, and its keys are fixed. `Ids`: the lists,
// vectors of strings or spans of views.
template <typename Ids>
void AppendAttributionParts(const Ids& attributing, const Ids& actors,
                            std::string_view sponsor, const Ids& targets,
                            size_t start, size_t end, double confidence,
                            std::string_view cue, std::string* out) {
  const size_t bound =
      128 + JsonStringArrayBound(attributing) + JsonStringArrayBound(actors) +
      JsonStringArrayBound(targets) + JsonStringBound(sponsor) +
      JsonStringBound(cue) + 3 * kJsonNumberBound;
  char* p = ReserveJson(out, bound);
  p = PutLiteral(p, "{\"attributing\":");
  p = PutJsonStringArray(p, attributing);
  p = PutLiteral(p, ",\"actors\":");
  p = PutJsonStringArray(p, actors);
  p = PutLiteral(p, ",\"sponsor\":");
  p = sponsor.empty() ? PutLiteral(p, "null") : PutJsonString(p, sponsor);
  p = PutLiteral(p, ",\"targets\":");
  p = PutJsonStringArray(p, targets);
  p = PutLiteral(p, ",\"start\":");
  p = PutJsonNumber(p, start);
  p = PutLiteral(p, ",\"end\":");
  p = PutJsonNumber(p, end);
  p = PutLiteral(p, ",\"confidence\":");
  p = PutJsonNumber(p, confidence);
  p = PutLiteral(p, ",\"cue\":");
  p = PutJsonString(p, cue);
  *p++ = '}';
  CommitJson(out, p);
}

void AppendAttributionObject(const Attribution& a, std::string* out) {
  AppendAttributionParts(a.attributing, a.actors, a.sponsor, a.targets, a.start,
                         a.end, a.confidence, a.cue, out);
}

// A Document's attribution records, or a resolved document's (whose lists
// are runs of its pool of ids), for AppendRecord.
struct DocumentAttributions {
  const std::vector<Attribution>& records;
  size_t size() const { return records.size(); }
  void Append(size_t i, std::string* out) const {
    AppendAttributionObject(records[i], out);
  }
};
// A resolved record (its lists runs of `ids`), its offsets moved by `shift`.
void AppendResolvedAttribution(const std::vector<std::string_view>& ids,
                               const internal::ResolvedAttribution& a,
                               size_t shift, std::string* out) {
  using internal::IdsOf;
  AppendAttributionParts(IdsOf(ids, a.attributing), IdsOf(ids, a.actors),
                         a.sponsor, IdsOf(ids, a.targets), a.start + shift,
                         a.end + shift, a.confidence, a.cue, out);
}
struct ResolvedAttributions {
  const std::vector<internal::ResolvedAttribution>& records;
  const std::vector<std::string_view>& ids;
  size_t size() const { return records.size(); }
  void Append(size_t i, std::string* out) const {
    AppendResolvedAttribution(ids, records[i], 0, out);
  }
};

// The record after its attributions: from the closing `]` of "attributions"
// to the record's end. `lists`: the states, agencies and actors.
template <typename Entity>
void AppendRecordEnd(
    const std::vector<Entity>* const (&lists)[kEntityTypeCount],
    const std::vector<Diagnostic>& diagnostics,
    const internal::EntityJsonFields* fields, std::string* out) {
  // The keys are fixed: appended whole, not through JsonObjectWriter::Key.
  constexpr std::string_view kListStarts[kEntityTypeCount] = {
      "],\"states\":[", "],\"agencies\":[", "],\"actors\":["};
  for (int t = 0; t < kEntityTypeCount; ++t) {
    out->append(kListStarts[t]);
    for (size_t i = 0; i < lists[t]->size(); ++i) {
      if (i > 0) out->push_back(',');
      AppendEntity((*lists[t])[i], fields, out);
    }
  }
  out->push_back(']');
  JsonObjectWriter w = JsonObjectWriter::Continuing(out);
  if (!diagnostics.empty()) {
    WriteArray(w.Key("diagnostics"), diagnostics,
               [](const Diagnostic& d, JsonObjectWriter* j) {
                 j->String("code", d.code);
                 j->String("message", d.message);
               });
  }
  w.Close();
}

constexpr char kAttributionsStart[] = "],\"attributions\":[";

// The record after its mentions: from the closing `]` of "mentions" to the
// record's end.
template <typename Attributions, typename Entity>
void AppendRecordTail(
    const Attributions& attributions,
    const std::vector<Entity>* const (&lists)[kEntityTypeCount],
    const std::vector<Diagnostic>& diagnostics,
    const internal::EntityJsonFields* fields, std::string* out) {
  out->append(kAttributionsStart);
  for (size_t i = 0; i < attributions.size(); ++i) {
    if (i > 0) out->push_back(',');
    attributions.Append(i, out);
  }
  AppendRecordEnd(lists, diagnostics, fields, out);
}

MentionFields MentionFieldsOf(const Mention& m,
                              const internal::EntityJsonFields* /*fields*/) {
  return {m.type, m.start,      m.end,      m.text,       m.id,
          m.name, m.confidence, m.evidence, m.candidates, {}};
}
MentionFields MentionFieldsOf(const internal::ResolvedMention& m,
                              const internal::EntityJsonFields* fields) {
  MentionFields f{m.type, m.start,      m.end,      m.text,       m.id,
                  m.name, m.confidence, m.evidence, m.candidates, {}};
  if (fields != nullptr && m.gazetteer_entity >= 0)
    f.written_id_and_name = fields->IdAndName(m.gazetteer_entity);
  return f;
}

// A whole record, from a Document or a resolved document: sized once for
// ordinary documents, then head, mentions and tail.
template <typename MentionT, typename Attributions, typename Entity>
void AppendRecord(std::string_view language,
                  const std::vector<MentionT>& mentions,
                  const Attributions& attributions,
                  const std::vector<Entity>* const (&lists)[kEntityTypeCount],
                  const std::vector<Diagnostic>& diagnostics,
                  const internal::EntityJsonFields* fields, std::string_view id,
                  std::string_view meta_json, std::string* out) {
  out->reserve(out->size() + meta_json.size() + 320 + 192 * mentions.size() +
               256 * attributions.size() +
               384 * (lists[0]->size() + lists[1]->size() + lists[2]->size()));
  AppendRecordHead(language, id, meta_json, out);
  for (size_t i = 0; i < mentions.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendMentionFields(MentionFieldsOf(mentions[i], fields), out);
  }
  AppendRecordTail(attributions, lists, diagnostics, fields, out);
}

}  // namespace

std::string JsonRecordHead(const Document& doc, std::string_view id,
                           std::string_view meta_json) {
  std::string out;
  out.reserve(meta_json.size() + 64);
  AppendRecordHead(doc.language, id, meta_json, &out);
  return out;
}

void AppendJsonMention(const Mention& m, std::string* out) {
  AppendMentionFields(MentionFieldsOf(m, nullptr), out);
}

void AppendJsonRecordTail(const Document& doc, std::string* out) {
  const std::vector<DocumentEntity>* lists[kEntityTypeCount] = {
      &doc.states, &doc.agencies, &doc.actors};
  AppendRecordTail(DocumentAttributions{doc.attributions}, lists,
                   doc.diagnostics, nullptr, out);
}

void AppendJsonAttributionsStart(std::string* out) {
  out->append(kAttributionsStart);
}

void AppendJsonAttribution(const Attribution& attribution, std::string* out) {
  AppendAttributionObject(attribution, out);
}

void AppendJsonRecordEnd(const Document& doc, std::string* out) {
  const std::vector<DocumentEntity>* lists[kEntityTypeCount] = {
      &doc.states, &doc.agencies, &doc.actors};
  AppendRecordEnd(lists, doc.diagnostics, nullptr, out);
}

std::string ToJsonRecord(const Document& doc, std::string_view id,
                         std::string_view meta_json) {
  const std::vector<DocumentEntity>* lists[kEntityTypeCount] = {
      &doc.states, &doc.agencies, &doc.actors};
  std::string out;
  AppendRecord(doc.language, doc.mentions,
               DocumentAttributions{doc.attributions}, lists, doc.diagnostics,
               nullptr, id, meta_json, &out);
  return out;
}

namespace internal {

EntityJsonFields::EntityJsonFields(const std::vector<Entity>& entities) {
  starts_.reserve(entities.size() + 1);
  name_ends_.reserve(entities.size());
  for (const Entity& e : entities) {
    starts_.push_back(static_cast<uint32_t>(text_.size()));
    // (Qualified: the class has a member of that name.)
    const attrex::RecordFields r{e.id,   e.name,       e.country,
                                 e.kind, e.attributes, {}};
    char* p = ReserveJson(
        &text_, RecordFieldsBound(r, std::span<const std::string_view>()));
    p = PutIdAndName(p, r);
    name_ends_.push_back(static_cast<uint32_t>(p - text_.data()));
    CommitJson(&text_, PutFieldsAfterName(p, r));
  }
  starts_.push_back(static_cast<uint32_t>(text_.size()));
}

void AppendResolvedJsonRecord(const ResolvedDocument& doc,
                              const EntityJsonFields& fields,
                              std::string_view id, std::string_view meta_json,
                              std::string* out) {
  const auto& e = doc.entities;
  const std::vector<ResolvedEntity>* lists[kEntityTypeCount] = {&e[0], &e[1],
                                                                &e[2]};
  AppendRecord(doc.language, doc.mentions,
               ResolvedAttributions{doc.attributions, doc.attribution_ids},
               lists, doc.diagnostics, &fields, id, meta_json, out);
}

void AppendResolvedJsonMention(const ResolvedMention& mention,
                               const EntityJsonFields& fields, size_t shift,
                               std::string* out) {
  MentionFields f = MentionFieldsOf(mention, &fields);
  f.start += shift;
  f.end += shift;
  AppendMentionFields(f, out);
}

void AppendResolvedJsonAttribution(const ResolvedDocument& doc,
                                   const ResolvedAttribution& a, size_t shift,
                                   std::string* out) {
  AppendResolvedAttribution(doc.attribution_ids, a, shift, out);
}

}  // namespace internal

std::string ErrorJsonRecord(std::string_view id, const Status& status,
                            std::string_view meta_json) {
  return Record(id, meta_json, [&status](JsonObjectWriter* w) {
    JsonObjectWriter error(w->Key("error"));
    error.String("code", StatusCodeName(status.code()));
    error.String("message", status.message());
    error.Close();
  });
}

std::string JsonString(std::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

std::string EntityRecordToJson(const EntityRecord& record) {
  const std::string_view type = EntityTypeName(record.type);
  std::string out;
  const RecordFields fields = FieldsOf(record);
  char* p = ReserveJson(
      &out, RecordFieldsBound(fields, record.aliases) + 16 + type.size());
  p = PutLiteral(p, "{\"type\":\"");
  p = PutBytes(p, type);  // upper-case ASCII: nothing to escape
  p = PutLiteral(p, "\",");
  p = PutRecordFields(p, fields, record.aliases);
  *p++ = '}';
  CommitJson(&out, p);
  return out;
}

}  // namespace attrex
