// The Extractor: the public face of the pipeline
// normalize -> match (gazetteer, patterns) -> resolve.
#include "attrex/extractor.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "attrex/normalize.h"
#include "normalize/normalize_into.h"
#include "resolve/knowledge.h"
#include "resolve/resolver.h"

namespace attrex {

const char* EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kState:
      return "STATE";
    case EntityType::kAgency:
      return "AGENCY";
    case EntityType::kThreatActor:
      return "THREAT_ACTOR";
  }
  return "UNKNOWN";
}

bool ParseEntityType(const std::string& name, EntityType* type) {
  std::string upper;
  for (char c : name)
    upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
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

Extractor::Extractor(std::unique_ptr<ExtractorImpl> impl)
    : impl_(std::move(impl)) {}
Extractor::~Extractor() = default;

Result<std::unique_ptr<Extractor>> Extractor::Create(const Options& options) {
  if (!(options.min_confidence >= 0.0 && options.min_confidence <= 1.0)) {
    return Status(StatusCode::kInvalidArgument,
                  "min_confidence must be in [0, 1]");
  }
  if (options.max_document_bytes == 0 ||
      options.max_document_bytes > 0xFFFFFFF0u) {
    return Status(StatusCode::kInvalidArgument,
                  "max_document_bytes must be between 1 and 4 GiB - 16");
  }
  if (options.window_bytes != 0 && options.window_bytes < 1024) {
    return Status(StatusCode::kInvalidArgument,
                  "window_bytes must be 0 or at least 1024");
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
    return Status(
        StatusCode::kResourceExhausted,
        "document of " + std::to_string(text.size()) +
            " bytes exceeds max_document_bytes (" +
            std::to_string(impl_->knowledge.options.max_document_bytes) + ")");
  }
  const size_t window = impl_->knowledge.options.window_bytes;
  if (window == 0 || text.size() <= window) {
    // Each thread reuses one match view's storage from document to document.
    thread_local NormalizedText normalized;
    internal::NormalizeInto(text, &normalized);
    return internal::Resolve(impl_->knowledge, text, normalized);
  }
  return ExtractInWindows(text, window);
}

namespace {

// Where the window starting at `begin` ends: after the last paragraph break
// in its second half, else the last line break, full stop or space there,
// else at a character boundary at the full size.
size_t WindowEnd(std::string_view text, size_t begin, size_t window) {
  const size_t limit = begin + window;
  if (limit >= text.size()) return text.size();
  const size_t floor = begin + window / 2;
  for (const std::string_view cut : {"\n\n", "\n", ". ", " "}) {
    const size_t found = text.rfind(cut, limit - cut.size());
    if (found != std::string_view::npos && found >= floor)
      return found + cut.size();
  }
  size_t end = limit;
  while (end > begin + 1 &&
         (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  return end;
}

}  // namespace

Document Extractor::ExtractInWindows(std::string_view text,
                                     size_t window) const {
  const Options& options = impl_->knowledge.options;
  Document doc;
  std::vector<DocumentEntity>* lists[kEntityTypeCount] = {
      &doc.states, &doc.agencies, &doc.actors};
  std::unordered_map<std::string, size_t>
      slots[kEntityTypeCount];  // id -> index
  std::map<std::string, size_t> language_bytes;
  std::unordered_set<std::string> statements;  // attributions kept
  size_t invalid_bytes = 0;
  bool limit_reached = false;
  for (size_t begin = 0; begin < text.size() && !limit_reached;) {
    const size_t end = WindowEnd(text, begin, window);
    const std::string_view part_text = text.substr(begin, end - begin);
    Document part;
    {
      thread_local NormalizedText normalized;
      internal::NormalizeInto(part_text, &normalized);
      invalid_bytes += normalized.invalid_bytes();
      part = internal::Resolve(impl_->knowledge, part_text, normalized);
    }
    language_bytes[part.language] += part_text.size();
    for (Mention& m : part.mentions) {
      if (doc.mentions.size() >= options.max_mentions) {
        limit_reached = true;
        break;
      }
      m.start += begin;
      m.end += begin;
      doc.mentions.push_back(std::move(m));
    }
    for (Attribution& a : part.attributions) {
      // As within a window, the same statement repeated is one record.
      std::string key;
      for (const auto* list : {&a.actors, &a.attributing, &a.targets}) {
        for (const std::string& id : *list) key += id + '\x1f';
        key += '\x1e';
      }
      key += a.sponsor;
      if (!statements.insert(std::move(key)).second) continue;
      a.start += begin;
      a.end += begin;
      doc.attributions.push_back(std::move(a));
    }
    for (int t = 0; t < kEntityTypeCount; ++t) {
      std::vector<DocumentEntity>& from = t == 0   ? part.states
                                          : t == 1 ? part.agencies
                                                   : part.actors;
      for (DocumentEntity& e : from) {
        auto [it, inserted] = slots[t].emplace(e.record.id, lists[t]->size());
        if (inserted) {
          lists[t]->push_back(std::move(e));
          continue;
        }
        DocumentEntity& into = (*lists[t])[it->second];
        into.mention_count += e.mention_count;
        into.confidence = std::max(into.confidence, e.confidence);
        into.known = into.known && e.known;
        for (std::string& alias : e.record.aliases) {
          auto& aliases = into.record.aliases;
          if (std::find(aliases.begin(), aliases.end(), alias) ==
              aliases.end()) {
            aliases.push_back(std::move(alias));
          }
        }
      }
    }
    for (Diagnostic& d : part.diagnostics) {
      if (d.code == "mention_limit") limit_reached = true;
      if (d.code == "invalid_utf8" || d.code == "mention_limit") continue;
      const bool seen =
          std::any_of(doc.diagnostics.begin(), doc.diagnostics.end(),
                      [&](const Diagnostic& x) { return x.code == d.code; });
      if (!seen) doc.diagnostics.push_back(std::move(d));
    }
    begin = end;
  }
  // The language of most of the text (windows whose language was unclear
  // count for nothing).
  size_t best = 0;
  for (const auto& [language, bytes] : language_bytes) {
    if (!language.empty() && bytes > best) {
      best = bytes;
      doc.language = language;
    }
  }
  if (!options.language.empty()) doc.language = options.language;
  if (invalid_bytes > 0) {
    doc.diagnostics.insert(
        doc.diagnostics.begin(),
        {"invalid_utf8", internal::InvalidUtf8Message(invalid_bytes)});
  }
  if (limit_reached) {
    doc.diagnostics.push_back(
        {"mention_limit", "stopped after " +
                              std::to_string(options.max_mentions) +
                              " mentions (Options::max_mentions)"});
  }
  return doc;
}

std::vector<EntityRecord> Extractor::Lookup(std::string_view name) const {
  const auto& g = impl_->knowledge.gazetteer;
  std::vector<uint32_t> found;
  const int64_t key = g.matcher().FindExact(internal::FoldKey(name));
  if (key >= 0) {
    auto [first, last] = g.AliasesOfKey(static_cast<uint32_t>(key));
    for (const uint32_t* a = first; a != last; ++a) {
      const uint32_t e = g.aliases()[*a].entity;
      if (std::find(found.begin(), found.end(), e) == found.end())
        found.push_back(e);
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
      out[static_cast<size_t>(slot[alias.entity])].aliases.push_back(
          alias.name);
    }
  }
  std::sort(
      out.begin(), out.end(),
      [](const EntityRecord& a, const EntityRecord& b) { return a.id < b.id; });
  return out;
}

const DataStats& Extractor::stats() const { return impl_->stats; }
const Options& Extractor::options() const { return impl_->knowledge.options; }

}  // namespace attrex
