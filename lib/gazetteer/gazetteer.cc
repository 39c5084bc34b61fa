// Loading the TSV data into entities and aliases, and compiling the matcher.
#include "gazetteer/gazetteer.h"

#include <algorithm>
#include <array>
#include <numeric>

#include "attrex/normalize.h"
#include "common/side_thread.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "normalize/normalize_into.h"

namespace attrex::internal {
namespace {

bool HeaderIs(const std::vector<std::string_view>& header,
              std::initializer_list<std::string_view> names) {
  return std::equal(header.begin(), header.end(), names.begin(), names.end());
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ')) s.remove_suffix(1);
  return s;
}

std::string Trim(std::string_view s) { return std::string(TrimView(s)); }

// Whether the comma-separated `list` has `item`.
bool ListHas(std::string_view list, std::string_view item) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    if (list.substr(start, end - start) == item) return true;
    start = end + 1;
  }
  return false;
}

bool ValidSlug(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.' || c == '/')) {
      return false;
    }
  }
  return true;
}

bool ValidIso(std::string_view id) {
  return id.size() == 2 && id[0] >= 'A' && id[0] <= 'Z' && id[1] >= 'A' &&
         id[1] <= 'Z';
}

std::string EntityKey(EntityType type, std::string_view id) {
  std::string key(EntityTypeName(type));
  key += '\t';
  key += id;
  return key;
}

Status ParseCaseRule(std::string_view text, CaseRule* rule) {
  if (text.empty() || text == "any") {
    *rule = CaseRule::kAny;
  } else if (text == "cap") {
    *rule = CaseRule::kCap;
  } else if (text == "exact") {
    *rule = CaseRule::kExact;
  } else {
    return Status(
        StatusCode::kDataError,
        "case must be any, cap or exact, not '" + std::string(text) + "'");
  }
  return Status::Ok();
}

Status ParseFlags(std::string_view text, uint32_t* flags) {
  *flags = 0;
  for (std::string_view piece : SplitNonEmpty(text, ',')) {
    const std::string_view flag = TrimView(piece);
    if (flag.empty()) continue;
    if (flag == "cue") {
      *flags |= kFlagCue;
    } else if (flag == "malware") {
      *flags |= kFlagMalware;
    } else if (flag == "common") {
      *flags |= kFlagCommon;
    } else if (flag == "short") {
      *flags |= kFlagShort;
    } else if (flag == "lang-only") {
      *flags |= kFlagLangOnly;
    } else {
      return Status(StatusCode::kDataError,
                    "unknown flag '" + std::string(flag) + "'");
    }
  }
  return Status::Ok();
}

Status WithLocation(const Status& status, const std::string& path,
                    size_t line) {
  if (status.ok()) return status;
  return DataError(path, line, status.message());
}

using PrefixedIndex = std::pair<uint64_t, uint32_t>;

// Sorts by the 64-bit first members, keeping the order of equal ones: a
// least-significant-digit radix sort, a byte a pass (a pass where every item
// has the same byte is skipped).
void SortByPrefix(std::vector<PrefixedIndex>* items) {
  const size_t n = items->size();
  if (n < 2) return;
  std::array<std::array<uint32_t, 256>, 8> counts{};
  for (const PrefixedIndex& item : *items) {
    for (size_t b = 0; b < 8; ++b) ++counts[b][(item.first >> (8 * b)) & 0xFF];
  }
  std::vector<PrefixedIndex> buffer(n);
  std::vector<PrefixedIndex>* from = items;
  std::vector<PrefixedIndex>* to = &buffer;
  for (size_t b = 0; b < 8; ++b) {
    std::array<uint32_t, 256>& next = counts[b];
    if (next[(from->front().first >> (8 * b)) & 0xFF] == n) continue;
    uint32_t sum = 0;
    for (uint32_t& count : next) {
      const uint32_t here = count;
      count = sum;  // where the items of this byte go next
      sum += here;
    }
    for (const PrefixedIndex& item : *from)
      (*to)[next[(item.first >> (8 * b)) & 0xFF]++] = item;
    std::swap(from, to);
  }
  if (from != items) items->swap(*from);
}

}  // namespace

