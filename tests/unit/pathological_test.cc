// Pathological inputs: huge, repetitive, deeply nested or garbage documents. Each
// must finish without a crash, with valid byte offsets and within the limits of
// Options. Linear time is checked by completing under ctest's default timeout,
// never by timing assertions: a test that becomes slow shows up as a timeout.
// (SECURITY.md lists the guarantees these tests stand for.)
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "attrex/extractor.h"
#include "attrex/normalize.h"
#include "test_util.h"

namespace attrex {
namespace {

using testing::DefaultExtractor;

constexpr size_t kMiB = size_t{1} << 20;

// `unit` repeated until the text has at least `bytes` bytes.
std::string Repeat(std::string_view unit, size_t bytes) {
  std::string out;
  out.reserve(bytes + unit.size());
  while (out.size() < bytes) out.append(unit);
  return out;
}

// The offsets contract of document.h: in bounds, on the text's bytes, in text
// order, no overlaps. Stops at the first broken mention (a million failures
// would drown the report).
void ExpectValidMentions(const Document& doc, std::string_view text) {
  size_t previous_end = 0;
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    const Mention& m = doc.mentions[i];
    ASSERT_LE(m.start, m.end) << "mention " << i;
    ASSERT_LE(m.end, text.size()) << "mention " << i;
    ASSERT_EQ(text.substr(m.start, m.end - m.start), m.text) << "mention " << i;
    ASSERT_GE(m.start, previous_end) << "mention " << i << " overlaps the one before";
    previous_end = m.end;
  }
}

bool HasDiagnostic(const Document& doc, std::string_view code) {
  for (const Diagnostic& d : doc.diagnostics) {
    if (d.code == code) return true;
  }
  return false;
}

Document ExtractOk(const Extractor& extractor, std::string_view text) {
  Result<Document> doc = extractor.Extract(text);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  if (!doc.ok()) return Document();
  ExpectValidMentions(*doc, text);
  return std::move(doc).value();
}

// --- Size ---------------------------------------------------------------------

TEST(PathologicalTest, HundredMegabyteSingleLine) {
  // Prose with an occasional name, no line break, 100 MB: every sentence's
  // mentions are found, with the offsets of this one line.
  const std::string sentence =
      "Officials said the intrusion into the ministry network was detected in "
      "spring and contained within days, according to the Belgian statement; ";
  const std::string named = "the group APT31 was blamed by Belgium. ";
  std::string text;
  text.reserve(100 * kMiB + 256);
  size_t sentences = 0;
  while (text.size() < 100 * kMiB) {
    text += sentence;
    if (++sentences % 50 == 0) text += named;
  }
  ASSERT_EQ(text.find('\n'), std::string::npos);
  const Document doc = ExtractOk(DefaultExtractor(), text);
  EXPECT_FALSE(HasDiagnostic(doc, "mention_limit"));
  size_t apt31 = 0;
  for (const Mention& m : doc.mentions) apt31 += m.id == "apt31";
  EXPECT_EQ(apt31, sentences / 50);
}

TEST(PathologicalTest, OneMegabyteWithoutSpaces) {
  // Latin letters and digits, one 1 MB "word".
  const Document letters = ExtractOk(DefaultExtractor(), Repeat("apt28belgiumnatoX9", kMiB));
  EXPECT_TRUE(letters.mentions.empty());
  // Names glued by punctuation: each one is a word of its own.
  ExtractOk(DefaultExtractor(), Repeat("APT28,Belgium;NATO.", kMiB));
  // A script written without spaces: names match anywhere, so there are many.
  const std::string han = Repeat("中国日本俄罗斯国家安全部", kMiB);
  const Document cjk = ExtractOk(DefaultExtractor(), han);
  EXPECT_FALSE(cjk.mentions.empty());
}

// --- Repetition -------------------------------------------------------------------

TEST(PathologicalTest, OneMegabyteOfAptSlashes) {
  const std::string text = Repeat("APT/", kMiB);
  const Document doc = ExtractOk(DefaultExtractor(), text);
  EXPECT_TRUE(doc.mentions.empty()) << doc.mentions.size() << " mentions of a bare 'APT'";
}

TEST(PathologicalTest, TenThousandMemberSlashList) {
  std::string text = "The attacks were attributed to ";
  for (int i = 1; i <= 10000; ++i) {
    if (i > 1) text += '/';
    text += "APT" + std::to_string(i);
  }
  text += ".";
  const Document doc = ExtractOk(DefaultExtractor(), text);
  // Every member is a name of the APT scheme; none is lost or invented.
  EXPECT_EQ(doc.mentions.size(), 10000u);
}

TEST(PathologicalTest, TenThousandMemberSlashListOfBareNumbers) {
  // "APT28/29/30/...": the members inherit the scheme of the first.
  std::string text = "Groups APT1";
  for (int i = 2; i <= 10000; ++i) text += "/" + std::to_string(i);
  text += " were named.";
  ExtractOk(DefaultExtractor(), text);
}

TEST(PathologicalTest, AMillionMentionsHitTheDefaultLimit) {
  // "APT28 " once more than the default max_mentions allows.
  const Options defaults;
  ASSERT_EQ(defaults.max_mentions, 1000000u);
  const std::string text = Repeat("APT28 ", 6 * (defaults.max_mentions + 1));
  const Document doc = ExtractOk(DefaultExtractor(), text);
  EXPECT_EQ(doc.mentions.size(), defaults.max_mentions);
  EXPECT_TRUE(HasDiagnostic(doc, "mention_limit"));
}

TEST(PathologicalTest, ManyMentionsUnderALowLimit) {
  Options options;
  options.max_mentions = 1000;
  auto extractor = Extractor::Create(options);
  ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
  const std::string text = Repeat("APT28 ", 6 * 200000);
  const Document doc = ExtractOk(**extractor, text);
  EXPECT_EQ(doc.mentions.size(), 1000u);
  ASSERT_TRUE(HasDiagnostic(doc, "mention_limit"));
  for (const Diagnostic& d : doc.diagnostics) {
    if (d.code == "mention_limit") {
      EXPECT_NE(d.message.find("1000"), std::string::npos) << d.message;
      EXPECT_NE(d.message.find("max_mentions"), std::string::npos) << d.message;
    }
  }
  // The mentions kept are the first ones of the text.
  EXPECT_EQ(doc.mentions.front().start, 0u);
  EXPECT_EQ(doc.mentions.back().start, 6u * 999);
}

// --- Nesting ----------------------------------------------------------------------

TEST(PathologicalTest, NestedAcronymDefinitions) {
  // "Alpha Bravo (AB (Charlie Delta (CD (... )))": 5000 levels of long form and
  // acronym, each opening a parenthesis closed only at the end.
  std::string text = "Officials of the ";
  for (int i = 0; i < 5000; ++i) {
    const char a = static_cast<char>('A' + i % 26);
    const char b = static_cast<char>('A' + (i / 26) % 26);
    text += std::string(1, a) + "lpha " + std::string(1, b) + "ravo Agency (" + a + b + "A (";
  }
  text += std::string(10000, ')') + " said so.";
  ExtractOk(DefaultExtractor(), text);
}

TEST(PathologicalTest, NestedKnownAcronyms) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "National Cyber Security Centre (NCSC (";
  text += std::string(10000, ')');
  ExtractOk(DefaultExtractor(), text);
}

