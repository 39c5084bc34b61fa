// The name trie: depth-first construction from sorted keys, and the scan.
#include "gazetteer/name_matcher.h"

#include <algorithm>
#include <cstring>
#include <deque>

#include "common/side_thread.h"
#include "normalize/char_fold.h"

namespace attrex::internal {
namespace {

// Is the character at view[pos] a word character (a key may not end before it)?
bool IsWordAt(std::string_view view, size_t pos) {
  if (pos >= view.size()) return false;
  return NextCharClass(view, &pos) == CharClass::kWord;
}

uint64_t PairHash(uint64_t first, uint64_t second) {
  const uint64_t h =
      (first * 0x9E3779B97F4A7C15u) ^ (second + 0x632BE59BD9B4E019u);
  return (h ^ (h >> 32)) * 0xD6E8FEB86659FD93u;
}

// Whether a[0, size) equals b[0, size). Words are short: eight bytes a step
// inline, where a call to memcmp cost more than the comparison (most words
// looked up are function words found in the table).
bool SameBytes(const char* a, const char* b, size_t size) {
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t x;
    uint64_t y;
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    if (x != y) return false;
  }
  for (; i < size; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// The same, for a view's word and a table word, when eight bytes from the
// start of each chunk of `a` can be read (up to `a_readable_end`) and
// `b` is followed by at least eight readable bytes (word_text_ is padded): a
// last chunk shorter than eight bytes is compared in one masked load, not
// byte by byte (the byte loop's branches were a seventh of the lookups).
bool SameWordBytes(const char* a, const char* a_readable_end, const char* b,
                   size_t size) {
  const size_t i = size & ~size_t{7};  // the whole chunks: SameBytes' loop
  if (!SameBytes(a, b, i)) return false;
  const size_t rest = size - i;
  if (rest == 0) return true;
  if (a_readable_end - (a + i) < 8) return SameBytes(a + i, b + i, rest);
  uint64_t x;
  uint64_t y;
  std::memcpy(&x, a + i, 8);
  std::memcpy(&y, b + i, 8);
  return ((x ^ y) & (~uint64_t{0} >> (64 - 8 * rest))) == 0;
}

// A word's first eight bytes, zeros past its end (WordEntry::head).
uint64_t WordHead(std::string_view view, WordSpan word) {
  const size_t size = std::min<size_t>(8, word.end - word.begin);
  uint64_t head = 0;
  if (view.size() - word.begin >= 8) {
    std::memcpy(&head, view.data() + word.begin, 8);
    return size == 8 ? head : head & ((uint64_t{1} << (8 * size)) - 1);
  }
  std::memcpy(&head, view.data() + word.begin, size);
  return head;
}

// The end of the word starting at view[pos] (see WordSpan).
size_t WordEnd(std::string_view view, size_t pos) {
  size_t next = pos;
  if (NextCharClass(view, &next) != CharClass::kWord) return next;
  while (next < view.size()) {
    size_t after = next;
    if (NextCharClass(view, &after) != CharClass::kWord) break;
    next = after;
  }
  return next;
}

// How many first bytes a and b share.
size_t CommonPrefixSize(std::string_view a, std::string_view b) {
  const size_t limit = std::min(a.size(), b.size());
  size_t common = 0;
  while (common < limit && a[common] == b[common]) ++common;
  return common;
}

}  // namespace

void NameMatcher::Build(const std::vector<std::string>& keys,
                        unsigned threads) {
  const std::vector<std::string_view> views(keys.begin(), keys.end());
  Build(views, threads);
}

void NameMatcher::BuildTrie(std::span<const std::string_view> keys) {
  // A node per distinct prefix of the keys: as they are sorted, a key adds
  // the bytes past its common prefix with the one before. Reserved exactly,
  // the arrays are written once (grown by doubling, they were copied at each
  // step, and the pages of the old copies faulted in for nothing).
  size_t node_count = 1;
  for (size_t k = 0; k < keys.size(); ++k) {
    node_count +=
        keys[k].size() - (k > 0 ? CommonPrefixSize(keys[k], keys[k - 1]) : 0);
  }
  nodes_.clear();
  nodes_.reserve(node_count);
  nodes_.push_back(Node{});
  label_.clear();
  label_.reserve(node_count);
  label_.push_back(0);
  root_children_.fill(-1);

  // (Key indices are 32-bit in hits; a key is far shorter than 4 GiB.)
  struct Pending {
    uint32_t node;
    uint32_t lo, hi;  // keys sharing this node's prefix
    uint32_t depth;
  };
  // Depth first: a node's children get the next ids, and the first child's
  // subtree follows them, so a walk down a long name (most deep nodes have one
  // child) reads memory in order instead of jumping across the trie.
  std::vector<Pending> stack;
  stack.push_back({0, 0, static_cast<uint32_t>(keys.size()), 0});
  while (!stack.empty()) {
    const Pending p = stack.back();
    stack.pop_back();
    const size_t first_child_pending = stack.size();
    uint32_t i = p.lo;
    // Sorted order puts the key equal to the prefix first.
    if (i < p.hi && keys[i].size() == p.depth) {
      nodes_[p.node].key = static_cast<int32_t>(i);
      ++i;
    }
    nodes_[p.node].first_child = static_cast<uint32_t>(nodes_.size());
    uint32_t count = 0;
    while (i < p.hi) {
      const unsigned char label = static_cast<unsigned char>(keys[i][p.depth]);
      uint32_t j = i + 1;
      while (j < p.hi && static_cast<unsigned char>(keys[j][p.depth]) == label)
        ++j;
      const auto child = static_cast<uint32_t>(nodes_.size());
      nodes_.push_back(Node{});
      label_.push_back(label);
      if (p.node == 0) root_children_[label] = static_cast<int32_t>(child);
      stack.push_back({child, i, j, p.depth + 1});
      ++count;
      i = j;
    }
    nodes_[p.node].child_count = static_cast<uint16_t>(count);
    // Reversed in place: the first child is taken next.
    std::reverse(
        stack.begin() + static_cast<std::ptrdiff_t>(first_child_pending),
        stack.end());
  }
  // Dense tables for the busiest nodes: a lookup there is one load instead of a
  // scan of dozens of labels. (Build looks up each table word's node after
  // this.)
  constexpr uint32_t kDenseMinChildren = 8;
  dense_.clear();
  for (uint32_t id = 1; id < nodes_.size(); ++id) {
    Node& node = nodes_[id];
    if (node.child_count < kDenseMinChildren) continue;
    const size_t table = dense_.size() / 256;
    if (table >= kNoDense) break;  // the others scan their labels
    node.dense = static_cast<uint16_t>(table);
    dense_.resize(dense_.size() + 256, -1);
    for (uint32_t c = node.first_child; c < node.first_child + node.child_count;
         ++c) {
      dense_[table * 256 + label_[c]] = static_cast<int32_t>(c);
    }
  }
}

void NameMatcher::Build(std::span<const std::string_view> keys,
                        unsigned threads) {
  // The trie and the word tables do not read each other until each table
  // word's node is looked up, at the end: with a second thread, the tables
  // are built beside the trie (the matcher is a third of an extractor's
  // creation, which a process pays before its first document).
  struct TableWord {
    uint64_t hash;
    std::string_view word;
    int32_t key;   // the key that is exactly this word, or -1
    bool walk;     // a longer key starts with this word alone
    int64_t node;  // FindNode(word), once the trie is built
  };
  std::vector<TableWord> table_words;
  std::vector<std::pair<uint64_t, uint32_t>> by_hash;  // (hash, table word)
  size_t distinct = 0;                                 // distinct table words
  // The start filter, the byte sets and the table words, in hash order.
  auto build_word_side = [&] {
    // The start filter and the word table. A key that is one bare word is
    // found by looking its word up in the table; a key that starts with a word
    // followed by more (other words, or a stop as in "inc.") by a walk of the
    // trie, which the filter allows for the first two words of a multi-word key
    // (by a pair hash) and for the word of a one-word key with more after it
    // (the table's entry says so). About 64 filter bits per entry keep false
    // positives near 1.5 %, at most 2^21 bits (256 KiB).
    std::vector<uint64_t> hashes;
    std::vector<WordSpan> key_words;
    // Every key's first word is in the table (with the node its bytes reach);
    // the filter has the pair hash of a multi-word key's first two words.
    for (size_t k = 0; k < keys.size(); ++k) {
      const std::string_view key = keys[k];
      Words(key, &key_words, 2);  // the first two tell all that is needed
      if (key_words.empty()) continue;
      const uint64_t first = HashWord(key, key_words[0]);
      const std::string_view first_word(key.data() + key_words[0].begin,
                                        key_words[0].end - key_words[0].begin);
      int32_t exact_key = -1;
      bool walk = false;
      if (key_words.size() > 1) {
        hashes.push_back(PairHash(first, HashWord(key, key_words[1])));
      } else {
        hashes.push_back(first);
        const bool bare =
            key_words[0].begin == 0 && key_words[0].end == key.size();
        exact_key = bare ? static_cast<int32_t>(k) : -1;
        walk = !bare;
      }
      // Keys that start with one word mostly follow one another ("ministry
      // of ..."): one entry for the run (the sort below brings together the
      // rest of a word's keys).
      if (!table_words.empty() && table_words.back().word == first_word) {
        TableWord& same = table_words.back();
        if (exact_key >= 0) same.key = exact_key;
        same.walk = same.walk || walk;
        continue;
      }
      table_words.push_back({first, first_word, exact_key, walk, -1});
    }
    // The filter's size: the least power of two of at least 64 bits per
    // distinct hash, and at most kMaxFilterBits. Built at that largest size
    // first: a filter with more than kMaxFilterBits / 128 bits set has at least
    // as many distinct hashes, and that is its size. Only a smaller set of keys
    // (a user's own data) needs the distinct hashes counted (a sort of them all
    // was 3 % of creation).
    constexpr uint64_t kMaxFilterBits = uint64_t{1} << 21;
    auto fill_filter = [&](uint64_t bits) {
      start_filter_mask_ = bits - 1;
      start_filter_.assign(bits / 64, 0);
      for (const uint64_t h : hashes) {
        start_filter_[(h & start_filter_mask_) >> 6] |= uint64_t{1} << (h & 63);
      }
    };
    fill_filter(kMaxFilterBits);
    uint64_t set_bits = 0;
    for (const uint64_t word : start_filter_)
      set_bits += static_cast<uint64_t>(__builtin_popcountll(word));
    if (set_bits * 128 <= kMaxFilterBits) {
      std::sort(hashes.begin(), hashes.end());
      hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
      uint64_t bits = 64;
      while (bits < hashes.size() * 64 && bits < kMaxFilterBits) bits <<= 1;
      if (bits != kMaxFilterBits) fill_filter(bits);
    }
    // The first two bytes of every key (a one-byte key: its byte and any
    // other); the pairs that a key of one or two bytes starts with; the first
    // three bytes of the longer keys.
    first_two_bytes_.assign(65536 / 64, 0);
    short_key_pairs_.assign(65536 / 64, 0);
    first_three_bytes_.assign(65536 / 64, 0);
    auto set = [](std::vector<uint64_t>& bits, size_t bit) {
      bits[bit >> 6] |= uint64_t{1} << (bit & 63);
    };
    for (const std::string_view key : keys) {
      if (key.empty()) continue;
      const size_t b0 = static_cast<unsigned char>(key[0]);
      const size_t b1_first =
          key.size() > 1 ? static_cast<unsigned char>(key[1]) : 0;
      const size_t b1_last = key.size() > 1 ? b1_first : 255;
      for (size_t b1 = b1_first; b1 <= b1_last; ++b1) {
        const size_t pair = (b0 << 8) | b1;
        set(first_two_bytes_, pair);
        if (key.size() <= 2) set(short_key_pairs_, pair);
      }
      if (key.size() >= 3) {
        set(first_three_bytes_,
            ThreeByteBit((b0 << 8) | b1_first,
                         static_cast<unsigned char>(key[2])));
      }
    }
    // One entry per distinct word (a bare key and a longer one may share it).
    // The words are ordered by hash, so that equal words are adjacent: (hash,
    // index) pairs are sorted, which moves less than the records would, and
    // strings are compared only when hashes tie (comparing them all was a tenth
    // of creation).
    by_hash.resize(table_words.size());
    for (uint32_t i = 0; i < table_words.size(); ++i)
      by_hash[i] = {table_words[i].hash, i};
    std::sort(by_hash.begin(), by_hash.end(),
              [&table_words](const std::pair<uint64_t, uint32_t>& x,
                             const std::pair<uint64_t, uint32_t>& y) {
                if (x.first != y.first) return x.first < y.first;
                return table_words[x.second].word < table_words[y.second].word;
              });
    // The words in that order (equal words side by side).
    auto sorted = [&](size_t i) -> const TableWord& {
      return table_words[by_hash[i].second];
    };
    for (size_t i = 0; i < table_words.size(); ++i) {
      if (i == 0 || sorted(i).word != sorted(i - 1).word) ++distinct;
    }
  };
  SideThread word_builder;
  const bool beside = threads > 1 && word_builder.Start(build_word_side);
  BuildTrie(keys);
  if (beside) {
    word_builder.Join();
  } else {
    build_word_side();
  }
  // The node of each key's first word, walked on from where the previous
  // key's first word shares a prefix with it: the keys are sorted, so most
  // share one, and the walk's nodes are in the cache already (a walk from the
  // root for each word, at random in the trie, was a tenth of creation).
  std::vector<int64_t> path;  // path[d]: the node of the previous word's d + 1
                              // first bytes
  std::string_view previous;
  auto node_of = [&](std::string_view word) {
    const size_t common = CommonPrefixSize(word, previous);
    path.resize(common);
    int64_t node = common == 0 ? -1 : path[common - 1];
    for (size_t d = common; d < word.size(); ++d) {
      const auto label = static_cast<unsigned char>(word[d]);
      if (d == 0) {
        node = root_children_[label];
      } else if (node >= 0) {
        node = Child(static_cast<uint32_t>(node), label);
      }
      path.push_back(node);
    }
    previous = word;
    return node;
  };
  for (TableWord& word : table_words) word.node = node_of(word.word);
  auto sorted = [&](size_t i) -> const TableWord& {
    return table_words[by_hash[i].second];
  };
  size_t slots = 16;
  while (slots < distinct * 2) slots <<= 1;
  word_slots_.assign(slots, WordEntry{});
  word_text_.clear();
  for (size_t i = 0; i < table_words.size();) {
    const TableWord& first = sorted(i);
    size_t j = i;
    WordEntry entry;
    entry.hash = first.hash;
    entry.text_begin = static_cast<uint32_t>(word_text_.size());
    entry.text_size = static_cast<uint32_t>(first.word.size());
    std::memcpy(&entry.head, first.word.data(),
                std::min<size_t>(8, first.word.size()));
    word_text_.append(first.word);
    for (; j < table_words.size() && sorted(j).word == first.word; ++j) {
      if (sorted(j).key >= 0) entry.key = sorted(j).key;
      if (sorted(j).walk) entry.walk = 1;
    }
    entry.node = static_cast<uint32_t>(first.node);
    size_t slot = entry.hash & (slots - 1);
    while (word_slots_[slot].text_begin != WordEntry::kEmpty)
      slot = (slot + 1) & (slots - 1);
    word_slots_[slot] = entry;
    i = j;
  }
  // Padding: SameWordBytes reads eight bytes from a word's last chunk.
  word_text_.append(8, '\0');
}

inline int32_t NameMatcher::Child(uint32_t id, unsigned char label) const {
  const Node& node = nodes_[id];
  if (node.dense != kNoDense)
    return dense_[static_cast<size_t>(node.dense) * 256 + label];
  const unsigned char* labels = label_.data();
  for (uint32_t c = node.first_child, end = c + node.child_count; c < end;
       ++c) {
    const unsigned char l = labels[c];
    if (l == label) return static_cast<int32_t>(c);
    if (l > label) break;
  }
  return -1;
}

inline void NameMatcher::WalkOn(std::string_view view, size_t begin,
                                uint32_t start, size_t pos, size_t min_end,
                                std::vector<NameHit>* hits,
                                bool whole_words) const {
  const size_t n = view.size();
  const auto* bytes = reinterpret_cast<const unsigned char*>(view.data());
  int32_t node = static_cast<int32_t>(start);
  size_t q = pos;
  while (node >= 0) {
    const int32_t key = nodes_[static_cast<uint32_t>(node)].key;
    if (key >= 0 && q >= min_end && (!whole_words || !IsWordAt(view, q))) {
      hits->push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(q),
                       static_cast<uint32_t>(key)});
    }
    if (q >= n) break;
    node = Child(static_cast<uint32_t>(node), bytes[q]);
    ++q;
  }
}

