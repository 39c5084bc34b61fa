// JSON records, written directly (output/json_writer.h); raw "meta" JSON is
// spliced in unparsed so that pass-through fields keep their exact text.
#include <string>
#include <vector>

#include "attrex/output.h"
#include "output/json_writer.h"

namespace attrex {
namespace {

using internal::AppendJsonString;
using internal::JsonObjectWriter;

// The fields of a record after its type: id, name, country, kind, attributes,
// aliases. An attribute key given twice keeps its first place and its last
// value (a JSON object has one value per key).
void WriteRecordFields(const EntityRecord& r, JsonObjectWriter* w) {
  w->String("id", r.id);
  w->String("name", r.name);
  w->String("country", r.country);
  w->String("kind", r.kind);
  std::string* out = w->Key("attributes");
  JsonObjectWriter attributes(out);
  for (size_t i = 0; i < r.attributes.size(); ++i) {
    const std::string& key = r.attributes[i].first;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; ++j) seen = r.attributes[j].first == key;
    if (seen) continue;
    const std::string* value = &r.attributes[i].second;
    for (size_t j = i + 1; j < r.attributes.size(); ++j) {
      if (r.attributes[j].first == key) value = &r.attributes[j].second;
    }
    attributes.String(key, *value);
  }
  attributes.Close();
  w->StringArray("aliases", r.aliases);
}

void WriteEntity(const DocumentEntity& e, JsonObjectWriter* w) {
  WriteRecordFields(e.record, w);
  w->Number("mentions", e.mention_count);
  w->Bool("known", e.known);
  w->Number("confidence", e.confidence);
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

}  // namespace

std::string JsonRecordHead(const Document& doc, std::string_view id,
                           std::string_view meta_json) {
  std::string out;
  out.reserve(meta_json.size() + 64);
  JsonObjectWriter w(&out);
  w.String("id", id);
  if (!meta_json.empty()) w.Raw("meta", meta_json);
  w.String("language", doc.language);
  w.Key("mentions")->push_back('[');
  return out;
}

void AppendJsonMention(const Mention& m, std::string* out) {
  JsonObjectWriter j(out);
  j.String("type", EntityTypeName(m.type));
  j.Number("start", m.start);
  j.Number("end", m.end);
  j.String("text", m.text);
  j.String("id", m.id);
  j.String("name", m.name);
  j.Number("confidence", m.confidence);
  j.String("evidence", m.evidence);
  if (!m.candidates.empty()) j.StringArray("candidates", m.candidates);
  j.Close();
}

void AppendJsonRecordTail(const Document& doc, std::string* out) {
  out->push_back(']');
  JsonObjectWriter w = JsonObjectWriter::Continuing(out);
  WriteArray(w.Key("attributions"), doc.attributions,
             [](const Attribution& a, JsonObjectWriter* j) {
               j->StringArray("attributing", a.attributing);
               j->StringArray("actors", a.actors);
               if (a.sponsor.empty()) {
                 j->Null("sponsor");
               } else {
                 j->String("sponsor", a.sponsor);
               }
               j->StringArray("targets", a.targets);
               j->Number("start", a.start);
               j->Number("end", a.end);
               j->Number("confidence", a.confidence);
               j->String("cue", a.cue);
             });
  for (const auto& [key, list] : {std::make_pair("states", &doc.states),
                                  std::make_pair("agencies", &doc.agencies),
                                  std::make_pair("actors", &doc.actors)}) {
    WriteArray(w.Key(key), *list, WriteEntity);
  }
  if (!doc.diagnostics.empty()) {
    WriteArray(w.Key("diagnostics"), doc.diagnostics,
               [](const Diagnostic& d, JsonObjectWriter* j) {
                 j->String("code", d.code);
                 j->String("message", d.message);
               });
  }
  w.Close();
}

std::string ToJsonRecord(const Document& doc, std::string_view id,
                         std::string_view meta_json) {
  std::string out = JsonRecordHead(doc, id, meta_json);
  out.reserve(
      out.size() + 256 + 192 * doc.mentions.size() +
      256 * doc.attributions.size() +
      384 * (doc.states.size() + doc.agencies.size() + doc.actors.size()));
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonMention(doc.mentions[i], &out);
  }
  AppendJsonRecordTail(doc, &out);
  return out;
}

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
  std::string out;
  JsonObjectWriter w(&out);
  w.String("type", EntityTypeName(record.type));
  WriteRecordFields(record, &w);
  w.Close();
  return out;
}

}  // namespace attrex
