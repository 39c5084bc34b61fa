// Tests of the normaliser: folding rules per language and the offset map.
#include "attrex/normalize.h"

#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "normalize/char_fold.h"
#include "normalize/normalize_into.h"

namespace attrex {
namespace {

std::string View(std::string_view text) { return Normalize(text).view(); }

// The original text covered by view bytes [begin, end).
std::string_view Original(std::string_view text, const NormalizedText& n,
                          size_t begin, size_t end) {
  const ByteSpan span = n.ToOriginal(begin, end);
  return text.substr(span.begin, span.end - span.begin);
}

TEST(NormalizeTest, RomanianDiacriticFormsAllFoldTogether) {
  const std::string expected = "fortele armate belgiene si securitate";
  // Comma-below (correct), cedilla (common in real input), combining sequences
  // (s + U+0326 comma below, t + U+0327 cedilla), and no diacritics at all.
  EXPECT_EQ(View("Forțele Armate Belgiene și securitate"), expected);
  EXPECT_EQ(View("Forţele Armate Belgiene şi securitate"), expected);
  EXPECT_EQ(View("Fort\u0327ele Armate Belgiene s\u0326i securitate"),
            expected);
  EXPECT_EQ(View("Fortele Armate Belgiene si securitate"), expected);
  EXPECT_EQ(View("FORŢELE ARMATE BELGIENE ŞI SECURITATE"), expected);
  EXPECT_EQ(View("Directoratul Naţional de Securitate Cibernetică"),
            "directoratul national de securitate cibernetica");
  EXPECT_EQ(View("îşi Ţară ÎNTÂI"), "isi tara intai");
}

TEST(NormalizeTest, FrenchGermanDutch) {
  EXPECT_EQ(View("Ministère des Armées, l’ANSSI"),
            "ministere des armees, l'anssi");
  EXPECT_EQ(View("Straße GROẞE Bundesamt für Sicherheit"),
            "strasse grosse bundesamt fur sicherheit");
  EXPECT_EQ(View("Ĳsland België Koninkrijk der Nederlanden"),
            "ijsland belgie koninkrijk der nederlanden");
}

TEST(NormalizeTest, PolishCzechLettersThatDoNotDecompose) {
  EXPECT_EQ(View("Łódź, chińskiej, Wrocław"), "lodz, chinskiej, wroclaw");
  EXPECT_EQ(View("Národní úřad pro kybernetickou bezpečnost (NÚKIB)"),
            "narodni urad pro kybernetickou bezpecnost (nukib)");
  EXPECT_EQ(View("Ørsted Đorđe Æsir Œuvre"), "orsted dorde aesir oeuvre");
}

TEST(NormalizeTest, TurkishDottedAndDotlessI) {
  EXPECT_EQ(View("İSTANBUL"), "istanbul");
  EXPECT_EQ(View("istanbul"), "istanbul");
  EXPECT_EQ(View("Türkiye Cumhurbaşkanlığı ılık"),
            "turkiye cumhurbaskanligi ilik");
}

TEST(NormalizeTest, CyrillicGreek) {
  // ё folds to е; Ukrainian ї keeps its base letter і.
  EXPECT_EQ(View("Ёлка Россия, Україна"), "елка россия, украіна");
  EXPECT_EQ(View("ΟΔΥΣΣΕΥΣ Οδυσσεύς"), "οδυσσευσ οδυσσευσ");
  EXPECT_EQ(View("Ελλάδα"), "ελλαδα");
}

TEST(NormalizeTest, ChineseAndEmojiPassThrough) {
  EXPECT_EQ(View("中华人民共和国国家安全部"), "中华人民共和国国家安全部");
  EXPECT_EQ(View("APT31 🐼 Panda"), "apt31 🐼 panda");
  EXPECT_EQ(View("ＡＰＴ２８"), "apt28");  // full-width forms
}

TEST(NormalizeTest, PunctuationAndSpacing) {
  EXPECT_EQ(View("APT\u2013 31 \u2014 APT\u221231 APT\u201131"),
            "apt- 31 - apt-31 apt-31");
  EXPECT_EQ(View("\u201cquoted\u201d \u201eanders\u201c \u00abguillemets\u00bb "
                 "\u2018x\u2019"),
            "\"quoted\" \"anders\" \"guillemets\" 'x'");
  EXPECT_EQ(View("a\u00a0\u2009 \t\n b"), "a b");
  EXPECT_EQ(View("UNC2814\u2044GALLIUM\u2215SOFTCELL\uff0fX"),
            "unc2814/gallium/softcell/x");
  EXPECT_EQ(View("soft\u00adhyphen zero\u200bwidth\u200d \ufeffbom"),
            "softhyphen zerowidth bom");
}

TEST(NormalizeTest, LineEndHyphenJoinsBrokenWords) {
  EXPECT_EQ(View("securitate ciber-\nnetică"), "securitate cibernetica");
  EXPECT_EQ(View("securitate ciber- \r\n  netică"), "securitate cibernetica");
  // A real hyphen before an upper-case word or a number stays.
  EXPECT_EQ(View("Nord-\nAtlantic"), "nord- atlantic");
  EXPECT_EQ(View("APT-\n31"), "apt- 31");
  // Not at a line end: the hyphen stays.
  EXPECT_EQ(View("ciber-netică"), "ciber-netica");
}

TEST(NormalizeTest, CrlfAndNulBytes) {
  EXPECT_EQ(View("line one\r\nline two"), "line one line two");
  EXPECT_EQ(View(std::string("a\0b", 3)), "a b");
}

TEST(NormalizeTest, EmptyInput) {
  const NormalizedText n = Normalize("");
  EXPECT_EQ(n.view(), "");
  EXPECT_EQ(n.invalid_bytes(), 0u);
  EXPECT_EQ(n.original_size(), 0u);
}

TEST(NormalizeTest, InvalidUtf8BecomesReplacementAndKeepsOffsets) {
  const std::string text =
      "ab\xff\xfe"
      "cd\xc3"
      "e\xe2\x82"
      "f\xed\xa0\x80";
  const NormalizedText n = Normalize(text);
  EXPECT_EQ(n.invalid_bytes(), 8u);
  EXPECT_EQ(n.view(),
            "ab\ufffd\ufffd"
            "cd\ufffd"
            "e\ufffd\ufffd"
            "f\ufffd\ufffd\ufffd");
  // "cd" after two replacement characters still maps to its own bytes.
  const size_t cd = n.view().find("cd");
  EXPECT_EQ(n.ToOriginal(cd, cd + 2), (ByteSpan{4, 6}));
  // The first replacement character maps to exactly the one bad byte.
  EXPECT_EQ(n.ToOriginal(2, 5), (ByteSpan{2, 3}));
}

// The fold tables (built a page at a time, with a shortcut for code points
// that fold to themselves) agree with the general rules on every code point,
// surrogates and the supplementary planes included.
TEST(NormalizeTest, FoldTablesAgreeWithTheRulesOnEveryCodePoint) {
  std::string by_rules;
  for (char32_t cp = 0; cp < 0x110000; ++cp) {
    const internal::CharFold fold = internal::FoldCodePoint(cp);
    const internal::FoldKind kind =
        internal::FoldCodePointByRules(cp, &by_rules);
    ASSERT_EQ(fold.kind, kind) << "U+" << std::hex << static_cast<uint32_t>(cp);
    if (kind == internal::FoldKind::kText) {
      ASSERT_EQ(fold.folded, by_rules)
          << "U+" << std::hex << static_cast<uint32_t>(cp);
    }
  }
  // Spot checks of the rules themselves: a Hangul syllable decomposes into
  // its letters, an ideograph and a Cyrillic capital fold as expected.
  EXPECT_EQ(internal::FoldCodePointByRules(U'\uD55C', &by_rules),
            internal::FoldKind::kText);
  EXPECT_EQ(by_rules, "\u1112\u1161\u11AB");  // 한
  internal::FoldCodePointByRules(U'\u4E2D', &by_rules);
  EXPECT_EQ(by_rules, "\u4E2D");  // 中
  internal::FoldCodePointByRules(U'\u0414', &by_rules);
  EXPECT_EQ(by_rules, "\u0434");  // Д -> д
}

// Two-byte characters (U+0080-U+07FF: accented Latin, Greek, Cyrillic,
// Hebrew, Arabic) take a table of their own: each folds as its code point
// does, between ASCII letters, and its view bytes map back to its two bytes.
TEST(NormalizeTest, EveryTwoByteCharacterFoldsAsItsCodePoint) {
  for (char32_t cp = 0x80; cp < 0x800; ++cp) {
    std::string encoded;
    encoded += static_cast<char>(0xC0 | (cp >> 6));
    encoded += static_cast<char>(0x80 | (cp & 0x3F));
    const std::string text = "Ab" + encoded + "cD";
    const NormalizedText n = Normalize(text);
    const internal::CharFold fold = internal::FoldCodePoint(cp);
    std::string folded;
    switch (fold.kind) {
      case internal::FoldKind::kText:
        folded = std::string(fold.folded);
        break;
      case internal::FoldKind::kSpace:
        folded = " ";
        break;
      case internal::FoldKind::kMark:
      case internal::FoldKind::kIgnore:
        break;
    }
    ASSERT_EQ(n.view(), "ab" + folded + "cd")
        << "U+" << std::hex << static_cast<uint32_t>(cp);
    if (!folded.empty()) {
      EXPECT_EQ(Original(text, n, 2, 2 + folded.size()), encoded)
          << "U+" << std::hex << static_cast<uint32_t>(cp);
    }
    // A combining mark belongs to the letter before it.
    const std::string before =
        fold.kind == internal::FoldKind::kMark ? "Ab" + encoded : "Ab";
    EXPECT_EQ(Original(text, n, 0, 2), before)
        << "U+" << std::hex << static_cast<uint32_t>(cp);
    EXPECT_EQ(Original(text, n, 2 + folded.size(), 4 + folded.size()), "cD")
        << "U+" << std::hex << static_cast<uint32_t>(cp);
  }
}

TEST(NormalizeTest, OffsetsOfFoldedCharacters) {
  const std::string text = "Forţele Armate Belgiene";
  const NormalizedText n = Normalize(text);
  EXPECT_EQ(Original(text, n, 0, 7), "Forţele");
  EXPECT_EQ(Original(text, n, 3, 4), "ţ");
  EXPECT_EQ(Original(text, n, 8, 14), "Armate");
  // A combining mark belongs to its base letter's span.
  const std::string combining = "Fort\u0327ele";
  const NormalizedText c = Normalize(combining);
  EXPECT_EQ(c.view(), "fortele");
  EXPECT_EQ(Original(combining, c, 0, 4), "Fort\u0327");
  EXPECT_EQ(Original(combining, c, 3, 4), "t\u0327");
  EXPECT_EQ(Original(combining, c, 4, 7), "ele");
  // ß -> ss: either view byte maps to the whole source character.
  const std::string strasse = "Straße";
  const NormalizedText s = Normalize(strasse);
  EXPECT_EQ(Original(strasse, s, 4, 5), "ß");
  EXPECT_EQ(Original(strasse, s, 0, 5), "Straß");
  // Dropped characters are not part of a neighbouring span.
  const std::string soft = "ab\u00adcd";
  const NormalizedText sh = Normalize(soft);
  EXPECT_EQ(Original(soft, sh, 0, 2), "ab");
  EXPECT_EQ(Original(soft, sh, 2, 4), "cd");
  // A collapsed run of white space maps to the whole run.
  const std::string spaces = "a \u00a0 b";
  const NormalizedText sp = Normalize(spaces);
  EXPECT_EQ(Original(spaces, sp, 1, 2), " \u00a0 ");
  EXPECT_EQ(Original(spaces, sp, 2, 3), "b");
}

// A letter folded to one byte ends its aligned segment (the run after it
// opens the next), wherever it falls in a sixteen-byte step: every view
// letter and every word still maps back to its own source bytes.
TEST(NormalizeTest, AccentedLettersBetweenRunsMapBack) {
  // Runs of 0 to 40 ASCII letters around "ă" (two bytes) and "’" (three
  // bytes) folded to one byte, and "ß", folded to two.
  const std::string accented[] = {"\xC4\x83", "\xE2\x80\x99", "\xC3\x9F"};
  const std::string folded[] = {"a", "'", "ss"};
  for (size_t before = 0; before <= 40; before += 3) {
    for (size_t after = 0; after <= 40; after += 5) {
      for (size_t k = 0; k < 3; ++k) {
        const std::string left(before, 'X');
        const std::string right(after, 'y');
        // The accented letter twice in a row, then once before a space.
        const std::string word = left + accented[k] + accented[k] + right;
        const std::string text = word + accented[k] + " " + word;
        const NormalizedText n = Normalize(text);
        const std::string view_word =
            std::string(before, 'x') + folded[k] + folded[k] + right;
        ASSERT_EQ(n.view(), view_word + folded[k] + " " + view_word) << text;
        const size_t second = view_word.size() + folded[k].size() + 1;
        EXPECT_EQ(Original(text, n, 0, view_word.size()), word) << text;
        EXPECT_EQ(Original(text, n, second, n.view().size()), word) << text;
        EXPECT_EQ(Original(text, n, 0, view_word.size() + folded[k].size()),
                  word + accented[k])
            << text;
        // Each view byte of the accented letters maps to the whole letter.
        for (size_t i = 0; i < 2 * folded[k].size(); ++i) {
          EXPECT_EQ(Original(text, n, before + i, before + i + 1), accented[k])
              << i << " in " << text;
        }
        // And each ASCII letter to itself.
        for (size_t i = 0; i < after; ++i) {
          const size_t v = before + 2 * folded[k].size() + i;
          EXPECT_EQ(Original(text, n, v, v + 1), "y") << v << " in " << text;
        }
      }
    }
  }
  // One segment per folded letter that ends a run, not one for the letter and
  // one for the run after it.
  const NormalizedText n =
      Normalize("Rom\xC3\xA2nia \xC8\x99i \xC8\x9B\xC4\x83rile");
  ASSERT_EQ(n.view(), "romania si tarile");
  std::vector<std::pair<uint32_t, uint32_t>> starts;
  for (const OffsetSegment& s : n.segments()) {
    if (s.view_begin < n.view().size()) {
      EXPECT_TRUE(s.aligned);
    }
    starts.emplace_back(s.view_begin, s.orig_begin);
  }
  const std::vector<std::pair<uint32_t, uint32_t>> expected = {
      {0, 0}, {4, 5}, {9, 11}, {12, 15}, {13, 17}, {17, 21}};
  EXPECT_EQ(starts, expected);
}

// Code point boundaries of `text` as the normaliser decodes it.
std::set<size_t> Boundaries(std::string_view text) {
  std::set<size_t> out = {0, text.size()};
  size_t pos = 0;
  while (pos < text.size()) {
    bool invalid;
    internal::DecodeUtf8(text, &pos, &invalid);
    out.insert(pos);
  }
  return out;
}

// Random multilingual text with invalid bytes, combining marks, spaces and
// punctuation, to check properties of the offset map on any input.
std::string RandomText(std::mt19937* rng, size_t pieces) {
  static const std::vector<std::string> kPieces = {"a",
                                                   "B",
                                                   "z",
                                                   " ",
                                                   "  ",
                                                   "\n",
                                                   "\t",
                                                   "-",
                                                   "–",
                                                   "\u00a0",
                                                   "ş",
                                                   "ș",
                                                   "Ţ",
                                                   "s\u0326",
                                                   "\u0327",
                                                   "\u0301",
                                                   "é",
                                                   "É",
                                                   "ß",
                                                   "ẞ",
                                                   "İ",
                                                   "ı",
                                                   "ł",
                                                   "Ł",
                                                   "ø",
                                                   "ё",
                                                   "Ж",
                                                   "Σ",
                                                   "ς",
                                                   "中",
                                                   "国",
                                                   "🐼",
                                                   "ﬁ",
                                                   "Ａ",
                                                   "\u00ad",
                                                   "\u200b",
                                                   "\ufeff",
                                                   "\xff",
                                                   "\xc3",
                                                   "\xe2\x82",
                                                   "\xed\xa0\x80",
                                                   std::string("\0", 1),
                                                   "\r\n",
                                                   "“",
                                                   "”",
                                                   "/",
                                                   "⁄",
                                                   "APT",
                                                   "31",
                                                   "ciber-\nnetic",
                                                   ".",
                                                   "'",
                                                   "’"};
  std::uniform_int_distribution<size_t> pick(0, kPieces.size() - 1);
  std::string out;
  for (size_t i = 0; i < pieces; ++i) out += kPieces[pick(*rng)];
  return out;
}

TEST(NormalizeTest, OffsetMapPropertiesOnRandomInput) {
  std::mt19937 rng(20260728);
  for (int round = 0; round < 2000; ++round) {
    const std::string text = RandomText(&rng, 1 + round % 40);
    const NormalizedText n = Normalize(text);
    const std::string& view = n.view();
    const std::set<size_t> boundaries = Boundaries(text);
    ASSERT_EQ(n.original_size(), text.size());
    // The view is valid UTF-8.
    ASSERT_EQ(Normalize(view).invalid_bytes(), 0u) << text;
    size_t previous_end = 0;
    size_t pos = 0;
    while (pos < view.size()) {
      const size_t begin = pos;
      bool invalid;
      internal::DecodeUtf8(view, &pos, &invalid);
      const ByteSpan span = n.ToOriginal(begin, pos);
      ASSERT_TRUE(boundaries.count(span.begin)) << text;
      ASSERT_TRUE(boundaries.count(span.end)) << text;
      ASSERT_LT(span.begin, span.end) << text;
      // Spans follow the view's order: never before the previous one's start.
      ASSERT_GE(span.end, previous_end) << text;
      previous_end = span.end;
      // The view character is what the source characters fold to.
      const std::string source(text.substr(span.begin, span.end - span.begin));
      const std::string folded = Normalize(source).view();
      const std::string character = view.substr(begin, pos - begin);
      EXPECT_NE(folded.find(character), std::string::npos)
          << "view char '" << character << "' from '" << source << "' in "
          << text;
    }
    if (!view.empty()) {
      const ByteSpan whole = n.ToOriginal(0, view.size());
      EXPECT_LE(whole.end, text.size());
    }
  }
}

// ToOriginal searches only between the segments of two 64-byte blocks: it
// gives what a search of the whole offset map gives, for spans of every
// length in texts of many blocks.
TEST(NormalizeTest, ToOriginalAgreesWithASearchOfTheWholeMap) {
  std::mt19937 rng(20261128);
  auto reference = [](const NormalizedText& n, size_t vb, size_t ve) {
    const auto& segments = n.segments();
    auto holding = [&](size_t v) {
      size_t found = 0;
      for (size_t i = 0; i < segments.size(); ++i) {
        if (segments[i].view_begin <= v) found = i;
      }
      return found;
    };
    const OffsetSegment& s = segments[holding(vb)];
    const size_t last = holding(ve - 1);
    const OffsetSegment& t = segments[last];
    const OffsetSegment& after = segments[last + 1];
    return ByteSpan{
        s.aligned ? s.orig_begin + (vb - s.view_begin) : s.orig_begin,
        t.aligned && after.view_begin != ve ? t.orig_begin + (ve - t.view_begin)
                                            : after.orig_begin};
  };
  for (int round = 0; round < 40; ++round) {
    const std::string text = RandomText(&rng, 20 + round * 10);
    const NormalizedText n = Normalize(text);
    const size_t size = n.view().size();
    for (size_t vb = 0; vb < size; vb += 1 + rng() % 7) {
      for (size_t ve = vb + 1; ve <= size; ve += 1 + rng() % 97) {
        ASSERT_EQ(n.ToOriginal(vb, ve), reference(n, vb, ve))
            << vb << " " << ve << " in " << text;
      }
      ASSERT_EQ(n.ToOriginal(vb, size), reference(n, vb, size));
    }
  }
}

// ASCII runs are scanned and lower-cased sixteen bytes at a time: a byte that
// ends a run (a control, DEL, '-', a second space, a non-ASCII letter) at any
// position of runs of any length is seen, and every letter maps back to its
// own source byte.
TEST(NormalizeTest, AsciiRunsEndAtEveryKindOfStopAtEveryPosition) {
  const std::string stops[] = {"-", "\n", "\x7f", "\t", "  ", "\xc3\xa9", "A"};
  auto expected_view = [](const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c == 0xC3) {  // the only non-ASCII letter used: e acute
        out += 'e';
        ++i;
      } else if (c <= 0x20 || c == 0x7F) {
        if (out.empty() || out.back() != ' ') out += ' ';
      } else {
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
      }
    }
    return out;
  };
  for (size_t size = 1; size <= 70; ++size) {
    std::string base;
    for (size_t i = 0; i < size; ++i) base += "aBc dEf7;"[i % 9];
    for (size_t at = 0; at < size; ++at) {
      for (const std::string& stop : stops) {
        std::string text = base;
        text.insert(at, stop);
        const NormalizedText n = Normalize(text);
        ASSERT_EQ(n.view(), expected_view(text)) << "'" << text << "'";
        for (size_t v = 0; v < n.view().size(); ++v) {
          const char c = n.view()[v];
          if (c < 'a' || c > 'z' || c == 'e') continue;
          const ByteSpan span = n.ToOriginal(v, v + 1);
          ASSERT_EQ(span.end, span.begin + 1);
          EXPECT_EQ(text[span.begin] | 0x20, c) << v << " in '" << text << "'";
        }
      }
    }
  }
}

