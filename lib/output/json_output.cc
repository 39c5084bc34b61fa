// JSON records, written directly (output/json_writer.h); raw "meta" JSON is
// spliced in unparsed so that pass-through fields keep their exact text.
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

void WriteEntity(const DocumentEntity& e, std::string* out) {
  JsonObjectWriter w(out);
  WriteRecordFields(e.record, &w);
  w.Number("mentions", e.mention_count);
  w.Bool("known", e.known);
  w.Number("confidence", e.confidence);
  w.Close();
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

std::string ToJsonRecord(const Document& doc, std::string_view id,
                         std::string_view meta_json) {
  return Record(
      id, meta_json,
      [&doc](JsonObjectWriter* w) {
        w->String("language", doc.language);
        std::string* out = w->Key("mentions");
        out->push_back('[');
        for (size_t i = 0; i < doc.mentions.size(); ++i) {
          const Mention& m = doc.mentions[i];
          if (i > 0) out->push_back(',');
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
        out->push_back(']');
        out = w->Key("attributions");
        out->push_back('[');
        for (size_t i = 0; i < doc.attributions.size(); ++i) {
          const Attribution& a = doc.attributions[i];
          if (i > 0) out->push_back(',');
          JsonObjectWriter j(out);
          j.StringArray("attributing", a.attributing);
          j.StringArray("actors", a.actors);
          if (a.sponsor.empty()) {
            j.Null("sponsor");
          } else {
            j.String("sponsor", a.sponsor);
          }
          j.StringArray("targets", a.targets);
          j.Number("start", a.start);
          j.Number("end", a.end);
          j.Number("confidence", a.confidence);
          j.String("cue", a.cue);
          j.Close();
        }
        out->push_back(']');
        for (const auto& [key, list] :
             {std::make_pair("states", &doc.states),
              std::make_pair("agencies", &doc.agencies),
              std::make_pair("actors", &doc.actors)}) {
          out = w->Key(key);
          out->push_back('[');
          for (size_t i = 0; i < list->size(); ++i) {
            if (i > 0) out->push_back(',');
            WriteEntity((*list)[i], out);
          }
          out->push_back(']');
        }
        if (!doc.diagnostics.empty()) {
          out = w->Key("diagnostics");
          out->push_back('[');
          for (size_t i = 0; i < doc.diagnostics.size(); ++i) {
            if (i > 0) out->push_back(',');
            JsonObjectWriter j(out);
            j.String("code", doc.diagnostics[i].code);
            j.String("message", doc.diagnostics[i].message);
            j.Close();
          }
          out->push_back(']');
        }
      },
      /*size_hint=*/256 + 192 * doc.mentions.size() +
          256 * doc.attributions.size() +
          384 * (doc.states.size() + doc.agencies.size() + doc.actors.size()));
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
