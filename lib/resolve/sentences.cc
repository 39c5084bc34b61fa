// The sentence splitter: one forward pass that looks only at the bytes that can
// end a sentence, and decides each candidate stop from its neighbours.
#include "resolve/sentences.h"

#include <algorithm>
#include <array>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "gazetteer/gazetteer.h"
#include "normalize/char_fold.h"

namespace attrex::internal {
namespace {

// The sentence-break classes of UAX #29 that the rules below use.
enum class SentenceClass : uint8_t {
  kOther,
  kSep,        // line and paragraph separators
  kSp,         // spaces
  kATerm,      // the full stop: ambiguous (abbreviations, decimals)
  kSTerm,      // ! ? and the stops of other scripts: always end a sentence
  kClose,      // quotes and brackets that may follow a stop
  kSContinue,  // , ; : and dashes: the sentence goes on after a stop
  kUpper,
  kLower,
  kOLetter,  // letters without case
  kNumeric,
};

// The classes of the ASCII characters, in a table: the rules call ClassOf
// several times a stop, mostly for ASCII.
struct AsciiSentenceClasses {
  SentenceClass of[128];
  constexpr AsciiSentenceClasses() : of() {
    for (int c = 0; c < 128; ++c) {
      SentenceClass cls = SentenceClass::kOther;
      if (c >= 'a' && c <= 'z') {
        cls = SentenceClass::kLower;
      } else if (c >= 'A' && c <= 'Z') {
        cls = SentenceClass::kUpper;
      } else if (c >= '0' && c <= '9') {
        cls = SentenceClass::kNumeric;
      } else if (c == '\n' || c == '\r') {
        cls = SentenceClass::kSep;
      } else if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
        cls = SentenceClass::kSp;
      } else if (c == '.') {
        cls = SentenceClass::kATerm;
      } else if (c == '!' || c == '?') {
        cls = SentenceClass::kSTerm;
      } else if (c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' ||
                 c == ']' || c == '{' || c == '}') {
        cls = SentenceClass::kClose;
      } else if (c == ',' || c == '-' || c == ':' || c == ';') {
        cls = SentenceClass::kSContinue;
      }
      of[c] = cls;
    }
  }
};
constexpr AsciiSentenceClasses kAsciiSentenceClasses;

SentenceClass NonAsciiClassOf(char32_t cp) {
  switch (cp) {
    case 0x85:
    case 0x2028:
    case 0x2029:
      return SentenceClass::kSep;
    case 0xA0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return SentenceClass::kSp;
    case 0x2024:
    case 0xFE52:
    case 0xFF0E:
      return SentenceClass::kATerm;
    case 0x589:
    case 0x61F:
    case 0x6D4:
    case 0x700:
    case 0x701:
    case 0x702:
    case 0x964:
    case 0x965:
    case 0x203C:
    case 0x203D:
    case 0x2047:
    case 0x2048:
    case 0x2049:
    case 0x3002:
    case 0xFE56:
    case 0xFE57:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF61:
      return SentenceClass::kSTerm;
    case 0xAB:
    case 0xBB:
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2039:
    case 0x203A:
    case 0x300C:
    case 0x300D:
    case 0x300E:
    case 0x300F:
    case 0xFF08:
    case 0xFF09:
      return SentenceClass::kClose;
    case 0x2013:
    case 0x2014:
    case 0x3001:
    case 0xFF0C:
    case 0xFF1A:
    case 0xFF1B:
      return SentenceClass::kSContinue;
    default:
      break;
  }
  if (cp >= 0x2000 && cp <= 0x200A) return SentenceClass::kSp;
  if (IsUpperCodePoint(cp)) return SentenceClass::kUpper;
  if (IsLowerCodePoint(cp)) return SentenceClass::kLower;
  if (IsLetterCodePoint(cp)) return SentenceClass::kOLetter;
  return SentenceClass::kOther;
}

inline SentenceClass ClassOf(char32_t cp) {
  return cp < 0x80 ? kAsciiSentenceClasses.of[cp] : NonAsciiClassOf(cp);
}

bool IsLetterClass(SentenceClass c) {
  return c == SentenceClass::kUpper || c == SentenceClass::kLower ||
         c == SentenceClass::kOLetter;
}

// Bytes that may start a separator or a stop; the scan skips all others.
struct InterestingBytes {
  std::array<bool, 256> is;
  constexpr InterestingBytes() : is() {
    for (unsigned char c : {'.', '!', '?', '\n', '\r'}) is[c] = true;
    // Lead bytes of the non-ASCII separators and stops listed above.
    for (unsigned c :
         {0xC2u, 0xD6u, 0xD8u, 0xDBu, 0xDCu, 0xE0u, 0xE2u, 0xE3u, 0xEFu}) {
      is[c] = true;
    }
  }
};
constexpr InterestingBytes kInteresting;

// The first interesting byte at or after text[pos], or text.size(). With
// SSE2, sixteen bytes at a time: the ASCII stops are compared, and only the
// non-ASCII bytes among them are looked up (the scan reads every byte of most
// documents with an actor, a twentieth of the extraction one byte at a time).
size_t NextInteresting(std::string_view text, size_t pos) {
  const size_t n = text.size();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
#if defined(__SSE2__)
  const __m128i stops[] = {_mm_set1_epi8('.'), _mm_set1_epi8('!'),
                           _mm_set1_epi8('?'), _mm_set1_epi8('\n'),
                           _mm_set1_epi8('\r')};
  for (; pos + 16 <= n; pos += 16) {
    const __m128i v =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + pos));
    __m128i ascii = _mm_setzero_si128();
    for (const __m128i& stop : stops)
      ascii = _mm_or_si128(ascii, _mm_cmpeq_epi8(v, stop));
    // Candidates: the ASCII stops and every byte with its high bit set.
    auto candidates =
        static_cast<uint32_t>(_mm_movemask_epi8(ascii) | _mm_movemask_epi8(v));
    for (; candidates != 0; candidates &= candidates - 1) {
      const size_t at = pos + static_cast<size_t>(__builtin_ctz(candidates));
      if (kInteresting.is[s[at]]) return at;
    }
  }
