// Fuzz target: attrex::Normalize on any bytes. Checks the offset map's
// invariants (include/attrex/normalize.h): the view is valid UTF-8; the map is
// ordered and covers the whole input; every view code point maps back onto code
// point boundaries of the input, inside it, in order; spans of several code
// points map to the union of their ends; invalid bytes are counted one by one.
//
// Code point boundaries of the input are computed here independently of the
// library's decoder: a well-formed UTF-8 sequence (Unicode Table 3-7) is one
// unit, any other byte is a unit of its own (it becomes one U+FFFD).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "attrex/normalize.h"
#include "fuzz_check.h"

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 if there is none.
size_t WellFormedLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const size_t left = s.size() - i;
  const unsigned char b0 = b(0);
  if (b0 < 0x80) return 1;
  auto cont = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return k < left && b(k) >= lo && b(k) <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2) ? 3 : 0;
  if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (b0 == 0xF0) return cont(1, 0x90, 0xBF) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// boundary[i] for i in [0, size]: does a unit start (or the text end) at i?
std::vector<bool> Boundaries(std::string_view s, size_t* invalid_units) {
  std::vector<bool> boundary(s.size() + 1, false);
  *invalid_units = 0;
  size_t i = 0;
  while (i < s.size()) {
    boundary[i] = true;
    size_t len = WellFormedLength(s, i);
    if (len == 0) {
      ++*invalid_units;
      len = 1;
    }
    i += len;
  }
  boundary[s.size()] = true;
  return boundary;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t invalid_units = 0;
  const std::vector<bool> in_boundary = Boundaries(input, &invalid_units);

  const attrex::NormalizedText n = attrex::Normalize(input);
  const std::string& view = n.view();
  size_t invalid_view_units = 0;
  const std::vector<bool> view_boundary = Boundaries(view, &invalid_view_units);
  ATTREX_FUZZ_CHECK(invalid_view_units == 0, "view is not valid UTF-8");
  ATTREX_FUZZ_CHECK(n.invalid_bytes() == invalid_units, "invalid_bytes %zu, expected %zu",
                    n.invalid_bytes(), invalid_units);
  ATTREX_FUZZ_CHECK(n.original_size() == size, "original_size %zu != %zu", n.original_size(),
                    size);

  // The map: ordered, from {0, 0} to the sentinel {view size, input size}, every
  // piece starting on boundaries of both texts; aligned pieces have equal lengths.
  const auto& segments = n.segments();
  ATTREX_FUZZ_CHECK(!segments.empty(), "no segments");
  ATTREX_FUZZ_CHECK(segments.front().view_begin == 0 && segments.front().orig_begin == 0,
                    "first segment does not start at {0, 0}");
  ATTREX_FUZZ_CHECK(segments.back().view_begin == view.size() &&
                        segments.back().orig_begin == size,
                    "sentinel {%u, %u} != {%zu, %zu}", segments.back().view_begin,
                    segments.back().orig_begin, view.size(), size);
  for (size_t i = 0; i < segments.size(); ++i) {
    const attrex::OffsetSegment& s = segments[i];
    ATTREX_FUZZ_CHECK(s.view_begin <= view.size() && s.orig_begin <= size,
                      "segment %zu out of bounds", i);
    ATTREX_FUZZ_CHECK(view_boundary[s.view_begin], "segment %zu: view %u inside a code point", i,
                      s.view_begin);
    ATTREX_FUZZ_CHECK(in_boundary[s.orig_begin], "segment %zu: original %u inside a code point",
                      i, s.orig_begin);
    if (i + 1 < segments.size()) {
      const attrex::OffsetSegment& t = segments[i + 1];
      ATTREX_FUZZ_CHECK(s.view_begin <= t.view_begin && s.orig_begin <= t.orig_begin,
                        "segments %zu, %zu out of order", i, i + 1);
      if (s.aligned && t.view_begin > s.view_begin) {
        // One to one, or but for the last byte, which may stand for a
        // longer character folded to one byte (see OffsetSegment).
        const uint32_t view_bytes = t.view_begin - s.view_begin;
        const uint32_t orig_bytes = t.orig_begin - s.orig_begin;
        ATTREX_FUZZ_CHECK(orig_bytes == view_bytes ||
                              (orig_bytes > view_bytes &&
                               static_cast<unsigned char>(view[t.view_begin - 1]) < 0x80 &&
                               in_boundary[s.orig_begin + view_bytes - 1]),
                          "aligned segment %zu: %u view bytes for %u original bytes", i,
                          view_bytes, orig_bytes);
      }
    }
  }

  // Every view code point, and runs of them.
  std::vector<size_t> starts;  // view code point starts
  for (size_t v = 0; v < view.size(); ++v) {
    if (view_boundary[v]) starts.push_back(v);
  }
  size_t previous_begin = 0;
  size_t previous_end = 0;
  std::vector<attrex::ByteSpan> spans;
  spans.reserve(starts.size());
  for (size_t k = 0; k < starts.size(); ++k) {
    const size_t b = starts[k];
    const size_t e = k + 1 < starts.size() ? starts[k + 1] : view.size();
    const attrex::ByteSpan span = n.ToOriginal(b, e);
    ATTREX_FUZZ_CHECK(span.begin < span.end && span.end <= size,
                      "view [%zu, %zu) -> [%zu, %zu) of %zu bytes", b, e, span.begin, span.end,
                      size);
    ATTREX_FUZZ_CHECK(in_boundary[span.begin] && in_boundary[span.end],
                      "view [%zu, %zu) -> [%zu, %zu) not on code point boundaries", b, e,
                      span.begin, span.end);
    ATTREX_FUZZ_CHECK(span.begin >= previous_begin && span.end >= previous_end,
                      "view [%zu, %zu) -> [%zu, %zu) goes back before [%zu, %zu)", b, e,
                      span.begin, span.end, previous_begin, previous_end);
    previous_begin = span.begin;
    previous_end = span.end;
    spans.push_back(span);
  }
  // A span of several code points: from its first one's begin to its last one's
  // end. Checked for the whole view and for every space-separated word.
  auto check_run = [&](size_t first, size_t last) {  // code point indices, inclusive
    const size_t b = starts[first];
    const size_t e = last + 1 < starts.size() ? starts[last + 1] : view.size();
    const attrex::ByteSpan span = n.ToOriginal(b, e);
    ATTREX_FUZZ_CHECK(span.begin == spans[first].begin && span.end == spans[last].end,
                      "view [%zu, %zu) -> [%zu, %zu), expected [%zu, %zu)", b, e, span.begin,
                      span.end, spans[first].begin, spans[last].end);
  };
  if (!starts.empty()) check_run(0, starts.size() - 1);
  size_t word = 0;
  for (size_t k = 0; k <= starts.size(); ++k) {
    if (k == starts.size() || view[starts[k]] == ' ') {
      if (k > word) check_run(word, k - 1);
      word = k + 1;
    }
  }
  return 0;
}