// The tokenizer's sixteen-byte scan for the end of a run of ASCII letters and
// digits agrees with a byte-by-byte scan, for every start in random texts.
TEST(NormalizeTest, AsciiWordRunEndAgreesWithAByteScan) {
  std::mt19937 rng(7);
  const std::string alphabet =
      "azAZ09mM5 .-@[`{/:\x7f\x80\xc8\x99\xff\x10\x3a\x40\x5b";
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const size_t size = rng() % 80;
    for (size_t i = 0; i < size; ++i)
      text += rng() % 3 == 0 ? alphabet[rng() % alphabet.size()]
                             : static_cast<char>('a' + rng() % 26);
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    for (size_t pos = 0; pos <= text.size(); ++pos) {
      size_t want = pos;
      while (want < text.size() && std::isalnum(s[want]) && s[want] < 0x80)
        ++want;
      ASSERT_EQ(internal::AsciiWordRunEnd(s, pos, text.size()), want)
          << pos << " in '" << text << "'";
    }
  }
}

// The fold table is filled a page of 256 code points at a time, when a page
// is first used: threads that meet new pages at once all read them right.
TEST(NormalizeTest, FoldTablePagesFilledByManyThreadsAtOnce) {
  // A letter from each of many pages no other test here reads first.
  std::string text;
  for (char32_t page = 0x10; page < 0xD7; page += 3) {
    char buffer[4];
    text.append(buffer, internal::EncodeUtf8(page << 8 | 0x41, buffer));
    text += ' ';
  }
  std::vector<std::string> views(8);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < views.size(); ++t) {
    threads.emplace_back([&, t] { views[t] = Normalize(text).view(); });
  }
  for (auto& thread : threads) thread.join();
  for (const std::string& view : views) EXPECT_EQ(view, Normalize(text).view());
}

