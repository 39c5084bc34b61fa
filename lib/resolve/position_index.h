// Items (candidate indices) by the view offset they start or end at, for the
// resolver's neighbourhood questions ("which candidates end right before this
// word?"). The first item of each block of kBlockSize offsets sits in an
// array indexed by the block, with each item's offset and the next item of
// its block in a side array: an addition or a question is a load or two and a
// short walk, with no hashing and no probing (an open-addressing table of
// offsets cost a hundred instructions an item), and the storage is reused
// from document to document. Blocks, not single offsets: an array by offset
// took 4 bytes per byte of a window (2 MB per index and thread at 512 KiB),
// where candidates start or end at one offset in several.
#ifndef ATTREX_LIB_RESOLVE_POSITION_INDEX_H_
#define ATTREX_LIB_RESOLVE_POSITION_INDEX_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace attrex::internal {

class PositionIndex {
 public:
  // Forgets all items; keeps the storage unless it grew past `keep_positions`
  // offsets. Costs the number of blocks used, not the storage's size.
  void Clear(size_t keep_positions = 1 << 16) {
    if (first_.size() > keep_positions / kBlockSize) {
      first_ = std::vector<uint32_t>();
      items_ = std::vector<Item>();
      used_ = std::vector<uint32_t>();
      return;
    }
    for (const uint32_t block : used_) first_[block] = kNone;
    used_.clear();
    items_.clear();
  }

  // Makes room for offsets up to `positions` - 1 (a document's view size and
  // one), so that Add does not grow the array a step at a time. In steps of
  // 64 Ki offsets: filled anew at every new largest document, the array took
  // more time than the lists; a power of two held twice the memory a long
  // document's windows need. With no items (after Clear) nothing is copied.
  void Reserve(size_t positions) {
    constexpr size_t kStep = size_t{1} << 16;
    const size_t blocks =
        (positions + kStep - 1) / kStep * (kStep / kBlockSize);
    if (blocks <= first_.size()) return;
    if (used_.empty()) {
      first_.assign(blocks, kNone);
    } else {
      first_.resize(blocks, kNone);
    }
  }

  // Appends `item` (items are added in increasing order: 0, 1, 2, ...) to the
  // list of `pos`, a view offset (the array grows to the largest one). A
  // block's list is walked to its end: lists hold one item or a few, and a
  // second array of last items made long documents hold twice the memory.
  void Add(uint32_t pos, uint32_t item) {
    const size_t block = pos >> kBlockBits;
    if (block >= first_.size())
      first_.resize(std::max<size_t>(block + 1, 2 * first_.size()), kNone);
    // Items come in order: the list grows by one.
    while (items_.size() <= item) items_.push_back({kNone, kNone});
    items_[item].offset = pos;
    uint32_t* link = &first_[block];
    if (*link == kNone) {
      used_.push_back(static_cast<uint32_t>(block));
    } else {
      uint32_t last = *link;
      while (items_[last].next != kNone) last = items_[last].next;
      link = &items_[last].next;
    }
    *link = item;
  }

  // Calls f(item) for the items of `pos` in the order they were added. Items
  // added to the same list during the walk are visited too.
  template <typename F>
  void ForEach(uint32_t pos, F f) const {
    const size_t block = pos >> kBlockBits;
    if (block >= first_.size()) return;
    for (uint32_t i = first_[block]; i != kNone; i = items_[i].next) {
      if (items_[i].offset == pos) f(i);
    }
  }

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  // Offsets per block. Eight: a block holds a word start or two of prose, so
  // a walk passes few items of other offsets, and the array is an eighth of
  // one by offset (64 KiB per index for a 512 KiB window's view).
  static constexpr int kBlockBits = 3;
  static constexpr size_t kBlockSize = size_t{1} << kBlockBits;

  struct Item {
    uint32_t next;    // the next item of the same block, or kNone
    uint32_t offset;  // the offset the item was added at
  };

  std::vector<uint32_t> first_;  // by block: its first item, or kNone
  std::vector<Item> items_;      // by item
  std::vector<uint32_t> used_;   // blocks with items, to unset at Clear
};

}  // namespace attrex::internal

#endif  // ATTREX_LIB_RESOLVE_POSITION_INDEX_H_
