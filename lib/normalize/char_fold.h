// Per-code-point folding facts shared by the normaliser and the matcher.
#ifndef ATTREX_LIB_NORMALIZE_CHAR_FOLD_H_
#define ATTREX_LIB_NORMALIZE_CHAR_FOLD_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

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
};

// Folding of one code point (any value; surrogates and out-of-range values fold
// to U+FFFD). Thread-safe; the table behind it is built once per process.
CharFold FoldCodePoint(char32_t cp);

// Character classes the matcher uses for word boundaries.
enum class CharClass : uint8_t {
  kOther,    // punctuation, symbols, space: a boundary
  kWord,     // letters, digits, marks of a space-separated script
  kNoSpace,  // letters of scripts written without spaces (Han, kana, Thai, ...)
};
CharClass ClassifyCodePoint(char32_t cp);

// True for upper-case and title-case letters.
bool IsUpperCodePoint(char32_t cp);
// True for any letter.
bool IsLetterCodePoint(char32_t cp);
bool IsLowerCodePoint(char32_t cp);

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
