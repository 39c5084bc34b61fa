// The per-code-point folding table: NFKC case folding and accent stripping from
// utf8proc, plus the punctuation and letter rules utf8proc does not apply.
#include "normalize/char_fold.h"

#include <utf8proc.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace attrex::internal {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Letters that Unicode does not decompose into base + mark, but that readers treat
// as accented forms of a base letter (Polish ł, Danish ø, Croatian đ, Turkish ı).
char32_t FoldSpecialLetter(char32_t cp, std::u32string* expansion) {
  switch (cp) {
    case U'ł': case U'Ł': return U'l';
    case U'ø': case U'Ø': return U'o';
    case U'đ': case U'Đ': return U'd';
    case U'ħ': case U'Ħ': return U'h';
    case U'ı': return U'i';
    case U'ŀ': case U'Ŀ': return U'l';
    case U'ŧ': case U'Ŧ': return U't';
    case U'ƒ': return U'f';
    case U'æ': case U'Æ': *expansion = U"ae"; return 0;
    case U'œ': case U'Œ': *expansion = U"oe"; return 0;
    case U'þ': case U'Þ': *expansion = U"th"; return 0;
    default: return cp;
  }
}

// Punctuation that press text writes in many typographic forms.
char32_t FoldPunctuation(char32_t cp, utf8proc_category_t category) {
  if (category == UTF8PROC_CATEGORY_PD || cp == 0x2212 || cp == 0xFE63 ||
      cp == 0xFF0D || cp == 0x2043) {
    return U'-';
  }
  switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
    case 0x2035: case 0x2039: case 0x203A: case 0x00B4: case 0x02BC:
    case 0xFF07:
      return U'\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
    case 0x2036: case 0x00AB: case 0x00BB: case 0x301D: case 0x301E:
    case 0x301F: case 0xFF02:
      return U'"';
    case 0x2044: case 0x2215: case 0x29F8: case 0xFF0F:
      return U'/';
    default:
      return 0;
  }
}

bool IsSpaceOrControl(char32_t cp, utf8proc_category_t category) {
  return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
         category == UTF8PROC_CATEGORY_ZP || category == UTF8PROC_CATEGORY_CC ||
         cp == 0x85;
}

bool IsMarkCategory(utf8proc_category_t category) {
  return category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC ||
         category == UTF8PROC_CATEGORY_ME;
}

// Computes the fold of one code point from first principles. `shortcut`:
// whether a code point that folds to itself may be told by its properties
// alone (the tables' pages are built with it; the general path is kept for
// the test that compares the two on every code point).
void ComputeFold(char32_t cp, FoldKind* kind, std::string* folded, bool shortcut) {
  folded->clear();
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
  const utf8proc_property_t* property = utf8proc_get_property(static_cast<int32_t>(cp));
  const auto category = static_cast<utf8proc_category_t>(property->category);
  if (IsSpaceOrControl(cp, category)) {
    *kind = FoldKind::kSpace;
    return;
  }
  if (IsMarkCategory(category)) {
    *kind = FoldKind::kMark;
    return;
  }
  if (property->ignorable || category == UTF8PROC_CATEGORY_CF) {
    *kind = FoldKind::kIgnore;
    return;
  }
  *kind = FoldKind::kText;
  char buffer[4];
  if (char32_t punct = FoldPunctuation(cp, category)) {
    folded->append(buffer, EncodeUtf8(punct, buffer));
    return;
  }
  std::u32string expansion;
  const char32_t special = FoldSpecialLetter(cp, &expansion);
  // Most code points (the ideographs, most letters of most scripts) fold to
  // themselves: no special letter, no case fold, no decomposition (utf8proc
  // decomposes Hangul syllables by rule, not from its table). The general
  // path below builds three strings to find that out.
  constexpr utf8proc_uint16_t kNone = UINT16_MAX;
  if (shortcut && special == cp && property->casefold_seqindex == kNone &&
      property->decomp_seqindex == kNone && !(cp >= 0xAC00 && cp <= 0xD7A3)) {
    folded->append(buffer, EncodeUtf8(cp, buffer));
    return;
  }
  std::u32string decomposed;
  if (special == 0) {
    decomposed = expansion;
  } else if (special != cp) {
    decomposed.push_back(special);
  } else {
    utf8proc_int32_t out[64];
    int boundclass = 0;
    const auto options = static_cast<utf8proc_option_t>(
        UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE |
        UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<int32_t>(cp), out, 64,
                                                 options, &boundclass);
    if (n < 0 || n > 64) {
      decomposed.push_back(cp);
    } else {
      for (utf8proc_ssize_t i = 0; i < n; ++i) {
        decomposed.push_back(static_cast<char32_t>(out[i]));
      }
    }
  }
  for (char32_t c : decomposed) {
    // A decomposition may itself yield letters of the special table (e.g. the
    // compatibility form of Ł) or marks that STRIPMARK left (none known).
    std::u32string inner;
    char32_t mapped = FoldSpecialLetter(c, &inner);
    const auto c_category =
        static_cast<utf8proc_category_t>(utf8proc_category(static_cast<int32_t>(c)));
    if (IsMarkCategory(c_category)) continue;
    if (mapped == 0) {
      for (char32_t e : inner) folded->append(buffer, EncodeUtf8(e, buffer));
      continue;
    }
    if (char32_t punct = FoldPunctuation(mapped, c_category)) mapped = punct;
    folded->append(buffer, EncodeUtf8(mapped, buffer));
  }
  if (folded->empty()) *kind = FoldKind::kIgnore;
}

