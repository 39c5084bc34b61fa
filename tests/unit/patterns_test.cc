// Tests of the patterns stage: naming schemes compiled from data rows.
#include "patterns/patterns.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>

#include "attrex/normalize.h"

namespace attrex::internal {
namespace {

constexpr bool kAllTypes[kEntityTypeCount] = {true, true, true};

std::vector<PatternRow> Rows() {
  return {
      {"p.tsv:2", "THREAT_ACTOR", "apt-number", "scheme",
       R"(\bapt ?-? ?(\d{1,3})\b)", "template=APT$1;case=cap;scheme=APT"},
      {"p.tsv:3", "THREAT_ACTOR", "storm", "scheme", R"(\bstorm-(\d{4})\b)",
       "template=Storm-$1"},
      {"p.tsv:4", "THREAT_ACTOR", "unc-typo", "variant",
       R"(\bunsc ?(\d{3,5})\b)", "template=UNC$1;cue;confidence=0.75"},
  };
}

std::vector<std::string> Canonical(const PatternSet& set,
                                   std::string_view text) {
  std::vector<PatternHit> hits;
  set.FindAll(Normalize(text).view(), &hits);
  std::vector<std::string> out;
  for (const auto& h : hits) out.push_back(h.canonical);
  return out;
}

TEST(PatternsTest, SchemesAnySpacingAndDash) {
  PatternSet set;
  ASSERT_TRUE(set.Compile(Rows(), kAllTypes).ok());
  EXPECT_EQ(Canonical(set, "APT31, APT 27, APT-30 and APT – 41"),
            (std::vector<std::string>{"APT31", "APT27", "APT30", "APT41"}));
  EXPECT_EQ(Canonical(set, "Storm‑0558 (non-breaking hyphen)"),
            (std::vector<std::string>{"Storm-0558"}));
  EXPECT_EQ(Canonical(set, "UNSC 2814"), (std::vector<std::string>{"UNC2814"}));
  EXPECT_TRUE(Canonical(set, "grupări de tip APT, APTs").empty());
  const Pattern& typo = set.pattern(2);
  EXPECT_TRUE(typo.needs_cue);
  EXPECT_DOUBLE_EQ(typo.confidence, 0.75);
  EXPECT_EQ(set.pattern(0).scheme, "APT");
  EXPECT_EQ(set.pattern(0).case_rule, PatternCase::kCap);
}

// A match's groups are those of its leftmost-first parse: the first
// alternative that lets the whole match succeed, not the longest group. (The
// span is found first and its groups after: they must be the same parse.)
// With and without an anchor word, and for a pattern scanned across the text.
TEST(PatternsTest, GroupsAreThoseOfThePreferredParse) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"template=$1-$2;anchor=x", {"x-yzz", "x-zz", "x-yz"}},
      {"template=$1-$2", {"x-yzz", "x-zz", "x-yz"}},
      // Only words starting "xy" are tried.
      {"template=$1-$2;anchor=xy", {"x-yzz", "x-yz"}},
  };
  for (const auto& [flags, expected] : cases) {
    PatternSet set;
    std::vector<PatternRow> rows = {{"p.tsv:2", "THREAT_ACTOR", "parse",
                                     "scheme", R"(\b(x|xy)(y?z+)\b)", flags}};
    ASSERT_TRUE(set.Compile(rows, kAllTypes).ok()) << flags;
    EXPECT_EQ(Canonical(set, "a xyzz b xzz c xyz"), expected) << flags;
  }
}

TEST(PatternsTest, BadRegexIsAnErrorNamingTheRow) {
  PatternSet set;
  std::vector<PatternRow> rows = {
      {"user.tsv:7", "THREAT_ACTOR", "broken", "scheme", "apt(\\d+", ""}};
  const Status s = set.Compile(rows, kAllTypes);
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find("user.tsv:7"), std::string::npos) << s.message();
}

TEST(PatternsTest, UnknownFlagOrKindIsAnError) {
  PatternSet a;
  EXPECT_FALSE(a.Compile({{"f:1", "THREAT_ACTOR", "x", "scheme", "x", "loud"}},
                         kAllTypes)
                   .ok());
  PatternSet b;
  EXPECT_FALSE(
      b.Compile({{"f:1", "THREAT_ACTOR", "x", "shape", "x", ""}}, kAllTypes)
          .ok());
  PatternSet c;
  EXPECT_FALSE(
      c.Compile({{"f:1", "PERSON", "x", "scheme", "x", ""}}, kAllTypes).ok());
}

TEST(PatternsTest, DisabledTypesAreSkipped) {
  PatternSet set;
  const bool no_actors[kEntityTypeCount] = {true, true, false};
  ASSERT_TRUE(set.Compile(Rows(), no_actors).ok());
  EXPECT_EQ(set.size(), 0u);
  EXPECT_TRUE(Canonical(set, "APT31").empty());
}

// --- Untrusted user patterns: every refusal names the file and line
// ----------------

