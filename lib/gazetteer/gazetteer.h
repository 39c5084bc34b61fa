// The knowledge base: entity records and their names from the TSV data files,
// inflected names expanded from stems and paradigms, all compiled into one
// NameMatcher over folded keys.
#ifndef ATTREX_LIB_GAZETTEER_GAZETTEER_H_
#define ATTREX_LIB_GAZETTEER_GAZETTEER_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "attrex/document.h"
#include "attrex/status.h"
#include "gazetteer/name_matcher.h"
#include "gazetteer/tsv.h"

namespace attrex::internal {

enum class CaseRule : uint8_t { kAny, kCap, kExact };

// Alias flags (data/FORMATS.md).
enum AliasFlag : uint32_t {
  kFlagCue = 1u << 0,        // needs a naming cue nearby
  kFlagMalware = 1u << 1,    // also a malware name
  kFlagCommon = 1u << 2,     // also a common word
  kFlagShort = 1u << 3,      // 4 characters or fewer
  kFlagLangOnly = 1u << 4,   // only in documents of its language
  kFlagDisabled = 1u << 31,  // overridden by a user file: never matches
};

struct Entity {
  EntityType type = EntityType::kState;
  std::string id;
  std::string name;
  std::string country;
  std::string kind;
  std::vector<std::pair<std::string, std::string>> attributes;
  bool from_user = false;
  // Countries as integers, set by Gazetteer::Finish (equal strings, equal
  // numbers; kNoCountry for none): `country`, and the country the entity
  // stands for (its id for a state, else `country`). The resolver compares
  // them for every candidate.
  static constexpr uint32_t kNoCountry = 0xFFFFFFFFu;
  uint32_t country_code = kNoCountry;
  uint32_t own_country_code = kNoCountry;
};

struct Alias {
  uint32_t entity = 0;
  // For a user file's alias, 1 + the index of its "file:line" (for warnings)
  // in the gazetteer's list of them; 0 for the built-in data. (An index, not
  // a string: every alias of the data carried an empty one, 1.4 MB.)
  uint32_t source = 0;
  std::string name;  // as written in the data
  std::string lang;
  CaseRule case_rule = CaseRule::kAny;
  uint32_t flags = 0;
};

// What the matcher's caller reads of an alias for every hit, apart from the
// Alias with its strings: one small record per alias, indexed like aliases().
struct AliasMeta {
  uint32_t entity = 0;
  uint32_t flags = 0;
  CaseRule case_rule = CaseRule::kAny;
  EntityType type = EntityType::kState;  // the entity's type
};

// A row of a lexicon file: `lexicon lang term` (cue words, stop words,
// phrases).
struct LexiconEntry {
  std::string lang;
  std::string term;
};

// A row of a pattern file, handed to the patterns stage.
struct PatternRow {
  std::string source;  // file:line
  std::string type, id, kind, regex, flags;
};

// One data file: its name (for messages) and content.
struct DataFile {
  std::string path;
  std::string_view content;  // must outlive the Gazetteer's Finish()
};

class Gazetteer {
 public:
  // Reads one file; its kind is told by its header. User files may override
  // names of the built-in data. Errors name the file and line.
  Status AddFile(const DataFile& file, bool user);
  // The same for each of `files` in turn, up to the first error. With
  // `threads` above 1, a second thread parses some of them meanwhile (about
  // half of the bytes; the error is still the first bad file's in order).
  Status AddFiles(std::span<const DataFile> files, bool user,
                  unsigned threads = 1);

  // Expands stems, folds every name into its matcher key and builds the
  // matcher. `enabled` says which entity types take part in matching.
  // `extra_keys`, called once the files are read, gives more keys (sorted,
  // unique, folded) to match with the names, so that a document's words are
  // looked up once for both (the resolver's lexicon terms); MatchedKey and
  // MatchedExtraKey tell a hit's key apart. With `threads` above 1, parts
  // of the work run side by side (Options::build_threads); the result is the
  // same.
  using ExtraKeys = std::function<std::vector<std::string>(const Gazetteer&)>;
  Status Finish(const bool enabled[kEntityTypeCount],
                const ExtraKeys& extra_keys = nullptr, unsigned threads = 1);

