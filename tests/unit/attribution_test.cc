// Tests of the attribution stage, on short releases written for these tests in
// several languages.
#include "resolve/attribution.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace attrex {
namespace {

using testing::ExtractOrDie;

std::string Describe(const Attribution& a) {
  std::string out;
  for (const auto& p : a.attributing) out += p + ",";
  out += " -> ";
  for (const auto& x : a.actors) out += x + ",";
  out += " sponsor=" + a.sponsor + " targets=";
  for (const auto& t : a.targets) out += t + ",";
  return out;
}

std::vector<std::string> Attributions(std::string_view text) {
  std::vector<std::string> out;
  for (const Attribution& a : ExtractOrDie(text).attributions) out.push_back(Describe(a));
  return out;
}

TEST(AttributionTest, RomanianContextAcrossSentences) {
  // The attributing state, the targets and the actors come in different
  // sentences, as Romanian agency releases often write them.
  EXPECT_EQ(Attributions(
                "Guvernul estonian a anunțat marți rezultatele anchetei. Estonia consideră că "
                "atacurile au fost întreprinse de grupări de hackeri din Rusia. Atacurile au "
                "vizat Ministerul Afacerilor Externe al Estoniei. Aceste activități pot fi legate "
                "de gruparea APT29. Alte atacuri au vizat sectorul energetic. Ele pot fi legate "
                "de grupul Sandworm."),
            (std::vector<std::string>{
                "EE, -> apt29, sponsor=RU targets=ee-mfa,",
                "EE, -> apt44, sponsor=RU targets=sector:energy,"}));
}

TEST(AttributionTest, EnglishSubjectSponsorAndTargets) {
  EXPECT_EQ(Attributions("The Netherlands attributes the campaign to APT40, a Chinese "
                         "state-sponsored group, which targeted the Dutch Ministry of Defence."),
            (std::vector<std::string>{"NL, -> apt40, sponsor=CN targets=nl-defensie,"}));
}

TEST(AttributionTest, CoordinatedAttributors) {
  const auto records = Attributions(
      "The United Kingdom, Canada and the United States attribute the intrusions into "
      "vaccine research to APT29, linked to Russia.");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0], "GB,CA,US, -> apt29, sponsor=RU targets=sector:health,");
}

TEST(AttributionTest, PassiveWithAgent) {
  EXPECT_EQ(Attributions("L'attaque contre le ministère a été attribuée à APT28 par la France."),
            (std::vector<std::string>{"FR, -> apt28, sponsor= targets="}));
}

TEST(AttributionTest, GermanReportedSpeech) {
  const auto records = Attributions(
      "Laut BSI stecken hinter den Angriffen auf Ministerien die Hacker der Gruppe Turla. "
      "Die Angriffe richteten sich gegen das Auswärtige Amt.");
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records[0].substr(0, records[0].find(" -> ")), "de-bsi,");
  EXPECT_NE(records[0].find("turla"), std::string::npos);
}

TEST(AttributionTest, ResponsibilityNamesTheAccusedNotTheAttributor) {
  EXPECT_EQ(Attributions("Estonia said Russia is responsible for the APT28 campaign."),
            (std::vector<std::string>{"EE, -> apt28, sponsor=RU targets="}));
}

TEST(AttributionTest, NoActorsNoRecords) {
  EXPECT_TRUE(Attributions("Belgia condamnă atacurile cibernetice și cheamă China la dialog.")
                  .empty());
}

}  // namespace
}  // namespace attrex