#endif
  while (pos < n && !kInteresting.is[s[pos]]) ++pos;
  return pos;
}

char32_t CodePointAt(std::string_view text, size_t* pos) {
  bool invalid;
  return DecodeUtf8(text, pos, &invalid);
}

// The code point ending right before `pos` (pos > 0), and where it starts.
char32_t CodePointBefore(std::string_view text, size_t pos, size_t* start) {
  // An ASCII byte is a whole character (no UTF-8 sequence holds one): most
  // characters before a stop, and before the words ahead of one.
  const auto last = static_cast<unsigned char>(text[pos - 1]);
  if (last < 0x80) {
    *start = pos - 1;
    return last;
  }
  size_t p = pos - 1;
  while (p > 0 && pos - p < 4 &&
         (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80)
    --p;
  size_t q = p;
  const char32_t cp = CodePointAt(text, &q);
  if (q != pos) {  // not one well-formed character: take the last byte alone
    *start = pos - 1;
    return 0xFFFD;
  }
  *start = p;
  return cp;
}

// UAX #29 rule SB8: after a full stop, closing punctuation and spaces, a
// lower-case letter before any other letter or stop continues the sentence
// ("e.g. the", "nr. 5 din"). Looks a short way ahead only.
bool NextLetterIsLower(std::string_view text, size_t pos) {
  constexpr size_t kLookahead = 64;
  const size_t limit = std::min(text.size(), pos + kLookahead);
  while (pos < limit) {
    const SentenceClass c = ClassOf(CodePointAt(text, &pos));
    if (c == SentenceClass::kLower) return true;
    if (c == SentenceClass::kUpper || c == SentenceClass::kOLetter ||
        c == SentenceClass::kSep || c == SentenceClass::kATerm ||
        c == SentenceClass::kSTerm) {
      return false;
    }
  }
  return false;
}

}  // namespace