inline void NameMatcher::WalkFrom(std::string_view view, size_t pos,
                                  size_t min_end, std::vector<NameHit>* hits,
                                  bool whole_words) const {
  const int32_t node = root_children_[static_cast<unsigned char>(view[pos])];
  if (node < 0) return;
  WalkOn(view, pos, static_cast<uint32_t>(node), pos + 1, min_end, hits,
         whole_words);
}

void NameMatcher::Words(std::string_view view, std::vector<WordSpan>* words,
                        size_t max_words) {
  words->clear();
  const size_t n = view.size();
  size_t pos = 0;
  while (pos < n && words->size() < max_words) {
    const size_t begin = pos;
    const CharClass cls = NextCharClass(view, &pos);
    if (cls == CharClass::kOther) continue;
    if (cls == CharClass::kWord) pos = WordEnd(view, begin);
    words->push_back(
        {static_cast<uint32_t>(begin), static_cast<uint32_t>(pos)});
  }
}

void NameMatcher::HashWords(std::string_view view,
                            std::span<const WordSpan> words,
                            std::vector<uint64_t>* hashes) {
  hashes->resize(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    // A word past the view's end (FindAll skips those) is not read.
    (*hashes)[i] =
        words[i].end <= view.size() ? HashWord(view, words[i]) : uint64_t{0};
  }
}