TEST(NormalizeTest, LargeInputIsLinearAndExact) {
  std::string unit = "Forţele Armate Belgiene au vizat FPS Interior. ";
  std::string text;
  text.reserve(50u << 20);
  while (text.size() + unit.size() <= (50u << 20)) text += unit;
  const NormalizedText n = Normalize(text);
  ASSERT_EQ(n.original_size(), text.size());
  const size_t last = n.view().rfind("fps interior");
  ASSERT_NE(last, std::string::npos);
  EXPECT_EQ(Original(text, n, last, last + 12), "FPS Interior");
}

// Folds longer than their characters ("½" is three characters, "1⁄2") make a
// view longer than the text: it grows past the room made for it up front, and
// each character still maps back to itself.
TEST(NormalizeTest, ViewLongerThanTheTextGrowsAndMapsBack) {
  const std::string one_half = "\xc2\xbd";  // U+00BD, two bytes
  const std::string fold = View(one_half);
  ASSERT_GT(fold.size(), one_half.size());
  for (const size_t count : {1, 20, 1000}) {
    std::string text;
    for (size_t i = 0; i < count; ++i) text += one_half;
    const NormalizedText n = Normalize(text);
    std::string expected;
    for (size_t i = 0; i < count; ++i) expected += fold;
    ASSERT_EQ(n.view(), expected);
    for (size_t i = 0; i < count; ++i) {
      EXPECT_EQ(Original(text, n, i * fold.size(), (i + 1) * fold.size()),
                one_half)
          << i;
    }
  }
}

}  // namespace
}  // namespace attrex

