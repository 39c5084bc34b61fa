// The Extractor: the public face of the pipeline
// normalize -> match (gazetteer, patterns) -> resolve.
#include "attrex/extractor.h"

#include <algorithm>

#include "attrex/normalize.h"
#include "resolve/knowledge.h"
#include "resolve/resolver.h"

namespace attrex {

const char* EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kState: return "STATE";
    case EntityType::kAgency: return "AGENCY";
    case EntityType::kThreatActor: return "THREAT_ACTOR";
  }
  return "UNKNOWN";
}

bool ParseEntityType(const std::string& name, EntityType* type) {
  std::string upper;
  for (char c : name) upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  if (upper == "STATE" || upper == "STATES") {
    *type = EntityType::kState;
  } else if (upper == "AGENCY" || upper == "AGENCIES") {
    *type = EntityType::kAgency;
  } else if (upper == "THREAT_ACTOR" || upper == "ACTOR" || upper == "ACTORS" ||
             upper == "THREAT_ACTORS") {
    *type = EntityType::kThreatActor;
  } else {
    return false;
  }
  return true;
}

class ExtractorImpl {
 public:
  internal::Knowledge knowledge;
  DataStats stats;

  EntityRecord Record(uint32_t index) const {
    const internal::Entity& e = knowledge.gazetteer.entities()[index];
    EntityRecord r;
    r.type = e.type;
    r.id = e.id;
    r.name = e.name;
    r.country = e.country;
    r.kind = e.kind;
    r.attributes = e.attributes;
    return r;
  }
};

Extractor::Extractor(std::unique_ptr<ExtractorImpl> impl) : impl_(std::move(impl)) {}
Extractor::~Extractor() = default;

Result<std::unique_ptr<Extractor>> Extractor::Create(const Options& options) {
  if (!(options.min_confidence >= 0.0 && options.min_confidence <= 1.0)) {
    return Status(StatusCode::kInvalidArgument, "min_confidence must be in [0, 1]");
  }
  if (options.max_document_bytes == 0 || options.max_document_bytes > 0xFFFFFFF0u) {
    return Status(StatusCode::kInvalidArgument,
                  "max_document_bytes must be between 1 and 4 GiB - 16");
  }
  auto impl = std::make_unique<ExtractorImpl>();
  Status status = impl->knowledge.Build(options);
  if (!status.ok()) return status;
  const auto& g = impl->knowledge.gazetteer;
  DataStats& stats = impl->stats;
  for (const auto& e : g.entities()) ++stats.entities[static_cast<int>(e.type)];
  stats.names = g.aliases().size();
  stats.matcher_nodes = g.matcher().node_count();
  stats.matcher_bytes = g.matcher().MemoryBytes();
  stats.patterns = impl->knowledge.patterns.size();
  stats.warnings = g.warnings();
  return std::unique_ptr<Extractor>(new Extractor(std::move(impl)));
}

Result<Document> Extractor::Extract(std::string_view text) const {
  if (text.size() > impl_->knowledge.options.max_document_bytes) {
    return Status(StatusCode::kResourceExhausted,
                  "document of " + std::to_string(text.size()) +
                      " bytes exceeds max_document_bytes (" +
                      std::to_string(impl_->knowledge.options.max_document_bytes) + ")");
  }
  const NormalizedText normalized = Normalize(text);
  return internal::Resolve(impl_->knowledge, text, normalized);
}

std::vector<EntityRecord> Extractor::Lookup(std::string_view name) const {
  const auto& g = impl_->knowledge.gazetteer;
  std::vector<uint32_t> found;
  const int64_t key = g.matcher().FindExact(internal::FoldKey(name));
  if (key >= 0) {
    auto [first, last] = g.AliasesOfKey(static_cast<uint32_t>(key));
    for (const uint32_t* a = first; a != last; ++a) {
      const uint32_t e = g.aliases()[*a].entity;
      if (std::find(found.begin(), found.end(), e) == found.end()) found.push_back(e);
    }
  }
  for (int t = 0; t < kEntityTypeCount; ++t) {
    const int64_t e = g.FindEntity(static_cast<EntityType>(t), name);
    if (e >= 0 && std::find(found.begin(), found.end(), e) == found.end()) {
      found.push_back(static_cast<uint32_t>(e));
    }
  }
  std::vector<EntityRecord> out;
  for (uint32_t e : found) {
    EntityRecord r = impl_->Record(e);
    for (const auto& alias : g.aliases()) {
      if (alias.entity == e) r.aliases.push_back(alias.name);
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<EntityRecord> Extractor::List(EntityType type) const {
  const auto& g = impl_->knowledge.gazetteer;
  std::vector<EntityRecord> out;
  std::vector<int64_t> slot(g.entities().size(), -1);
  for (uint32_t e = 0; e < g.entities().size(); ++e) {
    if (g.entities()[e].type != type) continue;
    slot[e] = static_cast<int64_t>(out.size());
    out.push_back(impl_->Record(e));
  }
  for (const auto& alias : g.aliases()) {
    if (slot[alias.entity] >= 0) {
      out[static_cast<size_t>(slot[alias.entity])].aliases.push_back(alias.name);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const EntityRecord& a, const EntityRecord& b) { return a.id < b.id; });
  return out;
}

const DataStats& Extractor::stats() const { return impl_->stats; }
const Options& Extractor::options() const { return impl_->knowledge.options; }

}  // namespace attrex
