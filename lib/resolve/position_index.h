// Items (candidate indices) by the view offset they start or end at, for the
// resolver's neighbourhood questions ("which candidates end right before this
// word?"). The first item of each offset sits in an array indexed by the
// offset itself, with the next item of each list in a side array: an addition
// or a question is a load or two, with no hashing and no probing (an
// open-addressing table of offsets cost a hundred instructions an item), and
// the storage is reused from document to document.
#ifndef ATTREX_LIB_RESOLVE_POSITION_INDEX_H_
#define ATTREX_LIB_RESOLVE_POSITION_INDEX_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace attrex::internal {

class PositionIndex {
 public:
  // Forgets all items; keeps the storage unless it grew past `keep_positions`
  // offsets. Costs the number of offsets used, not the storage's size.
  void Clear(size_t keep_positions = 1 << 16) {
    if (first_.size() > keep_positions) {
      first_ = std::vector<uint32_t>();
      next_ = std::vector<uint32_t>();
      used_ = std::vector<uint32_t>();
      return;
    }
    for (const uint32_t pos : used_) first_[pos] = kNone;
    used_.clear();
    next_.clear();
  }

  // Makes room for offsets up to `positions` - 1 (a document's view size and
  // one), so that Add does not grow the array a step at a time. In steps of
  // 64 Ki offsets: filled anew at every new largest document, the array took
  // more time than the lists; a power of two held twice the memory a long
  // document's windows need. With no items (after Clear) nothing is copied.
  void Reserve(size_t positions) {
    if (positions <= first_.size()) return;
    constexpr size_t kStep = size_t{1} << 16;
    const size_t size = (positions + kStep - 1) / kStep * kStep;
    if (used_.empty()) {
      first_.assign(size, kNone);
    } else {
      first_.resize(size, kNone);
    }
  }

  // Appends `item` (items are added in increasing order: 0, 1, 2, ...) to the
  // list of `pos`, a view offset (the array grows to the largest one). A
  // list is walked to its end: lists hold one item or a few, and a second
  // array of last items made long documents hold twice the memory.
  void Add(uint32_t pos, uint32_t item) {
    if (pos >= first_.size())
      first_.resize(std::max<size_t>(pos + 1, 2 * first_.size()), kNone);
    // Items come in order: the list grows by one.
    while (next_.size() <= item) next_.push_back(kNone);
    uint32_t* link = &first_[pos];
    if (*link == kNone) {
      used_.push_back(pos);
    } else {
      uint32_t last = *link;
      while (next_[last] != kNone) last = next_[last];
      link = &next_[last];
    }
    *link = item;
  }

  // Calls f(item) for the items of `pos` in the order they were added. Items
  // added to the same list during the walk are visited too.
  template <typename F>
  void ForEach(uint32_t pos, F f) const {
    if (pos >= first_.size()) return;
    for (uint32_t i = first_[pos]; i != kNone; i = next_[i]) f(i);
  }

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;

  std::vector<uint32_t> first_;  // by offset: its first item, or kNone
  std::vector<uint32_t> next_;   // next item of the same list, or kNone
  std::vector<uint32_t> used_;   // offsets with items, to unset at Clear
};

}  // namespace attrex::internal

#endif  // ATTREX_LIB_RESOLVE_POSITION_INDEX_H_
