// The resolve stage. Candidates come from three sources (gazetteer names,
// naming-scheme patterns, acronym definitions); alias lists, alias phrases and
// context cues confirm or add actor names; overlaps are settled longest-first;
// ambiguous names are decided by the rest of the document or reported as such.
#include "resolve/resolver.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <map>
#include <memory>
#include <span>
#include <unordered_map>

#include "normalize/char_fold.h"
#include "resolve/attribution.h"
#include "resolve/coverage.h"
#include "resolve/position_index.h"

namespace attrex::internal {
namespace {

constexpr double kGazetteerConfidence = 0.95;
constexpr double kAcronymConfidence = 0.9;
constexpr double kAcronymLongFormConfidence = 0.8;
constexpr double kListNumberConfidence = 0.85;
constexpr double kNewListMemberConfidence = 0.6;
constexpr double kAmbiguousConfidence = 0.55;

// The records a candidate may denote, in data order: almost always one or
// two, kept inline (text made only of names yields hundreds of thousands of
// candidates, and a heap block each would double their memory).
class EntityIds {
 public:
  EntityIds() = default;
  EntityIds(std::initializer_list<uint32_t> ids) {
    Assign(ids.begin(), ids.end());
  }
  EntityIds& operator=(const std::vector<uint32_t>& ids) {
    Assign(ids.data(), ids.data() + ids.size());
    return *this;
  }
  EntityIds& operator=(std::initializer_list<uint32_t> ids) {
    Assign(ids.begin(), ids.end());
    return *this;
  }
  const uint32_t* begin() const {
    return more_.empty() ? inline_ : more_.data();
  }
  const uint32_t* end() const { return begin() + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  uint32_t operator[](size_t i) const { return begin()[i]; }
  bool operator==(const EntityIds& o) const {
    return std::equal(begin(), end(), o.begin(), o.end());
  }

 private:
  void Assign(const uint32_t* first, const uint32_t* last) {
    size_ = static_cast<uint32_t>(last - first);
    if (size_ <= kInline) {
      more_.clear();
      std::copy(first, last, inline_);
    } else {
      more_.assign(first, last);
    }
  }
  static constexpr uint32_t kInline = 2;
  uint32_t size_ = 0;
  uint32_t inline_[kInline] = {0, 0};
  std::vector<uint32_t> more_;  // when there are more than kInline
};

// A value that lives on the heap only when set, copied with its owner. Once
// allocated, the value stays for the next one (Reset empties it, with
// T::Clear): a candidate's slot is reused from document to document.
template <typename T>
class OptionalBox {
 public:
  OptionalBox() = default;
  OptionalBox(const OptionalBox& o)
      : p_(o.get() ? std::make_unique<T>(*o.p_) : nullptr),
        set_(p_ != nullptr) {}
  OptionalBox& operator=(const OptionalBox& o) {
    if (o.get() == nullptr) {
      Reset();
    } else if (p_) {
      *p_ = *o.p_;
      set_ = true;
    } else {
      p_ = std::make_unique<T>(*o.p_);
      set_ = true;
    }
    return *this;
  }
  OptionalBox(OptionalBox&& o) noexcept
      : p_(std::move(o.p_)), set_(std::exchange(o.set_, false)) {}
  OptionalBox& operator=(OptionalBox&& o) noexcept {
    p_ = std::move(o.p_);
    set_ = std::exchange(o.set_, false);
    return *this;
  }
  const T* get() const { return set_ ? p_.get() : nullptr; }
  T* get() { return set_ ? p_.get() : nullptr; }
  T& GetOrCreate() {
    if (!p_) p_ = std::make_unique<T>();
    set_ = true;
    return *p_;
  }
  void Reset() {
    if (set_) p_->Clear();
    set_ = false;
  }

 private:
  std::unique_ptr<T> p_;
  bool set_ = false;  // p_ holds a value (else it is empty, or storage)
};

// What few candidates need: kept apart so that the common one stays small.
struct CandidateExtra {
  std::string new_name;  // no known record: the name of a new one
  std::string country;   // for a new record
  std::vector<std::string> candidate_ids;  // filled when left ambiguous

  // As a new one, keeping the storage.
  void Clear() {
    new_name.clear();
    country.clear();
    candidate_ids.clear();
  }
};

struct Candidate {
  uint32_t vb = 0;  // view span
  uint32_t ve = 0;
  size_t start = 0;  // original span
  size_t end = 0;
  EntityType type = EntityType::kState;
  bool needs_cue = false;
  bool cue_ok = false;
  bool malware = false;  // every alias read here is also a malware name
  bool removed = false;
  EntityIds entities;  // known records this may denote, data order
  std::string evidence;
  double confidence = 0.0;
  // The naming scheme a bare number after it inherits ("APT"): a pattern's,
  // owned by the Knowledge (not in CandidateExtra: every scheme match has
  // one, and most need nothing else from it), or null.
  const std::string* scheme = nullptr;
  OptionalBox<CandidateExtra> extra;

  CandidateExtra& Extra() { return extra.GetOrCreate(); }
  // Makes this a new candidate of the span, as a default one with these
  // fields set would be, keeping the storage of its strings and list (the
  // store's slots are reused from document to document). Every field is
  // set here.
  void Reset(uint32_t view_begin, uint32_t view_end, size_t original_begin,
             size_t original_end, EntityType entity_type) {
    vb = view_begin;
    ve = view_end;
    start = original_begin;
    end = original_end;
    type = entity_type;
    needs_cue = false;
    cue_ok = false;
    malware = false;
    removed = false;
    entities = {};
    evidence.clear();
    confidence = 0.0;
    scheme = nullptr;
    extra.Reset();
  }
  const std::string& new_name() const {
    return extra.get() ? extra.get()->new_name : kNone;
  }
  const std::string& country() const {
    return extra.get() ? extra.get()->country : kNone;
  }
  static const std::string kNone;
};
const std::string Candidate::kNone;

// A document's candidates, in order of addition. Candidates are added while
// others are referred to by pointer, so they live in blocks that never move;
// the blocks stay from document to document (a deque allocated and freed a
// block per three candidates of every document).
class CandidateStore {
  static constexpr size_t kBlock = 64;
  using Block = std::array<Candidate, kBlock>;

 public:
  template <typename Store, typename T>
  class Iterator {
   public:
    Iterator(Store* store, size_t i) : store_(store), i_(i) {}
    T& operator*() const { return (*store_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(const Iterator& o) const { return i_ != o.i_; }

   private:
    Store* store_;
    size_t i_;
  };

  size_t size() const { return size_; }
  Candidate& operator[](size_t i) { return (*blocks_[i / kBlock])[i % kBlock]; }
  const Candidate& operator[](size_t i) const {
    return (*blocks_[i / kBlock])[i % kBlock];
  }
  Iterator<CandidateStore, Candidate> begin() { return {this, 0}; }
  Iterator<CandidateStore, Candidate> end() { return {this, size_}; }
  Iterator<const CandidateStore, const Candidate> begin() const {
    return {this, 0};
  }
  Iterator<const CandidateStore, const Candidate> end() const {
    return {this, size_};
  }

  // The next slot, for the caller to fill: it may still hold a candidate of
  // an earlier document (assign a whole candidate, or Candidate::Reset).
  Candidate& AppendSlot() {
    if (size_ == blocks_.size() * kBlock)
      blocks_.push_back(std::make_unique<Block>());
    return (*this)[size_++];
  }

  // Empties the store, keeping the blocks of the first `keep` candidates.
  // Their candidates stay as they are until push_back assigns over them
  // (which gives back what they held): a reset of every candidate here was a
  // second assignment of each.
  void Clear(size_t keep) {
    size_ = 0;
    const size_t keep_blocks = (keep + kBlock - 1) / kBlock;
    if (blocks_.size() > keep_blocks) blocks_.resize(keep_blocks);
  }

 private:
  std::vector<std::unique_ptr<Block>> blocks_;
  size_t size_ = 0;
};

struct Token {
  uint32_t vb;
  uint32_t ve;
  bool word;  // a run of word characters; otherwise one punctuation character
};

struct LexiconHit {
  uint32_t vb;
  uint32_t ve;
  LexiconKind kind;
  const LexiconTerm* term;  // lang and value, owned by the Knowledge
};

// Letter-level facts of the original text.
struct LetterScan {
  int letters = 0;
  int upper = 0;
  char32_t first_letter = 0;
};

LetterScan ScanLetters(std::string_view s) {
  LetterScan scan;
  size_t pos = 0;
  while (pos < s.size()) {
    bool invalid;
    const char32_t cp = DecodeUtf8(s, &pos, &invalid);
    if (!IsLetterCodePoint(cp)) continue;
    if (scan.letters == 0) scan.first_letter = cp;
    ++scan.letters;
    if (IsUpperCodePoint(cp)) ++scan.upper;
  }
  return scan;
}

bool StartsUpperOrDigit(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    bool invalid;
    const char32_t cp = DecodeUtf8(s, &pos, &invalid);
    if (cp >= '0' && cp <= '9') return true;
    if (IsLetterCodePoint(cp)) return IsUpperCodePoint(cp);
  }
  return false;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool ContainsLang(const std::string& langs, const std::string& lang) {
  size_t start = 0;
  while (start <= langs.size()) {
    size_t comma = langs.find(',', start);
    if (comma == std::string::npos) comma = langs.size();
    if (langs.compare(start, comma - start, lang) == 0) return true;
    // "zh-Hant" counts for "zh".
    if (comma - start > lang.size() &&
        langs.compare(start, lang.size(), lang) == 0 &&
        langs[start + lang.size()] == '-') {
      return true;
    }
    start = comma + 1;
  }
  return false;
}

// Empties v; keeps its storage for the next document unless it grew past
// `keep` items (a thread does not hold on to what a long document needed).
template <typename T>
void ClearKeeping(std::vector<T>& v, size_t keep) {
  if (v.capacity() > keep) {
    std::vector<T>().swap(v);
  } else {
    v.clear();
  }
}

// What a resolver needs per document and can reuse for the next one: each
// thread keeps one, so that steady-state extraction does not grow these
// vectors again for every document.
struct ResolverScratch {
  std::vector<Token> tokens;
  std::vector<WordSpan> words;
  std::vector<uint64_t> word_hashes;
  std::vector<LexiconHit> lexicon;
  std::vector<uint32_t> lexicon_by_end;
  // The view offsets where some lexicon hit starts, and those where one
  // ends: most questions ("a malware word ending right here?") are answered
  // no without a search.
  Coverage lexicon_starts;
  Coverage lexicon_ends;
  // The gazetteer matcher's, all its keys; then, from FindNamesAndLexicon to
  // DetectLanguage, those of lexicon keys with terms other than stop words
  // (key_index into Knowledge::lexicon_keys).
  std::vector<NameHit> hits;
  std::vector<NameHit> name_hits;  // those of names, key_index into keys()
  std::vector<uint32_t> entities_by_type[kEntityTypeCount];
  std::vector<int> stopwords;
  PositionIndex by_start;
  PositionIndex by_end;
  CandidateStore candidates;
  std::vector<Candidate*> selected;
  // Select's: the candidates in order of rank, and the bytes kept.
  // A candidate with its rank in Select's order, as integers: sorting
  // compares these, without reading the candidates (scattered over their
  // blocks) at every comparison.
  struct Ranked {
    uint64_t longer_first;     // (max - span length) * 2 + (new record ? 1 : 0)
    uint64_t surer_first;      // the confidence's bits, inverted
    uint64_t type_then_index;  // (actor, agency, state) * 2^32 + index
    Candidate* candidate;
    bool operator<(const Ranked& o) const {
      if (longer_first != o.longer_first) return longer_first < o.longer_first;
      if (surer_first != o.surer_first) return surer_first < o.surer_first;
      return type_then_index < o.type_then_index;
    }
  };
  std::vector<Ranked> ranked;
  Coverage covered;
  std::vector<PatternHit> pattern_hits;
  // CheckCues': actor cue words, actors that need no cue, countries named.
  std::vector<uint32_t> cue_positions;
  std::vector<uint32_t> sure_actor_positions;
  std::vector<uint32_t> countries;
  // Emit: each known entity's place in the document's list of its type
  // (kNoSlot when the document does not name it), and the entities set, to
  // unset. Indexed by entity: no hash map is built per document.
  static constexpr uint32_t kNoSlot = 0xFFFFFFFFu;
  std::vector<uint32_t> entity_slots;
  std::vector<uint32_t> entities_slotted;
  // Emit's slots of the records the text names anew, by type and id: an
  // open-addressing table made when the document's first one comes (a map
  // allocated a node per record).
  class NewRecordSlots {
   public:
    void Clear() { used_ = false; }
    // The slot of (type, id); kNoSlot when new, which the caller sets before
    // the next Find (an entry whose slot is kNoSlot is a free one). `most`:
    // how many the document can have at most.
    uint32_t& Find(EntityType type, std::string_view id, size_t most) {
      if (!used_) {
        size_t size = 16;
        while (size < 2 * most) size <<= 1;
        entries_.assign(size, Entry{});
        used_ = true;
      }
      const size_t mask = entries_.size() - 1;
      size_t i =
          (std::hash<std::string_view>()(id) ^ static_cast<size_t>(type)) &
          mask;
      for (;; i = (i + 1) & mask) {
        Entry& e = entries_[i];
        if (e.slot == kNoSlot) {
          e.type = type;
          e.id = id;
          return e.slot;  // kNoSlot: the caller sets it
        }
        if (e.type == type && e.id == id) return e.slot;
      }
    }
    size_t capacity() const { return entries_.capacity(); }
    void Release() { std::vector<Entry>().swap(entries_); }