Status CompileOne(const std::string& regex, const std::string& flags = "") {
  PatternSet set;
  return set.Compile(
      {{"user.patterns.tsv:9", "THREAT_ACTOR", "mine", "scheme", regex, flags}},
      kAllTypes);
}

TEST(PatternsTest, OverlongRegexIsRefusedBeforeCompiling) {
  // RE2's compile time grows faster than the regex (seconds for 20 KB of
  // alternatives): long ones are refused by length.
  std::string alternatives;
  for (int i = 0; alternatives.size() < 20000; ++i) {
    alternatives +=
        (i ? "|" : "") + std::string("w") + std::to_string(i) + "q[a-z]{1,50}";
  }
  const Status s = CompileOne(alternatives);
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find("user.patterns.tsv:9"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("longer than the 4096 allowed"), std::string::npos)
      << s.message();
  EXPECT_TRUE(CompileOne(std::string(4096, 'a')).ok());
}

TEST(PatternsTest, RegexTooLargeToCompileIsAnErrorNamingTheRow) {
  // Short, but a program of over a million instructions.
  const Status s = CompileOne(R"(\pL{1,1000})");
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find("user.patterns.tsv:9: bad regex"),
            std::string::npos)
      << s.message();
  // Repetition beyond RE2's limit.
  const Status r = CompileOne("(a{1000}){1000}");
  EXPECT_EQ(r.code(), StatusCode::kDataError);
  EXPECT_NE(r.message().find("user.patterns.tsv:9"), std::string::npos)
      << r.message();
}

TEST(PatternsTest, EmptyRegexOrIdIsAnError) {
  const Status empty = CompileOne("");
  EXPECT_EQ(empty.code(), StatusCode::kDataError);
  EXPECT_NE(empty.message().find("user.patterns.tsv:9: empty regex"),
            std::string::npos)
      << empty.message();
  PatternSet set;
  const Status no_id = set.Compile(
      {{"user.patterns.tsv:4", "THREAT_ACTOR", "", "scheme", "x(\\d+)", ""}},
      kAllTypes);
  EXPECT_EQ(no_id.code(), StatusCode::kDataError);
  EXPECT_NE(no_id.message().find("user.patterns.tsv:4: empty pattern id"),
            std::string::npos)
      << no_id.message();
}

TEST(PatternsTest, AnchoredPatternWithUnboundedRepetitionStaysLinear) {
  PatternSet set;
  ASSERT_TRUE(set.Compile({{"user.tsv:2", "THREAT_ACTOR", "foo", "scheme",
                            R"(\bfoo\b.*\bbar\b)", "anchor=foo"}},
                          kAllTypes)
                  .ok());
  // 1 MB of anchors and no "bar": unless each anchored search is bounded, that
  // is 250,000 scans to the end of the text (minutes).
  std::string text;
  while (text.size() < (size_t{1} << 20)) text += "foo ";
  std::vector<PatternHit> hits;
  set.FindAll(text, &hits);
  EXPECT_TRUE(hits.empty());
  // Matches within the bound are found, and the bound never cuts one short.
  EXPECT_EQ(Canonical(set, "the foo and the bar"),
            (std::vector<std::string>{"foo and the bar"}));
  EXPECT_TRUE(Canonical(set, "foo " + std::string(300, 'x') + " bar").empty());
  EXPECT_TRUE(
      Canonical(set, "foo " + std::string(248, 'x') + " barbar").empty());
}

TEST(PatternsTest, BadFlagValuesNameTheRow) {
  for (const std::string flags : {"case=loud", "confidence=0", "confidence=1.5",
                                  "confidence=abc", "colour=red"}) {
    const Status s = CompileOne("x(\\d+)", flags);
    EXPECT_EQ(s.code(), StatusCode::kDataError) << flags;
    EXPECT_NE(s.message().find("user.patterns.tsv:9"), std::string::npos)
        << s.message();
  }
}

TEST(PatternsTest, ManyLargePatternsFailAsAResourceErrorNamingTheLargest) {
  // Each pattern (335,000 instructions) within its own budget, together beyond
  // the set's 64 MiB.
  std::vector<PatternRow> rows;
  for (int i = 0; i < 10; ++i) {
    rows.push_back({"big.tsv:" + std::to_string(i + 2), "THREAT_ACTOR",
                    "p" + std::to_string(i), "scheme",
                    "q" + std::to_string(i) + R"([\pL\pN]{1,250})", ""});
  }
  PatternSet set;
  const Status s = set.Compile(rows, kAllTypes);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(s.message().find("largest pattern: big.tsv:"), std::string::npos)
      << s.message();
}