  const std::vector<Entity>& entities() const { return entities_; }
  const std::vector<Alias>& aliases() const { return aliases_; }
  // Finds keys() and the extra keys given to Finish. A hit's key_index is
  // neither: MatchedKey and MatchedExtraKey map it.
  const NameMatcher& matcher() const { return matcher_; }
  const std::vector<std::string>& keys() const { return keys_; }
  // The index in keys() of the matcher's key `match_index`, or -1.
  int32_t MatchedKey(uint32_t match_index) const {
    return matched_keys_[match_index].key;
  }
  // The index in Finish's extra_keys of the matcher's key, or -1.
  int32_t MatchedExtraKey(uint32_t match_index) const {
    return matched_keys_[match_index].extra;
  }
  // Asks the processor to fetch what MatchedKey and MatchedExtraKey read.
  void PrefetchMatched(uint32_t match_index) const {
    __builtin_prefetch(&matched_keys_[match_index]);
  }
  // The index in keys() of exactly `folded`, or -1.
  int64_t FindKey(std::string_view folded) const;

  // The aliases whose folded name is keys()[key].
  std::pair<const uint32_t*, const uint32_t*> AliasesOfKey(uint32_t key) const {
    return {key_alias_ids_.data() + key_alias_begin_[key],
            key_alias_ids_.data() + key_alias_begin_[key + 1]};
  }
  // The small records of the same aliases, in the same order. Stored by key,
  // not by alias: a name found reads them in one place, without first
  // reading the alias ids (each read a likely cache miss).
  const AliasMeta* AliasMetaOfKey(uint32_t key) const {
    return key_alias_meta_.data() + key_alias_begin_[key];
  }

  // Index of the entity (type, id), or -1.
  int64_t FindEntity(EntityType type, std::string_view id) const;

  // Lexicon terms of one lexicon ("actor-cue", "stopword", ...), all languages.
  const std::vector<LexiconEntry>& Lexicon(const std::string& name) const;
  std::vector<std::string> LexiconNames() const {
    std::vector<std::string> names;
    for (const auto& [name, entries] : lexicons_) names.push_back(name);
    return names;
  }

