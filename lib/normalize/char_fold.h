// Per-code-point folding facts shared by the normaliser and the matcher.
#ifndef ATTREX_LIB_NORMALIZE_CHAR_FOLD_H_
#define ATTREX_LIB_NORMALIZE_CHAR_FOLD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace attrex::internal {

enum class FoldKind : uint8_t {
  kText,    // replaced by its folded form (possibly identical)
  kSpace,   // white space or a control character: part of a one-space run
  kMark,    // combining mark: dropped, but belongs to the preceding character
  kIgnore,  // default-ignorable (soft hyphen, zero-width space, BOM): dropped
};

struct CharFold {
  FoldKind kind;
  std::string_view folded;  // UTF-8, only for kText
  bool letter = false;      // the code point is a letter (IsLetterCodePoint)
  bool single = false;      // `folded` is one code point
};

// Folding of one code point (any value; surrogates and out-of-range values fold
// to U+FFFD). Thread-safe; the table behind it is built once per process.
CharFold FoldCodePoint(char32_t cp);
// The same fold computed by the general rules alone, without FoldCodePoint's
// tables and shortcuts: what the tests hold FoldCodePoint to. `folded` gets
// the UTF-8 of a kText fold.
FoldKind FoldCodePointByRules(char32_t cp, std::string* folded);

// Character classes the matcher uses for word boundaries.
enum class CharClass : uint8_t {
  kOther,    // punctuation, symbols, space: a boundary
  kWord,     // letters, digits, marks of a space-separated script
  kNoSpace,  // letters of scripts written without spaces (Han, kana, Thai, ...)
};
CharClass ClassifyCodePoint(char32_t cp);

// Outside ASCII (the inline functions below answer ASCII without a call:
// the resolver asks of every letter of every candidate's text).
bool IsUpperCodePointSlow(char32_t cp);
bool IsLetterCodePointSlow(char32_t cp);
bool IsLowerCodePointSlow(char32_t cp);

// True for upper-case and title-case letters.
inline bool IsUpperCodePoint(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return IsUpperCodePointSlow(cp);
}
// True for any letter.
inline bool IsLetterCodePoint(char32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  return IsLetterCodePointSlow(cp);
}
inline bool IsLowerCodePoint(char32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return IsLowerCodePointSlow(cp);
}

// Decodes one code point at text[*pos], advancing *pos. Invalid sequences yield
// U+FFFD and advance by one byte; `*invalid` is set to true for them.
char32_t DecodeUtf8Slow(std::string_view text, size_t* pos, bool* invalid);
inline char32_t DecodeUtf8(std::string_view text, size_t* pos, bool* invalid) {
  // ASCII and two-byte characters (Latin letters with accents, Cyrillic,
  // Greek: most non-ASCII text here) inline; the rest out of line.
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + *pos;
  const unsigned char b0 = s[0];
  if (b0 < 0x80) {
    *invalid = false;
    ++*pos;
    return b0;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF && *pos + 1 < text.size() &&
      (s[1] & 0xC0) == 0x80) {
    *invalid = false;
    *pos += 2;
    return (static_cast<char32_t>(b0 & 0x1F) << 6) | (s[1] & 0x3F);
  }
  return DecodeUtf8Slow(text, pos, invalid);
}

// The class of the character at text[*pos] (pos < size), advancing *pos past
// it. Inline with a table for ASCII: the tokenizer and the tries call it for
// every byte of a document.
struct AsciiCharClasses {
  CharClass of[128];
  constexpr AsciiCharClasses() : of() {
    for (int c = 0; c < 128; ++c) {
      const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9');
      of[c] = word ? CharClass::kWord : CharClass::kOther;
    }
  }
};
inline constexpr AsciiCharClasses kAsciiCharClasses;

#if defined(__SSE2__)
// 0xFF for each of the 16 bytes of v that is an ASCII letter or digit, 0 for
// the others. Bytes from 0x80 up are negative: in neither range. Letters of
// either case, with the case bit set, fall in 'a'..'z'.
inline __m128i AsciiWordBytes(__m128i v) {
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i digit =
      _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  const __m128i letter =
      _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                    _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
  return _mm_or_si128(digit, letter);
}
#endif

// The end of the run of ASCII letters and digits starting at s[pos] (pos when
// there is none), s[0, n) being the text. Sixteen bytes at a time with SSE2:
// the tokenizer runs it over every word.
inline size_t AsciiWordRunEnd(const unsigned char* s, size_t pos, size_t n) {
#if defined(__SSE2__)
  for (; pos + 16 <= n; pos += 16) {
    const __m128i v =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + pos));
    const int word = _mm_movemask_epi8(AsciiWordBytes(v));
    if (word != 0xFFFF) {
      return pos + static_cast<size_t>(__builtin_ctz(~word & 0xFFFF));
    }
  }
#endif
  while (pos < n && s[pos] < 0x80 &&
         kAsciiCharClasses.of[s[pos]] == CharClass::kWord) {
    ++pos;
  }
  return pos;
}

// The bytes of s[0, 64) as bit masks (bit i for s[i]): the ASCII word
// characters (kWord: letters and digits), the spaces, and the bytes of
// non-ASCII characters. The tokenizer reads most of a view 64 bytes a step
// this way, each token a bit.
struct AsciiBlockMasks {
  uint64_t word = 0;
  uint64_t space = 0;
  uint64_t non_ascii = 0;
};
inline AsciiBlockMasks ClassifyAsciiBlock(const unsigned char* s) {
  AsciiBlockMasks m;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  for (int part = 0; part < 4; ++part) {
    const __m128i v =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 16 * part));
    const int shift = 16 * part;
    m.word |= static_cast<uint64_t>(
                  static_cast<uint32_t>(_mm_movemask_epi8(AsciiWordBytes(v))))
              << shift;
    m.space |= static_cast<uint64_t>(static_cast<uint32_t>(
                   _mm_movemask_epi8(_mm_cmpeq_epi8(v, space))))
               << shift;
    m.non_ascii |=
        static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(v)))
        << shift;
  }
#else
  for (int i = 0; i < 64; ++i) {
    const uint64_t bit = uint64_t{1} << i;
    if (s[i] >= 0x80) {
      m.non_ascii |= bit;
    } else if (s[i] == ' ') {
      m.space |= bit;
    } else if (kAsciiCharClasses.of[s[i]] == CharClass::kWord) {
      m.word |= bit;
    }
  }
#endif
  return m;
}

inline CharClass NextCharClass(std::string_view text, size_t* pos) {
  const auto byte = static_cast<unsigned char>(text[*pos]);
  if (byte < 0x80) {
    ++*pos;
    return kAsciiCharClasses.of[byte];
  }
  bool invalid;
  return ClassifyCodePoint(DecodeUtf8(text, pos, &invalid));
}

// Appends the UTF-8 encoding of cp to out (a buffer of at least 4 bytes);
// returns the number of bytes written.
size_t EncodeUtf8(char32_t cp, char* out);

}  // namespace attrex::internal

#endif  // ATTREX_LIB_NORMALIZE_CHAR_FOLD_H_