void NameMatcher::FindAll(std::string_view view, std::vector<NameHit>* hits,
                          bool whole_words) const {
  std::vector<WordSpan> words;
  Words(view, &words);
  FindAll(view, words, hits, whole_words);
}

void NameMatcher::FindAll(std::string_view view,
                          std::span<const WordSpan> words,
                          std::vector<NameHit>* hits, bool whole_words) const {
  if (!whole_words) {
    FindPrefixes(view, words, hits);
    return;
  }
  std::vector<uint64_t> hashes;
  HashWords(view, words, &hashes);
  FindAll(view, words, hashes, hits);
}

void NameMatcher::FindPrefixes(std::string_view view,
                               std::span<const WordSpan> words,
                               std::vector<NameHit>* hits) const {
  if (nodes_.empty()) return;
  const auto* bytes = reinterpret_cast<const unsigned char*>(view.data());
  size_t count = words.size();
  while (count > 0 && words[count - 1].end > view.size()) --count;
  // Prefix keys ("apt" in "apt28"): only words that start like a key are
  // walked: with its first two bytes, and its third unless the key is
  // shorter ("g" and "ta" begin many words; "de", for "dev", far more).
  // Whether a word passes the first test is as good as random (one in five
  // do): a block of words is tested without a branch, then the third byte of
  // those that passed (a short key's pair is also a first pair), and the
  // words that pass both walked.
  const uint64_t* two = first_two_bytes_.data();
  const uint64_t* short_pairs = short_key_pairs_.data();
  const uint64_t* three = first_three_bytes_.data();
  constexpr size_t kBlock = 64;
  uint32_t passed[kBlock];
  const size_t n = view.size();
  for (size_t block = 0; block < count; block += kBlock) {
    const size_t block_end = std::min(count, block + kBlock);
    size_t found = 0;
    for (size_t i = block; i < block_end; ++i) {
      const uint32_t begin = words[i].begin;
      const size_t b0 = bytes[begin];
      const size_t b1 = begin + 1 < n ? bytes[begin + 1] : 0;
      passed[found] = begin;
      found += BitAt(two, (b0 << 8) | b1);
    }
    for (size_t k = 0; k < found; ++k) {
      const uint32_t begin = passed[k];
      const size_t b1 = begin + 1 < n ? bytes[begin + 1] : 0;
      const size_t b2 = begin + 2 < n ? bytes[begin + 2] : 0;
      const size_t pair = (size_t{bytes[begin]} << 8) | b1;
      if (BitAt(short_pairs, pair) | BitAt(three, ThreeByteBit(pair, b2)))
        WalkFrom(view, begin, 0, hits, false);
    }
  }
}

