// A byte trie over folded names, walked from every word start of a match view:
// finds all gazetteer names in one pass, word-boundary aware.
#ifndef ATTREX_LIB_GAZETTEER_NAME_MATCHER_H_
#define ATTREX_LIB_GAZETTEER_NAME_MATCHER_H_

#include <array>
#include <cstdint>
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

class NameMatcher {
 public:
  NameMatcher() = default;

  // Builds the trie from keys (folded names, each starting with a word
  // character). `keys` must be sorted and unique; hits report indices into it.
  void Build(const std::vector<std::string>& keys);

  // Appends every key occurrence in `view` that starts and ends at a word
  // boundary (no boundary is needed next to characters of scripts written
  // without spaces). Nested and overlapping hits are all reported, in order of
  // begin then end. With `whole_words` false, a key may end inside a word
  // (prefixes: "apt" in "apt27"); it must still start at a word start.
  void FindAll(std::string_view view, std::vector<NameHit>* hits,
               bool whole_words = true) const;
  // The same, walking only from `starts` (ascending view offsets, as WordStarts
  // gives them): a document's word starts are found once for all its tries.
  void FindAll(std::string_view view, std::span<const uint32_t> starts,
               std::vector<NameHit>* hits, bool whole_words = true) const;

  // The offsets where a key may start: each word start, and each character of
  // scripts written without spaces. Replaces *starts.
  static void WordStarts(std::string_view view, std::vector<uint32_t>* starts);

  // The key index of exactly `folded`, or -1.
  int64_t FindExact(std::string_view folded) const;

  size_t node_count() const { return nodes_.size(); }
  size_t MemoryBytes() const;

 private:
  int32_t Child(uint32_t node, unsigned char label) const;
  // Appends the keys found walking from view[pos].
  void WalkFrom(std::string_view view, size_t pos, std::vector<NameHit>* hits,
                bool whole_words) const;

  // Nodes in breadth-first order; the children of a node are contiguous and
  // sorted by label, so a lookup scans a short run of bytes. A node's fields
  // sit together: one cache line per step of a walk.
  struct Node {
    uint32_t first_child = 0;
    int32_t key = -1;  // key index ending at this node, or -1
    // Nodes with many children (near the root, where most words are looked up)
    // also get a 256-entry table: the offset of it in dense_, or -1.
    int32_t dense = -1;
    uint32_t child_count = 0;
  };
  std::vector<Node> nodes_;
  std::vector<unsigned char> label_;
  std::vector<int32_t> dense_;
  std::array<int32_t, 256> root_children_{};  // root's child per byte, or -1
};

}  // namespace attrex::internal

#endif  // ATTREX_LIB_GAZETTEER_NAME_MATCHER_H_