// The match-range filter never turns away a place where the regex matches:
// random texts over the letters of the schemes, checked against RE2 itself.
TEST(PatternsTest, MatchRangeNeverTurnsAwayAMatch) {
  const std::vector<std::string> regexes = {
      R"(\bg(\d{4})\b)",
      R"(\bapt ?-? ?(?:n[°o]\.? ?|nr\.? ?|#)?(\d{1,3})\b)",
      R"(\btemp\.([a-z]{3,})\b)",
      R"(\bta ?(\d{3})\b)",
      R"(\bdev-(\d{4})\b)",
      R"((?:ab|a)c*d?)",
      R"(x+y|xz)",
      R"(b.*c)",
      R"(\bfin ?(\d{1,2})\b)",
  };
  const std::string alphabet = "agptdemvfinrxyzbc.-#0129 ";
  std::mt19937 rng(7);
  int matches = 0;
  for (const std::string& pattern : regexes) {
    RE2::Options options;
    options.set_encoding(RE2::Options::EncodingUTF8);
    const RE2 re(pattern, options);
    ASSERT_TRUE(re.ok()) << pattern;
    std::string min;
    std::string max;
    ASSERT_TRUE(re.PossibleMatchRange(&min, &max, 16)) << pattern;
    for (int round = 0; round < 20000; ++round) {
      std::string text;
      // Texts start like the pattern's matches half of the time.
      if (round % 2 == 0) text = min.substr(0, rng() % (min.size() + 1));
      const size_t extra = rng() % 9;
      for (size_t i = 0; i < extra; ++i)
        text += alphabet[rng() % alphabet.size()];
      re2::StringPiece match;
      const bool matched =
          re.Match(text, 0, text.size(), RE2::ANCHOR_START, &match, 1) &&
          !match.empty();
      matches += matched ? 1 : 0;
      if (matched) {
        EXPECT_TRUE(MatchMayStartAt(min, max, text))
            << pattern << " matches '" << text << "' (range '" << min
            << "' to '" << max << "')";
      }
    }
  }
  EXPECT_GT(matches, 1000);  // the texts did exercise the filter
}

// And it turns away what the anchor words mostly find: ordinary words.
TEST(PatternsTest, MatchRangeTurnsAwayOrdinaryWords) {
  auto may_start = [](const std::string& pattern, std::string_view text) {
    const RE2 re(pattern);
    std::string min;
    std::string max;
    EXPECT_TRUE(re.PossibleMatchRange(&min, &max, 16));
    return MatchMayStartAt(min, max, text);
  };
  EXPECT_FALSE(may_start(R"(\bg(\d{4})\b)", "government said"));
  EXPECT_TRUE(may_start(R"(\bg(\d{4})\b)", "g0034 is"));
  EXPECT_FALSE(may_start(R"(\bta ?(\d{3})\b)", "targeted"));
  EXPECT_TRUE(may_start(R"(\bta ?(\d{3})\b)", "ta 505 "));
  EXPECT_FALSE(may_start(R"(\btemp\.([a-z]{3,})\b)", "temporary"));
  EXPECT_TRUE(may_start(R"(\btemp\.([a-z]{3,})\b)", "temp.veles"));
  EXPECT_FALSE(may_start(R"(\bdev-(\d{4})\b)", "devices"));
  // Unbounded above: only the lower bound turns texts away.
  EXPECT_TRUE(MatchMayStartAt("b", "", "bzzz"));
  EXPECT_FALSE(MatchMayStartAt("b", "", "azzz"));
}

// Anchored patterns still find what they found with the filter in front.
TEST(PatternsTest, AnchoredSchemesBehindTheMatchRange) {
  std::vector<PatternRow> rows = {
      {"p.tsv:2", "THREAT_ACTOR", "mitre-group", "scheme", R"(\bg(\d{4})\b)",
       "template=G$1;anchor=g"},
      {"p.tsv:3", "THREAT_ACTOR", "ta", "scheme", R"(\bta ?(\d{3})\b)",
       "template=TA$1;anchor=ta"},
  };
  PatternSet set;
  ASSERT_TRUE(set.Compile(rows, kAllTypes).ok());
  EXPECT_EQ(Canonical(set,
                      "The government named G0034, TA 505 and ta577; "
                      "targets of g12345 and gta 505."),
            (std::vector<std::string>{"G0034", "TA505", "TA577"}));
}

// Anchor words are looked for in blocks of words: an anchor is found at
// every word of a long text, first and last of a block included, among words
// that start like an anchor ("application", "apt", "tapt") and words that do
// not.
TEST(PatternsTest, AnchorsFoundAtEveryWordOfALongText) {
  std::vector<PatternRow> rows = {
      {"p.tsv:2", "THREAT_ACTOR", "apt-number", "scheme",
       R"(\bapt ?-? ?(\d{1,3})\b)", "template=APT$1;anchor=apt"},
  };
  PatternSet set;
  ASSERT_TRUE(set.Compile(rows, kAllTypes).ok());
  const std::string fillers[] = {"application", "apt", "tapt", "the", "of"};
  for (size_t words = 1; words <= 200; words += 13) {
    std::string text;
    std::vector<std::string> expected;
    for (size_t i = 0; i < words; ++i) {
      if (i % 7 == 3 || i == words - 1) {
        text += "APT" + std::to_string(i % 1000) + " ";
        expected.push_back("APT" + std::to_string(i % 1000));
      } else {
        text += fillers[i % 5] + " ";
      }
    }
    EXPECT_EQ(Canonical(set, text), expected) << words << " words";
  }
}

}  // namespace
}  // namespace attrex::internal
