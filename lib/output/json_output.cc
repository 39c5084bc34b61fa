// JSON records with nlohmann-json; raw "meta" JSON is spliced in unparsed so that
// pass-through fields keep their exact text.
#include <nlohmann/json.hpp>

#include "attrex/output.h"

namespace attrex {
namespace {

using nlohmann::ordered_json;

std::string Dump(const ordered_json& j) {
  // replace: invalid UTF-8 becomes U+FFFD rather than an exception.
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

ordered_json RecordJson(const EntityRecord& r) {
  ordered_json j;
  j["id"] = r.id;
  j["name"] = r.name;
  j["country"] = r.country;
  j["kind"] = r.kind;
  ordered_json attributes = ordered_json::object();
  for (const auto& [key, value] : r.attributes) attributes[key] = value;
  j["attributes"] = std::move(attributes);
  j["aliases"] = r.aliases;
  return j;
}

ordered_json EntityJson(const DocumentEntity& e) {
  ordered_json j = RecordJson(e.record);
  j["mentions"] = e.mention_count;
  j["known"] = e.known;
  j["confidence"] = e.confidence;
  return j;
}

// {"id": ...} then the raw meta, then the rest of `body` (an object dump).
std::string WithMeta(std::string_view id, std::string_view meta_json, const ordered_json& body) {
  ordered_json head;
  head["id"] = std::string(id);
  std::string out = Dump(head);
  out.pop_back();  // '}'
  if (!meta_json.empty()) {
    out += ",\"meta\":";
    out += meta_json;
  }
  const std::string rest = Dump(body);
  if (rest.size() > 2) {
    out += ',';
    out.append(rest, 1, std::string::npos);
  } else {
    out += '}';
  }
  return out;
}

}  // namespace

std::string ToJsonRecord(const Document& doc, std::string_view id, std::string_view meta_json) {
  ordered_json body;
  body["language"] = doc.language;
  ordered_json mentions = ordered_json::array();
  for (const Mention& m : doc.mentions) {
    ordered_json j;
    j["type"] = EntityTypeName(m.type);
    j["start"] = m.start;
    j["end"] = m.end;
    j["text"] = m.text;
    j["id"] = m.id;
    j["name"] = m.name;
    j["confidence"] = m.confidence;
    j["evidence"] = m.evidence;
    if (!m.candidates.empty()) j["candidates"] = m.candidates;
    mentions.push_back(std::move(j));
  }
  body["mentions"] = std::move(mentions);
  ordered_json attributions = ordered_json::array();
  for (const Attribution& a : doc.attributions) {
    ordered_json j;
    j["attributing"] = a.attributing;
    j["actors"] = a.actors;
    j["sponsor"] = a.sponsor.empty() ? ordered_json(nullptr) : ordered_json(a.sponsor);
    j["targets"] = a.targets;
    j["start"] = a.start;
    j["end"] = a.end;
    j["confidence"] = a.confidence;
    j["cue"] = a.cue;
    attributions.push_back(std::move(j));
  }
  body["attributions"] = std::move(attributions);
  for (const auto& [key, list] : {std::make_pair("states", &doc.states),
                                  std::make_pair("agencies", &doc.agencies),
                                  std::make_pair("actors", &doc.actors)}) {
    ordered_json entities = ordered_json::array();
    for (const DocumentEntity& e : *list) entities.push_back(EntityJson(e));
    body[key] = std::move(entities);
  }
  if (!doc.diagnostics.empty()) {
    ordered_json diagnostics = ordered_json::array();
    for (const Diagnostic& d : doc.diagnostics) {
      diagnostics.push_back({{"code", d.code}, {"message", d.message}});
    }
    body["diagnostics"] = std::move(diagnostics);
  }
  return WithMeta(id, meta_json, body);
}

std::string ErrorJsonRecord(std::string_view id, const Status& status,
                            std::string_view meta_json) {
  ordered_json body;
  body["error"] = {{"code", StatusCodeName(status.code())}, {"message", status.message()}};
  return WithMeta(id, meta_json, body);
}

std::string JsonString(std::string_view s) { return Dump(ordered_json(std::string(s))); }

std::string EntityRecordToJson(const EntityRecord& record) {
  ordered_json j;
  j["type"] = EntityTypeName(record.type);
  const ordered_json fields = RecordJson(record);
  for (const auto& [key, value] : fields.items()) j[key] = value;
  return Dump(j);
}

}  // namespace attrex
