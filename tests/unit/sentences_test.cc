// Tests of the sentence splitter of the attribution stage, on sentences written
// for these tests. Expected spans are worked out by hand from the rules in
// lib/resolve/sentences.h.
#include "resolve/sentences.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace attrex::internal {
namespace {

std::vector<std::string> Sentences(std::string_view text,
                                   std::vector<std::string> abbreviations = {
                                       "dr", "nr", "z.b"}) {
  const SentenceSplitter splitter(std::move(abbreviations));
  std::vector<std::pair<size_t, size_t>> spans;
  splitter.Split(text, &spans);
  std::vector<std::string> out;
  size_t covered = 0;
  for (const auto& [begin, end] : spans) {
    EXPECT_EQ(begin, covered) << "spans must tile the text";
    EXPECT_LE(begin, end);
    covered = end;
    out.emplace_back(text.substr(begin, end - begin));
  }
  EXPECT_EQ(covered, text.size());
  return out;
}

using Strings = std::vector<std::string>;

TEST(SentencesTest, StopSpaceCapitalEndsASentence) {
  EXPECT_EQ(Sentences("Hackers struck twice. The agency responded. "),
            (Strings{"Hackers struck twice. ", "The agency responded. "}));
}

// The scan looks at sixteen bytes at a time: a stop or a line break at any
// position after ASCII or non-ASCII letters still ends its sentence.
TEST(SentencesTest, StopsAreFoundAtEveryPositionOfTheScan) {
  const std::string fillers[] = {"a", "\xc4\x83" /* ă */};
  const std::string ends[] = {". ", "! ", "\n", "\xe3\x80\x82" /* 。 */};
  for (const std::string& filler : fillers) {
    for (const std::string& end : ends) {
      std::string first = "X";
      for (int length = 0; length < 40; ++length) {
        first += filler;
        EXPECT_EQ(Sentences(first + end + "Then more."),
                  (Strings{first + end, "Then more."}))
            << first;
      }
    }
  }
}

TEST(SentencesTest, QuestionAndExclamationMarksEndSentences) {
  EXPECT_EQ(Sentences("Who did it? Nobody knows! maybe later"),
            (Strings{"Who did it? ", "Nobody knows! ", "maybe later"}));
}

TEST(SentencesTest, ClosingQuotesAndBracketsStayWithTheSentence) {
  EXPECT_EQ(Sentences("He said \u201Cit was APT99.\u201D Then he left."),
            (Strings{"He said \u201Cit was APT99.\u201D ", "Then he left."}));
  EXPECT_EQ(Sentences("(See the annex.) Next one."),
            (Strings{"(See the annex.) ", "Next one."}));
}

TEST(SentencesTest, LineBreaksEndSentences) {
  EXPECT_EQ(Sentences("Headline without stop\nBody text.\r\nMore"),
            (Strings{"Headline without stop\n", "Body text.\r\n", "More"}));
}

TEST(SentencesTest, DecimalsAndLowerCaseContinuations) {
  EXPECT_EQ(
      Sentences("Version 3.5 was hit. e.g. this one, and Art. 5 din lege."),
      (Strings{"Version 3.5 was hit. e.g. this one, and Art. 5 din lege."}));
}

TEST(SentencesTest, AbbreviationsAndInitialsDoNotEndSentences) {
  EXPECT_EQ(
      Sentences("Dr. Weber met J. Smith in the U.S. Army base. Nr. 5 follows."),
      (Strings{"Dr. Weber met J. Smith in the U.S. Army base. ",
               "Nr. 5 follows."}));
  EXPECT_EQ(Sentences("Das BSI warnt z.B. Behörden. Neue Sätze beginnen."),
            (Strings{"Das BSI warnt z.B. Behörden. ", "Neue Sätze beginnen."}));
  // Without the list, a word is no abbreviation.
  EXPECT_EQ(Sentences("Dr. Weber spoke.", {}),
            (Strings{"Dr. ", "Weber spoke."}));
}

TEST(SentencesTest, MissingSpaceAfterStop) {
  // Scraped text: the stop between a lower-case letter and a capital ends the
  // sentence; after a capital it is an abbreviation.
  EXPECT_EQ(Sentences("Prima propoziție se încheie aici.Conform DNSC, a doua "
                      "începe. U.S.Army"),
            (Strings{"Prima propoziție se încheie aici.",
                     "Conform DNSC, a doua începe. ", "U.S.Army"}));
}

TEST(SentencesTest, PunctuationAfterAStopContinues) {
  EXPECT_EQ(Sentences("Really?! Yes. Wait... what? Fine."),
            (Strings{"Really?! ", "Yes. ", "Wait... what? ", "Fine."}));
}

TEST(SentencesTest, OtherScriptsStops) {
  EXPECT_EQ(Sentences("中国黑客发动攻击。政府作出回应。"),
            (Strings{"中国黑客发动攻击。", "政府作出回应。"}));
  EXPECT_EQ(Sentences("हमला हुआ। सरकार ने कहा।"),
            (Strings{"हमला हुआ। ", "सरकार ने कहा।"}));
}

TEST(SentencesTest, EmptyAndInvalidInput) {
  EXPECT_EQ(Sentences(""), (Strings{""}));
  EXPECT_EQ(Sentences("\xff\xfe. \xc3"), (Strings{"\xff\xfe. ", "\xc3"}));
  EXPECT_EQ(Sentences("A.\xe2\x80"), (Strings{"A.\xe2\x80"}));
  EXPECT_EQ(Sentences("..."), (Strings{"..."}));
  EXPECT_EQ(Sentences("\n\n"), (Strings{"\n", "\n"}));
}

}  // namespace
}  // namespace attrex::internal