TEST(PathologicalTest, DeepParenthesesAndBrackets) {
  ExtractOk(DefaultExtractor(), std::string(kMiB / 2, '(') + "APT28" + std::string(kMiB / 2, ')'));
  ExtractOk(DefaultExtractor(), Repeat("([{\"'<", kMiB));
}

// --- Garbage ------------------------------------------------------------------------

TEST(PathologicalTest, OnlyCombiningMarks) {
  const std::string text = Repeat("\u0301\u0327\u0302\u20dd", kMiB);
  const NormalizedText n = Normalize(text);
  EXPECT_EQ(n.invalid_bytes(), 0u);
  EXPECT_EQ(n.original_size(), text.size());
  const Document doc = ExtractOk(DefaultExtractor(), text);
  EXPECT_TRUE(doc.mentions.empty());
  // Marks after a name belong to its last letter.
  ExtractOk(DefaultExtractor(), "APT28" + Repeat("\u0301", kMiB));
}

TEST(PathologicalTest, OnlyInvalidBytes) {
  const std::string ff(kMiB, '\xff');
  EXPECT_EQ(Normalize(ff).invalid_bytes(), ff.size());
  Document doc = ExtractOk(DefaultExtractor(), ff);
  EXPECT_TRUE(doc.mentions.empty());
  EXPECT_TRUE(HasDiagnostic(doc, "invalid_utf8"));
  // Every byte value above 0x7F, and truncated sequences, in a cycle.
  std::string high;
  for (size_t i = 0; high.size() < kMiB; ++i) high += static_cast<char>(0x80 + i % 128);
  doc = ExtractOk(DefaultExtractor(), high);
  EXPECT_TRUE(HasDiagnostic(doc, "invalid_utf8"));
  doc = ExtractOk(DefaultExtractor(), Repeat("\xe4\xb8 APT28 \xf0\x9f\x98", kMiB));
  EXPECT_TRUE(HasDiagnostic(doc, "invalid_utf8"));
  EXPECT_FALSE(doc.mentions.empty());
}