   private:
    struct Entry {
      std::string_view id;
      EntityType type = EntityType::kState;
      uint32_t slot = kNoSlot;
    };
    std::vector<Entry> entries_;
    bool used_ = false;
  };
  NewRecordSlots new_record_slots;
  // ResolveAmbiguity's: the records named without doubt, and the ids of the
  // states named, sorted (counted by their runs: no map nodes per mention).
  std::vector<uint32_t> sure_entities;
  std::vector<std::string_view> named_states;
  std::vector<uint32_t> known_actors;  // KnownActors'
  std::string slug;                    // Emit's, for a new record's id
  // MergeQualifiedAgencies': an agency's qualifiers, and its records of
  // the qualifying state.
  std::vector<const Candidate*> qualifiers;
  std::vector<uint32_t> same_country;
  // ExpandCommaLists': the known actors, a list's items, the starts of the
  // actors found in a list.
  std::vector<Candidate*> list_actors;
  struct ListItem {
    uint32_t vb, ve;
    Candidate* actor;  // a known actor, or null: a new name
  };
  std::vector<ListItem> list_items;
  Coverage list_visited;
  // AddAttributions': the document's mentions and cues as FindAttributions
  // reads them.
  std::vector<AttributionMention> attribution_mentions;
  std::vector<AttributionCue> attribution_cues;

  // Empties everything; storage grown past `keep_items` items (KeepItems) is
  // released so a thread does not hold on to it.
  void Clear(size_t keep_items) {
    auto reset = [keep_items](auto& v) { ClearKeeping(v, keep_items); };
    reset(tokens);
    reset(words);
    // Kept at its size: HashWords writes every element, and a vector resized
    // up from empty would first fill them all with zeros (0.4 % of the
    // extraction).
    if (word_hashes.capacity() > keep_items) {
      std::vector<uint64_t>().swap(word_hashes);
    }
    reset(lexicon);
    reset(lexicon_by_end);
    reset(hits);
    reset(name_hits);
    reset(selected);
    reset(ranked);
    reset(pattern_hits);
    reset(cue_positions);
    reset(sure_actor_positions);
    reset(sure_entities);
    reset(named_states);
    reset(known_actors);
    reset(attribution_mentions);
    reset(attribution_cues);
    reset(list_actors);
    reset(qualifiers);
    reset(same_country);
    reset(list_items);
    countries.clear();
    // Candidates are large: fewer are kept.
    candidates.Clear(keep_items / 16);
    if (new_record_slots.capacity() > keep_items) new_record_slots.Release();
    for (Coverage* bits :
         {&covered, &lexicon_starts, &lexicon_ends, &list_visited}) {
      if (bits->capacity() > keep_items) bits->Release();
    }
    stopwords.clear();
    // (By offset: a window's view may be a little longer than the window.)
    by_start.Clear(2 * keep_items);
    by_end.Clear(2 * keep_items);
  }
};

class DocumentResolver {
 public:
  DocumentResolver(const Knowledge& knowledge, std::string_view text,
                   const NormalizedText& normalized, ResolverScratch& scratch)
      : k_(knowledge),
        g_(knowledge.gazetteer),
        text_(text),
        n_(normalized),
        view_(normalized.view()),
        scratch_(scratch),
        tokens_(scratch.tokens),
        words_(scratch.words),
        word_hashes_(scratch.word_hashes),
        lexicon_(scratch.lexicon),
        stopwords_(scratch.stopwords),
        candidates_(scratch.candidates),
        by_start_(scratch.by_start),
        by_end_(scratch.by_end),
        lexicon_by_end_(scratch.lexicon_by_end),
        selected_(scratch.selected),
        candidate_limit_(
            std::max<size_t>(1024, 4 * knowledge.options.max_mentions)) {}

  void Run(ResolvedDocument& doc) {
    by_start_.Reserve(view_.size() + 1);
    by_end_.Reserve(view_.size() + 1);
    Tokenize();
    NameMatcher::HashWords(view_, words_, &word_hashes_);
    FindNamesAndLexicon();
    DetectLanguage();
    AddGazetteerCandidates();
    AddPatternCandidates();
    AddMinistryPhrases();
    BindAcronyms();
    MergeQualifiedAgencies();
    DropPortfolios();
    ExpandLists();
    ExpandCommaLists();
    ApplyAliasPhrases();
    CheckCues();
    Select();
    ResolveAmbiguity();
    Emit(doc);
  }

 private:
  std::string_view Original(uint32_t vb, uint32_t ve) const {
    const ByteSpan span = n_.ToOriginal(vb, ve);
    return text_.substr(span.begin, span.end - span.begin);
  }

  void AddCandidate(Candidate&& c) {
    if (Candidate* slot = NewSlot(c.vb, c.ve)) *slot = std::move(c);
  }

  // AddCandidate for a candidate made in place: the store's slot, reset to a
  // new candidate of the span, for the caller to fill; null past the limit.
  // The gazetteer's names make most candidates: a temporary, its move into
  // the store and its destruction were a fifth of their step on dense text.
  Candidate* AddCandidateInPlace(uint32_t vb, uint32_t ve, ByteSpan span,
                                 EntityType type) {
    Candidate* slot = NewSlot(vb, ve);
    if (slot != nullptr) slot->Reset(vb, ve, span.begin, span.end, type);
    return slot;
  }

  // The store's next slot, indexed by the view span [vb, ve) it is to hold
  // (its old contents still there), or null past the limit. Always inline:
  // called from two places, GCC kept it out of the gazetteer's loop (4 M more
  // instructions on 8 MB of dense text).
  __attribute__((always_inline)) Candidate* NewSlot(uint32_t vb, uint32_t ve) {
    // Options::max_mentions bounds the work and memory too, not only the
    // output: a text made of nothing but names stops growing candidates past a
    // multiple of it.
    if (candidates_.size() >= candidate_limit_) {
      candidates_truncated_ = true;
      return nullptr;
    }
    const auto index = static_cast<uint32_t>(candidates_.size());
    by_start_.Add(vb, index);
    by_end_.Add(ve, index);
    return &candidates_.AppendSlot();
  }

  // Calls f(candidate) for every live candidate starting at a view offset in
  // [lo, hi]. Candidates start at token starts, so only those are looked up.
  template <typename F>
  void ForEachStartingIn(uint32_t lo, uint32_t hi, F f) {
    auto it =
        std::lower_bound(tokens_.begin(), tokens_.end(), lo,
                         [](const Token& t, uint32_t v) { return t.vb < v; });
    for (; it != tokens_.end() && it->vb <= hi; ++it) {
      by_start_.ForEach(it->vb, [&](uint32_t index) {
        if (!candidates_[index].removed) f(candidates_[index]);
      });
    }
  }
  template <typename F>
  void ForEachAt(const PositionIndex& index, uint32_t pos, F f) {
    index.ForEach(pos, [&](uint32_t i) {
      if (!candidates_[i].removed) f(candidates_[i]);
    });
  }

  // The view offset `tokens` tokens before the token at or after `pos`: how far
  // back a candidate covering `pos` may start (names are at most this long).
  static constexpr int kMaxNameTokens = 32;
  uint32_t WindowStart(uint32_t pos) const {
    auto it =
        std::lower_bound(tokens_.begin(), tokens_.end(), pos,
                         [](const Token& t, uint32_t v) { return t.vb < v; });
    const auto index = static_cast<size_t>(it - tokens_.begin());
    return index >= kMaxNameTokens ? tokens_[index - kMaxNameTokens].vb : 0;
  }

  Candidate MakeCandidate(uint32_t vb, uint32_t ve, EntityType type) const {
    return MakeCandidate(vb, ve, n_.ToOriginal(vb, ve), type);
  }
  // With the original span of view bytes [vb, ve) known already.
  static Candidate MakeCandidate(uint32_t vb, uint32_t ve, ByteSpan span,
                                 EntityType type) {
    Candidate c;
    c.Reset(vb, ve, span.begin, span.end, type);
    return c;
  }

  // --- Tokens and lexicon -------------------------------------------------

  // Tokens, and the words every trie walks from (NameMatcher::Words: the word
  // tokens). ASCII text goes 64 bytes a step (TokenizeAsciiBlock); a
  // character outside ASCII, and a word that may go on past the block, are
  // read one token a step (TokenizeOne).
  void Tokenize() {
    const size_t n = view_.size();
    const auto* bytes = reinterpret_cast<const unsigned char*>(view_.data());
    size_t pos = 0;
    while (pos < n) {
      if (n - pos >= 64) {
        const size_t next = TokenizeAsciiBlock(bytes, pos);
        if (next != pos) {
          pos = next;
          continue;
        }
      }
      pos = TokenizeOne(bytes, pos, n);
    }
  }

  void AddWordToken(size_t begin, size_t end) {
    const WordSpan word{static_cast<uint32_t>(begin),
                        static_cast<uint32_t>(end)};
    tokens_.push_back({word.begin, word.end, true});
    words_.push_back(word);
  }

  // The tokens of view bytes [pos, pos + 64) up to the first byte outside
  // ASCII, from bit masks: a word starts where a run of word bits does, every
  // other bit that is no space is a punctuation token of one byte. Stops
  // before a word that reaches the end of that range (it may go on after it).
  // Returns where tokenizing goes on; pos when it read nothing. Called at a
  // token start or a space, with 64 bytes of the view from pos.
  size_t TokenizeAsciiBlock(const unsigned char* bytes, size_t pos) {
    const AsciiBlockMasks m = ClassifyAsciiBlock(bytes + pos);
    const unsigned limit =
        m.non_ascii != 0 ? static_cast<unsigned>(__builtin_ctzll(m.non_ascii))
                         : 64;
    if (limit == 0) return pos;
    const uint64_t valid =
        limit == 64 ? ~uint64_t{0} : (uint64_t{1} << limit) - 1;
    const uint64_t word = m.word & valid;
    const uint64_t punctuation = ~(m.word | m.space) & valid;
    const uint64_t word_ends = word & ~(word >> 1);  // each run's last byte
    for (uint64_t starts = (word & ~(word << 1)) | punctuation; starts != 0;
         starts &= starts - 1) {
      const auto i = static_cast<unsigned>(__builtin_ctzll(starts));
      if ((punctuation >> i) & 1) {
        tokens_.push_back({static_cast<uint32_t>(pos + i),
                           static_cast<uint32_t>(pos + i + 1), false});
        continue;
      }
      const auto last = static_cast<unsigned>(
          __builtin_ctzll(word_ends & (~uint64_t{0} << i)));
      if (last == limit - 1) return pos + i;
      AddWordToken(pos + i, pos + last + 1);
    }
    return pos + limit;
  }

  // One token (or one space) from view_[pos]; returns where the next starts.
  size_t TokenizeOne(const unsigned char* bytes, size_t pos, size_t n) {
    const size_t begin = pos;
    // One space between words: the commonest character that is no token.
    if (bytes[pos] == ' ') return pos + 1;
    const CharClass cls = NextCharClass(view_, &pos);
    if (cls == CharClass::kWord) {
      size_t end = pos;
      while (end < n) {
        // ASCII letters and digits: most of a view.
        end = AsciiWordRunEnd(bytes, end, n);
        if (end >= n || bytes[end] < 0x80) break;
        size_t next = end;
        if (NextCharClass(view_, &next) != CharClass::kWord) break;
        end = next;
      }
      AddWordToken(begin, end);
      return end;
    }
    if (cls == CharClass::kNoSpace) {
      AddWordToken(begin, pos);
    } else {
      tokens_.push_back(
          {static_cast<uint32_t>(begin), static_cast<uint32_t>(pos), false});
    }
    return pos;
  }

