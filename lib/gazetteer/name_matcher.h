// A byte trie over folded names, walked from every word start of a match view:
// finds all gazetteer names in one pass, word-boundary aware.
#ifndef ATTREX_LIB_GAZETTEER_NAME_MATCHER_H_
#define ATTREX_LIB_GAZETTEER_NAME_MATCHER_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace attrex::internal {

// One name found: view bytes [begin, end) equal the key of `key_index`.
struct NameHit {
  uint32_t begin;
  uint32_t end;
  uint32_t key_index;
};

// A word of a view: a run of word characters, or one character of a script
// written without spaces. Keys start only at a word's begin.
struct WordSpan {
  uint32_t begin;
  uint32_t end;
};

// For a word of `size` bytes (up to 16): the bits of its first and second
// chunk of eight bytes (NameMatcher::HashBytes).
struct WordChunkMasks {
  uint64_t low;
  uint64_t high;
};
constexpr WordChunkMasks WordChunkMasksFor(size_t size) {
  auto bytes = [](size_t n) {
    return n == 0   ? uint64_t{0}
           : n >= 8 ? ~uint64_t{0}
                    : (uint64_t{1} << (8 * n)) - 1;
  };
  return {bytes(size), bytes(size > 8 ? size - 8 : 0)};
}
inline constexpr WordChunkMasks kWordChunkMasks[17] = {
    WordChunkMasksFor(0),  WordChunkMasksFor(1),  WordChunkMasksFor(2),
    WordChunkMasksFor(3),  WordChunkMasksFor(4),  WordChunkMasksFor(5),
    WordChunkMasksFor(6),  WordChunkMasksFor(7),  WordChunkMasksFor(8),
    WordChunkMasksFor(9),  WordChunkMasksFor(10), WordChunkMasksFor(11),
    WordChunkMasksFor(12), WordChunkMasksFor(13), WordChunkMasksFor(14),
    WordChunkMasksFor(15), WordChunkMasksFor(16)};

class NameMatcher {
 public:
  NameMatcher() = default;

  // Builds the trie from keys (folded names, each starting with a word
  // character). `keys` must be sorted and unique; hits report indices into it.
  // The views need to live only for the call. With `threads` above 1, a
  // second thread builds the trie while this one builds the word tables; the
  // matcher is the same.
  void Build(std::span<const std::string_view> keys, unsigned threads = 1);
  void Build(const std::vector<std::string>& keys, unsigned threads = 1);

  // Appends every key occurrence in `view` that starts and ends at a word
  // boundary (no boundary is needed next to characters of scripts written
  // without spaces). Nested and overlapping hits are all reported, in order of
  // begin then end. With `whole_words` false, a key may end inside a word
  // (prefixes: "apt" in "apt27"); it must still start at a word start.
  void FindAll(std::string_view view, std::vector<NameHit>* hits,
               bool whole_words = true) const;
  // The same, walking only from `words`: the words of `view` from some word to
  // the end, as Words gives them. A document's words are found once for all
  // its tries.
  void FindAll(std::string_view view, std::span<const WordSpan> words,
               std::vector<NameHit>* hits, bool whole_words = true) const;

  // The same for whole words, with the words' hashes (HashWords) given: a
  // document's words are hashed once for all its tries.
  void FindAll(std::string_view view, std::span<const WordSpan> words,
               std::span<const uint64_t> hashes,
               std::vector<NameHit>* hits) const;

  // For a handful of keys (a document's acronyms): appends the hits a matcher
  // built from `keys` (sorted, unique) would find with FindAll and these
  // words and hashes, without building one: each word's hash is compared with
  // those of the keys' first words, and a key whose first word matches is
  // compared byte for byte. No automaton per document.
  static void FindFewKeys(std::string_view view,
                          std::span<const WordSpan> words,
                          std::span<const uint64_t> hashes,
                          const std::vector<std::string>& keys,
                          std::vector<NameHit>* hits);