TEST(PathologicalTest, ControlCharactersAndNulBytes) {
  std::string controls;
  for (size_t i = 0; controls.size() < kMiB; ++i) controls += static_cast<char>(i % 32);
  ExtractOk(DefaultExtractor(), controls);
  ExtractOk(DefaultExtractor(), Repeat(std::string("APT28\0", 6), kMiB));
}

TEST(PathologicalTest, OnlyWhiteSpaceAndLineEndHyphens) {
  ExtractOk(DefaultExtractor(), Repeat(" \t\r\n\u00a0\u3000", kMiB));
  ExtractOk(DefaultExtractor(), Repeat("ciber-\n", kMiB));
  ExtractOk(DefaultExtractor(), Repeat("-\n", kMiB));
}

// --- Limits -------------------------------------------------------------------------

TEST(PathologicalTest, DocumentSizeLimitIsExact) {
  Options options;
  options.max_document_bytes = 1000;
  auto extractor = Extractor::Create(options);
  ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
  EXPECT_TRUE((*extractor)->Extract(std::string(1000, 'a')).ok());
  const auto refused = (*extractor)->Extract(std::string(1001, 'a'));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(refused.status().message().find("1001"), std::string::npos);
  EXPECT_NE(refused.status().message().find("max_document_bytes"), std::string::npos)
      << refused.status().message();
}

TEST(PathologicalTest, DefaultDocumentSizeLimitRefusesLargerDocuments) {
  const Options defaults;
  ASSERT_EQ(defaults.max_document_bytes, size_t{256} << 20);
  // Refused before any work: no need to fill the bytes.
  const std::string text(defaults.max_document_bytes + 1, ' ');
  const auto refused = DefaultExtractor().Extract(text);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kResourceExhausted);
}

TEST(PathologicalTest, LimitOptionsAreValidated) {
  Options zero;
  zero.max_document_bytes = 0;
  EXPECT_EQ(Extractor::Create(zero).status().code(), StatusCode::kInvalidArgument);
  Options huge;
  huge.max_document_bytes = size_t{1} << 33;  // beyond the offset map's 32 bits
  const auto status = Extractor::Create(huge).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("max_document_bytes"), std::string::npos);
  Options nan;
  nan.min_confidence = -0.5;
  EXPECT_EQ(Extractor::Create(nan).status().code(), StatusCode::kInvalidArgument);
}

TEST(PathologicalTest, ZeroMentionLimit) {
  Options options;
  options.max_mentions = 0;
  auto extractor = Extractor::Create(options);
  ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
  const Document doc = ExtractOk(**extractor, "APT28 and APT29 attacked Belgium.");
  EXPECT_TRUE(doc.mentions.empty());
  EXPECT_TRUE(HasDiagnostic(doc, "mention_limit"));
}

}  // namespace
}  // namespace attrex