  // Index of the first token from `from` on that is the punctuation
  // character c (ASCII), or tokens_.size(). Such tokens are a few in a
  // thousand: memchr over the view finds them without a visit to every token
  // (the scans for '(' and '/' did that, 5 % of the extraction). Each byte c of
  // the view starts a token of its own, as no word holds it and no UTF-8
  // sequence has an ASCII byte inside.
  size_t NextPunctuation(char c, size_t from) const {
    if (from >= tokens_.size()) return tokens_.size();
    size_t pos = tokens_[from].vb;
    while (pos < view_.size()) {
      const auto* found = static_cast<const char*>(
          std::memchr(view_.data() + pos, c, view_.size() - pos));
      if (found == nullptr) break;
      const auto at = static_cast<uint32_t>(found - view_.data());
      auto it = std::lower_bound(
          tokens_.begin() + static_cast<std::ptrdiff_t>(from), tokens_.end(),
          at, [](const Token& t, uint32_t v) { return t.vb < v; });
      if (it != tokens_.end() && it->vb == at && !it->word)
        return static_cast<size_t>(it - tokens_.begin());
      pos = at + 1;
    }
    return tokens_.size();
  }

  // Index of the token starting at view offset vb, or -1.
  int TokenStartingAt(uint32_t vb) const {
    auto it =
        std::lower_bound(tokens_.begin(), tokens_.end(), vb,
                         [](const Token& t, uint32_t v) { return t.vb < v; });
    return it != tokens_.end() && it->vb == vb
               ? static_cast<int>(it - tokens_.begin())
               : -1;
  }
  int TokenEndingAt(uint32_t ve) const {
    auto it =
        std::lower_bound(tokens_.begin(), tokens_.end(), ve,
                         [](const Token& t, uint32_t v) { return t.ve < v; });
    return it != tokens_.end() && it->ve == ve
               ? static_cast<int>(it - tokens_.begin())
               : -1;
  }

  // Names and lexicon terms, in one pass of the gazetteer's matcher (which
  // holds both): the names' hits are kept for AddGazetteerCandidates, stop
  // words counted, and the hits of other lexicon terms kept in scratch_.hits
  // for DetectLanguage, which drops the terms of other languages as it lists
  // them.
  void FindNamesAndLexicon() {
    std::vector<NameHit>& hits = scratch_.hits;
    std::vector<NameHit>& name_hits = scratch_.name_hits;
    hits.clear();
    name_hits.clear();
    stopwords_.assign(k_.languages.size(), 0);
    g_.matcher().FindAll(view_, words_, word_hashes_, &hits);
    // Fetched for all hits first: the cache misses overlap.
    for (const NameHit& hit : hits) g_.PrefetchMatched(hit.key_index);
    size_t term_hits = 0;  // written over the hits already read
    // Stop words are only counted, to tell the language: in byte lanes
    // (Knowledge::LexiconKeyInfo), taken out before one can overflow.
    const bool packed = k_.stopwords_packed;
    uint64_t lanes[2] = {0, 0};
    uint32_t lane_hits = 0;
    auto take_lanes = [&] {
      for (size_t l = 0; l < stopwords_.size(); ++l)
        stopwords_[l] +=
            static_cast<int>((lanes[l / 8] >> (8 * (l % 8))) & 0xFF);
      lanes[0] = lanes[1] = 0;
      lane_hits = 0;
    };
    for (const NameHit& hit : hits) {
      if (const int32_t key = g_.MatchedKey(hit.key_index); key >= 0)
        name_hits.push_back({hit.begin, hit.end, static_cast<uint32_t>(key)});
      const int32_t term_key = g_.MatchedExtraKey(hit.key_index);
      if (term_key < 0) continue;
      const Knowledge::LexiconKeyInfo& info =
          k_.lexicon_keys[static_cast<size_t>(term_key)];
      if (packed) {
        lanes[0] += info.stopword_lanes[0];
        lanes[1] += info.stopword_lanes[1];
        if (++lane_hits == k_.stopword_lane_flush) take_lanes();
      } else {
        for (uint32_t i = 0; i < info.stopword_count; ++i)
          ++stopwords_[k_.stopword_languages[info.stopwords_begin + i]];
      }
      // Kept when the key has other terms; written either way (whether it
      // has is as good as random from one hit to the next).
      hits[term_hits] = {hit.begin, hit.end, static_cast<uint32_t>(term_key)};
      term_hits += info.term_count > 0 ? 1 : 0;
    }
    if (packed) take_lanes();
    hits.resize(term_hits);
  }

  // The document's language: given by the options, or told by its stop words.
  // (A given language also needs the lexicon indexed: it used to skip that,
  // and with it every "term ending here" question.)
  void DetectLanguage() {
    if (!k_.options.language.empty()) {
      language_ = k_.options.language;
    } else {
      int best = 0;
      int second = 0;
      for (size_t l = 0; l < stopwords_.size(); ++l) {
        const int count = stopwords_[l];
        if (count > best) {
          second = best;
          best = count;
          language_ = k_.languages[l];
        } else if (count > second) {
          second = count;
        }
      }
      // Too little evidence, or two languages neck and neck: unknown.
      if (best < 3 || best < second * 3 / 2) language_.clear();
    }
    const auto& langs = k_.term_languages;
    const auto found = std::lower_bound(langs.begin(), langs.end(), language_);
    language_id_ = found != langs.end() && *found == language_
                       ? static_cast<uint32_t>(found - langs.begin())
                       : kNoTermLanguage;
    ListLexicon();
    IndexLexicon();
  }

  // The lexicon terms of the hits FindNamesAndLexicon kept, in order of hit
  // and then of term. Function words of one language are ordinary words in
  // another (Czech "a" is "and", Romanian "a" a genitive link): once the
  // language is known, only its own are listed. (Articles are only read next
  // to the document's language's cues; the other kinds of every language.)
  void ListLexicon() {
    const bool known = !language_.empty();
    // (A hit whose terms are all of other languages marks its offsets too:
    // a question there searches and finds nothing.)
    Coverage& starts = scratch_.lexicon_starts;
    Coverage& ends = scratch_.lexicon_ends;
    starts.Reset(view_.size());
    ends.Reset(view_.size());
    const Knowledge::ListedRun* runs =
        k_.listed_runs.data() +
        k_.ListedColumn(known, language_id_) * k_.lexicon_keys.size();
    const Knowledge::ListedTerm* listed = k_.listed_terms.data();
    const LexiconTerm* terms = k_.lexicon_terms.data();
    for (const NameHit& hit : scratch_.hits) {
      starts.Set(hit.begin);
      ends.Set(hit.end);
      const Knowledge::ListedRun run = runs[hit.key_index];
      for (uint32_t i = run.begin; i < run.begin + run.count; ++i) {
        lexicon_.push_back(
            {hit.begin, hit.end, listed[i].kind, terms + listed[i].term});
      }
    }
  }

  // Lexicon hits come from the trie in order of start; a second order by end
  // answers "which term ends here". Both are binary searches. The hits are
  // almost in order of end already: a hit ends before an earlier one only when
  // it lies inside it, and a term holds few others, so an insertion sort does
  // a few moves per hit (a general sort was 4 % of the extraction).
  void IndexLexicon() {
    const size_t count = lexicon_.size();
    lexicon_by_end_.resize(count);
    const LexiconHit* hits = lexicon_.data();
    uint32_t* by_end = lexicon_by_end_.data();
    uint32_t last_end = 0;  // the end of by_end's last hit: the largest
    for (uint32_t i = 0; i < count; ++i) {
      const uint32_t ve = hits[i].ve;
      if (ve >= last_end) {  // most hits (the terms of one word share its end)
        by_end[i] = i;
        last_end = ve;
        continue;
      }
      uint32_t j = i;
      for (; j > 0 && hits[by_end[j - 1]].ve > ve; --j)
        by_end[j] = by_end[j - 1];
      by_end[j] = i;
    }
  }

  template <typename F>
  void ForEachLexiconStartingAt(uint32_t vb, F f) const {
    if (!scratch_.lexicon_starts.Has(vb)) return;
    auto it = std::lower_bound(
        lexicon_.begin(), lexicon_.end(), vb,
        [](const LexiconHit& h, uint32_t v) { return h.vb < v; });
    for (; it != lexicon_.end() && it->vb == vb; ++it) f(*it);
  }
  template <typename F>
  void ForEachLexiconEndingAt(uint32_t ve, F f) const {
    if (!scratch_.lexicon_ends.Has(ve)) return;
    auto it = std::lower_bound(
        lexicon_by_end_.begin(), lexicon_by_end_.end(), ve,
        [this](uint32_t i, uint32_t v) { return lexicon_[i].ve < v; });
    for (; it != lexicon_by_end_.end() && lexicon_[*it].ve == ve; ++it)
      f(lexicon_[*it]);
  }

  // --- Candidates ---------------------------------------------------------

  void AddGazetteerCandidates() {
    std::vector<NameHit>& hits = scratch_.name_hits;  // FindNamesAndLexicon's
    if (hits.size() > candidate_limit_) {
      hits.resize(candidate_limit_);
      candidates_truncated_ = true;
    }
    // The keys' alias records are spread over the gazetteer: fetched for all
    // hits first, their cache misses overlap instead of following one
    // another.
    for (const NameHit& hit : hits)
      __builtin_prefetch(g_.AliasMetaOfKey(hit.key_index));
    for (const NameHit& hit : hits) {
      // "Bundestags- und Landtagsabgeordnete": the first half of a compound
      // whose second half is left out is no mention.
      if (hit.end + 1 < view_.size() && view_[hit.end] == '-' &&
          view_[hit.end + 1] == ' ') {
        continue;
      }
      const ByteSpan span = n_.ToOriginal(hit.begin, hit.end);
      const std::string_view surface =
          text_.substr(span.begin, span.end - span.begin);
      std::vector<uint32_t>* by_type = scratch_.entities_by_type;
      for (int t = 0; t < kEntityTypeCount; ++t) by_type[t].clear();
      bool all_need_cue[kEntityTypeCount] = {true, true, true};
      bool all_malware[kEntityTypeCount] = {true, true, true};
      auto [first, last] = g_.AliasesOfKey(hit.key_index);
      const AliasMeta* meta = g_.AliasMetaOfKey(hit.key_index);
      for (const uint32_t* a = first; a != last; ++a, ++meta) {
        // The small per-alias record first; the Alias (with its strings) only
        // when the case must match exactly or the language decides.
        const AliasMeta& alias = *meta;
        if (alias.flags & kFlagDisabled) continue;
        if (alias.case_rule == CaseRule::kExact
                ? !CaseAllows(CaseRule::kExact, surface, g_.aliases()[*a].name)
                : !CaseAllows(alias.case_rule, surface, {})) {
          continue;
        }
        if ((alias.flags & kFlagLangOnly) &&
            (language_.empty() ||
             !ContainsLang(g_.aliases()[*a].lang, language_))) {
          continue;
        }
        const int t = static_cast<int>(alias.type);
        auto& list = by_type[t];
        if (std::find(list.begin(), list.end(), alias.entity) == list.end()) {
          list.push_back(alias.entity);
        }
        const bool needs_cue =
            (alias.flags & kFlagCue) && k_.options.require_cues;
        if (!needs_cue) all_need_cue[t] = false;
        if (!(alias.flags & kFlagMalware)) all_malware[t] = false;
      }
      for (int t = 0; t < kEntityTypeCount; ++t) {
        if (by_type[t].empty()) continue;
        uint32_t begin = hit.begin;
        // "the Dukes": the article is not part of an actor's name.
        if (t == static_cast<int>(EntityType::kThreatActor) &&
            hit.end - hit.begin > 6 &&
            view_.compare(hit.begin, 4, "the ") == 0) {
          begin += 4;
        }
        // The span is the surface's (mapped once) unless "the " was cut.
        Candidate* c = AddCandidateInPlace(
            begin, hit.end,
            begin == hit.begin ? span : n_.ToOriginal(begin, hit.end),
            static_cast<EntityType>(t));
        if (c == nullptr) continue;
        c->entities = by_type[t];
        c->needs_cue = all_need_cue[t];
        c->malware = all_malware[t];
        c->evidence = "gazetteer";
        c->confidence = kGazetteerConfidence;
      }
    }
  }

  // Known actor records whose name folds like `name` (in the scratch's
  // vector, valid until the next call).
  const std::vector<uint32_t>& KnownActors(std::string_view name) const {
    std::vector<uint32_t>& out = scratch_.known_actors;
    out.clear();
    const int64_t key = g_.FindKey(FoldKeyView(name));
    if (key < 0) return out;
    auto [first, last] = g_.AliasesOfKey(static_cast<uint32_t>(key));
    for (const uint32_t* a = first; a != last; ++a) {
      const uint32_t e = g_.aliases()[*a].entity;
      if (g_.entities()[e].type == EntityType::kThreatActor &&
          std::find(out.begin(), out.end(), e) == out.end()) {
        out.push_back(e);
      }
    }
    return out;
  }

