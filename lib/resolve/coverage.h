// Which bytes of a text are covered by the spans kept so far, a bit per byte:
// the resolver's overlap test when it selects mentions longest first, without
// a tree node per kept mention (and, a byte at a time, the offsets where
// lexicon hits start and end). The storage is reused from text to text.
#ifndef ATTREX_LIB_RESOLVE_COVERAGE_H_
#define ATTREX_LIB_RESOLVE_COVERAGE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace attrex::internal {

class Coverage {
 public:
  // Nothing covered, for a text of `size` bytes.
  void Reset(size_t size) { bits_.assign(size / 64 + 1, 0); }

  // Whether any byte of [begin, end) is covered (end <= the size given).
  // A word of bits at a time: a span's first and last words masked, whole
  // words between them (a loop per byte was 2 % of the extraction of
  // name-dense text).
  bool Any(size_t begin, size_t end) const {
    if (begin >= end) return false;
    const size_t first = begin / 64;
    const size_t last = (end - 1) / 64;
    const uint64_t first_mask = ~uint64_t{0} << (begin % 64);
    const uint64_t last_mask = ~uint64_t{0} >> (63 - (end - 1) % 64);
    if (first == last) return (bits_[first] & first_mask & last_mask) != 0;
    if ((bits_[first] & first_mask) != 0) return true;
    for (size_t w = first + 1; w < last; ++w) {
      if (bits_[w] != 0) return true;
    }
    return (bits_[last] & last_mask) != 0;
  }

  // Covers the bytes of [begin, end).
  void Cover(size_t begin, size_t end) {
    if (begin >= end) return;
    const size_t first = begin / 64;
    const size_t last = (end - 1) / 64;
    const uint64_t first_mask = ~uint64_t{0} << (begin % 64);
    const uint64_t last_mask = ~uint64_t{0} >> (63 - (end - 1) % 64);
    if (first == last) {
      bits_[first] |= first_mask & last_mask;
      return;
    }
    bits_[first] |= first_mask;
    for (size_t w = first + 1; w < last; ++w) bits_[w] = ~uint64_t{0};
    bits_[last] |= last_mask;
  }

  // One byte: covers it, or tells whether it is covered (false past the size
  // given).
  void Set(size_t i) { bits_[i / 64] |= uint64_t{1} << (i % 64); }
  bool Has(size_t i) const {
    return i / 64 < bits_.size() && ((bits_[i / 64] >> (i % 64)) & 1) != 0;
  }

  // Gives the storage back (after a long text).
  void Release() { std::vector<uint64_t>().swap(bits_); }
  size_t capacity() const { return bits_.capacity(); }

 private:
  std::vector<uint64_t> bits_;
};

}  // namespace attrex::internal

#endif  // ATTREX_LIB_RESOLVE_COVERAGE_H_
