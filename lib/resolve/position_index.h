// Items (candidate indices) by the view offset they start or end at, for the
// resolver's neighbourhood questions ("which candidates end right before this
// word?"). An open-addressing table of offset -> first and last item, with the
// next item of each list in a side array: no allocation per item, unlike a map
// of vectors, and the storage is reused from document to document.
#ifndef ATTREX_LIB_RESOLVE_POSITION_INDEX_H_
#define ATTREX_LIB_RESOLVE_POSITION_INDEX_H_

#include <cstdint>
#include <vector>

namespace attrex::internal {

class PositionIndex {
 public:
  // Forgets all items; keeps the storage unless it grew past `keep_slots`.
  // Costs the number of positions used, not the table size. The next
  // document starts on a small table again: a table spread over all the
  // storage a long document grew made the lookups of the short documents
  // after it miss the cache.
  void Clear(size_t keep_slots = 1 << 16) {
    if (storage_.size() > keep_slots) {
      storage_ = std::vector<Slot>();
      next_ = std::vector<uint32_t>();
      used_slots_ = std::vector<uint32_t>();
      moved_ = std::vector<Slot>();
    }
    for (const uint32_t i : used_slots_) storage_[i] = Slot{};
    used_slots_.clear();
    next_.clear();
    table_size_ = 0;
  }

  // Appends `item` (items are added in increasing order: 0, 1, 2, ...) to the
  // list of `pos`.
  void Add(uint32_t pos, uint32_t item) {
    // Items come in order: the list grows by one (a resize per item cost a
    // call each, 1 % of the extraction on name-dense text).
    while (next_.size() <= item) next_.push_back(kNone);
    if ((used_slots_.size() + 1) * 2 > table_size_) Grow();
    const size_t slot = Probe(pos);
    Slot& s = storage_[slot];
    if (s.key == kEmpty) {
      s = {pos, item, item};
      used_slots_.push_back(static_cast<uint32_t>(slot));
      return;
    }
    next_[s.last] = item;
    s.last = item;
  }

  // Calls f(item) for the items of `pos` in the order they were added. Items
  // added to the same list during the walk are visited too.
  template <typename F>
  void ForEach(uint32_t pos, F f) const {
    if (table_size_ == 0) return;
    const Slot& s = storage_[Probe(pos)];
    if (s.key == kEmpty) return;
    for (uint32_t i = s.first; i != kNone; i = next_[i]) f(i);
  }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;  // no view offset is this
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  static constexpr size_t kFirstTableSize = 64;
  struct Slot {
    uint32_t key = kEmpty;
    uint32_t first = kNone;
    uint32_t last = kNone;
  };

  size_t Probe(uint32_t pos) const {
    const size_t mask = table_size_ - 1;
    size_t i = (pos * 0x9E3779B1u) & mask;
    while (storage_[i].key != kEmpty && storage_[i].key != pos)
      i = (i + 1) & mask;
    return i;
  }

  // Doubles the table within the storage (which grows only past its size):
  // the positions are moved out, their slots emptied, and put back.
  void Grow() {
    const size_t size = table_size_ == 0 ? kFirstTableSize : 2 * table_size_;
    moved_.clear();
    for (const uint32_t i : used_slots_) {
      moved_.push_back(storage_[i]);
      storage_[i] = Slot{};
    }
    if (storage_.size() < size) storage_.resize(size);
    table_size_ = size;
    used_slots_.clear();
    for (const Slot& s : moved_) {
      const size_t slot = Probe(s.key);
      storage_[slot] = s;
      used_slots_.push_back(static_cast<uint32_t>(slot));
    }
  }

  // The table is storage_[0, table_size_): a power of two, at most half full;
  // the storage past it holds only empty slots.
  std::vector<Slot> storage_;
  size_t table_size_ = 0;
  std::vector<uint32_t> used_slots_;  // slots holding a position
  std::vector<uint32_t> next_;        // next item of the same list, or kNone
  std::vector<Slot> moved_;           // Grow's, kept for the next growth
};

}  // namespace attrex::internal

#endif  // ATTREX_LIB_RESOLVE_POSITION_INDEX_H_
