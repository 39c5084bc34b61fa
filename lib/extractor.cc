// The Extractor: the public face of the pipeline
// normalize -> match (gazetteer, patterns) -> resolve.
#include "attrex/extractor.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "attrex/normalize.h"
#include "attrex/output.h"
#include "common/strings.h"
#include "normalize/normalize_into.h"
#include "output/json_record.h"
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
  internal::EntityJsonFields entity_json;  // of knowledge.gazetteer

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
  impl->entity_json = internal::EntityJsonFields(g.entities());
  return std::unique_ptr<Extractor>(new Extractor(std::move(impl)));
}

namespace {

std::string TooLargeMessage(size_t bytes, size_t limit) {
  return "document of " + std::to_string(bytes) +
         " bytes exceeds max_document_bytes (" + std::to_string(limit) + ")";
}

// Each thread reuses one match view's storage from document to document.
NormalizedText& ThreadNormalized() {
  thread_local NormalizedText normalized;
  return normalized;
}

// Where the window starting at `begin` ends: after the last paragraph break
// in its second half, else the last line break, full stop or space there,
// else at a character boundary at the full size. Reads no byte past
// begin + window, so a stream holding a little more than a window cuts where
// the whole text would be cut.
size_t WindowEnd(std::string_view text, size_t begin, size_t window) {
  const size_t limit = begin + window;
  if (limit >= text.size()) return text.size();
  const size_t floor = begin + window / 2;
  // Searched in the second half only: a search back to the text's start for
  // a break it does not have would make a long line quadratic.
  const std::string_view half = text.substr(floor, limit - floor);
  for (const std::string_view cut : {"\n\n", "\n", ". ", " "}) {
    const size_t found = internal::FindLast(half, cut);
    if (found != std::string_view::npos) return floor + found + cut.size();
  }
  size_t end = limit;
  while (end > begin + 1 &&
         (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  return end;
}

// The documents of a text's windows joined into the text's document, one
// window at a time: offsets shifted, one entity record per id, a statement
// repeated in several windows kept once, the language of most of the bytes.
// With `json_fields` (those of the extractor's gazetteer), the mentions and
// attribution records are kept as the JSON of a record's arrays instead
// (TakeJsonMentions, TakeJsonAttributions), written straight from each
// window's resolved document: a Mention object per mention, with its strings,
// was a sixth of a long document's extraction, and an Attribution's lists
// were most of the allocations left there.
class WindowMerger {
 public:
  explicit WindowMerger(const Options& options,
                        const internal::EntityJsonFields* json_fields = nullptr)
      : options_(options), json_fields_(json_fields) {}

  // False once the mention limit is reached: later windows are not needed.
  bool more_wanted() const { return !limit_reached_; }

  // Extracts the window text[begin, begin + part_text.size()) and adds it.
  void ExtractAndAdd(const internal::Knowledge& knowledge,
                     std::string_view part_text, size_t begin) {
    NormalizedText& normalized = ThreadNormalized();
    internal::NormalizeInto(part_text, &normalized);
    invalid_bytes_ += normalized.invalid_bytes();
    // The thread's, reused from window to window.
    thread_local internal::ResolvedDocument part;
    internal::Resolve(knowledge, part_text, normalized, &part);
    Add(part, begin, part_text.size());
  }

  // With json_fields: what ExtractWhole returns for a text of at most one
  // window, its mentions and attribution records kept as JSON.
  Document ExtractWholeAsJson(const internal::Knowledge& knowledge,
                              std::string_view text) {
    NormalizedText& normalized = ThreadNormalized();
    internal::NormalizeInto(text, &normalized);
    internal::ResolvedDocument whole =
        internal::Resolve(knowledge, text, normalized);
    AddJsonMentions(whole, 0);
    whole.mentions.clear();
    for (const internal::ResolvedAttribution& a : whole.attributions)
      AddJsonAttribution(whole, a, 0);
    whole.attributions.clear();
    return internal::ToDocument(std::move(whole));
  }

  std::vector<Mention>& mentions() { return doc_.mentions; }
  std::vector<Attribution>& attributions() { return doc_.attributions; }
  // With json_fields: appends the mentions found so far to *json, each
  // object after a comma but the first of all.
  void TakeJsonMentions(std::string* json) { MoveJson(&mentions_json_, json); }
  // The same for the attribution records.
  void TakeJsonAttributions(std::string* json) {
    MoveJson(&attributions_json_, json);
  }

  Document Finish() {
    // The language of most of the text (windows whose language was unclear
    // count for nothing).
    size_t best = 0;
    for (const auto& [language, bytes] : language_bytes_) {
      if (!language.empty() && bytes > best) {
        best = bytes;
        doc_.language = language;
      }
    }
    if (!options_.language.empty()) doc_.language = options_.language;
    if (invalid_bytes_ > 0) {
      doc_.diagnostics.insert(
          doc_.diagnostics.begin(),
          {"invalid_utf8", internal::InvalidUtf8Message(invalid_bytes_)});
    }
    if (limit_reached_) {
      doc_.diagnostics.push_back(
          {"mention_limit", "stopped after " +
                                std::to_string(options_.max_mentions) +
                                " mentions (Options::max_mentions)"});
    }
    return std::move(doc_);
  }

 private:
  static void MoveJson(std::string* from, std::string* to) {
    if (to->empty()) {
      to->swap(*from);
    } else {
      to->append(*from);
    }
    from->clear();
  }

  void AddJsonAttribution(const internal::ResolvedDocument& part,
                          const internal::ResolvedAttribution& a,
                          size_t begin) {
    if (json_attribution_written_) attributions_json_.push_back(',');
    json_attribution_written_ = true;
    internal::AppendResolvedJsonAttribution(part, a, begin,
                                            &attributions_json_);
  }

  // The mentions of a window as JSON, as Add would take them.
  void AddJsonMentions(const internal::ResolvedDocument& part, size_t begin) {
    for (const internal::ResolvedMention& m : part.mentions) {
      if (mention_count_ >= options_.max_mentions) {
        limit_reached_ = true;
        break;
      }
      ++mention_count_;
      if (json_mention_written_) mentions_json_.push_back(',');
      json_mention_written_ = true;
      internal::AppendResolvedJsonMention(m, *json_fields_, begin,
                                          &mentions_json_);
    }
  }

  // Adds a window's resolved document: the public Mention, DocumentEntity
  // and Attribution of each part are made only when the merged document
  // takes it (an entity already merged, or a statement already made, is
  // merged from the views; a Document per window allocated for all of them).
  void Add(internal::ResolvedDocument& part, size_t begin, size_t bytes) {
    language_bytes_[part.language] += bytes;
    if (json_fields_ != nullptr) {
      AddJsonMentions(part, begin);
    } else {
      if (doc_.mentions.empty()) {
        doc_.mentions.reserve(std::min(part.mentions.size(),
                                       options_.max_mentions - mention_count_));
      }
      for (internal::ResolvedMention& m : part.mentions) {
        if (mention_count_ >= options_.max_mentions) {
          limit_reached_ = true;
          break;
        }
        ++mention_count_;
        Mention& added = doc_.mentions.emplace_back();
        internal::FillMention(std::move(m), &added);
        added.start += begin;
        added.end += begin;
      }
    }
    for (const internal::ResolvedAttribution& a : part.attributions) {
      // As within a window, the same statement repeated is one record.
      std::string& key = key_;
      key.clear();
      for (const internal::ResolvedAttribution::Ids list :
           {a.actors, a.attributing, a.targets}) {
        for (const std::string_view id :
             internal::IdsOf(part.attribution_ids, list)) {
          key += id;
          key += '\x1f';
        }
        key += '\x1e';
      }
      key += a.sponsor;
      if (!statements_.Insert(StatementPrint(key))) continue;
      if (json_fields_ != nullptr) {
        AddJsonAttribution(part, a, begin);
        continue;
      }
      Attribution& added = doc_.attributions.emplace_back();
      internal::FillAttribution(part, a, &added);
      added.start += begin;
      added.end += begin;
    }
    std::vector<DocumentEntity>* lists[kEntityTypeCount] = {
        &doc_.states, &doc_.agencies, &doc_.actors};
    for (int t = 0; t < kEntityTypeCount; ++t) {
      for (const internal::ResolvedEntity& e : part.entities[t]) {
        const auto it = slots_[t].find(e.id);
        if (it == slots_[t].end()) {
          slots_[t].emplace(e.id, lists[t]->size());
          internal::FillDocumentEntity(e, &lists[t]->emplace_back());
          continue;
        }
        DocumentEntity& into = (*lists[t])[it->second];
        into.mention_count += e.mention_count;
        into.confidence = std::max(into.confidence, e.confidence);
        into.known = into.known && e.known;
        auto& aliases = into.record.aliases;
        for (const std::string_view alias : e.aliases) {
          if (std::find(aliases.begin(), aliases.end(), alias) ==
              aliases.end()) {
            aliases.emplace_back(alias);
          }
        }
      }
    }
    for (Diagnostic& d : part.diagnostics) {
      if (d.code == "mention_limit") limit_reached_ = true;
      if (d.code == "invalid_utf8" || d.code == "mention_limit") continue;
      const bool seen =
          std::any_of(doc_.diagnostics.begin(), doc_.diagnostics.end(),
                      [&](const Diagnostic& x) { return x.code == d.code; });
      if (!seen) doc_.diagnostics.push_back(std::move(d));
    }
  }

  const Options& options_;
  const internal::EntityJsonFields* json_fields_;
  Document doc_;
  // With json_fields_: the mentions and attributions not taken yet.
  std::string mentions_json_;
  std::string attributions_json_;
  bool json_mention_written_ = false;
  bool json_attribution_written_ = false;
  std::string key_;  // a statement's key, built in place
  // Looked up by a window's views of ids, with no string made.
  struct IdHash {
    using is_transparent = void;
    size_t operator()(std::string_view id) const {
      return std::hash<std::string_view>()(id);
    }
  };
  // id -> index in the merged document's list
  std::unordered_map<std::string, size_t, IdHash, std::equal_to<>>
      slots_[kEntityTypeCount];
  std::map<std::string, size_t> language_bytes_;
  // The statements of the attributions kept (also those a stream has taken),
  // by a 128-bit print of their ids: a dense document states some hundred
  // thousand, and their keys as strings held more memory than the records.
  // Two different statements share a print with a chance of about 2^-100.
  struct Print {
    uint64_t a;
    uint64_t b;
    bool operator==(const Print& o) const { return a == o.a && b == o.b; }
  };
  static Print StatementPrint(std::string_view key) {
    uint64_t fnv = 0xCBF29CE484222325u;  // FNV-1a
    for (const char c : key) {
      fnv ^= static_cast<unsigned char>(c);
      fnv *= 0x100000001B3u;
    }
    return {std::hash<std::string_view>()(key), fnv};
  }
  // The prints seen, in open addressing at most half full (a std::set or
  // unordered_set allocated a node per statement).
  class PrintSet {
   public:
    // False if `print` was in the set already.
    bool Insert(const Print& print) {
      if (2 * (size_ + 1) > slots_.size()) Grow();
      // A free slot holds {0, 0}: a print of two zero halves (a chance of
      // 2^-128) is kept as {0, 1}, which only merges the two.
      const Print stored = print == kFree ? Print{0, 1} : print;
      Print* slot = Find(stored);
      if (*slot == stored) return false;
      *slot = stored;
      ++size_;
      return true;
    }

   private:
    static constexpr Print kFree = {0, 0};
    // The slot of `print`, or the free slot where it goes.
    Print* Find(const Print& print) {
      const size_t mask = slots_.size() - 1;
      for (size_t i = print.a & mask;; i = (i + 1) & mask) {
        if (slots_[i] == print || slots_[i] == kFree) return &slots_[i];
      }
    }
    void Grow() {
      std::vector<Print> old(std::max<size_t>(64, 2 * slots_.size()), kFree);
      old.swap(slots_);
      for (const Print& p : old) {
        if (!(p == kFree)) *Find(p) = p;
      }
    }
    std::vector<Print> slots_;
    size_t size_ = 0;
  };
  PrintSet statements_;
  size_t mention_count_ = 0;
  size_t invalid_bytes_ = 0;
  bool limit_reached_ = false;
};

// The whole text at once: what Extract does for a text of at most one window.
Document ExtractWhole(const internal::Knowledge& knowledge,
                      std::string_view text) {
  NormalizedText& normalized = ThreadNormalized();
  internal::NormalizeInto(text, &normalized);
  return internal::ToDocument(internal::Resolve(knowledge, text, normalized));
}

// The error of a text over Options::max_document_bytes (OK for others).
Status SizeError(std::string_view text, const Options& options) {
  if (text.size() <= options.max_document_bytes) return Status();
  return Status(StatusCode::kResourceExhausted,
                TooLargeMessage(text.size(), options.max_document_bytes));
}

// A text of one window is extracted whole; a longer one window by window.
bool FitsOneWindow(std::string_view text, const Options& options) {
  return options.window_bytes == 0 || text.size() <= options.window_bytes;
}

// Extracts a text longer than a window into *merger, window by window.
void ExtractWindows(const internal::Knowledge& knowledge, std::string_view text,
                    WindowMerger* merger) {
  const size_t window = knowledge.options.window_bytes;
  for (size_t begin = 0; begin < text.size() && merger->more_wanted();) {
    const size_t end = WindowEnd(text, begin, window);
    merger->ExtractAndAdd(knowledge, text.substr(begin, end - begin), begin);
    begin = end;
  }
}

}  // namespace

Result<Document> Extractor::Extract(std::string_view text) const {
  const internal::Knowledge& knowledge = impl_->knowledge;
  const Options& options = knowledge.options;
  if (Status error = SizeError(text, options); !error.ok()) return error;
  if (FitsOneWindow(text, options)) return ExtractWhole(knowledge, text);
  WindowMerger merger(options);
  ExtractWindows(knowledge, text, &merger);
  return merger.Finish();
}

Status Extractor::ExtractJsonRecord(std::string_view text, std::string_view id,
                                    std::string_view meta_json,
                                    std::string* record) const {
  const internal::Knowledge& knowledge = impl_->knowledge;
  const Options& options = knowledge.options;
  if (Status error = SizeError(text, options); !error.ok()) return error;
  if (FitsOneWindow(text, options)) {
    NormalizedText& normalized = ThreadNormalized();
    internal::NormalizeInto(text, &normalized);
    // Reused, as the normalized text: its vectors keep their storage.
    thread_local internal::ResolvedDocument resolved;
    internal::Resolve(knowledge, text, normalized, &resolved);
    internal::AppendResolvedJsonRecord(resolved, impl_->entity_json, id,
                                       meta_json, record);
    return Status();
  }
  // Windows are merged, their mentions and attribution records written as
  // JSON as they come: the record is the merged document's head, end and
  // attributions' start around them (attrex/output.h).
  WindowMerger merger(options, &impl_->entity_json);
  ExtractWindows(knowledge, text, &merger);
  std::string mentions;
  merger.TakeJsonMentions(&mentions);
  std::string attributions;
  merger.TakeJsonAttributions(&attributions);
  const Document doc = merger.Finish();
  record->append(JsonRecordHead(doc, id, meta_json));
  record->append(mentions);
  AppendJsonAttributionsStart(record);
  record->append(attributions);
  AppendJsonRecordEnd(doc, record);
  return Status();
}

class DocumentStream::Impl {
 public:
  // `json_fields`: see WindowMerger.
  Impl(const internal::Knowledge& knowledge,
       const internal::EntityJsonFields* json_fields)
      : knowledge_(knowledge),
        merger_(knowledge.options, json_fields),
        json_(json_fields != nullptr) {}

  Status Append(std::string_view piece) {
    size_ += piece.size();
    if (!status_.ok()) return status_;
    const Options& options = knowledge_.options;
    if (size_ > options.max_document_bytes) {
      status_ = Status(StatusCode::kResourceExhausted,
                       TooLargeMessage(size_, options.max_document_bytes));
      pending_ = std::string();
      return status_;
    }
    if (!merger_.more_wanted()) return status_;
    pending_.append(piece);
    const size_t window = options.window_bytes;
    // Cut only with more than a window in hand: then the cut is the one the
    // whole text would get (WindowEnd reads no further than one window).
    size_t begin = 0;
    while (window != 0 && pending_.size() - begin > window &&
           merger_.more_wanted()) {
      const size_t end = WindowEnd(pending_, begin, window);
      merger_.ExtractAndAdd(
          knowledge_, std::string_view(pending_).substr(begin, end - begin),
          pending_start_ + begin);
      windows_done_ = true;
      begin = end;
    }
    pending_.erase(0, begin);
    pending_start_ += begin;
    return status_;
  }

  void TakeMentions(std::vector<Mention>* mentions) {
    MoveAll(&merger_.mentions(), mentions);
  }
  void TakeJsonMentions(std::string* json) { merger_.TakeJsonMentions(json); }
  void TakeJsonAttributions(std::string* json) {
    merger_.TakeJsonAttributions(json);
  }
  void TakeAttributions(std::vector<Attribution>* attributions) {
    MoveAll(&merger_.attributions(), attributions);
  }

  Result<Document> Finish() {
    if (!status_.ok()) {
      // The size of all the text given, as Extract would say.
      return Status(
          status_.code(),
          TooLargeMessage(size_, knowledge_.options.max_document_bytes));
    }
    if (!windows_done_) {
      // A text of at most one window: exactly what Extract does.
      Document doc = json_ ? merger_.ExtractWholeAsJson(knowledge_, pending_)
                           : ExtractWhole(knowledge_, pending_);
      pending_ = std::string();
      return doc;
    }
    if (!pending_.empty() && merger_.more_wanted()) {
      merger_.ExtractAndAdd(knowledge_, pending_, pending_start_);
    }
    pending_ = std::string();
    return merger_.Finish();
  }

  size_t size() const { return size_; }

 private:
  // Moves *from's items to the end of *to; the memory goes with them.
  template <typename T>
  static void MoveAll(std::vector<T>* from, std::vector<T>* to) {
    if (to->empty()) {
      *to = std::move(*from);
    } else {
      to->insert(to->end(), std::make_move_iterator(from->begin()),
                 std::make_move_iterator(from->end()));
    }
    *from = std::vector<T>();
  }

  const internal::Knowledge& knowledge_;
  WindowMerger merger_;
  const bool json_;            // mentions and attributions kept as JSON
  std::string pending_;        // text not extracted yet
  size_t pending_start_ = 0;   // its offset in the whole text
  size_t size_ = 0;            // bytes appended
  bool windows_done_ = false;  // a window was extracted
  Status status_;
};

DocumentStream::DocumentStream(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
DocumentStream::~DocumentStream() = default;
Status DocumentStream::Append(std::string_view piece) {
  return impl_->Append(piece);
}
void DocumentStream::TakeMentions(std::vector<Mention>* mentions) {
  impl_->TakeMentions(mentions);
}
void DocumentStream::TakeJsonMentions(std::string* json) {
  impl_->TakeJsonMentions(json);
}
void DocumentStream::TakeJsonAttributions(std::string* json) {
  impl_->TakeJsonAttributions(json);
}
void DocumentStream::TakeAttributions(std::vector<Attribution>* attributions) {
  impl_->TakeAttributions(attributions);
}
Result<Document> DocumentStream::Finish() { return impl_->Finish(); }
size_t DocumentStream::size() const { return impl_->size(); }

std::unique_ptr<DocumentStream> Extractor::StartDocument() const {
  return std::unique_ptr<DocumentStream>(new DocumentStream(
      std::make_unique<DocumentStream::Impl>(impl_->knowledge, nullptr)));
}

std::unique_ptr<DocumentStream> Extractor::StartJsonDocument() const {
  return std::unique_ptr<DocumentStream>(
      new DocumentStream(std::make_unique<DocumentStream::Impl>(
          impl_->knowledge, &impl_->entity_json)));
}

std::vector<EntityRecord> Extractor::Lookup(std::string_view name) const {
  const auto& g = impl_->knowledge.gazetteer;
  std::vector<uint32_t> found;
  const int64_t key = g.FindKey(internal::FoldKey(name));
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