SentenceSplitter::SentenceSplitter(std::vector<std::string> abbreviations)
    : abbreviations_(std::move(abbreviations)) {
  std::sort(abbreviations_.begin(), abbreviations_.end());
  abbreviations_.erase(
      std::unique(abbreviations_.begin(), abbreviations_.end()),
      abbreviations_.end());
  for (const std::string& a : abbreviations_) {
    longest_abbreviation_ = std::max(longest_abbreviation_, a.size());
    if (a.empty()) continue;
    const size_t bit = FilterBit(a);
    filter_[bit >> 6] |= uint64_t{1} << (bit & 63);
  }
}

size_t SentenceSplitter::FilterBit(size_t size, unsigned char first,
                                   unsigned char last) {
  return (size * 0x9E5u + first * 0x1F3u + last * 0x3Bu) & 4095u;
}

size_t SentenceSplitter::FilterBit(std::string_view folded) {
  return FilterBit(folded.size(), static_cast<unsigned char>(folded.front()),
                   static_cast<unsigned char>(folded.back()));
}

bool SentenceSplitter::InList(std::string_view folded) const {
  if (folded.empty()) return false;
  if (!FilterHas(FilterBit(folded))) return false;
  return std::binary_search(abbreviations_.begin(), abbreviations_.end(),
                            folded);
}