// Inline: FindAll looks up most words of a document here.
inline const NameMatcher::WordEntry* NameMatcher::FindWord(
    std::string_view view, WordSpan word, uint64_t hash) const {
  const size_t mask = word_slots_.size() - 1;
  const size_t size = word.end - word.begin;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const WordEntry& entry = word_slots_[slot];
    if (entry.text_begin == WordEntry::kEmpty) return nullptr;
    if (entry.hash == hash && entry.text_size == size &&
        WordHead(view, word) == entry.head &&
        (size <= 8 ||
         SameWordBytes(view.data() + word.begin + 8, view.data() + view.size(),
                       word_text_.data() + entry.text_begin + 8, size - 8))) {
      return &entry;
    }
  }
}

void NameMatcher::FindAll(std::string_view view,
                          std::span<const WordSpan> words,
                          std::span<const uint64_t> hashes,
                          std::vector<NameHit>* hits) const {
  if (nodes_.empty()) return;
  // Locals: the loop stores to the batch, after which members would be
  // loaded anew.
  const uint64_t* const filter = start_filter_.data();
  const uint64_t filter_mask = start_filter_mask_;
  auto passes = [filter, filter_mask](uint64_t h) {
    return (filter[(h & filter_mask) >> 6] >> (h & 63)) & 1;
  };
  size_t count = std::min(words.size(), hashes.size());
  while (count > 0 && words[count - 1].end > view.size()) --count;
  // The filter's cache lines for words a few places ahead are fetched early:
  // the filter is larger than the core's nearest caches, and most of the wait
  // for it is hidden this way.
  constexpr size_t kAhead = 3;
  auto prefetch = [&](size_t j) {
    const uint64_t h = hashes[j];
    __builtin_prefetch(&filter[(h & filter_mask) >> 6]);
    if (j + 1 < count) {
      const uint64_t pair = PairHash(h, hashes[j + 1]);
      __builtin_prefetch(&filter[(pair & filter_mask) >> 6]);
    }
  };
  for (size_t j = 0; j < kAhead && j < count; ++j) prefetch(j);
  // The words that pass the filter are looked up in batches: the table slots
  // of a batch are fetched first, then the trie nodes its walks start from,
  // so that their cache misses overlap instead of following one another.
  // Each batch is then finished in word order, the order of the hits.
  constexpr size_t kBatch = 16;
  struct Pending {
    uint32_t word;
    bool pair;  // the word and the next may begin a longer key
    const WordEntry* entry;
  };
  Pending batch[kBatch];
  size_t pending = 0;
  auto finish_batch = [&] {
    for (size_t b = 0; b < pending; ++b) {
      Pending& p = batch[b];
      p.entry = FindWord(view, words[p.word], hashes[p.word]);
      if (p.entry != nullptr && (p.pair || p.entry->walk))
        __builtin_prefetch(&nodes_[p.entry->node]);
    }
    for (size_t b = 0; b < pending; ++b) {
      const Pending& p = batch[b];
      if (p.entry == nullptr) continue;  // no key starts with this word
      const WordSpan& word = words[p.word];
      if (p.entry->key >= 0 && !IsWordAt(view, word.end)) {
        hits->push_back(
            {word.begin, word.end, static_cast<uint32_t>(p.entry->key)});
      }
      // The word's own key came from the table: the walk reports longer ones.
      if (p.pair || p.entry->walk) {
        WalkOn(view, word.begin, p.entry->node, word.end, word.end + 1, hits,
               true);
      }
    }
    pending = 0;
  };
  const WordEntry* const slots = word_slots_.data();
  const size_t slot_mask = word_slots_.size() - 1;
  // A hit is a one-word key equal to this word or starting with it, or a
  // longer key whose first two words are this word and the next (only
  // separators lie between them in the key, so no other word can in the
  // text). Whether a word passes is as good as random (a third of the words
  // do): the loop takes no branch on it. Every word is written to the batch,
  // which only counts those that pass; the slot fetched for one that does
  // not is the table's first.
  auto add = [&](size_t i, uint64_t pair_bit, uint64_t own_bit) {
    const uint64_t pass = pair_bit | own_bit;
    const uint64_t h = hashes[i];
    __builtin_prefetch(slots + (h & slot_mask & (0 - pass)));
    batch[pending] = {static_cast<uint32_t>(i), pair_bit != 0, nullptr};
    pending += pass;
    if (pending == kBatch) finish_batch();
  };
  for (size_t i = 0; i + 1 < count; ++i) {
    if (i + kAhead < count) prefetch(i + kAhead);
    const uint64_t h = hashes[i];
    add(i, passes(PairHash(h, hashes[i + 1])), passes(h));
  }
  if (count > 0) add(count - 1, 0, passes(hashes[count - 1]));
  finish_batch();
}