  static bool PatternCaseAllows(PatternCase rule, std::string_view surface) {
    switch (rule) {
      case PatternCase::kAny:
        return true;
      case PatternCase::kUpper: {
        // The letters before the first digit or separator: the scheme prefix.
        size_t pos = 0;
        int letters = 0;
        while (pos < surface.size()) {
          bool invalid;
          const char32_t cp = DecodeUtf8(surface, &pos, &invalid);
          if (!IsLetterCodePoint(cp)) {
            if (letters > 0) break;
            continue;
          }
          if (!IsUpperCodePoint(cp)) return false;
          ++letters;
        }
        return letters > 0;
      }
      case PatternCase::kCap: {
        bool at_word_start = true;
        size_t pos = 0;
        while (pos < surface.size()) {
          bool invalid;
          const char32_t cp = DecodeUtf8(surface, &pos, &invalid);
          if (IsLetterCodePoint(cp)) {
            if (at_word_start && !IsUpperCodePoint(cp)) return false;
            at_word_start = false;
          } else {
            at_word_start = true;
          }
        }
        return true;
      }
    }
    return false;
  }

  void AddPatternCandidates() {
    std::vector<PatternHit>& hits = scratch_.pattern_hits;
    k_.patterns.FindAll(view_, words_, &hits);
    for (const PatternHit& hit : hits) {
      const Pattern& p = k_.patterns.pattern(hit.pattern);
      const ByteSpan span = n_.ToOriginal(hit.view_begin, hit.view_end);
      const std::string_view surface =
          text_.substr(span.begin, span.end - span.begin);
      if (!PatternCaseAllows(p.case_rule, surface)) continue;
      Candidate* c =
          AddCandidateInPlace(hit.view_begin, hit.view_end, span, p.type);
      if (c == nullptr) continue;
      const std::string_view canonical =
          p.tmpl == "$0" ? surface : std::string_view(hit.canonical);
      if (p.type == EntityType::kThreatActor)
        c->entities = KnownActors(canonical);
      if (c->entities.empty()) c->Extra().new_name.assign(canonical);
      c->evidence.assign("pattern:");
      c->evidence.append(p.id);
      c->confidence = p.confidence;
      c->needs_cue = p.needs_cue && k_.options.require_cues;
      if (!p.scheme.empty()) c->scheme = &p.scheme;
    }
  }

  // --- Acronyms -----------------------------------------------------------

  // Does the original text of view span [vb, ve) look like an acronym ("DNSC",
  // "FPS Interior", "NÚKIB", "CERT-RO")?
  bool LooksLikeAcronym(uint32_t vb, uint32_t ve) const {
    const std::string_view s = Original(vb, ve);
    const LetterScan scan = ScanLetters(s);
    if (scan.letters < 2 || scan.letters > 24 || scan.upper < 2) return false;
    if (!IsUpperCodePoint(scan.first_letter)) return false;
    // The first word must be mostly capitals.
    const size_t space = s.find(' ');
    const LetterScan head = ScanLetters(s.substr(0, space));
    return head.upper * 2 > head.letters && head.letters <= 10;
  }

  // The best (longest, then most confident) live candidate of `type` exactly on
  // view span [vb, ve), or nullptr; types other than STATE when `any_type`.
  Candidate* CandidateOn(uint32_t vb, uint32_t ve) {
    Candidate* best = nullptr;
    ForEachAt(by_start_, vb, [&](Candidate& c) {
      if (c.ve == ve && (best == nullptr || c.confidence > best->confidence))
        best = &c;
    });
    return best;
  }
  Candidate* LongestNonStateEndingAt(uint32_t ve) {
    Candidate* best = nullptr;
    ForEachAt(by_end_, ve, [&](Candidate& c) {
      if (c.type == EntityType::kState) return;
      if (best == nullptr || c.ve - c.vb > best->ve - best->vb) best = &c;
    });
    return best;
  }

  bool HasLexiconInside(LexiconKind kind, uint32_t vb, uint32_t ve) const {
    auto it = std::lower_bound(
        lexicon_.begin(), lexicon_.end(), vb,
        [](const LexiconHit& h, uint32_t v) { return h.vb < v; });
    for (; it != lexicon_.end() && it->vb < ve; ++it) {
      if (it->kind == kind && it->ve <= ve) return true;
    }
    return false;
  }

  // The tokens starting in [vb, ve).
  std::span<const Token> TokensIn(uint32_t vb, uint32_t ve) const {
    auto first =
        std::lower_bound(tokens_.begin(), tokens_.end(), vb,
                         [](const Token& t, uint32_t v) { return t.vb < v; });
    auto last =
        std::lower_bound(first, tokens_.end(), ve,
                         [](const Token& t, uint32_t v) { return t.vb < v; });
    return std::span<const Token>(&*first, static_cast<size_t>(last - first));
  }

  // The state whose name or adjective lies inside [vb, ve), if exactly one
  // does.
  std::string NestedCountry(uint32_t vb, uint32_t ve) {
    std::string country;
    bool conflict = false;
    ForEachStartingIn(vb, ve == 0 ? 0 : ve - 1, [&](Candidate& c) {
      if (c.type != EntityType::kState || c.ve > ve || c.entities.size() != 1)
        return;
      const std::string& id = g_.entities()[c.entities[0]].id;
      if (!country.empty() && country != id) conflict = true;
      country = id;
    });
    return conflict ? "" : country;
  }

  // Walks back from token `last` over words whose initials spell `letters`
  // (from its end), skipping short lower-case function words. Returns the first
  // token of the long form, or -1.
  int LongFormByInitials(int last, const std::string& letters) const {
    int needed = static_cast<int>(letters.size()) - 1;
    int t = last;
    int first = -1;
    while (t >= 0 && needed >= 0) {
      const Token& tok = tokens_[static_cast<size_t>(t)];
      if (!tok.word) return -1;
      const std::string_view word =
          std::string_view(view_).substr(tok.vb, tok.ve - tok.vb);
      if (word[0] == letters[static_cast<size_t>(needed)]) {
        --needed;
        first = t;
      } else if (word.size() > 4 ||
                 StartsUpperOrDigit(Original(tok.vb, tok.ve))) {
        return -1;
      }
      --t;
    }
    return needed < 0 ? first : -1;
  }

  // Are tokens t and t + 1 the possessive "'s"?
  bool IsPossessive(size_t t) const {
    return t + 1 < tokens_.size() && !tokens_[t].word &&
           view_[tokens_[t].vb] == '\'' && tokens_[t + 1].word &&
           tokens_[t + 1].ve - tokens_[t + 1].vb == 1 &&
           view_[tokens_[t + 1].vb] == 's';
  }

  struct AcronymBinding {
    std::string surface;  // as defined, original case
    std::string key;      // folded
    Candidate model;      // what every occurrence resolves to
  };

  void BindAcronyms() {
    std::vector<AcronymBinding> bindings;
    for (size_t i = NextPunctuation('(', 0); i + 2 < tokens_.size();
         i = NextPunctuation('(', i + 1)) {
      size_t j = i + 1;
      while (j < tokens_.size() && j < i + 8 &&
             !(!tokens_[j].word &&
               (view_[tokens_[j].vb] == ')' || view_[tokens_[j].vb] == '(')))
        ++j;
      if (j >= tokens_.size() || j == i + 1 || view_[tokens_[j].vb] != ')')
        continue;
      const uint32_t inner_vb = tokens_[i + 1].vb;
      uint32_t inner_ve = tokens_[j - 1].ve;
      // "(ASD's)": the possessive is not part of the acronym.
      if (j >= i + 4 && IsPossessive(j - 2)) {
        inner_ve = tokens_[j - 3].ve;
        if (inner_ve <= inner_vb) continue;
      }
      if (i == 0) continue;
      // "Australian Signals Directorate's (ASD's)": nor of the long form.
      const size_t before_index = i >= 3 && IsPossessive(i - 2) ? i - 3 : i - 1;
      const Token& before = tokens_[before_index];
      Candidate* outer = before.word || view_[before.vb] == '.'
                             ? LongestNonStateEndingAt(before.ve)
                             : nullptr;
      Candidate* inner = CandidateOn(inner_vb, inner_ve);

      if (LooksLikeAcronym(inner_vb, inner_ve)) {
        // "Long Name (ACR)".
        if (inner != nullptr) {
          if (outer != nullptr && outer->type == EntityType::kThreatActor &&
              inner->type == EntityType::kThreatActor) {
            // An actor's other name in brackets is its own mention, and
            // confirms both as actors.
            inner->cue_ok = outer->cue_ok = true;
            continue;
          }
          if (outer == nullptr && inner->type == EntityType::kAgency &&
              before.word && !inner->entities.empty()) {
            // A known acronym after an unknown long form: the long form is that
            // agency's name in the text's language ("Agenția pentru Securitate
            // Cibernetică și Infrastructură (CISA)").
            const int first = LongFormByHead(static_cast<int>(before_index));
            if (first >= 0) {
              const uint32_t long_vb = tokens_[static_cast<size_t>(first)].vb;
              Candidate long_form =
                  MakeCandidate(long_vb, before.ve, EntityType::kAgency);
              long_form.entities = inner->entities;
              long_form.evidence = "acronym";
              long_form.confidence = kAcronymLongFormConfidence;
              AddCandidate(std::move(long_form));
            }
            continue;
          }
          if (!(outer != nullptr && outer->type == EntityType::kAgency &&
                inner->type == EntityType::kAgency)) {
            continue;
          }
        }
        Candidate model;
        if (outer != nullptr && outer->type != EntityType::kThreatActor) {
          model = *outer;
        } else if (outer == nullptr && before.word) {
          // An unknown long form headed like an agency name ("Centre de
          // Coordination des Crises Cyber (C4)"), or one whose initials spell
          // the acronym ("Národní úřad pro kybernetickou a informační
          // bezpečnost (NÚKIB)").
          int first = LongFormByHead(static_cast<int>(before_index));
          if (first < 0 && j - i - 1 == 1) {
            const std::string letters(view_.substr(
                tokens_[i + 1].vb, tokens_[i + 1].ve - tokens_[i + 1].vb));
            if (letters.size() >= 2 && letters.size() <= 10) {
              first =
                  LongFormByInitials(static_cast<int>(before_index), letters);
              if (first >= 0 &&
                  !HasLexiconInside(LexiconKind::kAgencyHead,
                                    tokens_[static_cast<size_t>(first)].vb,
                                    before.ve)) {
                first = -1;
              }
            }
          }
          if (first < 0) continue;
          const uint32_t long_vb = tokens_[static_cast<size_t>(first)].vb;
          if (!StartsUpperOrDigit(Original(long_vb, before.ve))) continue;
          Candidate long_form =
              MakeCandidate(long_vb, before.ve, EntityType::kAgency);
          long_form.Extra().new_name =
              std::string(Original(long_vb, before.ve));
          long_form.Extra().country = NestedCountry(long_vb, before.ve);
          long_form.evidence = "acronym";
          long_form.confidence = kAcronymLongFormConfidence;
          model = long_form;
          AddCandidate(std::move(long_form));
        } else {
          continue;
        }
        if (inner != nullptr) inner->removed = true;
        AcronymBinding binding;
        binding.surface = std::string(Original(inner_vb, inner_ve));
        binding.key = std::string(view_.substr(inner_vb, inner_ve - inner_vb));
        binding.model = model;
        bindings.push_back(std::move(binding));
      } else if (outer != nullptr && outer->type == EntityType::kAgency &&
                 inner == nullptr && outer->entities.size() == 1) {
        // "Federal Bureau of Investigation (Fbi)": the agency's own acronym,
        // written in another case.
        const std::vector<uint32_t> same = KnownByKey(
            std::string_view(view_).substr(inner_vb, inner_ve - inner_vb),
            EntityType::kAgency);
        if (std::find(same.begin(), same.end(), outer->entities[0]) ==
            same.end())
          continue;
        Candidate c = MakeCandidate(inner_vb, inner_ve, EntityType::kAgency);
        c.entities = outer->entities;
        c.evidence = "acronym";
        c.confidence = kAcronymConfidence;
        AddCandidate(std::move(c));
      } else if (inner != nullptr && inner->type == EntityType::kAgency &&
                 before.word) {
        // "ACR (Long Name)".
        const int first = static_cast<int>(i) - 1;
        const Token& acr = tokens_[static_cast<size_t>(first)];
        if (!LooksLikeAcronym(acr.vb, acr.ve)) continue;
        if (Candidate* existing = CandidateOn(acr.vb, acr.ve)) {
          if (existing->type == inner->type) continue;
          existing->removed = true;
        }
        AcronymBinding binding;
        binding.surface = std::string(Original(acr.vb, acr.ve));
        binding.key = std::string(view_.substr(acr.vb, acr.ve - acr.vb));
        binding.model = *inner;
        bindings.push_back(std::move(binding));
      }
    }
    // Every occurrence of a bound acronym, written with the same capitals, is a
    // mention of the record it was bound to. All acronyms are found in one pass
    // over the words' hashes (no trie is built per document); the first
    // definition of a key wins.
    if (bindings.empty()) return;
    std::map<std::string, size_t> first_binding;
    for (size_t b = 0; b < bindings.size(); ++b)
      first_binding.emplace(bindings[b].key, b);
    std::vector<std::string> keys;
    std::vector<size_t> binding_of_key;
    for (const auto& [key, b] : first_binding) {
      keys.push_back(key);
      binding_of_key.push_back(b);
    }
    std::vector<NameHit> hits;
    NameMatcher::FindFewKeys(view_, words_, word_hashes_, keys, &hits);
    for (const NameHit& hit : hits) {
      const AcronymBinding& b = bindings[binding_of_key[hit.key_index]];
      const uint32_t vb = hit.begin;
      const uint32_t ve = hit.end;
      if (!CaseAllows(CaseRule::kExact, Original(vb, ve), b.surface)) continue;
      ForEachAt(by_start_, vb, [&](Candidate& c) {
        if (c.ve == ve &&
            (c.type != b.model.type || c.entities != b.model.entities)) {
          c.removed = true;
        }
      });
      Candidate c = MakeCandidate(vb, ve, b.model.type);
      c.entities = b.model.entities;
      if (b.model.extra.get() != nullptr) {
        c.Extra().new_name = b.model.new_name();
        c.Extra().country = b.model.country();
      }
      c.evidence = "acronym";
      c.confidence = kAcronymConfidence;
      AddCandidate(std::move(c));
    }
  }

