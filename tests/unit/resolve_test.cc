// Tests of the resolve stage through the extractor with the built-in data, on
// texts written for these tests.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "resolve/coverage.h"
#include "resolve/position_index.h"
#include "resolve/resolver.h"
#include "test_util.h"

namespace attrex {
namespace {

using testing::Describe;
using testing::ExtractOrDie;
using testing::Find;

TEST(PositionIndexTest, ListsKeepInsertionOrderAcrossGrowthAndReuse) {
  internal::PositionIndex index;
  for (int round = 0; round < 3; ++round) {
    std::map<uint32_t, std::vector<uint32_t>> expected;
    // Offsets in any order, 0 and the largest among them, shared by several
    // items; round 1 reserves the room first, the others grow as they go.
    if (round == 1) index.Reserve(6000);
    for (uint32_t item = 0; item < 5000; ++item) {
      const uint32_t pos = (item * 7919u + round) % 5987u;
      index.Add(pos, item);
      expected[pos].push_back(item);
    }
    for (const auto& [pos, items] : expected) {
      std::vector<uint32_t> got;
      index.ForEach(pos, [&](uint32_t i) { got.push_back(i); });
      EXPECT_EQ(got, items) << pos;
    }
    int absent = 0;
    for (uint32_t pos = 0; pos < 7000; ++pos) {
      if (expected.count(pos) == 0)
        index.ForEach(pos, [&](uint32_t) { ++absent; });
    }
    index.ForEach(uint32_t{1} << 30, [&](uint32_t) { ++absent; });
    EXPECT_EQ(absent, 0);
    index.Clear(round == 1 ? 0 : 1 << 16);  // round 1 releases the storage
    for (const auto& [pos, items] : expected)
      index.ForEach(pos, [&](uint32_t) { ++absent; });
    EXPECT_EQ(absent, 0);
  }
}

// Coverage against a plain vector of flags: spans within a word, across word
// boundaries, covering whole words, empty, and a text reused at other sizes.
TEST(CoverageTest, FindsOneCoveredByteFromEverySpan) {
  internal::Coverage coverage;
  constexpr size_t kSize = 160;  // two and a half words of bits
  for (size_t p = 0; p < kSize; ++p) {
    coverage.Reset(kSize);
    coverage.Cover(p, p + 1);
    for (size_t begin = 0; begin <= kSize; ++begin) {
      for (size_t end = begin; end <= kSize; ++end) {
        ASSERT_EQ(coverage.Any(begin, end), begin <= p && p < end)
            << p << " [" << begin << ", " << end << ")";
      }
    }
  }
}

// One byte at a time (the resolver's lexicon offsets): Set covers that byte
// alone, as Cover of one byte does, and Has sees nothing past the size given.
TEST(CoverageTest, SetAndHasOneByte) {
  internal::Coverage coverage;
  constexpr size_t kSize = 160;
  for (size_t p = 0; p <= kSize; ++p) {
    coverage.Reset(kSize);
    coverage.Set(p);
    for (size_t i = 0; i < kSize + 200; ++i) {
      ASSERT_EQ(coverage.Has(i), i == p) << p << " " << i;
      if (i < kSize) ASSERT_EQ(coverage.Any(i, i + 1), i == p) << p << " " << i;
    }
  }
}

TEST(CoverageTest, TellsOverlapsAsAFlagPerByteWould) {
  internal::Coverage coverage;
  uint32_t seed = 12345;
  auto next = [&](size_t bound) {
    seed = seed * 1103515245u + 12345u;
    return static_cast<size_t>((seed >> 8) % bound);
  };
  for (const size_t size : {size_t{1}, size_t{63}, size_t{64}, size_t{300}}) {
    coverage.Reset(size);
    std::vector<bool> covered(size, false);
    for (int step = 0; step < 2000; ++step) {
      const size_t begin = next(size + 1);
      const size_t end =
          begin + next(next(2) == 0 ? std::min<size_t>(size - begin, 8) + 1
                                    : size - begin + 1);
      bool any = false;
      for (size_t i = begin; i < end; ++i) any = any || covered[i];
      ASSERT_EQ(coverage.Any(begin, end), any)
          << size << " [" << begin << ", " << end << ")";
      // Short spans are covered, so that the text fills up slowly and long
      // queries meet a few covered bytes anywhere in a word.
      if (!any && end - begin <= 8 && next(2) == 0) {
        coverage.Cover(begin, end);
        for (size_t i = begin; i < end; ++i) covered[i] = true;
      }
    }
  }
}

// Overlapping names: the longest is kept, the others go, whether they start
// before it or inside it ("North Korea" and the Korea Internet & Security
// Agency share "Korea"). Mentions never overlap.
TEST(ResolveTest, OverlappingNamesLeaveTheLongest) {
  const Document doc = ExtractOrDie(
      "Staff of the South Korea Internet & Security Agency met Belgian "
      "officials.");
  std::vector<std::string> found;
  for (const Mention& m : doc.mentions)
    found.push_back(std::string(EntityTypeName(m.type)) + " " + m.id);
  EXPECT_EQ(found, (std::vector<std::string>{"AGENCY kr-kisa", "STATE BE"}))
      << ::testing::PrintToString(Describe(doc));
  for (size_t i = 1; i < doc.mentions.size(); ++i)
    EXPECT_LE(doc.mentions[i - 1].end, doc.mentions[i].start);
}

// The tokenizer reads ASCII text 64 bytes a step and the rest a character at a
// time: a name is found the same wherever a step ends (before it, inside it,
// next to a letter outside ASCII, after a word longer than a step). Each shift
// of the text by a word of 1 to 70 letters moves every step's end.
TEST(ResolveTest, NamesAreFoundWhereverTheTokenizerStepsFall) {
  const std::string text =
      "Atacurile grupului APT28 asupra României au fost semnalate; "
      "Cuvantfoartelungcaretrecedeoricepasdeșaizecișipatrudeocteticuadevarat "
      "(APT29) și Belgia, apoi Franţa/Germania. 中国, Россия.";
  const std::vector<std::string> expected = {"THREAT_ACTOR apt28 APT28",
                                             "STATE RO României",
                                             "THREAT_ACTOR apt29 APT29",
                                             "STATE BE Belgia",
                                             "STATE FR Franţa",
                                             "STATE DE Germania",
                                             "STATE CN 中国",
                                             "STATE RU Россия"};
  for (size_t shift = 0; shift <= 70; ++shift) {
    const std::string prefix = shift == 0 ? "" : std::string(shift, 'x') + " ";
    const Document doc = ExtractOrDie(prefix + text);
    std::vector<std::string> found;
    for (const Mention& m : doc.mentions) {
      ASSERT_EQ(
          std::string_view(prefix + text).substr(m.start, m.end - m.start),
          m.text);
      found.push_back(std::string(EntityTypeName(m.type)) + " " + m.id + " " +
                      m.text);
    }
    EXPECT_EQ(found, expected) << "shift " << shift;
  }
}

TEST(ResolveTest, AcronymDefinitionBindsLaterUses) {
  const Document doc = ExtractOrDie(
      "Agenția Fictivă pentru Apărare Digitală (AFAD) a publicat raportul. "
      "Potrivit AFAD, atacurile continuă.");
  const Mention* long_form =
      Find(doc, "Agenția Fictivă pentru Apărare Digitală");
  ASSERT_NE(long_form, nullptr) << ::testing::PrintToString(Describe(doc));
  EXPECT_EQ(long_form->type, EntityType::kAgency);
  int acronyms = 0;
  for (const Mention& m : doc.mentions) {
    if (m.text == "AFAD") {
      ++acronyms;
      EXPECT_EQ(m.id, long_form->id);
    }
  }
  EXPECT_EQ(acronyms, 2);
}

TEST(ResolveTest, KnownAcronymGivesItsRecordToATranslatedLongForm) {
  const Document doc = ExtractOrDie(
      "Raportul a fost semnat de Agenția pentru Securitatea Infrastructurii "
      "Cibernetice "
      "(CISA) din Statele Unite.");
  const Mention* cisa = Find(doc, "CISA");
  const Mention* long_form =
      Find(doc, "Agenția pentru Securitatea Infrastructurii Cibernetice");
  ASSERT_NE(cisa, nullptr);
  ASSERT_NE(long_form, nullptr) << ::testing::PrintToString(Describe(doc));
  EXPECT_EQ(long_form->id, cisa->id);
}

TEST(ResolveTest, SlashListMembersInheritTheScheme) {
  const Document doc = ExtractOrDie(
      "Investigatorii au legat atacurile de grupările APT27/30/31.");
  EXPECT_EQ(Describe(doc), (std::vector<std::string>{"THREAT_ACTOR APT27=apt27",
                                                     "THREAT_ACTOR 30=apt30",
                                                     "THREAT_ACTOR 31=apt31"}));
}

TEST(ResolveTest, AliasListKeepsGroupsTheDataKeepsApart) {
  const Document doc = ExtractOrDie(
      "The attacks were linked to the hacker groups UNC2814/GALLIUM/SOFTCELL.");
  const Mention* unc = Find(doc, "UNC2814");
  const Mention* gallium = Find(doc, "GALLIUM");
  const Mention* softcell = Find(doc, "SOFTCELL");
  ASSERT_TRUE(unc && gallium && softcell)
      << ::testing::PrintToString(Describe(doc));
  EXPECT_EQ(gallium->id, softcell->id);
  EXPECT_NE(unc->id, gallium->id);
  EXPECT_EQ(doc.actors.size(), 2u);
}

TEST(ResolveTest, UnknownListMemberIsANewActorWithLowerConfidence) {
  const Document doc = ExtractOrDie(
      "Aceste activități pot fi legate de grupurile cunoscute sub numele de "
      "CSONU 2814/GALLIUM/SOFTCELL.");
  const Mention* unknown = Find(doc, "CSONU 2814");
  ASSERT_NE(unknown, nullptr) << ::testing::PrintToString(Describe(doc));
  EXPECT_EQ(unknown->type, EntityType::kThreatActor);
  EXPECT_LT(unknown->confidence, 0.9);
  EXPECT_NE(unknown->evidence.find("alias-list"), std::string::npos);
  bool unknown_record = false;
  for (const DocumentEntity& e : doc.actors) {
    if (e.record.id == unknown->id) unknown_record = !e.known;
  }
  EXPECT_TRUE(unknown_record);
}

TEST(ResolveTest, LongFormsAndIrregularCase) {
  const Document doc = ExtractOrDie(
      "The campaigns of Advanced persistent Threat 30 and Apt-29 continue; "
      "ATP28 too.");
  EXPECT_EQ(Describe(doc),
            (std::vector<std::string>{
                "THREAT_ACTOR Advanced persistent Threat 30=apt30",
                "THREAT_ACTOR Apt-29=apt29", "THREAT_ACTOR ATP28=apt28"}));
}

TEST(ResolveTest, GenericAptIsNoActor) {
  const Document doc = ExtractOrDie(
      "Activitățile au fost întreprinse de grupări de tip APT (amenințări "
      "persistente "
      "avansate). Chinese APTs and Advanced Persistent Threats (APT) are a "
      "concern.");
  for (const Mention& m : doc.mentions)
    EXPECT_NE(m.type, EntityType::kThreatActor) << m.text;
}

TEST(ResolveTest, HazardousAliasNeedsACue) {
  EXPECT_EQ(
      Find(ExtractOrDie("Gallium is a soft metal used in semiconductors."),
           "Gallium"),
      nullptr);
  const Document doc =
      ExtractOrDie("The hacking group GALLIUM targeted telecom operators.");
  const Mention* gallium = Find(doc, "GALLIUM");
  ASSERT_NE(gallium, nullptr);
  EXPECT_EQ(gallium->id, "gallium");
  EXPECT_NE(gallium->evidence.find("cue"), std::string::npos);
}

// A function word is read in its own language only: Dutch "en" ("and")
// joins a list of actors, Spanish "en" ("in") does not.
TEST(ResolveTest, FunctionWordsOfOtherLanguagesDoNotJoinLists) {
  const Document nl = ExtractOrDie(
      "Volgens het CCB zijn de aanvallen op de ministeries het werk van "
      "APT28, APT29 en Zilveren Vos, een groep die sinds vorig jaar actief "
      "is.");
  ASSERT_EQ(nl.language, "nl");
  const Mention* listed = Find(nl, "Zilveren Vos");
  ASSERT_NE(listed, nullptr);
  EXPECT_EQ(listed->type, EntityType::kThreatActor);
  const Document es = ExtractOrDie(
      "Seg\xc3\xban el CCN-CERT, los ataques fueron atribuidos a APT28, APT29 "
      "en Kiev durante el invierno pasado.");
  ASSERT_EQ(es.language, "es");
  EXPECT_EQ(Find(es, "Kiev"), nullptr);
}

TEST(ResolveTest, CountryWordLeadingAnAgencyNameIsPartOfIt) {
  const Document doc = ExtractOrDie(
      "The attack on the Belgian FPS Interior was detected in 2021.");
  const Mention* agency = Find(doc, "Belgian FPS Interior");
  ASSERT_NE(agency, nullptr) << ::testing::PrintToString(Describe(doc));
  EXPECT_EQ(agency->id, "be-fps-interior");
  EXPECT_EQ(Find(doc, "Belgian"), nullptr);
}

TEST(ResolveTest, PossessiveCountryIsAStateMention) {
  const Document doc = ExtractOrDie(
      "Officers of China's Ministry of State Security were charged.");
  EXPECT_EQ(Describe(doc),
            (std::vector<std::string>{
                "STATE China=CN", "AGENCY Ministry of State Security=cn-mss"}));
}

TEST(ResolveTest, PortfolioInATitleIsNoAgency) {
  const Document doc = ExtractOrDie(
      "Volgens minister Jansen van Defensie en de minister van Buitenlandse "
      "Zaken "
      "is Rusland verantwoordelijk.");
  for (const Mention& m : doc.mentions)
    EXPECT_NE(m.type, EntityType::kAgency) << m.text;
  EXPECT_NE(Find(doc, "Rusland"), nullptr);
}

TEST(ResolveTest, AmbiguousAgencyNameIsDecidedByTheStateNamed) {
  const Document doc = ExtractOrDie(
      "Estonia said the Ministry of Defence was targeted by the same actor.");
  const Mention* mod = Find(doc, "Ministry of Defence");
  ASSERT_NE(mod, nullptr);
  EXPECT_EQ(mod->id, "ee-mod");
  EXPECT_TRUE(mod->candidates.empty());
}

TEST(ResolveTest, AmbiguousNameWithoutContextReportsAllCandidates) {
  const Document doc = ExtractOrDie(
      "A spokesperson for the Ministry of Defence declined to comment.");
  const Mention* mod = Find(doc, "Ministry of Defence");
  ASSERT_NE(mod, nullptr);
  EXPECT_GT(mod->candidates.size(), 5u);
  EXPECT_LE(mod->confidence, 0.55);
}

TEST(ResolveTest, CommaListOfActorsAddsUnknownMembers) {
  const Document doc = ExtractOrDie(
      "It is tied to groups such as APT28, Fancy Bear, Glass Heron and "
      "Sofacy.");
  const Mention* heron = Find(doc, "Glass Heron");
  ASSERT_NE(heron, nullptr) << ::testing::PrintToString(Describe(doc));
  EXPECT_EQ(heron->type, EntityType::kThreatActor);
  EXPECT_EQ(Find(doc, "APT28")->id, Find(doc, "Sofacy")->id);
}

TEST(ResolveTest, CaseRulesGuardShortAndCommonNames) {
  const Document lower =
      ExtractOrDie("Trust us: the china cabinet and a clever ruse.");
  EXPECT_TRUE(lower.mentions.empty())
      << ::testing::PrintToString(Describe(lower));
  const Document upper = ExtractOrDie("The US and China traded accusations.");
  EXPECT_EQ(Describe(upper),
            (std::vector<std::string>{"STATE US=US", "STATE China=CN"}));
}

TEST(ResolveTest, RomanianInflectionAndBothDiacriticForms) {
  const Document doc = ExtractOrDie(
      "Guvernul belgian a cerut autorităţilor chineze să ia măsuri. Belgienii "
      "și "
      "autoritățile belgiene acuză Rusia și Federației Ruse i se cere.");
  EXPECT_EQ(Find(doc, "belgian")->id, "BE");
  EXPECT_EQ(Find(doc, "chineze")->id, "CN");
  EXPECT_EQ(Find(doc, "Belgienii")->id, "BE");
  EXPECT_EQ(Find(doc, "belgiene")->id, "BE");
  EXPECT_EQ(Find(doc, "Rusia")->id, "RU");
}

TEST(ResolveTest, ByteOffsetsPointAtTheOriginalText) {
  const std::string text = "🐼 Forţele Armate Belgiene (cu s\u0327) și APT31.";
  const Document doc = ExtractOrDie(text);
  ASSERT_FALSE(doc.mentions.empty());
  for (const Mention& m : doc.mentions) {
    EXPECT_EQ(text.substr(m.start, m.end - m.start), m.text);
  }
}

TEST(ResolveTest, AgencyPhrasesNameAgenciesNoDataKnows) {
  const Document doc = ExtractOrDie(
      "The Belgian Armed Forces and the Federal Public Service Mobility were "
      "hit. "
      "Serviciul Fictiv de Informații a anunțat că Agenția rusă RIA a preluat "
      "știrea.");
  EXPECT_EQ(Describe(doc), (std::vector<std::string>{
                               "AGENCY Belgian Armed Forces=be-armed-forces",
                               "AGENCY Federal Public Service "
                               "Mobility=federal-public-service-mobility",
                               "AGENCY Serviciul Fictiv de "
                               "Informații=serviciul-fictiv-de-informatii",
                               "STATE rusă=RU"}));
  for (const DocumentEntity& e : doc.agencies) {
    if (e.record.id == "be-armed-forces") EXPECT_TRUE(e.known);
    if (e.record.id == "federal-public-service-mobility") EXPECT_FALSE(e.known);
  }
}

TEST(ResolveTest, SlugOfNewRecords) {
  EXPECT_EQ(internal::SlugOf("CSONU 2814"), "csonu-2814");
  EXPECT_EQ(internal::SlugOf("Storm-0558"), "storm-0558");
  EXPECT_EQ(internal::SlugOf("Agenția Fictivă"), "agentia-fictiva");
}

TEST(ResolveTest, CaseAllows) {
  using internal::CaseAllows;
  using internal::CaseRule;
  EXPECT_TRUE(CaseAllows(CaseRule::kExact, "US", "US"));
  EXPECT_FALSE(CaseAllows(CaseRule::kExact, "us", "US"));
  EXPECT_FALSE(CaseAllows(CaseRule::kExact, "Us", "US"));
  EXPECT_TRUE(CaseAllows(CaseRule::kExact, "DoJ", "DOJ"));  // two capitals kept
  EXPECT_TRUE(CaseAllows(CaseRule::kCap, "Gallium", "GALLIUM"));
  EXPECT_FALSE(CaseAllows(CaseRule::kCap, "gallium", "GALLIUM"));
  EXPECT_TRUE(CaseAllows(CaseRule::kAny, "apt31", "APT31"));
  EXPECT_TRUE(CaseAllows(CaseRule::kExact, "ŞRI", "ȘRI"));
}

}  // namespace
}  // namespace attrex
