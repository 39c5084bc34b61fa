// STIX 2.1 bundles: a report per document, intrusion-sets for actors,
// identities for agencies, locations for states, and the relationships the data
// knows.
#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <unordered_map>

#include "attrex/output.h"
#include "output/uuid5.h"

namespace attrex {
namespace {

using nlohmann::ordered_json;

// attrex's own UUIDv5 namespace (itself the UUIDv5 of "attrex" in the URL
// namespace), so that the same record always gets the same STIX id.
constexpr const char* kNamespace = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

std::string StixId(const std::string& type, const std::string& key) {
  static const std::string attrex_namespace =
      internal::Uuid5(kNamespace, "attrex");
  return type + "--" + internal::Uuid5(attrex_namespace, type + ":" + key);
}

std::string Dump(const ordered_json& j) {
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace

class StixBundleWriter::Impl {
 public:
  explicit Impl(std::string timestamp) : timestamp_(std::move(timestamp)) {}

  // The STIX id of the record (type, key), computed once: the same records
  // come back document after document, and an id is a SHA-1 (a tenth of
  // writing a bundle when it was computed at every mention of a record).
  std::string Id(const std::string& type, const std::string& key) {
    id_key_.assign(type);
    id_key_ += '\n';
    id_key_ += key;
    if (const auto it = ids_.find(id_key_); it != ids_.end()) return it->second;
    std::string id = StixId(type, key);
    ids_.emplace(id_key_, id);
    return id;
  }

  // True the first time `id` is met: its object is the next one added.
  bool Added(const std::string& id) {
    return position_.emplace(id, objects_.size()).second;
  }

  ordered_json Base(const std::string& type, const std::string& id) const {
    ordered_json j;
    j["type"] = type;
    j["spec_version"] = "2.1";
    j["id"] = id;
    j["created"] = timestamp_;
    j["modified"] = timestamp_;
    return j;
  }

  // The location of a state, added once.
  std::string Location(const std::string& iso, const std::string& name) {
    const std::string id = Id("location", iso);
    if (Added(id)) {
      ordered_json j = Base("location", id);
      j["name"] = name.empty() ? iso : name;
      j["country"] = iso;
      objects_.push_back(std::move(j));
    }
    return id;
  }

  std::string Relationship(const std::string& type, const std::string& source,
                           const std::string& target) {
    const std::string id =
        Id("relationship", type + ":" + source + ":" + target);
    if (Added(id)) {
      ordered_json j = Base("relationship", id);
      j["relationship_type"] = type;
      j["source_ref"] = source;
      j["target_ref"] = target;
      objects_.push_back(std::move(j));
    }
    return id;
  }

  std::string Entity(const DocumentEntity& e, std::vector<std::string>* refs) {
    const EntityRecord& r = e.record;
    std::string id;
    switch (r.type) {
      case EntityType::kState:
        return Location(r.id, r.name);
      case EntityType::kAgency:
        id = Id("identity", r.id);
        if (Added(id)) {
          ordered_json j = Base("identity", id);
          j["name"] = r.name;
          j["identity_class"] = "organization";
          j["sectors"] = {"government-national"};
          objects_.push_back(std::move(j));
        }
        if (!r.country.empty()) {
          refs->push_back(
              Relationship("located-at", id, Location(r.country, "")));
          refs->push_back(Location(r.country, ""));
        }
        return id;
      case EntityType::kThreatActor:
        id = Id("intrusion-set", r.id);
        if (Added(id)) {
          ordered_json j = Base("intrusion-set", id);
          j["name"] = r.name;
          if (!r.aliases.empty()) j["aliases"] = r.aliases;
          ordered_json refs_json = ordered_json::array();
          for (const auto& [key, value] : r.attributes) {
            if (key == "mitre") {
              refs_json.push_back(
                  {{"source_name", "mitre-attack"},
                   {"external_id", value},
                   {"url", "https://attack.mitre.org/groups/" + value}});
            }
          }
          if (!refs_json.empty())
            j["external_references"] = std::move(refs_json);
          objects_.push_back(std::move(j));
        }
        if (!r.country.empty()) {
          // The sponsor state the data records for the actor.
          refs->push_back(
              Relationship("originates-from", id, Location(r.country, "")));
          refs->push_back(Location(r.country, ""));
        }
        return id;
    }
    return id;
  }

  void AddDocument(std::string_view doc_id, const Document& doc) {
    std::vector<std::string> refs;
    for (const auto* list : {&doc.actors, &doc.agencies, &doc.states}) {
      for (const DocumentEntity& e : *list) refs.push_back(Entity(e, &refs));
    }
    AddAttributions(doc, &refs);
    if (refs.empty()) return;  // a report must refer to something
    std::sort(refs.begin(), refs.end());
    refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
    ordered_json report = Base("report", StixId("report", std::string(doc_id)));
    report["name"] = std::string(doc_id);
    report["report_types"] = {"threat-report"};
    report["published"] = timestamp_;
    report["object_refs"] = refs;
    // Kept as text: a report is never changed again, and its JSON tree would
    // take ten times the memory over a long run.
    all_report_ids_ += report["id"].get<std::string>();
    reports_.push_back(Dump(report));
  }

  // The identity of a state as an actor in the world (an attributing or
  // sponsoring government), distinct from its location.
  std::string StateIdentity(const std::string& iso, const Document& doc) {
    const std::string id = Id("identity", "state:" + iso);
    if (Added(id)) {
      std::string name = iso;
      for (const DocumentEntity& e : doc.states) {
        if (e.record.id == iso) name = e.record.name;
      }
      ordered_json j = Base("identity", id);
      j["name"] = "Government of " + name;
      j["identity_class"] = "organization";
      j["sectors"] = {"government-national"};
      objects_.push_back(std::move(j));
    }
    return id;
  }

  // An attribution: the actors are `attributed-to` the sponsor state's
  // government (the relationship created by the attributing party), and
  // `targets` what they attacked.
  void AddAttributions(const Document& doc, std::vector<std::string>* refs) {
    auto agency_or_state = [&](const std::string& id) -> std::string {
      for (const DocumentEntity& e : doc.agencies) {
        if (e.record.id == id) return Id("identity", id);
      }
      if (id.size() == 2 && id[0] >= 'A' && id[0] <= 'Z')
        return StateIdentity(id, doc);
      return "";
    };
    for (const Attribution& a : doc.attributions) {
      std::string creator;
      if (!a.attributing.empty()) creator = agency_or_state(a.attributing[0]);
      if (!creator.empty()) refs->push_back(creator);
      for (const std::string& actor : a.actors) {
        const std::string actor_ref = Id("intrusion-set", actor);
        if (!a.sponsor.empty()) {
          const std::string sponsor = StateIdentity(a.sponsor, doc);
          refs->push_back(sponsor);
          const std::string rel =
              Relationship("attributed-to", actor_ref, sponsor);
          refs->push_back(rel);
          if (!creator.empty()) SetCreator(rel, creator);
        }
        for (const std::string& target : a.targets) {
          std::string target_ref;
          if (target.size() == 2 && target[0] >= 'A' && target[0] <= 'Z') {
            target_ref = Location(target, "");
          } else if (target.rfind("sector:", 0) != 0) {
            target_ref = agency_or_state(target);
          }
          if (target_ref.empty()) continue;
          refs->push_back(target_ref);
          const std::string rel =
              Relationship("targets", actor_ref, target_ref);
          refs->push_back(rel);
          if (!creator.empty()) SetCreator(rel, creator);
        }
      }
    }
  }

  void SetCreator(const std::string& object_id, const std::string& creator) {
    const auto it = position_.find(object_id);
    if (it == position_.end()) return;
    ordered_json& o = objects_[it->second];
    if (!o.contains("created_by_ref")) o["created_by_ref"] = creator;
  }

  // {"type":"bundle","id":...,"objects":[reports..., objects...]}, written
  // piece by piece.
  void Write(const std::function<void(std::string_view)>& write) const {
    ordered_json head;
    head["type"] = "bundle";
    head["id"] = StixId("bundle", all_report_ids_);
    std::string text = Dump(head);
    text.pop_back();  // the closing brace: the objects follow
    text += ",\"objects\":[";
    write(text);
    bool first = true;
    for (const std::string& report : reports_) {
      if (!first) write(",");
      first = false;
      write(report);
    }
    for (const ordered_json& object : objects_) {
      if (!first) write(",");
      first = false;
      write(Dump(object));
    }
    write("]}");
  }

 private:
  std::string timestamp_;
  // Each object's place in objects_, by id: objects are made once, and found
  // again without a scan (a scan per relationship made a run quadratic).
  std::unordered_map<std::string, size_t> position_;
  std::unordered_map<std::string, std::string> ids_;  // Id's, by type\nkey
  std::string id_key_;                                // Id's buffer
  std::vector<ordered_json> objects_;
  std::vector<std::string> reports_;  // as JSON text
  std::string all_report_ids_;        // what the bundle's id is made of
};

StixBundleWriter::StixBundleWriter(std::string timestamp)
    : impl_(std::make_unique<Impl>(std::move(timestamp))) {}
StixBundleWriter::~StixBundleWriter() = default;
void StixBundleWriter::AddDocument(std::string_view doc_id,
                                   const Document& doc) {
  impl_->AddDocument(doc_id, doc);
}
std::string StixBundleWriter::Finish() const {
  std::string out;
  impl_->Write([&out](std::string_view piece) { out += piece; });
  return out;
}
void StixBundleWriter::Finish(std::ostream& out) const {
  impl_->Write([&out](std::string_view piece) {
    out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
  });
}

}  // namespace attrex