  // --- Alias lists and phrases -------------------------------------------

  // Up to three name-like word tokens (capitalised or with digits) ending at
  // token `last` (going back) or starting at token `first` (going forward).
  std::pair<int, int> NameLikeRun(int from, int step) const {
    int a = from;
    int b = from;
    int count = 0;
    for (int t = from;
         t >= 0 && t < static_cast<int>(tokens_.size()) && count < 3;
         t += step) {
      const Token& tok = tokens_[static_cast<size_t>(t)];
      if (!tok.word || !StartsUpperOrDigit(Original(tok.vb, tok.ve))) break;
      if (step < 0) {
        a = t;
      } else {
        b = t;
      }
      ++count;
    }
    if (count == 0) return {-1, -1};
    return {a, b};
  }

  Candidate* ActorCovering(uint32_t vb, uint32_t ve) {
    Candidate* best = nullptr;
    ForEachStartingIn(WindowStart(vb), vb, [&](Candidate& c) {
      if (c.type != EntityType::kThreatActor || c.ve < ve) return;
      if (best == nullptr || c.ve - c.vb > best->ve - best->vb) best = &c;
    });
    return best;
  }
  bool OtherTypeOverlapping(uint32_t vb, uint32_t ve) {
    bool found = false;
    ForEachStartingIn(WindowStart(vb), ve == 0 ? 0 : ve - 1, [&](Candidate& c) {
      if (c.type != EntityType::kThreatActor && c.vb < ve && vb < c.ve)
        found = true;
    });
    return found;
  }
  // A state or agency reading of the whole span [vb, ve) or more: then the span
  // is that, not an actor. A part of a longer list item ("CSONU" in "CSONU
  // 2814") does not count.
  bool OtherTypeCovering(uint32_t vb, uint32_t ve) {
    bool found = false;
    ForEachStartingIn(WindowStart(vb), vb, [&](Candidate& c) {
      if (c.type != EntityType::kThreatActor && c.ve >= ve) found = true;
    });
    return found;
  }
  void RemoveOtherTypesInside(uint32_t vb, uint32_t ve) {
    ForEachStartingIn(vb, ve == 0 ? 0 : ve - 1, [&](Candidate& c) {
      if (c.type != EntityType::kThreatActor && c.ve <= ve) c.removed = true;
    });
  }

  // A new actor mention for a list member or alias the data does not know.
  void AddNewActor(uint32_t vb, uint32_t ve, const std::string* scheme,
                   const char* evidence) {
    const std::string_view surface = Original(vb, ve);
    Candidate c = MakeCandidate(vb, ve, EntityType::kThreatActor);
    c.evidence = evidence;
    c.cue_ok = true;
    const std::string_view folded = std::string_view(view_).substr(vb, ve - vb);
    if (scheme != nullptr && AllDigits(folded)) {
      const std::string canonical = *scheme + std::string(folded);
      c.entities = KnownActors(canonical);
      if (c.entities.empty()) c.Extra().new_name = canonical;
      c.scheme = scheme;
      c.confidence = kListNumberConfidence;
    } else {
      if (AllDigits(folded)) return;
      c.Extra().new_name = std::string(surface);
      c.confidence = kNewListMemberConfidence;
    }
    AddCandidate(std::move(c));
  }

  void ExpandLists() {
    for (size_t s = NextPunctuation('/', 0); s < tokens_.size();
         s = NextPunctuation('/', s + 1)) {
      // A chain of items separated by '/': collect separator indices.
      std::vector<size_t> seps = {s};
      size_t t = s + 1;
      while (true) {
        size_t u = t;
        int words = 0;
        while (u < tokens_.size() && tokens_[u].word && words < 4) {
          ++u;
          ++words;
        }
        if (words == 0 || u >= tokens_.size() || tokens_[u].word ||
            view_[tokens_[u].vb] != '/') {
          break;
        }
        seps.push_back(u);
        t = u + 1;
      }
      s = seps.back();
      // Items: [first item] / middle items / [last item].
      std::vector<std::pair<uint32_t, uint32_t>> items;
      const size_t first_sep = seps.front();
      if (first_sep == 0) continue;
      if (Candidate* c = ActorCovering(tokens_[first_sep - 1].vb,
                                       tokens_[first_sep - 1].ve);
          c != nullptr && c->ve == tokens_[first_sep - 1].ve) {
        items.emplace_back(c->vb, c->ve);
      } else {
        auto [a, b] = NameLikeRun(static_cast<int>(first_sep) - 1, -1);
        if (a < 0) continue;
        items.emplace_back(tokens_[static_cast<size_t>(a)].vb,
                           tokens_[static_cast<size_t>(b)].ve);
      }
      for (size_t k = 0; k + 1 < seps.size(); ++k) {
        items.emplace_back(tokens_[seps[k] + 1].vb,
                           tokens_[seps[k + 1] - 1].ve);
      }
      const size_t last_sep = seps.back();
      if (last_sep + 1 >= tokens_.size()) continue;
      {
        Candidate* best = nullptr;
        ForEachAt(by_start_, tokens_[last_sep + 1].vb, [&](Candidate& c) {
          if (c.type == EntityType::kThreatActor &&
              (best == nullptr || c.ve > best->ve))
            best = &c;
        });
        if (best != nullptr) {
          items.emplace_back(best->vb, best->ve);
        } else {
          auto [a, b] = NameLikeRun(static_cast<int>(last_sep) + 1, 1);
          if (a < 0) continue;
          items.emplace_back(tokens_[static_cast<size_t>(a)].vb,
                             tokens_[static_cast<size_t>(b)].ve);
        }
      }
      // An actor list: some item is an actor, and none is a state or agency.
      bool has_actor = false;
      bool has_other = false;
      for (const auto& [vb, ve] : items) {
        if (ActorCovering(vb, ve) != nullptr) {
          has_actor = true;
        } else if (OtherTypeCovering(vb, ve)) {
          has_other = true;
        }
      }
      if (!has_actor || has_other) continue;
      const std::string* scheme = nullptr;
      for (const auto& [vb, ve] : items) {
        if (Candidate* c = ActorCovering(vb, ve)) {
          // The scheme a bare number inherits comes from whichever reading of
          // the item knows it (the pattern's, not the gazetteer's).
          const uint32_t c_ve = c->ve;
          ForEachAt(by_start_, c->vb, [&](Candidate& other) {
            if (other.type == EntityType::kThreatActor && other.ve == c_ve) {
              other.cue_ok = true;
              if (other.scheme != nullptr) scheme = other.scheme;
            }
          });
          continue;
        }
        RemoveOtherTypesInside(vb, ve);
        AddNewActor(vb, ve, scheme, "alias-list");
      }
    }
  }

  void ApplyAliasPhrases() {
    for (const LexiconHit& hit : lexicon_) {
      if (hit.kind != LexiconKind::kAliasPhrase &&
          hit.kind != LexiconKind::kAliasOr)
        continue;
      // Left: an actor ending just before the phrase (", " or "(" between).
      Candidate* left = nullptr;
      for (uint32_t gap = 0; gap <= 3 && gap <= hit.vb && left == nullptr;
           ++gap) {
        ForEachAt(by_end_, hit.vb - gap, [&](Candidate& c) {
          if (c.type == EntityType::kThreatActor) left = &c;
        });
      }
      if (left == nullptr) continue;
      // Right: the name after the phrase.
      int next = TokenStartingAt(hit.ve + 1);
      if (next < 0) next = TokenStartingAt(hit.ve);
      if (next < 0) continue;
      if (!tokens_[static_cast<size_t>(next)].word &&
          next + 1 < static_cast<int>(tokens_.size())) {
        const char punct = view_[tokens_[static_cast<size_t>(next)].vb];
        if (punct == '"' || punct == '\'' || punct == ':') ++next;
      }
      const Token& first = tokens_[static_cast<size_t>(next)];
      Candidate* right = nullptr;
      ForEachAt(by_start_, first.vb, [&](Candidate& c) {
        if (right == nullptr || c.ve > right->ve) right = &c;
      });
      if (right != nullptr) {
        if (right->type == EntityType::kThreatActor)
          right->cue_ok = left->cue_ok = true;
        continue;
      }
      if (hit.kind == LexiconKind::kAliasOr) continue;
      auto [a, b] = NameLikeRun(next, 1);
      if (a < 0) continue;
      const uint32_t vb = tokens_[static_cast<size_t>(a)].vb;
      const uint32_t ve = tokens_[static_cast<size_t>(b)].ve;
      if (OtherTypeOverlapping(vb, ve)) continue;
      left->cue_ok = true;
      AddNewActor(vb, ve, nullptr, "alias-phrase");
    }
  }

  // --- Agency phrases -----------------------------------------------------

  bool LexiconAt(LexiconKind kind, uint32_t vb, uint32_t* ve) const {
    bool found = false;
    ForEachLexiconStartingAt(vb, [&](const LexiconHit& hit) {
      if (hit.kind == kind && (!found || hit.ve > *ve)) {
        *ve = hit.ve;
        found = true;
      }
    });
    return found;
  }
  bool LexiconEndingAt(LexiconKind kind, uint32_t ve, uint32_t* vb) const {
    bool found = false;
    ForEachLexiconEndingAt(ve, [&](const LexiconHit& hit) {
      if (hit.kind == kind && (!found || hit.vb < *vb)) {
        *vb = hit.vb;
        found = true;
      }
    });
    return found;
  }

  // Tokens after a capitalised head word that continue a name: capitalised
  // words, and short lower-case links between them ("of", "de", "pentru",
  // "für"). Returns the last token of the name, or -1 when no capitalised word
  // follows.
  int NameContinuation(int head) {
    int last = -1;
    int links = 0;
    for (int t = head + 1;
         t < static_cast<int>(tokens_.size()) && t <= head + 10; ++t) {
      const Token& tok = tokens_[static_cast<size_t>(t)];
      if (!tok.word) {
        if (view_[tok.vb] == '-' || view_[tok.vb] == '\'') continue;
        break;
      }
      const std::string_view word = Original(tok.vb, tok.ve);
      if (StartsUpperOrDigit(word)) {
        last = t;
        links = 0;
        continue;
      }
      // A lower-case state adjective is not part of a name ("Agenția rusă RIA",
      // "la Défense belge"): the guidelines make it a state mention of its own.
      bool state_word = false;
      ForEachAt(by_start_, tok.vb, [&](Candidate& c) {
        if (c.type == EntityType::kState) state_word = true;
      });
      if (state_word) break;
      // A conjunction joins two names unless a capitalised word follows it at
      // once ("Europe et des Affaires étrangères" stays one name, "Armed Forces
      // and the Federal Public Service" is two).
      uint32_t conjunction_end = 0;
      if (LexiconAt(LexiconKind::kListAnd, tok.vb, &conjunction_end)) {
        const int next = t + 1;
        if (next >= static_cast<int>(tokens_.size()) ||
            !StartsUpperOrDigit(
                Original(tokens_[static_cast<size_t>(next)].vb,
                         tokens_[static_cast<size_t>(next)].ve))) {
          break;
        }
      }
      if (tok.ve - tok.vb <= 7 && ++links <= 2) continue;
      break;
    }
    return last;
  }