namespace attrex {
namespace {

// Reusing one NormalizedText for text after text gives what a fresh one gives.
TEST(NormalizeTest, NormalizeIntoReusesStorageWithTheSameResult) {
  const std::string texts[] = {
      "For\xc5\xa3"
      "ele Armate   Belgiene \xe2\x80\x94 APT-27",
      "",
      "\xff\xfe bad",
      "cyber-\nsecurity \xef\xac\x81nal",
      std::string(9 << 20, 'a'),
      "Stra\xc3\x9f"
      "e"};
  NormalizedText reused;
  for (const std::string& text : texts) {
    internal::NormalizeInto(text, &reused);
    const NormalizedText fresh = Normalize(text);
    EXPECT_EQ(reused.view(), fresh.view());
    EXPECT_EQ(reused.invalid_bytes(), fresh.invalid_bytes());
    ASSERT_EQ(reused.segments().size(), fresh.segments().size());
    for (size_t i = 0; i < fresh.segments().size(); ++i) {
      EXPECT_EQ(reused.segments()[i].view_begin,
                fresh.segments()[i].view_begin);
      EXPECT_EQ(reused.segments()[i].orig_begin,
                fresh.segments()[i].orig_begin);
      EXPECT_EQ(reused.segments()[i].aligned, fresh.segments()[i].aligned);
    }
  }
}

}  // namespace
}  // namespace attrex
