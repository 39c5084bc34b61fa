// Which bytes of a text are covered by the spans kept so far, a bit per byte:
// the resolver's overlap test when it selects mentions longest first, without
// a tree node per kept mention. The storage is reused from text to text.
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
  bool Any(size_t begin, size_t end) const {
    for (size_t i = begin; i < end;) {
      // Whole words where the span covers them; long spans are rare.
      if (i % 64 == 0 && end - i >= 64) {
        if (bits_[i / 64] != 0) return true;
        i += 64;
        continue;
      }
      if ((bits_[i / 64] >> (i % 64)) & 1) return true;
      ++i;
    }
    return false;
  }

  // Covers the bytes of [begin, end).
  void Cover(size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i)
      bits_[i / 64] |= uint64_t{1} << (i % 64);
  }

  // Gives the storage back (after a long text).
  void Release() { std::vector<uint64_t>().swap(bits_); }
  size_t capacity() const { return bits_.capacity(); }

 private:
  std::vector<uint64_t> bits_;
};

}  // namespace attrex::internal

#endif  // ATTREX_LIB_RESOLVE_COVERAGE_H_