  // The words of `view`, where keys may start; the first `max_words` of them
  // at most. Replaces *words.
  static void Words(std::string_view view, std::vector<WordSpan>* words,
                    size_t max_words = SIZE_MAX);
  // The hash of each word, as the tries look words up (0 for a word that
  // ends past the view). Replaces *hashes.
  static void HashWords(std::string_view view, std::span<const WordSpan> words,
                        std::vector<uint64_t>* hashes);
  static uint64_t HashWord(std::string_view view, WordSpan word) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(view.data());
    return HashBytes(bytes + word.begin, bytes + word.end, bytes + view.size());
  }

  // The key index of exactly `folded`, or -1.
  int64_t FindExact(std::string_view folded) const;

  size_t node_count() const { return nodes_.size(); }
  size_t MemoryBytes() const;

  // Matchers built from the same keys are equal, however many threads built
  // them.
  bool operator==(const NameMatcher& other) const = default;

 private:
  // Eight bytes a step. Inline (a call per word cost 0.5 % of the
  // extraction). `readable_end` is the end of the buffer the word lies in.
  // A word of up to sixteen bytes (nearly all) is two steps, the second of
  // zeros below nine bytes, its chunks loaded whole and masked by its length
  // when sixteen bytes from its start can be read: no branch on the length,
  // which varies from word to word as at random.
  static uint64_t HashBytes(const unsigned char* begin,
                            const unsigned char* end,
                            const unsigned char* readable_end) {
    constexpr uint64_t kMultiplier = 0x9FB21C651E98DF25u;
    auto mix = [](uint64_t h, uint64_t chunk) {
      h = (h ^ chunk) * kMultiplier;
      return h ^ (h >> 28);
    };
    const auto size = static_cast<size_t>(end - begin);
    uint64_t h = 0x9E3779B97F4A7C15u ^ static_cast<uint64_t>(size);
    if (size <= 16) {
      uint64_t low = 0;
      uint64_t high = 0;
      if (readable_end - begin >= 16) {
        std::memcpy(&low, begin, 8);
        std::memcpy(&high, begin + 8, 8);
        low &= kWordChunkMasks[size].low;
        high &= kWordChunkMasks[size].high;
      } else {
        for (size_t i = 0; i < size; ++i) {
          (i < 8 ? low : high) |= static_cast<uint64_t>(begin[i])
                                  << (8 * (i % 8));
        }
      }
      h = mix(mix(h, low), high);
      return h ^ (h >> 31);
    }
    const unsigned char* p = begin;
    for (; end - p >= 8; p += 8) {
      uint64_t chunk;
      std::memcpy(&chunk, p, 8);
      h = mix(h, chunk);
    }
    const auto rest = static_cast<size_t>(end - p);
    if (rest > 0) {
      uint64_t chunk = 0;
      if (readable_end - p >= 8) {
        std::memcpy(&chunk, p, 8);
        chunk &= ~uint64_t{0} >> (64 - 8 * rest);
      } else {
        for (size_t i = 0; i < rest; ++i)
          chunk |= static_cast<uint64_t>(p[i]) << (8 * i);
      }
      h = mix(h, chunk);
    }
    return h ^ (h >> 31);
  }

  // The trie's nodes and labels, the root's children and the dense tables.
  void BuildTrie(std::span<const std::string_view> keys);
  int32_t Child(uint32_t node, unsigned char label) const;
  // FindAll with whole_words false.
  void FindPrefixes(std::string_view view, std::span<const WordSpan> words,
                    std::vector<NameHit>* hits) const;
  // Appends the keys found walking from view[pos] that end at or after
  // `min_end`.
  void WalkFrom(std::string_view view, size_t pos, size_t min_end,
                std::vector<NameHit>* hits, bool whole_words) const;
  // The same, for a walk from view[begin] that has reached `node` at
  // view[pos].
  void WalkOn(std::string_view view, size_t begin, uint32_t node, size_t pos,
              size_t min_end, std::vector<NameHit>* hits,
              bool whole_words) const;
  // The node reached from the root by `prefix`, or -1.
  int64_t FindNode(std::string_view prefix) const;

  // A first word of the keys. Its bytes are never walked: a one-word key
  // is found here, and a walk for a longer key starts at `node`, where the
  // walk of the word's bytes would end (those steps, through the busiest
  // part of the trie, missed the cache most).
  struct WordEntry {
    static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
    uint64_t hash = 0;
    // The word's first eight bytes (zeros past its end): most words looked
    // up are short function words, compared without a visit to word_text_
    // (whose cache misses were a quarter of the lookups).
    uint64_t head = 0;
    uint32_t text_begin = kEmpty;  // in word_text_; kEmpty: a free slot
    uint32_t text_size = 0;
    int32_t key = -1;    // the key that is exactly this word, or -1
    uint32_t node : 31;  // the trie node of the word's bytes
    uint32_t walk : 1;   // a longer key starts with this word and no other
    WordEntry() : node(0), walk(0) {}
    bool operator==(const WordEntry& other) const = default;
  };
  const WordEntry* FindWord(std::string_view view, WordSpan word,
                            uint64_t hash) const;

  // Nodes in depth-first order; the children of a node are contiguous and
  // sorted by label, so a lookup scans a short run of bytes. A node's fields
  // sit together in 12 bytes: a step of a walk reads one cache line, now and
  // then two (16-byte nodes, never straddling a line, were no faster and took
  // 1.5 MB more).
  static constexpr uint16_t kNoDense = 0xFFFF;
  struct Node {
    uint32_t first_child = 0;
    int32_t key = -1;  // key index ending at this node, or -1
    // Nodes with many children (near the root, where most words are looked up)
    // also get a 256-entry table: its number (it starts at dense_[256 *
    // dense]), or kNoDense.
    uint16_t dense = kNoDense;
    uint16_t child_count = 0;  // at most 256
    bool operator==(const Node& other) const = default;
  };
  std::vector<Node> nodes_;
  // A whole-word hit starting at a word needs that word to be a one-word key,
  // or that word and the next to be the first two words of a longer key. A bit
  // per hash of those (a Bloom filter with one hash) lets most words skip the
  // walk, whose steps miss the cache: function words such as "the" or "de"
  // begin many names but are rarely followed by the rest of one.
  std::vector<uint64_t> start_filter_;
  uint64_t start_filter_mask_ = 0;  // bit count - 1 (a power of two)
  // The first words of one-word keys, by hash (open addressing, at most half
  // full): a key that is one bare word costs one lookup here, not a walk.
  std::vector<WordEntry> word_slots_;
  std::string word_text_;
  // A bit per first two bytes of the keys (64 Kibit, 8 KiB): prefix matching
  // (whole_words false) walks only from words that start like a key. Of
  // those pairs, the ones a key of one or two bytes starts with (any word
  // starting so is walked), and a bit per hash of the first three bytes of
  // the longer keys.
  std::vector<uint64_t> first_two_bytes_;
  std::vector<uint64_t> short_key_pairs_;
  std::vector<uint64_t> first_three_bytes_;
  static uint64_t BitAt(const uint64_t* bits, size_t bit) {
    return (bits[bit >> 6] >> (bit & 63)) & 1;
  }
  static size_t ThreeByteBit(size_t pair, size_t third) {
    return static_cast<uint32_t>(((pair << 8) | third) * 0x9E3779B1u) >> 16;
  }
  std::vector<unsigned char> label_;
  std::vector<int32_t> dense_;
  std::array<int32_t, 256> root_children_{};  // root's child per byte, or -1
};

}  // namespace attrex::internal

#endif  // ATTREX_LIB_GAZETTEER_NAME_MATCHER_H_
