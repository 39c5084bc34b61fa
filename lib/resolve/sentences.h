// Sentence boundaries for the attribution stage: the rules of Unicode's text
// segmentation (UAX #29) that decide sentences in press releases, with
// abbreviations from the lexicon ("Dr.", "nr.", "bzw.") not ending a sentence.
//
// Why not ICU's sentence iterator: it was the costliest step of extraction
// (about a quarter of the time on press text), and a release only needs the few
// rules below. They differ from ICU on purpose in one place: a full stop
// between a lower-case letter and a capital ("citată.Conform") ends a sentence,
// because scraped text often loses the space after a stop.
#ifndef ATTREX_LIB_RESOLVE_SENTENCES_H_
#define ATTREX_LIB_RESOLVE_SENTENCES_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace attrex::internal {

class SentenceSplitter {
 public:
  SentenceSplitter() = default;
  // `abbreviations`: words that a full stop after them does not end a sentence
  // with, folded by FoldKey and without the stop ("dr", "z.b", "nr").
  explicit SentenceSplitter(std::vector<std::string> abbreviations);

  // Appends the sentences of `text` as byte spans [begin, end) to *out. They
  // cover the text in order; each includes its closing punctuation and the
  // spaces and line break after it. Never fails (invalid UTF-8 is read as
  // U+FFFD). Thread-safe.
  void Split(std::string_view text,
             std::vector<std::pair<size_t, size_t>>* out) const;

 private:
  bool IsAbbreviation(std::string_view text, size_t stop) const;
  bool InList(std::string_view folded) const;
  static size_t FilterBit(std::string_view folded);
  static size_t FilterBit(size_t size, unsigned char first, unsigned char last);
  bool FilterHas(size_t bit) const {
    return (filter_[bit >> 6] >> (bit & 63)) & 1;
  }

  std::vector<std::string> abbreviations_;  // sorted
  size_t longest_abbreviation_ = 0;
  // A bit per (length, first and last byte) of the abbreviations: most words
  // before a stop are ordinary words, told apart without a search.
  std::array<uint64_t, 64> filter_{};
};

}  // namespace attrex::internal

#endif  // ATTREX_LIB_RESOLVE_SENTENCES_H_