  const std::vector<PatternRow>& pattern_rows() const { return pattern_rows_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

  // Paradigm suffixes (`lang`, `paradigm`), or nullptr.
  const std::vector<std::string>* Paradigm(const std::string& lang,
                                           const std::string& paradigm) const;

 private:
  struct PendingFile {
    DataFile file;
    bool user;
    TsvTable table;
  };
  enum class FileKind {
    kEntities,
    kNames,
    kStems,
    kParadigms,
    kLexicon,
    kPatterns
  };

  // AddFile's work but for keeping the file.
  static Status ParseFile(const DataFile& file, bool user, FileKind* kind,
                          PendingFile* pending);
  Status LoadEntities(const PendingFile& f);
  // Sets the entities' country codes (Entity::country_code).
  void CodeCountries();
  Status LoadParadigms(const PendingFile& f);
  Status LoadNames(const PendingFile& f);
  Status LoadStems(const PendingFile& f);
  Status AddAlias(const PendingFile& f, const TsvRow& row,
                  std::string_view type, std::string_view id, std::string name,
                  std::string_view lang, std::string_view case_rule,
                  std::string_view flags);

  std::vector<std::pair<FileKind, PendingFile>> pending_;
  std::vector<Entity> entities_;
  std::unordered_map<std::string, uint32_t> entity_index_;  // "TYPE\tid"
  std::vector<Alias> aliases_;
  std::vector<std::string> user_sources_;  // "file:line": Alias::source - 1
  // While Finish loads the names: every reading of an (entity, folded key),
  // to merge duplicates and for user overrides. An open-addressing table
  // holds the first alias of each, next_reading_ the others in the order
  // read; reading_hashes_ is each alias' ReadingHash.
  static constexpr uint32_t kNoReading = 0xFFFFFFFFu;
  static uint64_t ReadingHash(uint32_t entity, std::string_view key);
  // The table slot of (entity, key): its first alias, or kNoReading in the
  // free slot where it goes.
  uint32_t* ReadingSlot(uint32_t entity, std::string_view key, uint64_t hash);
  // Room for every alias the pending names and stems files can make (the
  // stems' forms counted by their paradigms), before they are loaded: the
  // alias arrays are allocated once instead of copied at each doubling (their
  // old copies' pages faulted in for nothing), and the readings' table is not
  // rehashed as it fills. Returns how many aliases they make.
  size_t ReserveAliases();
  // The keys of the names and stems files, folded by a second thread while
  // Finish loads them (half of the loading's instructions): the n-th key is
  // that of AddAlias' n-th call from LoadNames and LoadStems, in Finish's
  // order.
  struct FoldedAhead {
    explicit FoldedAhead(size_t count) : keys(count) {}
    std::vector<std::string> keys;
    // keys[0, ready) are written; kGivenUp: the thread stopped short (no
    // memory), AddAlias folds.
    static constexpr size_t kGivenUp = ~size_t{0};
    std::atomic<size_t> ready{0};
    std::atomic<bool> stop{false};  // Finish returns early (an error)
  };
  // Folds every key of the pending names and stems files into `out`, in
  // order, until done or told to stop.
  void FoldAhead(FoldedAhead* out) const;
  // AddAlias' key: the next one folded ahead, moved into `*taken` (waiting
  // for it if need be), or, without a thread, `name` folded.
  std::string_view NextKey(std::string_view name, std::string* taken);
  FoldedAhead* folded_ahead_ = nullptr;  // during Finish with two threads
  size_t folded_taken_ = 0;
  std::vector<uint32_t> reading_slots_;
  size_t reading_count_ = 0;  // slots used
  std::vector<uint32_t> next_reading_;
  std::vector<uint64_t> reading_hashes_;
  std::vector<uint32_t> read_flags_;  // each alias' flags as read
  // AddAlias' buffer for an entity_index_ key, and the type of its last row.
  std::string entity_key_;
  std::string_view last_type_name_;
  EntityType last_type_ = EntityType::kState;
  // The record of AddAlias' last row: its type, its id (a view of the file
  // read) and its index.
  static constexpr uint32_t kNoEntity = 0xFFFFFFFFu;
  EntityType last_entity_type_ = EntityType::kState;
  std::string_view last_entity_id_;
  uint32_t last_entity_ = kNoEntity;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>>
      paradigms_;
  std::map<std::string, std::vector<LexiconEntry>> lexicons_;
  std::vector<PatternRow> pattern_rows_;
  std::vector<std::string> warnings_;

  std::vector<std::string> keys_;
  std::vector<uint32_t> key_alias_begin_;
  std::vector<uint32_t> key_alias_ids_;
  std::vector<AliasMeta> key_alias_meta_;  // parallel to key_alias_ids_
  std::vector<std::string> alias_keys_;  // folded key per alias, during Finish
  NameMatcher matcher_;                  // over keys_ and the extra keys
  struct MatchedKeys {
    int32_t key;
    int32_t extra;
  };
  std::vector<MatchedKeys> matched_keys_;  // per key of matcher_
};

// Folds a name into its matcher key: the match view, trimmed.
std::string FoldKey(std::string_view name);
// The same, without an allocation (extraction folds a name per new mention):
// the view is the calling thread's, valid until its next call.
std::string_view FoldKeyView(std::string_view name);

}  // namespace attrex::internal

#endif  // ATTREX_LIB_GAZETTEER_GAZETTEER_H_