  // "Ministerio de Relaciones Exteriores", "Ministry of Digital Affairs": a
  // capitalised ministry word and the capitalised words after it name an agency
  // even when no data knows it.
  void AddMinistryPhrases() {
    for (const LexiconHit& hit : lexicon_) {
      if (hit.kind != LexiconKind::kMinistryHead) continue;
      if (!StartsUpperOrDigit(Original(hit.vb, hit.ve))) continue;
      const int head = TokenStartingAt(hit.vb);
      if (head < 0) continue;
      // The head may be several words ("Federal Public Service"): continue
      // after its last token.
      const int head_last = TokenEndingAt(hit.ve);
      if (head_last < 0) continue;
      int last = NameContinuation(head_last);
      if (last < 0) {
        // "Belgian Armed Forces": a head with a capitalised state word before
        // it and nothing after is a name too (the state joins it later).
        bool state_before = false;
        if (hit.vb >= 1 && view_[hit.vb - 1] == ' ') {
          ForEachAt(by_end_, hit.vb - 1, [&](Candidate& s) {
            if (s.type == EntityType::kState &&
                StartsUpperOrDigit(Original(s.vb, s.ve))) {
              state_before = true;
            }
          });
        }
        if (!state_before || head_last == head) continue;
        last = head_last;
      }
      const uint32_t ve = tokens_[static_cast<size_t>(last)].ve;
      // (Before the candidate is added: it is read among those of the span.)
      const std::string country = NestedCountry(hit.vb, ve);
      const ByteSpan span = n_.ToOriginal(hit.vb, ve);
      Candidate* c = AddCandidateInPlace(hit.vb, ve, span, EntityType::kAgency);
      if (c == nullptr) continue;
      CandidateExtra& extra = c->Extra();
      extra.new_name.assign(text_.substr(span.begin, span.end - span.begin));
      extra.country.assign(country);
      c->evidence.assign("pattern:ministry");
      c->confidence = 0.75;
    }
  }

  // The long form before "(ACR)" that starts with a capitalised agency head
  // word
  // ("Agenția pentru Securitate Cibernetică și Infrastructură (CISA)"): returns
  // its first token, or -1.
  int LongFormByHead(int last) const {
    int first = -1;
    for (int t = last; t >= 0 && t > last - 16; --t) {
      const Token& tok = tokens_[static_cast<size_t>(t)];
      if (!tok.word) {
        if (view_[tok.vb] == '-' || view_[tok.vb] == '\'') continue;
        break;
      }
      uint32_t head_end = 0;
      if (LexiconAt(LexiconKind::kAgencyHead, tok.vb, &head_end) &&
          StartsUpperOrDigit(Original(tok.vb, tok.ve))) {
        first = t;
      }
    }
    if (first < 0) return -1;
    // Up to two capitalised words before the head belong to the name when the
    // word before them does not ("bazy danych Światowej Agencji
    // Antydopingowej").
    int extended = first;
    for (int k = 1; k <= 2 && first - k >= 0; ++k) {
      const Token& tok = tokens_[static_cast<size_t>(first - k)];
      if (!tok.word || !StartsUpperOrDigit(Original(tok.vb, tok.ve))) break;
      const int before = first - k - 1;
      if (before >= 0 && tokens_[static_cast<size_t>(before)].word &&
          !StartsUpperOrDigit(
              Original(tokens_[static_cast<size_t>(before)].vb,
                       tokens_[static_cast<size_t>(before)].ve))) {
        extended = first - k;
        break;
      }
    }
    return extended;
  }

  // Records of `type` whose name folds like view span [vb, ve), whatever the
  // case.
  std::vector<uint32_t> KnownByKey(std::string_view key,
                                   EntityType type) const {
    std::vector<uint32_t> out;
    const int64_t k = g_.FindKey(key);
    if (k < 0) return out;
    auto [first, last] = g_.AliasesOfKey(static_cast<uint32_t>(k));
    for (const uint32_t* a = first; a != last; ++a) {
      const uint32_t e = g_.aliases()[*a].entity;
      if (g_.entities()[e].type == type &&
          std::find(out.begin(), out.end(), e) == out.end()) {
        out.push_back(e);
      }
    }
    return out;
  }

  // A capitalised state name or adjective directly before an agency name, or a
  // state code directly after it, or a genitive link to a state or agency, is
  // part of the agency's name ("U.S. Department of Energy", "Belgian FPS
  // Interior", "Departamentul Trezoreriei SUA", "Ministry of Defence of
  // Belgium"). The state also tells which of several same-named agencies is
  // meant.
  void MergeQualifiedAgencies() {
    std::vector<const Candidate*>& qualifiers = scratch_.qualifiers;
    for (int pass = 0; pass < 2; ++pass) {
      const size_t count = candidates_.size();
      for (size_t i = 0; i < count; ++i) {
        if (candidates_[i].removed ||
            candidates_[i].type != EntityType::kAgency)
          continue;
        // A reference stays valid: the store's candidates never move, and
        // this loop changes no candidate.
        const Candidate& agency = candidates_[i];
        // The neighbours that can qualify it: a state just before, a state code
        // just after, or anything but an actor after a genitive link.
        qualifiers.clear();
        if (agency.vb >= 1 && view_[agency.vb - 1] == ' ') {
          ForEachAt(by_end_, agency.vb - 1, [&](Candidate& other) {
            if (other.type == EntityType::kState &&
                StartsUpperOrDigit(Original(other.vb, other.ve))) {
              qualifiers.push_back(&other);
            }
          });
        }
        if (agency.ve < view_.size() && view_[agency.ve] == ' ') {
          ForEachAt(by_start_, agency.ve + 1, [&](Candidate& other) {
            if (other.type != EntityType::kState) return;
            const LetterScan scan = ScanLetters(Original(other.vb, other.ve));
            if (scan.letters >= 2 && scan.upper == scan.letters)
              qualifiers.push_back(&other);
          });
          uint32_t link_end = 0;
          const bool military_unit =
              agency.entities.size() == 1 &&
              g_.entities()[agency.entities[0]].kind == "military-unit";
          // "Unit 74455 of the GRU" names two agencies.
          if (!military_unit &&
              LexiconAt(LexiconKind::kConnector, agency.ve + 1, &link_end) &&
              link_end < view_.size() && view_[link_end] == ' ') {
            ForEachAt(by_start_, link_end + 1, [&](Candidate& other) {
              if (other.type != EntityType::kThreatActor)
                qualifiers.push_back(&other);
            });
          }
        }
        for (const Candidate* other : qualifiers) {
          const uint32_t vb = std::min(agency.vb, other->vb);
          const uint32_t ve = std::max(agency.ve, other->ve);
          std::string country;
          if (other->type == EntityType::kState &&
              other->entities.size() == 1) {
            country = g_.entities()[other->entities[0]].id;
          }
          const ByteSpan span = n_.ToOriginal(vb, ve);
          Candidate* merged =
              AddCandidateInPlace(vb, ve, span, EntityType::kAgency);
          if (merged == nullptr) continue;
          merged->entities = agency.entities;
          if (!country.empty()) {
            std::vector<uint32_t>& same_country = scratch_.same_country;
            same_country.clear();
            for (uint32_t e : agency.entities) {
              if (g_.entities()[e].country == country)
                same_country.push_back(e);
            }
            if (!same_country.empty()) merged->entities = same_country;
          }
          if (merged->entities.empty()) {
            CandidateExtra& extra = merged->Extra();
            extra.new_name.assign(
                text_.substr(span.begin, span.end - span.begin));
            extra.country.assign(country.empty() ? agency.country() : country);
          }
          merged->evidence.assign(agency.evidence);
          merged->evidence.append("+qualified");
          merged->confidence = agency.confidence;
          merged->needs_cue = agency.needs_cue && country.empty();
        }
      }
    }
  }

  // "minister van Defensie", "Ministre belge des Affaires étrangères": a
  // portfolio in a person's title is not the agency.
  void DropPortfolios() {
    for (Candidate& c : candidates_) {
      if (c.removed || c.type != EntityType::kAgency || c.vb < 2) continue;
      uint32_t end = c.vb - 1;
      uint32_t begin = 0;
      if (LexiconEndingAt(LexiconKind::kConnector, end, &begin) && begin >= 2)
        end = begin - 1;
      // A state adjective may stand between title and portfolio.
      const Candidate* state = nullptr;
      ForEachAt(by_end_, end, [&](Candidate& s) {
        if (s.type == EntityType::kState && s.vb >= 2) state = &s;
      });
      if (state != nullptr) {
        end = state->vb - 1;
        if (LexiconEndingAt(LexiconKind::kConnector, end, &begin) && begin >= 2)
          end = begin - 1;
      }
      if (LexiconEndingAt(LexiconKind::kTitleWord, end, &begin)) {
        c.removed = true;
        continue;
      }
      // "minister Ollongren van Defensie": a person's name between title and
      // link.
      int t = TokenEndingAt(end);
      for (int k = 0; k < 2 && t >= 0; ++k, --t) {
        const Token& tok = tokens_[static_cast<size_t>(t)];
        if (!tok.word || !StartsUpperOrDigit(Original(tok.vb, tok.ve)) ||
            tok.vb < 2)
          break;
        if (LexiconEndingAt(LexiconKind::kTitleWord, tok.vb - 1, &begin) &&
            end != c.vb - 1) {
          c.removed = true;
          break;
        }
      }
    }
  }

  // "APT 28, Fancy Bear, Sofacy, Pawnstorm, Sednit and CyberCalifate": in a
  // list of two or more known actors separated by commas and conjunctions, the
  // other names are actors too.
  void ExpandCommaLists() {
    std::vector<Candidate*>& known = scratch_.list_actors;
    known.clear();
    for (Candidate& c : candidates_) {
      if (!c.removed && c.type == EntityType::kThreatActor &&
          !c.entities.empty()) {
        known.push_back(&c);
      }
    }
    std::sort(
        known.begin(), known.end(),
        [](const Candidate* a, const Candidate* b) { return a->vb < b->vb; });
    if (known.empty()) return;
    // The starts of actors found in a list already.
    Coverage& visited = scratch_.list_visited;
    visited.Reset(view_.size());
    std::vector<ResolverScratch::ListItem>& items =
        scratch_.list_items;  // one list at a time
    for (Candidate* start : known) {
      if (visited.Has(start->vb)) continue;
      items.assign(1, {start->vb, start->ve, start});
      int known_count = 1;
      uint32_t pos = start->ve;
      while (true) {
        int sep = TokenStartingAt(pos);
        if (sep < 0) sep = TokenStartingAt(pos + 1);
        if (sep < 0) break;
        const Token& s = tokens_[static_cast<size_t>(sep)];
        uint32_t after = 0;
        if (!s.word && view_[s.vb] == ',') {
          after = s.ve;
          // ", and": the conjunction may follow the comma.
          uint32_t and_end = 0;
          if (LexiconAt(LexiconKind::kListAnd, after + 1, &and_end))
            after = and_end;
        } else if (s.word && LexiconAt(LexiconKind::kListAnd, s.vb, &after)) {
        } else {
          break;
        }
        int next = TokenStartingAt(after + 1);
        if (next < 0) break;
        const Token& n = tokens_[static_cast<size_t>(next)];
        Candidate* actor = nullptr;
        ForEachAt(by_start_, n.vb, [&](Candidate& k) {
          if (k.type == EntityType::kThreatActor && !k.entities.empty() &&
              (actor == nullptr || k.ve > actor->ve)) {
            actor = &k;
          }
        });
        if (actor != nullptr) {
          items.push_back({actor->vb, actor->ve, actor});
          ++known_count;
          visited.Set(actor->vb);
          pos = actor->ve;
          continue;
        }
        // An unknown name: capitalised words up to the next separator.
        int last = -1;
        for (int t = next; t < static_cast<int>(tokens_.size()) && t < next + 3;
             ++t) {
          const Token& tok = tokens_[static_cast<size_t>(t)];
          uint32_t dummy = 0;
          if (!tok.word || !StartsUpperOrDigit(Original(tok.vb, tok.ve)) ||
              LexiconAt(LexiconKind::kListAnd, tok.vb, &dummy)) {
            break;
          }
          last = t;
        }
        if (last < 0) break;
        const uint32_t ve = tokens_[static_cast<size_t>(last)].ve;
        if (OtherTypeOverlapping(n.vb, ve)) break;
        items.push_back({n.vb, ve, nullptr});
        pos = ve;
      }
      if (known_count < 2) continue;
      for (const ResolverScratch::ListItem& item : items) {
        if (item.actor != nullptr) {
          item.actor->cue_ok = true;
        } else {
          AddNewActor(item.vb, item.ve, nullptr, "alias-list");
        }
      }
    }
  }

  // --- Cues
  // -------------------------------------------------------------------

