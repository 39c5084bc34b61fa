// The name trie: breadth-first construction from sorted keys, and the scan.
#include "gazetteer/name_matcher.h"

#include <deque>

#include "normalize/char_fold.h"

namespace attrex::internal {
namespace {

// Word characters decide boundaries. ASCII is tabulated; other code points are
// classified through the Unicode tables.
struct AsciiWordTable {
  bool word[128];
  constexpr AsciiWordTable() : word() {
    for (int c = 0; c < 128; ++c) {
      word[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
  }
};
constexpr AsciiWordTable kAsciiWord;

// Class of the code point starting at view[pos]; *next receives its end.
CharClass ClassAt(std::string_view view, size_t pos, size_t* next) {
  const auto byte = static_cast<unsigned char>(view[pos]);
  if (byte < 0x80) {
    *next = pos + 1;
    return kAsciiWord.word[byte] ? CharClass::kWord : CharClass::kOther;
  }
  size_t p = pos;
  bool invalid;
  const char32_t cp = DecodeUtf8(view, &p, &invalid);
  *next = p;
  return ClassifyCodePoint(cp);
}

// Is there a word boundary between view[pos - 1] and view[pos]? Only the word
// character after `pos` matters here; the caller knows the class before it.
bool IsWordAt(std::string_view view, size_t pos) {
  if (pos >= view.size()) return false;
  size_t next;
  return ClassAt(view, pos, &next) == CharClass::kWord;
}

}  // namespace

void NameMatcher::Build(const std::vector<std::string>& keys) {
  first_child_.assign(1, 0);
  child_count_.assign(1, 0);
  label_.assign(1, 0);
  key_.assign(1, -1);
  root_children_.fill(-1);

  struct Pending {
    uint32_t node;
    size_t lo, hi;  // keys sharing this node's prefix
    size_t depth;
  };
  std::deque<Pending> queue;
  queue.push_back({0, 0, keys.size(), 0});
  while (!queue.empty()) {
    const Pending p = queue.front();
    queue.pop_front();
    size_t i = p.lo;
    // Sorted order puts the key equal to the prefix first.
    if (i < p.hi && keys[i].size() == p.depth) {
      key_[p.node] = static_cast<int32_t>(i);
      ++i;
    }
    first_child_[p.node] = static_cast<uint32_t>(first_child_.size());
    uint16_t count = 0;
    while (i < p.hi) {
      const unsigned char label = static_cast<unsigned char>(keys[i][p.depth]);
      size_t j = i + 1;
      while (j < p.hi && static_cast<unsigned char>(keys[j][p.depth]) == label) ++j;
      const auto child = static_cast<uint32_t>(first_child_.size());
      first_child_.push_back(0);
      child_count_.push_back(0);
      label_.push_back(label);
      key_.push_back(-1);
      if (p.node == 0) root_children_[label] = static_cast<int32_t>(child);
      queue.push_back({child, i, j, p.depth + 1});
      ++count;
      i = j;
    }
    child_count_[p.node] = count;
  }
  // Dense tables for the busiest nodes: a lookup there is one load instead of a
  // scan of dozens of labels.
  constexpr uint16_t kDenseMinChildren = 8;
  dense_offset_.assign(first_child_.size(), -1);
  dense_.clear();
  for (uint32_t node = 1; node < first_child_.size(); ++node) {
    if (child_count_[node] < kDenseMinChildren) continue;
    dense_offset_[node] = static_cast<int32_t>(dense_.size());
    dense_.resize(dense_.size() + 256, -1);
    for (uint32_t c = first_child_[node]; c < first_child_[node] + child_count_[node]; ++c) {
      dense_[static_cast<size_t>(dense_offset_[node]) + label_[c]] = static_cast<int32_t>(c);
    }
  }
}

int64_t NameMatcher::Child(uint32_t node, unsigned char label) const {
  if (const int32_t dense = dense_offset_[node]; dense >= 0) {
    return dense_[static_cast<size_t>(dense) + label];
  }
  const uint32_t first = first_child_[node];
  const uint32_t end = first + child_count_[node];
  for (uint32_t c = first; c < end; ++c) {
    const unsigned char l = label_[c];
    if (l == label) return c;
    if (l > label) break;
  }
  return -1;
}

void NameMatcher::FindAll(std::string_view view, std::vector<NameHit>* hits,
                          bool whole_words) const {
  const size_t n = view.size();
  const auto* bytes = reinterpret_cast<const unsigned char*>(view.data());
  bool previous_is_word = false;
  size_t pos = 0;
  while (pos < n) {
    size_t next;
    const CharClass cls = ClassAt(view, pos, &next);
    const bool can_start = !previous_is_word && cls != CharClass::kOther;
    previous_is_word = cls == CharClass::kWord;
    if (can_start) {
      int32_t node = root_children_[bytes[pos]];
      size_t q = pos + 1;
      while (node >= 0) {
        const int32_t key = key_[static_cast<uint32_t>(node)];
        if (key >= 0 && (!whole_words || !IsWordAt(view, q))) {
          hits->push_back({static_cast<uint32_t>(pos), static_cast<uint32_t>(q),
                           static_cast<uint32_t>(key)});
        }
        if (q >= n) break;
        node = static_cast<int32_t>(Child(static_cast<uint32_t>(node), bytes[q]));
        ++q;
      }
    }
    pos = next;
  }
}

int64_t NameMatcher::FindExact(std::string_view folded) const {
  if (folded.empty()) return -1;
  int64_t node = root_children_[static_cast<unsigned char>(folded[0])];
  for (size_t i = 1; i < folded.size() && node >= 0; ++i) {
    node = Child(static_cast<uint32_t>(node), static_cast<unsigned char>(folded[i]));
  }
  return node >= 0 ? key_[static_cast<uint32_t>(node)] : -1;
}

size_t NameMatcher::MemoryBytes() const {
  return first_child_.capacity() * sizeof(uint32_t) +
         child_count_.capacity() * sizeof(uint16_t) + label_.capacity() +
         key_.capacity() * sizeof(int32_t) + sizeof(root_children_) +
         (dense_offset_.capacity() + dense_.capacity()) * sizeof(int32_t);
}

}  // namespace attrex::internal