void NameMatcher::FindFewKeys(std::string_view view,
                              std::span<const WordSpan> words,
                              std::span<const uint64_t> hashes,
                              const std::vector<std::string>& keys,
                              std::vector<NameHit>* hits) {
  // The hash of each key's first word; a key that does not start with a word
  // can start at no word (and an empty key matches nothing).
  struct FirstWord {
    uint64_t hash;
    uint32_t key;
  };
  std::vector<FirstWord> firsts;
  std::vector<WordSpan> key_words;
  for (uint32_t k = 0; k < keys.size(); ++k) {
    Words(keys[k], &key_words);
    if (key_words.empty() || key_words[0].begin != 0) continue;
    firsts.push_back({HashWord(keys[k], key_words[0]), k});
  }
  if (firsts.empty()) return;
  size_t count = std::min(words.size(), hashes.size());
  while (count > 0 && words[count - 1].end > view.size()) --count;
  for (size_t i = 0; i < count; ++i) {
    // In key order: keys found at one word are prefixes of one another, so
    // the shorter comes first, as a matcher reports them (by end).
    for (const FirstWord& first : firsts) {
      if (first.hash != hashes[i]) continue;
      const std::string& key = keys[first.key];
      const size_t begin = words[i].begin;
      if (view.size() - begin < key.size() ||
          !SameBytes(view.data() + begin, key.data(), key.size()) ||
          IsWordAt(view, begin + key.size())) {
        continue;
      }
      hits->push_back({words[i].begin,
                       static_cast<uint32_t>(begin + key.size()), first.key});
    }
  }
}

int64_t NameMatcher::FindNode(std::string_view prefix) const {
  if (prefix.empty()) return -1;
  int64_t node = root_children_[static_cast<unsigned char>(prefix[0])];
  for (size_t i = 1; i < prefix.size() && node >= 0; ++i) {
    node = Child(static_cast<uint32_t>(node),
                 static_cast<unsigned char>(prefix[i]));
  }
  return node;
}

int64_t NameMatcher::FindExact(std::string_view folded) const {
  const int64_t node = FindNode(folded);
  return node >= 0 ? nodes_[static_cast<uint32_t>(node)].key : -1;
}

size_t NameMatcher::MemoryBytes() const {
  return nodes_.capacity() * sizeof(Node) + label_.capacity() +
         sizeof(root_children_) + dense_.capacity() * sizeof(int32_t) +
         word_slots_.capacity() * sizeof(WordEntry) + word_text_.capacity() +
         (start_filter_.capacity() + first_two_bytes_.capacity() +
          short_key_pairs_.capacity() + first_three_bytes_.capacity()) *
             sizeof(uint64_t);
}

}  // namespace attrex::internal