  // For a state or agency name that is also an ordinary word ("Défense",
  // "RIA"), the cue is its country, named elsewhere in the document.
  void CheckCues() {
    const size_t window = k_.options.cue_window;
    // "el código malicioso AppleJeus": a malware word right before a name that
    // is also malware means the malware.
    for (Candidate& c : candidates_) {
      if (c.removed || !c.malware || c.cue_ok) continue;
      uint32_t begin = 0;
      for (uint32_t gap = 0; gap <= 2 && gap <= c.vb; ++gap) {
        if (LexiconEndingAt(LexiconKind::kMalwareCue, c.vb - gap, &begin)) {
          c.removed = true;
          break;
        }
      }
    }
    // Most documents name nothing hazardous: nothing to confirm, and no
    // list of what would confirm it (a pass over every lexicon hit).
    bool any_unconfirmed = false;
    for (const Candidate& c : candidates_)
      any_unconfirmed =
          any_unconfirmed || (!c.removed && c.needs_cue && !c.cue_ok);
    if (!any_unconfirmed) return;
    // What confirms a hazardous name, as sorted positions: actor cue words
    // (in order already: the lexicon's hits are by start), actors that need
    // no cue, and the countries named without doubt.
    std::vector<uint32_t>& cues = scratch_.cue_positions;
    for (const LexiconHit& hit : lexicon_) {
      if (hit.kind == LexiconKind::kActorCue) cues.push_back(hit.vb);
    }
    std::vector<uint32_t>& sure_actors = scratch_.sure_actor_positions;
    // The few distinct countries, by code (Entity::country_code).
    std::vector<uint32_t>& countries = scratch_.countries;
    for (const Candidate& c : candidates_) {
      if (c.removed || c.needs_cue) continue;
      if (c.type == EntityType::kThreatActor) sure_actors.push_back(c.vb);
      if (c.entities.size() == 1) {
        const uint32_t country = g_.entities()[c.entities[0]].own_country_code;
        if (country != Entity::kNoCountry &&
            std::find(countries.begin(), countries.end(), country) ==
                countries.end()) {
          countries.push_back(country);
        }
      }
    }
    std::sort(sure_actors.begin(), sure_actors.end());
    auto any_in = [](const std::vector<uint32_t>& sorted, uint32_t lo,
                     uint32_t hi) {
      auto it = std::lower_bound(sorted.begin(), sorted.end(), lo);
      return it != sorted.end() && *it <= hi;
    };
    for (Candidate& c : candidates_) {
      if (c.removed || !c.needs_cue || c.cue_ok) continue;
      if (c.type != EntityType::kThreatActor) {
        // For a state or agency name that is also an ordinary word ("Défense",
        // "RIA"), the cue is its country, named elsewhere in the document.
        bool named = false;
        for (uint32_t e : c.entities)
          named = named ||
                  std::find(countries.begin(), countries.end(),
                            g_.entities()[e].country_code) != countries.end();
        if (named) {
          c.cue_ok = true;
          c.evidence += "+country";
        } else {
          c.removed = true;
        }
        continue;
      }
      const uint32_t lo =
          c.vb > window ? static_cast<uint32_t>(c.vb - window) : 0;
      const uint32_t hi =
          static_cast<uint32_t>(std::min<size_t>(view_.size(), c.ve + window));
      // A cue word may start a little before the window's start and reach into
      // it.
      if (any_in(cues, lo > 32 ? lo - 32 : 0, hi) ||
          any_in(sure_actors, lo, hi)) {
        c.cue_ok = true;
        c.evidence += "+cue";
      } else {
        c.removed = true;
      }
    }
  }

  // --- Selection ----------------------------------------------------------

  void Select() {
    std::vector<ResolverScratch::Ranked>& order = scratch_.ranked;
    order.reserve(candidates_.size());
    // Longer spans first; then known records before new ones, surer
    // readings before others, and actors before agencies before states where
    // two readings cover the same span; equal ranks keep the order of
    // addition (as a stable sort would, without its buffer).
    static_assert(static_cast<int>(EntityType::kState) <
                      static_cast<int>(EntityType::kAgency) &&
                  static_cast<int>(EntityType::kAgency) <
                      static_cast<int>(EntityType::kThreatActor));
    for (uint32_t i = 0; i < candidates_.size(); ++i) {
      Candidate& c = candidates_[i];
      if (c.removed) continue;
      // Spans are names: far shorter than 2^62 bytes. Confidences are in
      // [0, 1], where a larger double has larger bits.
      const uint64_t length = c.end > c.start ? c.end - c.start : 0;
      uint64_t confidence_bits;
      static_assert(sizeof(confidence_bits) == sizeof(c.confidence));
      std::memcpy(&confidence_bits, &c.confidence, sizeof(confidence_bits));
      const auto type_rank =
          static_cast<uint64_t>(static_cast<int>(EntityType::kThreatActor) -
                                static_cast<int>(c.type));
      order.push_back(
          {((uint64_t{1} << 62) - length) * 2 + (c.entities.empty() ? 1 : 0),
           ~confidence_bits, (type_rank << 32) | i, &c});
    }
    std::sort(order.begin(), order.end());
    Coverage& covered = scratch_.covered;
    covered.Reset(text_.size());
    for (const ResolverScratch::Ranked& r : order) {
      Candidate* c = r.candidate;
      // An empty span would overlap nothing: no mention is empty.
      if (c->start >= c->end || covered.Any(c->start, c->end)) {
        c->removed = true;
        continue;
      }
      covered.Cover(c->start, c->end);
      selected_.push_back(c);
    }
    std::sort(selected_.begin(), selected_.end(),
              [](const Candidate* a, const Candidate* b) {
                return a->start < b->start;
              });
  }

  void ResolveAmbiguity() {
    // Most documents have no ambiguous mention: the maps below are not built.
    if (std::none_of(selected_.begin(), selected_.end(),
                     [](const Candidate* c) { return c->entities.size() > 1; }))
      return;
    // Records named unambiguously somewhere in the document, and the states
    // named, each as many times as named.
    std::vector<uint32_t>& sure = scratch_.sure_entities;
    std::vector<std::string_view>& states = scratch_.named_states;
    sure.clear();
    states.clear();
    for (const Candidate* c : selected_) {
      if (c->entities.size() == 1) sure.push_back(c->entities[0]);
      if (c->type == EntityType::kState && c->entities.size() == 1) {
        states.push_back(g_.entities()[c->entities[0]].id);
      }
    }
    std::sort(sure.begin(), sure.end());
    std::sort(states.begin(), states.end());
    auto times_named = [](const auto& sorted, const auto& value) {
      const auto [first, last] =
          std::equal_range(sorted.begin(), sorted.end(), value);
      return static_cast<int>(last - first);
    };
    for (Candidate* c : selected_) {
      if (c->entities.size() <= 1) continue;
      int best_score = -1;
      int best_count = 0;
      uint32_t best = c->entities[0];
      for (uint32_t e : c->entities) {
        const Entity& entity = g_.entities()[e];
        int score = 100 * times_named(sure, e);
        if (!entity.country.empty())
          score += times_named(states, std::string_view(entity.country));
        if (score > best_score) {
          best_score = score;
          best = e;
          best_count = 1;
        } else if (score == best_score) {
          ++best_count;
        }
      }
      if (best_count == 1 && best_score > 0) {
        c->entities = {best};
        c->evidence += "+context";
        continue;
      }
      // Undecided: report every candidate, keep the data's first as the id.
      for (uint32_t e : c->entities)
        c->Extra().candidate_ids.push_back(g_.entities()[e].id);
      c->entities = {c->entities[0]};
      c->confidence = std::min(c->confidence, kAmbiguousConfidence);
      c->evidence += "+ambiguous";
    }
  }

  // --- Output -------------------------------------------------------------

  // Fills doc, which is empty.
  void Emit(ResolvedDocument& doc) {
    doc.language = language_;
    if (n_.invalid_bytes() > 0) {
      doc.diagnostics.push_back(
          {"invalid_utf8", InvalidUtf8Message(n_.invalid_bytes())});
    }
    // Each mention's entity slot (its place in the list of its type). Known
    // entities find theirs in scratch_.entity_slots; records the text names
    // anew by id in `new_slots` (a new record whose id is a known entity's
    // joins that entity, as one id is one record).
    // The previous document's slots are unset first (also when it did not
    // finish), then the table fits this extractor's data.
    std::vector<uint32_t>& entity_slots = scratch_.entity_slots;
    for (const uint32_t e : scratch_.entities_slotted)
      entity_slots[e] = ResolverScratch::kNoSlot;
    scratch_.entities_slotted.clear();
    entity_slots.resize(g_.entities().size(), ResolverScratch::kNoSlot);
    ResolverScratch::NewRecordSlots& new_slots = scratch_.new_record_slots;
    new_slots.Clear();
    // Sized once: on text that is nothing but names, a vector grown by
    // doubling would hold up to twice the mentions' memory.
    const size_t most = std::min(selected_.size(), k_.options.max_mentions);
    doc.mentions.reserve(most);
    for (const Candidate* c : selected_) {
      if (c->confidence < k_.options.min_confidence) continue;
      if (doc.mentions.size() >= k_.options.max_mentions) {
        doc.diagnostics.push_back(
            {"mention_limit", "stopped after " +
                                  std::to_string(k_.options.max_mentions) +
                                  " mentions (Options::max_mentions)"});
        break;
      }
      ResolvedMention& m = doc.mentions.emplace_back();
      m.type = c->type;
      m.start = c->start;
      m.end = c->end;
      m.text = text_.substr(c->start, c->end - c->start);
      m.confidence = c->confidence;
      // (Copied: the candidate's string keeps its storage for the next
      // document's candidate in its slot.)
      m.evidence = doc.strings.Copy(c->evidence);
      // The candidates are not used after this: their lists move.
      if (c->extra.get() != nullptr)
        m.candidates = std::move(c->extra.get()->candidate_ids);
      const bool known = !c->entities.empty();
      const Entity* e = known ? &g_.entities()[c->entities[0]] : nullptr;
      if (known) {
        m.id = e->id;
        m.name = e->name;
        m.gazetteer_entity = static_cast<int32_t>(c->entities[0]);
      } else {
        std::string& slug = scratch_.slug;
        slug.clear();
        AppendSlug(c->new_name(), &slug);
        m.id = doc.strings.Copy(slug);
        m.name = doc.strings.Copy(c->new_name());
      }
      const int t = static_cast<int>(c->type);
      std::vector<ResolvedEntity>& list = doc.entities[t];
      const auto next_slot = static_cast<uint32_t>(list.size());
      uint32_t* slot = nullptr;
      const int64_t entity_index =
          known ? int64_t{c->entities[0]} : g_.FindEntity(c->type, m.id);
      // (Lists are per type: a record of another type keeps to new_slots.)
      if (entity_index >= 0 &&
          g_.entities()[static_cast<size_t>(entity_index)].type == c->type) {
        slot = &entity_slots[static_cast<size_t>(entity_index)];
        if (*slot == ResolverScratch::kNoSlot) {
          scratch_.entities_slotted.push_back(
              static_cast<uint32_t>(entity_index));
        }
      } else {
        slot = &new_slots.Find(c->type, m.id, selected_.size());
      }
      if (*slot == ResolverScratch::kNoSlot) {
        *slot = next_slot;
        ResolvedEntity& entity = list.emplace_back();
        entity.type = c->type;
        entity.id = m.id;
        entity.name = m.name;
        if (known) {
          entity.country = e->country;
          entity.kind = e->kind;
          entity.attributes = e->attributes;
          entity.gazetteer_entity = static_cast<int32_t>(c->entities[0]);
        } else {
          if (!c->country().empty())
            entity.country = doc.strings.Copy(c->country());
          entity.kind = c->type == EntityType::kThreatActor ? "group" : "";
        }
        entity.known = known;
      }
      m.entity = *slot;
      ResolvedEntity& entity = list[*slot];
      ++entity.mention_count;
      entity.confidence = std::max(entity.confidence, m.confidence);
    }
    CollectAliases(doc);
    if (candidates_truncated_ &&
        (doc.diagnostics.empty() ||
         doc.diagnostics.back().code != "mention_limit")) {
      doc.diagnostics.push_back(
          {"mention_limit", "stopped reading names after " +
                                std::to_string(candidate_limit_) +
                                " candidates (4 x Options::max_mentions)"});
    }
    if (k_.options.attributions) AddAttributions(doc);
  }

  // Each entity's aliases: the distinct texts of its mentions, in order of
  // appearance. They share one pool, each entity a run as long as its mention
  // count (a vector per entity was an allocation each).
  static void CollectAliases(ResolvedDocument& doc) {
    std::vector<std::string_view>& pool = doc.alias_pool;
    pool.resize(doc.mentions.size());
    size_t offset = 0;
    for (std::vector<ResolvedEntity>& list : doc.entities) {
      for (ResolvedEntity& entity : list) {
        entity.aliases = {pool.data() + offset, 0};
        offset += entity.mention_count;
      }
    }
    for (const ResolvedMention& m : doc.mentions) {
      auto& aliases = doc.entities[static_cast<int>(m.type)][m.entity].aliases;
      if (std::find(aliases.begin(), aliases.end(), m.text) == aliases.end()) {
        const auto run = static_cast<size_t>(aliases.data() - pool.data());
        pool[run + aliases.size()] = m.text;
        aliases = {aliases.data(), aliases.size() + 1};
      }
    }
  }