// Whether UTF-8 `s` is exactly one code point.
bool IsSingleCodePoint(std::string_view s) {
  size_t pos = 0;
  bool invalid;
  DecodeUtf8(s, &pos, &invalid);
  return !s.empty() && pos == s.size();
}

// The Basic Multilingual Plane is tabulated a page of 256 code points at a
// time, when a code point of the page is first folded (the whole plane at the
// first fold cost every process 15 M instructions, and a text uses few
// pages); other planes are computed on demand (emoji and rare CJK extensions:
// uncommon in press text). Pages are never freed, so views into them stay
// valid.
class FoldTable {
 public:
  CharFold Get(char32_t cp) {
    const size_t index = cp >> 8;
    const Page* page = pages_[index].load(std::memory_order_acquire);
    if (page == nullptr) page = MakePage(index);
    const Entry& e = page->entries[cp & 0xFF];
    return {e.kind, std::string_view(page->pool).substr(e.offset, e.length),
            e.letter, e.single};
  }

 private:
  struct Entry {
    uint16_t offset;
    uint8_t length;
    FoldKind kind;
    bool letter;
    bool single;
  };
  struct Page {
    std::array<Entry, 256> entries;
    std::string pool;
  };

  const Page* MakePage(size_t index) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (const Page* page = pages_[index].load(std::memory_order_acquire))
      return page;  // another thread made it
    auto* page = new Page();
    std::string folded;
    for (char32_t low = 0; low < 256; ++low) {
      const auto cp = static_cast<char32_t>(index << 8 | low);
      FoldKind kind;
      ComputeFold(cp, &kind, &folded, /*shortcut=*/true);
      Entry& e = page->entries[low];
      e.kind = kind;
      e.letter = IsLetterCodePoint(cp);
      e.single = IsSingleCodePoint(folded);
      e.offset = static_cast<uint16_t>(page->pool.size());
      e.length = static_cast<uint8_t>(folded.size());
      page->pool += folded;
    }
    pages_[index].store(page, std::memory_order_release);
    return page;
  }

  std::array<std::atomic<const Page*>, 256> pages_{};
  std::mutex mutex_;
};

FoldTable& GetFoldTable() {
  static FoldTable* table = new FoldTable();  // never destroyed: used at exit
  return *table;
}

// Folds of supplementary-plane code points, computed per call into thread-local
// storage so that the returned view stays valid until the next call on this thread.
CharFold FoldSupplementary(char32_t cp) {
  thread_local std::string folded;
  FoldKind kind;
  ComputeFold(cp, &kind, &folded, /*shortcut=*/true);
  return {kind, folded, IsLetterCodePoint(cp), IsSingleCodePoint(folded)};
}

}  // namespace

CharFold FoldCodePoint(char32_t cp) {
  if (cp < 0x10000) return GetFoldTable().Get(cp);
  return FoldSupplementary(cp);
}

FoldKind FoldCodePointByRules(char32_t cp, std::string* folded) {
  FoldKind kind;
  ComputeFold(cp, &kind, folded, /*shortcut=*/false);
  return kind;
}

CharClass ClassifyCodePoint(char32_t cp) {
  if (cp < 0x80) {
    return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= '0' && cp <= '9')
               ? CharClass::kWord
               : CharClass::kOther;
  }
  // Scripts written without spaces between words.
  if ((cp >= 0x0E00 && cp <= 0x0EFF) ||    // Thai, Lao
      (cp >= 0x1000 && cp <= 0x109F) ||    // Myanmar
      (cp >= 0x1780 && cp <= 0x17FF) ||    // Khmer
      (cp >= 0x3040 && cp <= 0x30FF) ||    // Hiragana, Katakana
      (cp >= 0x3400 && cp <= 0x4DBF) ||    // CJK extension A
      (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK unified ideographs
      (cp >= 0xF900 && cp <= 0xFAFF) ||    // CJK compatibility ideographs
      (cp >= 0x20000 && cp <= 0x3FFFF)) {  // CJK extensions B and later
    return CharClass::kNoSpace;
  }
  switch (utf8proc_category(static_cast<int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return CharClass::kWord;
    default:
      return CharClass::kOther;
  }
}

bool IsUpperCodePointSlow(char32_t cp) {
  const auto c = utf8proc_category(static_cast<int32_t>(cp));
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool IsLowerCodePointSlow(char32_t cp) {
  return utf8proc_category(static_cast<int32_t>(cp)) == UTF8PROC_CATEGORY_LL;
}

bool IsLetterCodePointSlow(char32_t cp) {
  switch (utf8proc_category(static_cast<int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
      return true;
    default:
      return false;
  }
}

char32_t DecodeUtf8Slow(std::string_view text, size_t* pos, bool* invalid) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = *pos;
  const unsigned char b0 = s[i];
  *invalid = false;
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  size_t len;
  char32_t cp;
  char32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    *invalid = true;
    *pos = i + 1;
    return kReplacement;
  }
  if (i + len > n) {
    *invalid = true;
    *pos = i + 1;
    return kReplacement;
  }
  for (size_t k = 1; k < len; ++k) {
    const unsigned char b = s[i + k];
    if ((b & 0xC0) != 0x80) {
      *invalid = true;
      *pos = i + 1;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *invalid = true;
    *pos = i + 1;
    return kReplacement;
  }
  *pos = i + len;
  return cp;
}

size_t EncodeUtf8(char32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

}  // namespace attrex::internal