// Is the word before the full stop at `stop` an abbreviation: an initial ("J.",
// the "S" of "U.S.") or a word of the list? The word may hold inner stops
// ("z.B", "e.g").
bool SentenceSplitter::IsAbbreviation(std::string_view text,
                                      size_t stop) const {
  size_t begin = stop;
  int letters = 0;
  bool ascii_word = true;  // no character outside ASCII in the word
  while (begin > 0) {
    // ASCII letters without decoding: most words before a stop are ASCII.
    const auto last = static_cast<unsigned char>(text[begin - 1] | 0x20);
    if (last >= 'a' && last <= 'z') {
      ++letters;
      --begin;
      continue;
    }
    size_t start;
    const char32_t cp = CodePointBefore(text, begin, &start);
    const SentenceClass c = ClassOf(cp);
    if (IsLetterClass(c)) {
      ++letters;
      begin = start;
      ascii_word = false;  // the ASCII letters were taken above
      continue;
    }
    // An inner stop joins letters on both sides.
    if (c == SentenceClass::kATerm && letters > 0 && start > 0) {
      size_t before_start;
      if (IsLetterClass(ClassOf(CodePointBefore(text, start, &before_start)))) {
        begin = start;
        ascii_word = ascii_word && cp < 0x80;
        continue;
      }
    }
    break;
  }
  if (letters == 0) return false;
  // A lone capital: an initial, or part of an abbreviation written with stops.
  size_t last_start;
  if (ClassOf(CodePointBefore(text, stop, &last_start)) ==
          SentenceClass::kUpper &&
      (last_start == 0 || !IsLetterClass(ClassOf(CodePointBefore(
                              text, last_start, &last_start))))) {
    return true;
  }
  const std::string_view word = text.substr(begin, stop - begin);
  if (abbreviations_.empty() || word.size() > 4 * longest_abbreviation_)
    return false;
  // An ASCII word folds to itself in lower case, and it starts and ends with
  // a letter: the filter's bit of the folded word is known without folding
  // it, and turns most words away.
  if (ascii_word &&
      !FilterHas(FilterBit(word.size(),
                           static_cast<unsigned char>(word.front() | 0x20),
                           static_cast<unsigned char>(word.back() | 0x20)))) {
    return false;
  }
  // ASCII words (most) are folded here, the others by FoldKeyView.
  char ascii[64];
  bool is_ascii = word.size() <= sizeof(ascii);
  for (size_t i = 0; is_ascii && i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    is_ascii = c < 0x80;
    ascii[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  if (is_ascii) return InList(std::string_view(ascii, word.size()));
  return InList(FoldKeyView(word));
}

void SentenceSplitter::Split(
    std::string_view text, std::vector<std::pair<size_t, size_t>>* out) const {
  const size_t n = text.size();
  const size_t first = out->size();
  size_t start = 0;
  size_t pos = 0;
  auto emit = [&](size_t end) {
    out->emplace_back(start, end);
    start = end;
    pos = end;
  };
  while (pos < n) {
    pos = NextInteresting(text, pos);
    if (pos >= n) break;
    size_t next = pos;
    const char32_t cp = CodePointAt(text, &next);
    const SentenceClass cls = ClassOf(cp);
    if (cls == SentenceClass::kSep) {  // SB4: a line break ends a sentence
      if (cp == '\r' && next < n && text[next] == '\n') ++next;
      emit(next);
      continue;
    }
    if (cls != SentenceClass::kATerm && cls != SentenceClass::kSTerm) {
      pos = next;
      continue;
    }
    const size_t stop = pos;
    if (cls == SentenceClass::kATerm && next < n) {
      size_t after_end = next;
      const char32_t after = CodePointAt(text, &after_end);
      const SentenceClass after_class = ClassOf(after);
      // SB6: "3.5".
      if (after_class == SentenceClass::kNumeric) {
        pos = next;
        continue;
      }
      if (after_class == SentenceClass::kUpper || after == '"') {
        size_t before_start = 0;
        const SentenceClass before =
            stop > 0 ? ClassOf(CodePointBefore(text, stop, &before_start))
                     : SentenceClass::kOther;
        // A stop with no space after it: "U.S.Army" and "z.B." are
        // abbreviations (SB7), "aici.Conform" two sentences that lost their
        // space: a word of two letters or more before the stop.
        if (before == SentenceClass::kLower ||
            before == SentenceClass::kOLetter) {
          size_t word_start = before_start;
          const bool long_word =
              before_start > 0 && IsLetterClass(ClassOf(CodePointBefore(
                                      text, before_start, &word_start)));
          if (long_word) {
            emit(next);
            continue;
          }
        }
        if (IsLetterClass(before)) {
          pos = next;
          continue;
        }
      }
    }
    // SB9-SB11: the sentence takes closing punctuation, then spaces, then one
    // line break.
    size_t end = next;
    while (end < n) {
      size_t q = end;
      if (ClassOf(CodePointAt(text, &q)) != SentenceClass::kClose) break;
      end = q;
    }
    while (end < n) {
      size_t q = end;
      if (ClassOf(CodePointAt(text, &q)) != SentenceClass::kSp) break;
      end = q;
    }
    if (end >= n) {
      pos = n;
      break;
    }
    size_t following_end = end;
    const char32_t following = CodePointAt(text, &following_end);
    const SentenceClass following_class = ClassOf(following);
    if (following_class == SentenceClass::kSep) {
      if (following == '\r' && following_end < n && text[following_end] == '\n')
        ++following_end;
      emit(following_end);
      continue;
    }
    // SB8a: "Really?! Yes", "etc.; then": no break before more punctuation.
    if (following_class == SentenceClass::kSContinue ||
        following_class == SentenceClass::kATerm ||
        following_class == SentenceClass::kSTerm) {
      pos = end;
      continue;
    }
    if (cls == SentenceClass::kATerm &&
        (NextLetterIsLower(text, end) || IsAbbreviation(text, stop))) {
      pos = end;
      continue;
    }
    emit(end);
  }
  if (start < n || out->size() == first) out->emplace_back(start, n);
}

}  // namespace attrex::internal