  // The document's attribution records (FindAttributions).
  void AddAttributions(ResolvedDocument& doc) const {
    // No actors, no records: most documents stop here.
    if (doc.entities[static_cast<int>(EntityType::kThreatActor)].empty())
      return;
    // Nor without an attribution, responsibility or target cue of the
    // document's language (FindAttributions would find none): the cue list is
    // not built for them.
    const bool any_record_cue =
        std::any_of(lexicon_.begin(), lexicon_.end(), [&](const LexiconHit& h) {
          return (h.kind == LexiconKind::kAttributionCue ||
                  h.kind == LexiconKind::kTargetCue ||
                  h.kind == LexiconKind::kResponsibilityCue) &&
                 (language_.empty() || h.term->lang_id == language_id_);
        });
    if (!any_record_cue) return;
    std::vector<AttributionMention>& mentions = scratch_.attribution_mentions;
    mentions.clear();
    for (const ResolvedMention& m : doc.mentions) {
      const ResolvedEntity& e =
          doc.entities[static_cast<int>(m.type)][m.entity];
      mentions.push_back({m.type, m.start, m.end, m.id, e.country});
    }
    std::vector<AttributionCue>& cues = scratch_.attribution_cues;
    cues.clear();
    // Articles and conjunctions only matter between two coordinated mentions
    // (FindAttributions' kCoordinationGap, 24 bytes of text): the many others
    // are skipped. The window is wider in the view, whose folding may grow a
    // text ("ß" -> "ss").
    constexpr uint32_t kConjunctionWindow = 64;
    size_t next_selected = 0;
    uint32_t last_mention_end = 0;
    bool any_mention_before = false;
    // The kinds FindAttributions reads, as bits: most hits are turned away by
    // one test (connectors, malware words, agency heads).
    auto bit = [](LexiconKind kind) {
      return uint32_t{1} << static_cast<int>(kind);
    };
    const uint32_t cue_kinds =
        bit(LexiconKind::kAttributionCue) | bit(LexiconKind::kTargetCue) |
        bit(LexiconKind::kResponsibilityCue) | bit(LexiconKind::kSponsorCue) |
        bit(LexiconKind::kSector) | bit(LexiconKind::kAgentBy) |
        bit(LexiconKind::kAccordingTo) | bit(LexiconKind::kSaidVerb) |
        bit(LexiconKind::kActorCue) | bit(LexiconKind::kListAnd) |
        bit(LexiconKind::kArticle);
    const uint32_t near_mention_kinds =
        bit(LexiconKind::kListAnd) | bit(LexiconKind::kArticle);
    static_assert(static_cast<int>(LexiconKind::kSector) < 32);
    for (const LexiconHit& hit : lexicon_) {
      const uint32_t kind = bit(hit.kind);
      if ((kind & cue_kinds) == 0) continue;
      if ((kind & near_mention_kinds) != 0) {
        // The mentions that end before the hit (the hits come in order).
        while (next_selected < selected_.size() &&
               selected_[next_selected]->ve <= hit.vb) {
          last_mention_end =
              std::max(last_mention_end, selected_[next_selected]->ve);
          any_mention_before = true;
          ++next_selected;
        }
        if (!any_mention_before ||
            hit.vb - last_mention_end > kConjunctionWindow) {
          continue;
        }
      }
      // Cue words of other languages are ordinary words here ("de", "din").
      if (!language_.empty() && hit.term->lang_id != language_id_ &&
          hit.kind != LexiconKind::kSponsorCue &&
          hit.kind != LexiconKind::kActorCue) {
        continue;
      }
      if (!language_.empty() && hit.term->lang_id != language_id_ &&
          hit.ve - hit.vb <= 4)
        continue;
      const ByteSpan span = n_.ToOriginal(hit.vb, hit.ve);
      cues.push_back({hit.kind, span.begin, span.end, hit.term->value});
    }
    // The cues are in order of start already, with no sort (it was 0.6 % of
    // the extraction of dense releases): the lexicon's hits are in order of
    // view offset, and ToOriginal maps view offsets to text offsets in
    // order. Cues that start together stay in the lexicon's order.
    FindAttributions(text_, k_.sentences, mentions, cues, &doc.attributions,
                     &doc.attribution_ids);
  }

  const Knowledge& k_;
  const Gazetteer& g_;
  std::string_view text_;
  const NormalizedText& n_;
  std::string_view view_;
  ResolverScratch& scratch_;
  std::vector<Token>& tokens_;
  std::vector<WordSpan>& words_;        // where names may start
  std::vector<uint64_t>& word_hashes_;  // NameMatcher::HashWords of words_
  std::vector<LexiconHit>& lexicon_;
  std::string language_;
  // language_'s index in Knowledge::term_languages, or kNoTermLanguage.
  static constexpr uint32_t kNoTermLanguage = 0xFFFFFFFFu;
  uint32_t language_id_ = kNoTermLanguage;
  std::vector<int>& stopwords_;  // stop words seen, per Knowledge::languages
  CandidateStore& candidates_;
  // Candidates by the view offset they start and end at (indices into
  // candidates_), and lexicon hits likewise: every neighbourhood question the
  // resolver asks is a lookup, so a document costs O(n log n), never O(n^2).
  PositionIndex& by_start_;
  PositionIndex& by_end_;
  std::vector<uint32_t>& lexicon_by_end_;  // indices of lexicon_, by end
  std::vector<Candidate*>& selected_;
  size_t candidate_limit_ = 0;
  bool candidates_truncated_ = false;
};

}  // namespace

bool CaseAllows(CaseRule rule, std::string_view surface,
                std::string_view name) {
  switch (rule) {
    case CaseRule::kAny:
      return true;
    case CaseRule::kCap: {
      size_t pos = 0;
      while (pos < surface.size()) {
        bool invalid;
        const char32_t cp = DecodeUtf8(surface, &pos, &invalid);
        if (IsLetterCodePoint(cp)) return IsUpperCodePoint(cp);
      }
      return false;
    }
    case CaseRule::kExact: {
      // Letter by letter, the case must agree; other characters may differ
      // (accents, dashes, spacing are folded anyway). An acronym written with
      // some capitals lowered ("DoJ" for DOJ) still counts when it keeps two
      // capitals, its first letter among them.
      const LetterScan scan = ScanLetters(surface);
      const bool mixed_acronym =
          scan.upper >= 2 && IsUpperCodePoint(scan.first_letter);
      size_t p = 0;
      size_t q = 0;
      while (true) {
        char32_t a = 0;
        char32_t b = 0;
        bool invalid;
        while (p < surface.size()) {
          a = DecodeUtf8(surface, &p, &invalid);
          if (IsLetterCodePoint(a)) break;
          a = 0;
        }
        while (q < name.size()) {
          b = DecodeUtf8(name, &q, &invalid);
          if (IsLetterCodePoint(b)) break;
          b = 0;
        }
        if (a == 0 || b == 0) return a == b;
        if (IsUpperCodePoint(a) != IsUpperCodePoint(b)) {
          if (!(mixed_acronym && IsUpperCodePoint(b))) return false;
        }
      }
    }
  }
  return false;
}

std::string InvalidUtf8Message(size_t invalid_bytes) {
  return std::to_string(invalid_bytes) +
         " bytes of invalid UTF-8 were read as U+FFFD";
}

void AppendSlug(std::string_view name, std::string* out) {
  const std::string_view folded = FoldKeyView(name);
  const size_t begin = out->size();
  bool dash = false;
  for (unsigned char c : folded) {
    const bool keep =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (keep) {
      if (dash && out->size() > begin) out->push_back('-');
      out->push_back(static_cast<char>(c));
      dash = false;
    } else {
      dash = true;
    }
  }
}

std::string SlugOf(std::string_view name) {
  std::string slug;
  AppendSlug(name, &slug);
  return slug;
}

// How many items of each per-document vector a thread keeps for the next
// document: what a window of a long document (Options::window_bytes) needs,
// as its view has at most one token per byte. With less, each window of a
// long document released the storage the one before grew and grew it anew:
// on a 100 MB document, copies of 5 bytes per byte of text, and as many
// allocations.
size_t KeepItems(const Options& options) {
  constexpr size_t kLeast = size_t{1} << 16;
  constexpr size_t kMost = size_t{1} << 19;
  return std::clamp(options.window_bytes, kLeast, kMost);
}

void Resolve(const Knowledge& knowledge, std::string_view text,
             const NormalizedText& normalized, ResolvedDocument* doc) {
  thread_local ResolverScratch scratch;
  const size_t keep_items = KeepItems(knowledge.options);
  scratch.Clear(keep_items);
  doc->Clear(keep_items / 16);
  DocumentResolver resolver(knowledge, text, normalized, scratch);
  resolver.Run(*doc);
  scratch.Clear(keep_items);
}

ResolvedDocument Resolve(const Knowledge& knowledge, std::string_view text,
                         const NormalizedText& normalized) {
  ResolvedDocument doc;
  Resolve(knowledge, text, normalized, &doc);
  return doc;
}

void ResolvedDocument::Clear(size_t keep_mentions) {
  // Storage a long document grew is given back; a short one's is kept.
  ClearKeeping(mentions, keep_mentions);
  for (std::vector<ResolvedEntity>& list : entities)
    ClearKeeping(list, keep_mentions);
  ClearKeeping(alias_pool, keep_mentions);
  attributions.clear();
  ClearKeeping(attribution_ids, keep_mentions);
  diagnostics.clear();
  language.clear();
  // Four blocks (16 KiB) hold what most documents copy there.
  strings.Clear(4);
}

std::string_view StringArena::Copy(std::string_view s) {
  if (s.empty()) return {};
  if (s.size() > kBlockBytes) {
    char* bytes =
        long_strings_.emplace_back(std::make_unique<char[]>(s.size())).get();
    std::memcpy(bytes, s.data(), s.size());
    return {bytes, s.size()};
  }
  while (current_ < blocks_.size() &&
         kBlockBytes - blocks_[current_].used < s.size()) {
    ++current_;
  }
  if (current_ == blocks_.size())
    blocks_.push_back({std::make_unique<char[]>(kBlockBytes), 0});
  Block& block = blocks_[current_];
  char* bytes = block.bytes.get() + block.used;
  std::memcpy(bytes, s.data(), s.size());
  block.used += s.size();
  return {bytes, s.size()};
}

void StringArena::Clear(size_t keep_blocks) {
  if (blocks_.size() > keep_blocks) blocks_.resize(keep_blocks);
  for (Block& block : blocks_) block.used = 0;
  current_ = 0;
  long_strings_.clear();
}

void FillMention(ResolvedMention&& r, Mention* m) {
  m->type = r.type;
  m->start = r.start;
  m->end = r.end;
  m->text = r.text;
  m->id = r.id;
  m->name = r.name;
  m->confidence = r.confidence;
  m->evidence = r.evidence;
  m->candidates = std::move(r.candidates);
}

void FillDocumentEntity(const ResolvedEntity& r, DocumentEntity* entity) {
  EntityRecord& record = entity->record;
  record.type = r.type;
  record.id = r.id;
  record.name = r.name;
  record.country = r.country;
  record.kind = r.kind;
  record.attributes.assign(r.attributes.begin(), r.attributes.end());
  record.aliases.assign(r.aliases.begin(), r.aliases.end());
  entity->mention_count = r.mention_count;
  entity->known = r.known;
  entity->confidence = r.confidence;
}

void FillAttribution(const ResolvedDocument& resolved,
                     const ResolvedAttribution& r, Attribution* a) {
  auto assign = [&resolved](ResolvedAttribution::Ids ids,
                            std::vector<std::string>* out) {
    const auto views = IdsOf(resolved.attribution_ids, ids);
    out->assign(views.begin(), views.end());
  };
  assign(r.attributing, &a->attributing);
  assign(r.actors, &a->actors);
  a->sponsor = r.sponsor;
  assign(r.targets, &a->targets);
  a->start = r.start;
  a->end = r.end;
  a->confidence = r.confidence;
  a->cue = r.cue;
}

Document ToDocument(ResolvedDocument&& resolved) {
  Document doc;
  doc.language = std::move(resolved.language);
  doc.mentions.reserve(resolved.mentions.size());
  for (ResolvedMention& r : resolved.mentions)
    FillMention(std::move(r), &doc.mentions.emplace_back());
  std::vector<DocumentEntity>* lists[kEntityTypeCount] = {
      &doc.states, &doc.agencies, &doc.actors};
  for (int t = 0; t < kEntityTypeCount; ++t) {
    lists[t]->reserve(resolved.entities[t].size());
    for (const ResolvedEntity& r : resolved.entities[t])
      FillDocumentEntity(r, &lists[t]->emplace_back());
  }
  doc.attributions.reserve(resolved.attributions.size());
  for (const ResolvedAttribution& r : resolved.attributions)
    FillAttribution(resolved, r, &doc.attributions.emplace_back());
  doc.diagnostics = std::move(resolved.diagnostics);
  return doc;
}

}  // namespace attrex::internal