std::string FoldKey(std::string_view name) {
  // Every name of the data is folded when an extractor is created: one
  // NormalizedText per thread keeps that from allocating three blocks a name.
  return std::string(FoldKeyView(name));
}

std::string_view FoldKeyView(std::string_view name) {
  thread_local std::string short_view;
  thread_local NormalizedText folded;
  std::string_view s;
  if (NormalizeShortView(name, &short_view)) {
    s = short_view;
  } else {
    NormalizeInto(name, &folded);
    s = folded.view();
  }
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

Status Gazetteer::AddFile(const DataFile& file, bool user) {
  FileKind kind;
  PendingFile pending;
  ATTREX_RETURN_IF_ERROR(ParseFile(file, user, &kind, &pending));
  pending_.emplace_back(kind, std::move(pending));
  return Status::Ok();
}

Status Gazetteer::AddFiles(std::span<const DataFile> files, bool user,
                           unsigned threads) {
  // With two threads, each parses files of about half the bytes: the
  // largest first, each to the thread with fewer bytes so far (one file,
  // CLDR's names, is more than half of the bundled data). Each file's
  // outcome is kept, and taken in order.
  std::vector<bool> beside_file(files.size(), false);
  if (threads > 1) {
    std::vector<size_t> by_size(files.size());
    std::iota(by_size.begin(), by_size.end(), size_t{0});
    std::stable_sort(by_size.begin(), by_size.end(),
                     [&files](size_t x, size_t y) {
                       return files[x].content.size() > files[y].content.size();
                     });
    size_t here_bytes = 0;
    size_t beside_bytes = 0;
    for (const size_t i : by_size) {
      const bool beside = beside_bytes < here_bytes;
      beside_file[i] = beside;
      (beside ? beside_bytes : here_bytes) += files[i].content.size();
    }
  }
  std::vector<FileKind> kinds(files.size());
  std::vector<PendingFile> parsed(files.size());
  std::vector<Status> outcomes(files.size());
  auto read_files = [&](bool beside) {
    for (size_t i = 0; i < files.size(); ++i) {
      if (beside_file[i] != beside) continue;
      outcomes[i] = ParseFile(files[i], user, &kinds[i], &parsed[i]);
      if (!outcomes[i].ok()) break;  // the files after it are not needed
    }
  };
  {
    SideThread reader;
    if (threads > 1 && reader.Start([&read_files] { read_files(true); })) {
      read_files(false);
      reader.Join();
    } else {
      beside_file.assign(files.size(), false);  // all on this thread
      read_files(false);
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (!outcomes[i].ok()) return outcomes[i];
    pending_.emplace_back(kinds[i], std::move(parsed[i]));
  }
  return Status::Ok();
}

Status Gazetteer::ParseFile(const DataFile& file, bool user, FileKind* kind,
                            PendingFile* pending) {
  *pending = PendingFile{file, user, {}};
  ATTREX_RETURN_IF_ERROR(ParseTsv(file.path, file.content, &pending->table));
  const auto& h = pending->table.header;
  if (HeaderIs(h, {"type", "id", "name", "country", "kind", "attrs"})) {
    *kind = FileKind::kEntities;
  } else if (HeaderIs(h, {"type", "id", "name", "lang", "case", "flags"})) {
    *kind = FileKind::kNames;
  } else if (HeaderIs(h, {"type", "id", "stem", "lang", "paradigm", "case",
                          "flags"})) {
    *kind = FileKind::kStems;
  } else if (HeaderIs(h, {"lang", "paradigm", "suffixes"})) {
    *kind = FileKind::kParadigms;
  } else if (HeaderIs(h, {"lexicon", "lang", "term"})) {
    *kind = FileKind::kLexicon;
  } else if (HeaderIs(h, {"type", "id", "kind", "regex", "flags"})) {
    *kind = FileKind::kPatterns;
  } else {
    std::string got;
    for (auto col : h)
      got += std::string(got.empty() ? "" : " ") + std::string(col);
    return DataError(
        file.path, 0,
        "unknown header '" + got +
            "' (see data/FORMATS.md for entity, name, stem, paradigm, "
            "lexicon and pattern files)");
  }
  return Status::Ok();
}

Status Gazetteer::LoadEntities(const PendingFile& f) {
  for (const TsvRow& row : f.table.rows) {
    EntityType type;
    if (!ParseEntityType(std::string(row.fields[0]), &type)) {
      return DataError(f.file.path, row.line,
                       "unknown type '" + std::string(row.fields[0]) + "'");
    }
    const std::string id = Trim(row.fields[1]);
    if (type == EntityType::kState ? !ValidIso(id) : !ValidSlug(id)) {
      return DataError(
          f.file.path, row.line,
          "bad id '" + id +
              "' (STATE: ISO alpha-2 upper case; others: lower-case slug)");
    }
    Entity e;
    e.type = type;
    e.id = id;
    e.name = Trim(row.fields[2]);
    e.country = Trim(row.fields[3]);
    e.kind = Trim(row.fields[4]);
    e.from_user = f.user;
    if (e.name.empty()) return DataError(f.file.path, row.line, "empty name");
    if (!e.country.empty() && !ValidIso(e.country)) {
      return DataError(f.file.path, row.line,
                       "bad country code '" + e.country + "'");
    }
    bool bare = false;
    for (auto& [key, value] : SplitKeyValues(row.fields[5], ';', &bare)) {
      e.attributes.emplace_back(Trim(key), Trim(value));
    }
    if (bare) {
      return DataError(f.file.path, row.line,
                       "attrs must be key=value pairs separated by ';'");
    }
    const std::string key = EntityKey(type, id);
    if (entity_index_.count(key)) {
      return DataError(
          f.file.path, row.line,
          "duplicate id " + std::string(EntityTypeName(type)) + " " + id);
    }
    entity_index_.emplace(key, static_cast<uint32_t>(entities_.size()));
    entities_.push_back(std::move(e));
  }
  return Status::Ok();
}

Status Gazetteer::LoadParadigms(const PendingFile& f) {
  for (const TsvRow& row : f.table.rows) {
    const std::string lang = Trim(row.fields[0]);
    const std::string name = Trim(row.fields[1]);
    std::vector<std::string> suffixes;
    for (std::string_view suffix : SplitNonEmpty(row.fields[2], ' ')) {
      suffixes.emplace_back(suffix == "0" ? std::string_view()
                                          : suffix);  // 0: no ending
    }
    if (lang.empty() || name.empty() || suffixes.empty()) {
      return DataError(f.file.path, row.line,
                       "paradigm needs lang, name and suffixes");
    }
    auto [it, inserted] =
        paradigms_.emplace(std::make_pair(lang, name), suffixes);
    if (!inserted) {
      return DataError(f.file.path, row.line,
                       "duplicate paradigm " + lang + " " + name);
    }
  }
  return Status::Ok();
}

const std::vector<std::string>* Gazetteer::Paradigm(
    const std::string& lang, const std::string& paradigm) const {
  auto it = paradigms_.find({lang, paradigm});
  return it == paradigms_.end() ? nullptr : &it->second;
}

Status Gazetteer::AddAlias(const PendingFile& f, const TsvRow& row,
                           std::string_view type_name,
                           std::string_view id_field, std::string name,
                           std::string_view lang, std::string_view case_text,
                           std::string_view flags_text) {
  // The rows of a file mostly share their type: parsed once for a run of
  // them. (Every name of the data passes here when an extractor is created:
  // strings and map nodes made per name were a third of creation.)
  if (type_name.empty() || type_name != last_type_name_) {
    if (!ParseEntityType(std::string(type_name), &last_type_)) {
      last_type_name_ = {};
      return DataError(f.file.path, row.line,
                       "unknown type '" + std::string(type_name) + "'");
    }
    last_type_name_ = type_name;
  }
  const EntityType type = last_type_;
  const std::string_view id = TrimView(id_field);
  if (const std::string_view trimmed = TrimView(name);
      trimmed.size() != name.size()) {
    name = std::string(trimmed);
  }
  if (name.empty()) return DataError(f.file.path, row.line, "empty name");
  Alias alias;
  ATTREX_RETURN_IF_ERROR(
      WithLocation(ParseCaseRule(TrimView(case_text), &alias.case_rule),
                   f.file.path, row.line));
  ATTREX_RETURN_IF_ERROR(WithLocation(ParseFlags(flags_text, &alias.flags),
                                      f.file.path, row.line));
  alias.lang = TrimView(lang);
  if (alias.lang == "*") alias.lang.clear();

  // The rows of one record mostly follow one another: the last row's record
  // is taken again without a lookup.
  if (last_entity_ == kNoEntity || type != last_entity_type_ ||
      id != last_entity_id_) {
    entity_key_.assign(EntityTypeName(type));
    entity_key_ += '\t';
    entity_key_ += id;
    auto found = entity_index_.find(entity_key_);
    if (found == entity_index_.end()) {
      // A name for a record no entity file defines: the record is made from
      // it, so that a user file of names alone is enough.
      if (type == EntityType::kState ? !ValidIso(id) : !ValidSlug(id)) {
        return DataError(f.file.path, row.line,
                         "bad id '" + std::string(id) + "'");
      }
      Entity e;
      e.type = type;
      e.id = id;
      e.name = name;
      e.from_user = f.user;
      found = entity_index_
                  .emplace(entity_key_, static_cast<uint32_t>(entities_.size()))
                  .first;
      entities_.push_back(std::move(e));
    }
    last_entity_ = found->second;
    last_entity_type_ = type;
    last_entity_id_ = id;
  }
  alias.entity = last_entity_;
  alias.name = std::move(name);

  std::string taken_key;
  const std::string_view key = NextKey(alias.name, &taken_key);
  if (key.empty()) {
    return DataError(f.file.path, row.line, "name folds to nothing");
  }
  // The readings of (record, key) so far.
  const uint64_t hash = ReadingHash(alias.entity, key);
  uint32_t* slot = ReadingSlot(alias.entity, key, hash);
  // One alias per (record, key, case rule, flags): readings that differ in how
  // they may match stay apart (CLDR's "China", any language, capitalised, and
  // Spanish "china", lower case but only in Spanish text), identical ones merge
  // their languages.
  // (With the flags it was read with: a user's reading may have disabled it
  // since.)
  uint32_t last_reading = kNoReading;
  for (uint32_t a = *slot; a != kNoReading; a = next_reading_[a]) {
    last_reading = a;
    Alias& existing = aliases_[a];
    if (existing.case_rule != alias.case_rule ||
        read_flags_[a] != alias.flags) {
      continue;
    }
    if (existing.lang.empty() || alias.lang.empty()) {
      existing.lang.clear();  // language-independent wins
    } else if (!ListHas(existing.lang, alias.lang)) {
      existing.lang += ',';
      existing.lang += alias.lang;
    }
    return Status::Ok();
  }
  if (f.user) {
    user_sources_.push_back(f.file.path + ":" + std::to_string(row.line));
    alias.source = static_cast<uint32_t>(user_sources_.size());
    // The user's word wins over every built-in reading of the same name.
    for (uint32_t a = *slot; a != kNoReading; a = next_reading_[a]) {
      if (aliases_[a].source == 0 && !(aliases_[a].flags & kFlagDisabled)) {
        aliases_[a].flags |= kFlagDisabled;
        warnings_.push_back(user_sources_.back() +
                            ": replaces the built-in reading of '" +
                            aliases_[a].name + "' for " + EntityKey(type, id));
      }
    }
  }
  const auto index = static_cast<uint32_t>(aliases_.size());
  if (last_reading == kNoReading) {
    *slot = index;
    ++reading_count_;
  } else {
    next_reading_[last_reading] = index;
  }
  next_reading_.push_back(kNoReading);
  reading_hashes_.push_back(hash);
  read_flags_.push_back(alias.flags);
  aliases_.push_back(std::move(alias));
  if (folded_ahead_ != nullptr) {
    alias_keys_.push_back(std::move(taken_key));  // `key` views it
  } else {
    alias_keys_.emplace_back(key);
  }
  return Status::Ok();
}

std::string_view Gazetteer::NextKey(std::string_view name, std::string* taken) {
  if (folded_ahead_ == nullptr) return FoldKeyView(name);
  FoldedAhead& ahead = *folded_ahead_;
  const size_t n = folded_taken_++;
  for (;;) {
    const size_t ready = ahead.ready.load(std::memory_order_acquire);
    if (ready == FoldedAhead::kGivenUp) {
      *taken = FoldKeyView(name);
      return *taken;
    }
    if (ready > n) break;
    ahead.ready.wait(ready, std::memory_order_acquire);
  }
  *taken = std::move(ahead.keys[n]);
  return *taken;
}

void Gazetteer::FoldAhead(FoldedAhead* out) const {
  // The reader is woken a batch of keys at a time (woken for each, it spent
  // more time waking than loading), and when this ends, however it ends.
  constexpr size_t kWakeEvery = 512;
  struct WakeAtEnd {
    FoldedAhead* out;
    ~WakeAtEnd() { out->ready.notify_all(); }
  } wake_at_end{out};
  size_t n = 0;
  auto publish = [out, &n](std::string_view key) {
    out->keys[n].assign(key);
    out->ready.store(++n, std::memory_order_release);
    if (n % kWakeEvery == 0) out->ready.notify_all();
  };
  try {
    // As AddAlias reads a name: trimmed, then folded.
    for (FileKind kind : {FileKind::kNames, FileKind::kStems}) {
      for (const auto& [file_kind, f] : pending_) {
        if (file_kind != kind) continue;
        for (const TsvRow& row : f.table.rows) {
          if (out->stop.load(std::memory_order_relaxed) ||
              n == out->keys.size()) {
            return;
          }
          if (kind == FileKind::kNames) {
            publish(FoldKeyView(TrimView(row.fields[2])));
            continue;
          }
          // LoadStems' forms: a row of an unknown paradigm fails the load.
          const std::vector<std::string>* suffixes =
              Paradigm(Trim(row.fields[3]), Trim(row.fields[4]));
          if (suffixes == nullptr) return;
          const std::string stem = Trim(row.fields[2]);
          for (const std::string& suffix : *suffixes) {
            if (n == out->keys.size()) return;
            publish(FoldKeyView(TrimView(stem + suffix)));
          }
        }
      }
    }
  } catch (...) {
    // (No memory.) AddAlias folds the rest itself.
    out->ready.store(FoldedAhead::kGivenUp, std::memory_order_release);
  }
}

uint64_t Gazetteer::ReadingHash(uint32_t entity, std::string_view key) {
  const uint64_t h = std::hash<std::string_view>()(key) ^
                     (uint64_t{entity} * 0x9E3779B97F4A7C15u);
  return h ^ (h >> 29);
}

uint32_t* Gazetteer::ReadingSlot(uint32_t entity, std::string_view key,
                                 uint64_t hash) {
  // At most half full: grown (the first aliases' slots found again by their
  // hashes) before a new (record, key) could fill more.
  if (2 * (reading_count_ + 1) > reading_slots_.size()) {
    std::vector<uint32_t> old(std::max<size_t>(1024, 2 * reading_slots_.size()),
                              kNoReading);
    old.swap(reading_slots_);
    const size_t mask = reading_slots_.size() - 1;
    for (const uint32_t first : old) {
      if (first == kNoReading) continue;
      size_t i = reading_hashes_[first] & mask;
      while (reading_slots_[i] != kNoReading) i = (i + 1) & mask;
      reading_slots_[i] = first;
    }
  }
  const size_t mask = reading_slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const uint32_t first = reading_slots_[i];
    if (first == kNoReading ||
        (reading_hashes_[first] == hash && aliases_[first].entity == entity &&
         alias_keys_[first] == key)) {
      return &reading_slots_[i];
    }
  }
}

Status Gazetteer::LoadNames(const PendingFile& f) {
  for (const TsvRow& row : f.table.rows) {
    ATTREX_RETURN_IF_ERROR(AddAlias(f, row, row.fields[0], row.fields[1],
                                    std::string(row.fields[2]), row.fields[3],
                                    row.fields[4], row.fields[5]));
  }
  return Status::Ok();
}

Status Gazetteer::LoadStems(const PendingFile& f) {
  for (const TsvRow& row : f.table.rows) {
    const std::string lang = Trim(row.fields[3]);
    const std::string paradigm = Trim(row.fields[4]);
    const std::vector<std::string>* suffixes = Paradigm(lang, paradigm);
    if (suffixes == nullptr) {
      return DataError(
          f.file.path, row.line,
          "unknown paradigm '" + paradigm + "' for language '" + lang + "'");
    }
    const std::string stem = Trim(row.fields[2]);
    for (const std::string& suffix : *suffixes) {
      ATTREX_RETURN_IF_ERROR(AddAlias(f, row, row.fields[0], row.fields[1],
                                      stem + suffix, lang, row.fields[5],
                                      row.fields[6]));
    }
  }
  return Status::Ok();
}

size_t Gazetteer::ReserveAliases() {
  size_t count = aliases_.size();
  for (const auto& [kind, f] : pending_) {
    if (kind == FileKind::kNames) count += f.table.rows.size();
    if (kind != FileKind::kStems) continue;
    for (const TsvRow& row : f.table.rows) {
      const std::vector<std::string>* suffixes =
          Paradigm(Trim(row.fields[3]), Trim(row.fields[4]));
      if (suffixes != nullptr) count += suffixes->size();
    }
  }
  aliases_.reserve(count);
  alias_keys_.reserve(count);
  next_reading_.reserve(count);
  reading_hashes_.reserve(count);
  read_flags_.reserve(count);
  // At most half full with every alias a reading of its own (ReadingSlot's
  // bound), so that it never grows.
  if (reading_count_ == 0) {
    size_t slots = 1024;
    while (slots < 2 * (count + 1)) slots <<= 1;
    reading_slots_.assign(slots, kNoReading);
  }
  return count - aliases_.size();
}

void Gazetteer::CodeCountries() {
  std::vector<std::string_view> codes;
  for (const Entity& e : entities_) {
    if (!e.country.empty()) codes.push_back(e.country);
    if (e.type == EntityType::kState && !e.id.empty()) codes.push_back(e.id);
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  auto code_of = [&codes](std::string_view country) {
    if (country.empty()) return Entity::kNoCountry;
    return static_cast<uint32_t>(
        std::lower_bound(codes.begin(), codes.end(), country) - codes.begin());
  };
  for (Entity& e : entities_) {
    e.country_code = code_of(e.country);
    e.own_country_code =
        code_of(e.type == EntityType::kState ? e.id : e.country);
  }
}

Status Gazetteer::Finish(const bool enabled[kEntityTypeCount],
                         const ExtraKeys& extra_keys_of, unsigned threads) {
  // With two threads, the names' keys are folded ahead of AddAlias on the
  // second (FoldAhead). On an early return, the thread is told to stop and
  // the member cleared, then the thread joined, then its keys freed.
  std::unique_ptr<FoldedAhead> folded_ahead;
  SideThread folder;
  struct EndFoldAhead {
    Gazetteer* gazetteer;
    std::unique_ptr<FoldedAhead>* ahead;
    ~EndFoldAhead() {
      if (*ahead) (*ahead)->stop.store(true, std::memory_order_relaxed);
      gazetteer->folded_ahead_ = nullptr;
    }
  } end_fold_ahead{this, &folded_ahead};
  // Entities first (names refer to them), then paradigms (stems use them).
  for (FileKind kind :
       {FileKind::kEntities, FileKind::kParadigms, FileKind::kNames,
        FileKind::kStems, FileKind::kLexicon, FileKind::kPatterns}) {
    if (kind == FileKind::kNames) {
      const size_t name_count = ReserveAliases();  // stems come after names
      if (threads > 1) {
        // (The paradigms, which FoldAhead reads, are loaded.)
        folded_ahead = std::make_unique<FoldedAhead>(name_count);
        if (folder.Start(
                [this, ahead = folded_ahead.get()] { FoldAhead(ahead); })) {
          folded_ahead_ = folded_ahead.get();
          folded_taken_ = 0;
        }
      }
    }
    if (kind == FileKind::kLexicon && folded_ahead) {
      // The names and stems are loaded: their keys' thread is done.
      folded_ahead_ = nullptr;
      folder.Join();
      folded_ahead.reset();
    }
    for (const auto& [file_kind, f] : pending_) {
      if (file_kind != kind) continue;
      switch (kind) {
        case FileKind::kEntities:
          ATTREX_RETURN_IF_ERROR(LoadEntities(f));
          break;
        case FileKind::kParadigms:
          ATTREX_RETURN_IF_ERROR(LoadParadigms(f));
          break;
        case FileKind::kNames:
          ATTREX_RETURN_IF_ERROR(LoadNames(f));
          break;
        case FileKind::kStems:
          ATTREX_RETURN_IF_ERROR(LoadStems(f));
          break;
        case FileKind::kLexicon:
          for (const TsvRow& row : f.table.rows) {
            lexicons_[Trim(row.fields[0])].push_back(
                {Trim(row.fields[1]), Trim(row.fields[2])});
          }
          break;
        case FileKind::kPatterns:
          for (const TsvRow& row : f.table.rows) {
            pattern_rows_.push_back(
                {f.file.path + ":" + std::to_string(row.line),
                 Trim(row.fields[0]), Trim(row.fields[1]), Trim(row.fields[2]),
                 std::string(row.fields[3]), Trim(row.fields[4])});
          }
          break;
      }
    }
  }
  pending_.clear();
  CodeCountries();
  reading_slots_ = {};
  reading_count_ = 0;
  next_reading_ = {};
  reading_hashes_ = {};
  read_flags_ = {};
  last_type_name_ = {};  // views of a file read (done with)
  last_entity_id_ = {};
  last_entity_ = kNoEntity;

  // Group aliases by folded key; keys sorted for the trie: by key, then by
  // alias. The first eight bytes of a key, as a number that orders as they
  // do, sort the aliases in a radix sort; only runs that share those bytes
  // are then sorted by comparing keys (a comparison sort of all the aliases
  // was a tenth of the extractor's creation).
  auto prefix_of = [](std::string_view key) {
    uint64_t prefix = 0;
    for (size_t i = 0; i < 8; ++i) {
      prefix = prefix << 8 |
               (i < key.size() ? static_cast<unsigned char>(key[i]) : 0u);
    }
    return prefix;
  };
  std::vector<PrefixedIndex> order;  // (prefix, alias)
  order.reserve(aliases_.size());
  for (uint32_t a = 0; a < aliases_.size(); ++a) {
    if (enabled[static_cast<int>(entities_[aliases_[a].entity].type)])
      order.push_back({prefix_of(alias_keys_[a]), a});
  }
  SortByPrefix(&order);
  for (size_t i = 0; i < order.size();) {
    size_t j = i + 1;
    while (j < order.size() && order[j].first == order[i].first) ++j;
    if (j - i > 1) {
      std::sort(order.begin() + static_cast<std::ptrdiff_t>(i),
                order.begin() + static_cast<std::ptrdiff_t>(j),
                [this](const PrefixedIndex& x, const PrefixedIndex& y) {
                  const int c =
                      alias_keys_[x.second].compare(alias_keys_[y.second]);
                  return c != 0 ? c < 0 : x.second < y.second;
                });
    }
    i = j;
  }
  keys_.clear();
  keys_.reserve(order.size());
  key_alias_begin_.clear();
  key_alias_ids_.clear();
  key_alias_ids_.reserve(order.size());
  for (const auto& [prefix, a] : order) {
    if (keys_.empty() || keys_.back() != alias_keys_[a]) {
      // (Moved: the aliases' keys are dropped below.)
      keys_.push_back(std::move(alias_keys_[a]));
      key_alias_begin_.push_back(static_cast<uint32_t>(key_alias_ids_.size()));
    }
    key_alias_ids_.push_back(a);
  }
  key_alias_begin_.push_back(static_cast<uint32_t>(key_alias_ids_.size()));
  // A user name that another record already has makes that name ambiguous: say
  // so.
  for (uint32_t k = 0; k + 1 < key_alias_begin_.size(); ++k) {
    const uint32_t* first = key_alias_ids_.data() + key_alias_begin_[k];
    const uint32_t* last = key_alias_ids_.data() + key_alias_begin_[k + 1];
    for (const uint32_t* a = first; a != last; ++a) {
      if (aliases_[*a].source == 0) continue;
      for (const uint32_t* b = first; b != last; ++b) {
        if (aliases_[*b].entity != aliases_[*a].entity &&
            !(aliases_[*b].flags & kFlagDisabled)) {
          const Entity& other = entities_[aliases_[*b].entity];
          warnings_.push_back(user_sources_[aliases_[*a].source - 1] + ": '" +
                              aliases_[*a].name + "' also names " +
                              EntityKey(other.type, other.id) +
                              ": it is ambiguous now");
          break;
        }
      }
    }
  }
  // An alias that reads a key exactly as an earlier one of the same key does
  // (same record, case rule and flags; same spelling when the case must match,
  // same languages when only they may use it) decides nothing new: the
  // resolver would check it for every hit. A country's CLDR name is the same
  // in dozens of languages ("China"), so this shortens many lists a lot.
  auto same_reading = [](const Alias& a, const Alias& b) {
    return a.entity == b.entity && a.case_rule == b.case_rule &&
           a.flags == b.flags &&
           (a.case_rule != CaseRule::kExact || a.name == b.name) &&
           (!(a.flags & kFlagLangOnly) || a.lang == b.lang);
  };
  std::vector<uint32_t> distinct_begin;
  std::vector<uint32_t> distinct_ids;
  distinct_ids.reserve(key_alias_ids_.size());
  for (uint32_t k = 0; k + 1 < key_alias_begin_.size(); ++k) {
    distinct_begin.push_back(static_cast<uint32_t>(distinct_ids.size()));
    const size_t kept_from = distinct_ids.size();
    for (uint32_t i = key_alias_begin_[k]; i < key_alias_begin_[k + 1]; ++i) {
      const Alias& alias = aliases_[key_alias_ids_[i]];
      bool seen = false;
      for (size_t j = kept_from; j < distinct_ids.size() && !seen; ++j) {
        seen = same_reading(aliases_[distinct_ids[j]], alias);
      }
      if (!seen) distinct_ids.push_back(key_alias_ids_[i]);
    }
  }
  distinct_begin.push_back(static_cast<uint32_t>(distinct_ids.size()));
  key_alias_begin_ = std::move(distinct_begin);
  key_alias_ids_ = std::move(distinct_ids);
  alias_keys_.clear();
  alias_keys_.shrink_to_fit();
  key_alias_meta_.clear();
  key_alias_meta_.reserve(key_alias_ids_.size());
  for (const uint32_t a : key_alias_ids_) {
    const Alias& alias = aliases_[a];
    key_alias_meta_.push_back({alias.entity, alias.flags, alias.case_rule,
                               entities_[alias.entity].type});
  }
  // The matcher's keys: keys_ and the extra keys merged (both sorted), each
  // with its index in either list.
  const std::vector<std::string> extra_keys =
      extra_keys_of ? extra_keys_of(*this) : std::vector<std::string>();
  std::vector<std::string_view> matcher_keys;
  matcher_keys.reserve(keys_.size() + extra_keys.size());
  matched_keys_.clear();
  matched_keys_.reserve(keys_.size() + extra_keys.size());
  size_t k = 0;
  size_t x = 0;
  while (k < keys_.size() || x < extra_keys.size()) {
    const bool take_key = k < keys_.size() &&
                          (x == extra_keys.size() || keys_[k] <= extra_keys[x]);
    const bool take_extra = x < extra_keys.size() &&
                            (k == keys_.size() || extra_keys[x] <= keys_[k]);
    matcher_keys.push_back(take_key ? keys_[k] : extra_keys[x]);
    matched_keys_.push_back({take_key ? static_cast<int32_t>(k++) : -1,
                             take_extra ? static_cast<int32_t>(x++) : -1});
  }
  matcher_.Build(matcher_keys, threads);
  return Status::Ok();
}

int64_t Gazetteer::FindKey(std::string_view folded) const {
  auto it = std::lower_bound(keys_.begin(), keys_.end(), folded);
  return it != keys_.end() && *it == folded ? it - keys_.begin() : -1;
}

int64_t Gazetteer::FindEntity(EntityType type, std::string_view id) const {
  // The key in the thread's buffer: extraction looks up every new record's
  // id, and a key built anew allocated for most of them.
  thread_local std::string key;
  key.assign(EntityTypeName(type));
  key += '\t';
  key += id;
  auto it = entity_index_.find(key);
  return it == entity_index_.end() ? int64_t{-1}
                                   : static_cast<int64_t>(it->second);
}

const std::vector<LexiconEntry>& Gazetteer::Lexicon(
    const std::string& name) const {
  static const std::vector<LexiconEntry> kEmpty;
  auto it = lexicons_.find(name);
  return it == lexicons_.end() ? kEmpty : it->second;
}

}  // namespace attrex::internal
