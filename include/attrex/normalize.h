// The match view: a case-, accent- and punctuation-folded copy of a text in
// which every byte maps back to exact byte offsets of the original.
//
//   attrex::NormalizedText n = attrex::Normalize("Forţele Armate Belgiene");
//   n.view();                     // "fortele armate belgiene"
//   n.ToOriginal(0, 7);           // {0, 8}: "Forţele" (ţ is two bytes)
//
// Rules (all applied at once, per code point):
//  - invalid UTF-8: each bad byte becomes U+FFFD, counted in invalid_bytes();
//  - NFKC case folding (full-width forms, ligatures, ß -> ss, final sigma, İ ->
//  i);
//  - accents and other combining marks removed (ă â î ș ş ț ţ é ü ё -> a a i s
//  s t t e u е),
//    plus letters that do not decompose: ł ø đ ħ ı æ œ þ -> l o d h i ae oe th;
//  - white space runs -> one space; soft hyphen and zero-width characters
//  removed;
//    typographic quotes -> " and '; all dashes and minus -> -; fraction and
//    division slashes -> /; "ciber-\nnetică" (hyphen at a line end, lower-case
//    continuation) joined.
#ifndef ATTREX_NORMALIZE_H_
#define ATTREX_NORMALIZE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "attrex/export.h"

namespace attrex {

// A half-open byte range [begin, end).
struct ByteSpan {
  size_t begin = 0;
  size_t end = 0;
  bool operator==(const ByteSpan&) const = default;
};

// One piece of the offset map. View bytes [view_begin, next.view_begin) come
// from original bytes [orig_begin, next.orig_begin). When `aligned`, the bytes
// correspond one to one (ASCII copied or lower-cased), but for the piece's
// last byte, which may be a longer source character folded to one byte ("ă"
// to "a"): it comes from the original bytes up to next.orig_begin. Otherwise
// the piece is one source character (with its combining marks) or one run of
// white space, and any view byte inside it maps to the whole source range. A
// piece with an empty view range is source text the view dropped (zero-width
// characters, a line-end hyphen).
struct OffsetSegment {
  uint32_t view_begin = 0;
  uint32_t orig_begin = 0;
  bool aligned = false;
};

class ATTREX_API NormalizedText {
 public:
  NormalizedText() = default;

  // The folded text matching runs on. Always valid UTF-8.
  const std::string& view() const { return view_; }

  // The original byte span covered by view bytes [view_begin, view_end).
  // The result always starts and ends on code point boundaries of the original,
  // and covers whole source characters including their combining marks.
  // Precondition: view_begin < view_end <= view().size().
  ByteSpan ToOriginal(size_t view_begin, size_t view_end) const;

  // The offset map, in view order; a final sentinel piece holds
  // {view().size(), original size}.
  const std::vector<OffsetSegment>& segments() const { return segments_; }

  // Number of bytes of the original that were not valid UTF-8.
  size_t invalid_bytes() const { return invalid_bytes_; }

  size_t original_size() const {
    return segments_.empty() ? 0 : segments_.back().orig_begin;
  }

 private:
  friend class NormalizerImpl;
  // The segment holding view byte i * kBlockBytes, for each i up to the end of
  // the view (and one past it): ToOriginal searches only between two of
  // these. Texts with accents or line breaks have thousands of segments, and
  // the extractor maps every candidate.
  static constexpr size_t kBlockBytes = 64;
  std::string view_;
  std::vector<OffsetSegment> segments_;
  std::vector<uint32_t> block_segment_;
  size_t invalid_bytes_ = 0;
};

// Folds `text` into its match view. Never fails: any byte sequence is accepted.
// Texts larger than 4 GiB - 1 are not supported (Extractor enforces a limit
// first).
ATTREX_API NormalizedText Normalize(std::string_view text);

}  // namespace attrex

#endif  // ATTREX_NORMALIZE_H_
