// Tests of the gazetteer stage: TSV loading, stems and paradigms, the name
// trie.
#include "gazetteer/gazetteer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "attrex/normalize.h"
#include "bundle/bundle.h"
#include "common/side_thread.h"
#include "gazetteer/name_matcher.h"
#include "gazetteer/tsv.h"
#include "normalize/char_fold.h"

namespace attrex::internal {
namespace {

constexpr bool kAllTypes[kEntityTypeCount] = {true, true, true};

// The folded keys the matcher finds in `text`, as "begin:end:key".
std::vector<std::string> Hits(const Gazetteer& g, std::string_view view) {
  std::vector<NameHit> hits;
  g.matcher().FindAll(view, &hits);
  std::vector<std::string> out;
  for (const NameHit& h : hits) {
    const int32_t key = g.MatchedKey(h.key_index);
    if (key < 0) continue;  // a key given to Finish besides the names
    out.push_back(std::to_string(h.begin) + ":" + std::to_string(h.end) + ":" +
                  g.keys()[static_cast<size_t>(key)]);
  }
  return out;
}

TEST(TsvTest, HeaderCommentsAndRows) {
  TsvTable table;
  const std::string content = "# comment\na\tb\tc\n\n1\t2\t3\r\n# x\n4\t5\n";
  ASSERT_TRUE(ParseTsv("f.tsv", content, &table).ok());
  ASSERT_EQ(table.header.size(), 3u);
  const std::vector<TsvRow>& rows = table.rows;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 4u);
  EXPECT_EQ(rows[0].fields[2], "3");  // '\r' removed
  EXPECT_EQ(rows[1].fields[2], "");   // trailing empty column may be left out
  // Each row has the header's columns, and keeps them when the table moves.
  const TsvTable moved = std::move(table);
  ASSERT_EQ(moved.rows.size(), 2u);
  EXPECT_EQ(moved.rows[0].fields.size(), 3u);
  EXPECT_EQ(moved.rows[0].fields[0], "1");
  EXPECT_EQ(moved.rows[1].fields.size(), 3u);
  EXPECT_EQ(moved.rows[1].fields[1], "5");
}

// Fields of every length around the sixteen-byte steps of the tab search,
// empty ones among them; a comment line that is not UTF-8 is skipped, a row
// that is not UTF-8 or holds a NUL byte is refused with its line.
TEST(TsvTest, FieldsOfEveryLengthAndBadBytes) {
  for (size_t first = 0; first < 40; ++first) {
    for (size_t second = 0; second < 20; ++second) {
      const std::string a(first, 'a');
      const std::string b(second, 'b');
      const std::string content =
          "x\ty\tz\n# \xff\n" + a + "\t" + b + "\t\n" + b + "\t\t" + a + "\n";
      TsvTable table;
      ASSERT_TRUE(ParseTsv("f.tsv", content, &table).ok())
          << first << " " << second;
      ASSERT_EQ(table.rows.size(), 2u);
      EXPECT_EQ(table.rows[0].fields[0], a);
      EXPECT_EQ(table.rows[0].fields[1], b);
      EXPECT_EQ(table.rows[0].fields[2], "");
      EXPECT_EQ(table.rows[1].fields[0], b);
      EXPECT_EQ(table.rows[1].fields[1], "");
      EXPECT_EQ(table.rows[1].fields[2], a);
    }
  }
  TsvTable table;
  Status s = ParseTsv("f.tsv", "x\ty\n# ok\n1\t2\n3\t\xc3\x28\n", &table);
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find("f.tsv:4: invalid UTF-8 (byte 0xC3 at column 3)"),
            std::string::npos)
      << s.message();
  s = ParseTsv("f.tsv", std::string("x\ty\n1\t2\n3\t\0\n", 11), &table);
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find("f.tsv:3: NUL byte"), std::string::npos)
      << s.message();
}

TEST(TsvTest, TooManyColumnsNamesFileAndLine) {
  TsvTable table;
  const Status s = ParseTsv("data/x.tsv", "a\tb\n1\t2\n1\t2\t3\n", &table);
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find("data/x.tsv:3"), std::string::npos) << s.message();
}

TEST(GazetteerTest, LoadsEntitiesNamesAndStems) {
  Gazetteer g;
  ASSERT_TRUE(
      g.AddFile(
           {"p.tsv", "lang\tparadigm\tsuffixes\nro\tro-ez\t0 ă i e ii ilor\n"},
           false)
          .ok());
  ASSERT_TRUE(g.AddFile({"s.tsv",
                         "type\tid\tstem\tlang\tparadigm\tcase\tflags\n"
                         "STATE\tCN\tchinez\tro\tro-ez\tany\t\n"},
                        false)
                  .ok());
  ASSERT_TRUE(
      g.AddFile({"e.entities.tsv",
                 "type\tid\tname\tcountry\tkind\tattrs\n"
                 "STATE\tCN\tChina\tCN\t\t\n"
                 "THREAT_ACTOR\tapt31\tAPT31\tCN\tgroup\tmitre=G0128\n"},
                false)
          .ok());
  ASSERT_TRUE(g.AddFile({"n.names.tsv",
                         "type\tid\tname\tlang\tcase\tflags\n"
                         "STATE\tCN\tChina\ten,ro\tcap\t\n"
                         "THREAT_ACTOR\tapt31\tZIRCONIUM\t\tcap\tcommon,cue\n"},
                        false)
                  .ok());
  ASSERT_TRUE(g.Finish(kAllTypes).ok());
  EXPECT_EQ(g.entities().size(), 2u);
  // chinez, chineză, chinezi, chineze, chinezii, chinezilor + China + ZIRCONIUM
  EXPECT_EQ(g.aliases().size(), 8u);
  const int64_t apt31 = g.FindEntity(EntityType::kThreatActor, "apt31");
  ASSERT_GE(apt31, 0);
  EXPECT_EQ(g.entities()[static_cast<size_t>(apt31)].attributes[0].second,
            "G0128");
  EXPECT_EQ(Hits(g, "chinezii si china"),
            (std::vector<std::string>{"0:8:chinezii", "12:17:china"}));
  EXPECT_GE(g.FindKey("chinezilor"), 0);
  EXPECT_GE(g.FindKey("zirconium"), 0);
  // Flags and case rules are kept.
  for (const Alias& a : g.aliases()) {
    if (a.name == "ZIRCONIUM") {
      EXPECT_EQ(a.case_rule, CaseRule::kCap);
      EXPECT_EQ(a.flags, kFlagCommon | kFlagCue);
    }
  }
}

TEST(GazetteerTest, CountriesAreCodedAsIntegers) {
  Gazetteer g;
  ASSERT_TRUE(g.AddFile({"e.entities.tsv",
                         "type\tid\tname\tcountry\tkind\tattrs\n"
                         "STATE\tCN\tChina\t\t\t\n"
                         "STATE\tRU\tRussia\tRU\t\t\n"
                         "THREAT_ACTOR\tapt31\tAPT31\tCN\tgroup\t\n"
                         "AGENCY\tfsb\tFSB\tRU\t\t\n"
                         "THREAT_ACTOR\tx\tX\t\tgroup\t\n"},
                        false)
                  .ok());
  ASSERT_TRUE(g.Finish(kAllTypes).ok());
  auto entity = [&g](EntityType type, std::string_view id) -> const Entity& {
    const int64_t index = g.FindEntity(type, id);
    EXPECT_GE(index, 0) << id;
    return g.entities()[static_cast<size_t>(std::max<int64_t>(index, 0))];
  };
  const Entity& cn = entity(EntityType::kState, "CN");
  const Entity& ru = entity(EntityType::kState, "RU");
  const Entity& apt31 = entity(EntityType::kThreatActor, "apt31");
  const Entity& fsb = entity(EntityType::kAgency, "fsb");
  const Entity& x = entity(EntityType::kThreatActor, "x");
  // A state stands for its id even without a country column.
  EXPECT_EQ(cn.country_code, Entity::kNoCountry);
  EXPECT_NE(cn.own_country_code, Entity::kNoCountry);
  EXPECT_EQ(cn.own_country_code, apt31.country_code);
  EXPECT_EQ(apt31.own_country_code, apt31.country_code);
  EXPECT_EQ(ru.own_country_code, fsb.country_code);
  EXPECT_EQ(ru.country_code, fsb.country_code);
  EXPECT_NE(cn.own_country_code, ru.own_country_code);
  EXPECT_EQ(x.country_code, Entity::kNoCountry);
  EXPECT_EQ(x.own_country_code, Entity::kNoCountry);
}

TEST(GazetteerTest, ErrorsNameFileAndLine) {
  {
    Gazetteer g;
    ASSERT_TRUE(g.AddFile({"bad.names.tsv",
                           "type\tid\tname\tlang\tcase\tflags\n"
                           "STATE\tBE\tBelgia\tro\tloud\t\n"},
                          false)
                    .ok());
    const Status s = g.Finish(kAllTypes);
    EXPECT_EQ(s.code(), StatusCode::kDataError);
    EXPECT_NE(s.message().find("bad.names.tsv:2"), std::string::npos)
        << s.message();
  }
  {
    Gazetteer g;
    ASSERT_TRUE(
        g.AddFile({"dup.entities.tsv",
                   "type\tid\tname\tcountry\tkind\tattrs\n"
                   "STATE\tBE\tBelgium\t\t\t\nSTATE\tBE\tBelgium\t\t\t\n"},
                  false)
            .ok());
    const Status s = g.Finish(kAllTypes);
    EXPECT_NE(s.message().find("dup.entities.tsv:3: duplicate id"),
              std::string::npos)
        << s.message();
  }
  {
    Gazetteer g;
    const Status s = g.AddFile({"odd.tsv", "x\ty\n1\t2\n"}, false);
    EXPECT_EQ(s.code(), StatusCode::kDataError);
    EXPECT_NE(s.message().find("unknown header"), std::string::npos);
  }
  {
    Gazetteer g;
    ASSERT_TRUE(g.AddFile({"s.stems.tsv",
                           "type\tid\tstem\tlang\tparadigm\tcase\tflags\n"
                           "STATE\tBE\tbelgi\tro\tno-such\tany\t\n"},
                          false)
                    .ok());
    const Status s = g.Finish(kAllTypes);
    EXPECT_NE(s.message().find("unknown paradigm 'no-such'"),
              std::string::npos);
  }
  {
    Gazetteer g;
    ASSERT_TRUE(g.AddFile({"id.names.tsv",
                           "type\tid\tname\tlang\tcase\tflags\n"
                           "STATE\tbelgium\tBelgia\tro\tany\t\n"},
                          false)
                    .ok());
    EXPECT_EQ(g.Finish(kAllTypes).code(),
              StatusCode::kDataError);  // STATE ids are ISO codes
  }
}

TEST(GazetteerTest, SameNameForSeveralRecordsIsKeptAmbiguous) {
  Gazetteer g;
  ASSERT_TRUE(
      g.AddFile({"n.names.tsv",
                 "type\tid\tname\tlang\tcase\tflags\n"
                 "AGENCY\tnl-mod\tMinisterie van Defensie\tnl\tany\t\n"
                 "AGENCY\tbe-defence\tMinisterie van Defensie\tnl\tany\t\n"},
                false)
          .ok());
  ASSERT_TRUE(g.Finish(kAllTypes).ok());
  const int64_t key = g.FindKey("ministerie van defensie");
  ASSERT_GE(key, 0);
  auto [first, last] = g.AliasesOfKey(static_cast<uint32_t>(key));
  EXPECT_EQ(last - first, 2);
}

TEST(GazetteerTest, UserFileOverridesBuiltInName) {
  Gazetteer g;
  ASSERT_TRUE(g.AddFile({"a.names.tsv",
                         "type\tid\tname\tlang\tcase\tflags\n"
                         "THREAT_ACTOR\tturla\tTurla\t\tcap\tcue\n"},
                        false)
                  .ok());
  ASSERT_TRUE(g.AddFile({"user.tsv",
                         "type\tid\tname\tlang\tcase\tflags\n"
                         "THREAT_ACTOR\tturla\tTurla\t\tany\t\n"},
                        true)
                  .ok());
  ASSERT_TRUE(g.Finish(kAllTypes).ok());
  ASSERT_EQ(g.aliases().size(), 2u);
  EXPECT_EQ(g.aliases()[0].flags & kFlagDisabled,
            kFlagDisabled);  // the built-in one
  EXPECT_EQ(g.aliases()[1].case_rule, CaseRule::kAny);
  EXPECT_EQ(g.aliases()[1].flags, 0u);
}

// A reading read again after a user's file disabled it (a later data file,
// or the inflections of a stem) joins the disabled one: it does not bring the
// built-in reading back.
TEST(GazetteerTest, ReadingRepeatedAfterAUserOverrideStaysDisabled) {
  // AddFile keeps views of the contents: they outlive Finish.
  const std::string header = "type\tid\tname\tlang\tcase\tflags\n";
  const std::string first =
      header + "THREAT_ACTOR\tturla\tTurla\ten\tcap\tcue\n";
  const std::string user = header + "THREAT_ACTOR\tturla\tTurla\t\tany\t\n";
  const std::string again =
      header + "THREAT_ACTOR\tturla\tTurla\tde\tcap\tcue\n";
  Gazetteer g;
  ASSERT_TRUE(g.AddFile({"a.names.tsv", first}, false).ok());
  ASSERT_TRUE(g.AddFile({"user.tsv", user}, true).ok());
  ASSERT_TRUE(g.AddFile({"b.names.tsv", again}, false).ok());
  const Status status = g.Finish(kAllTypes);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(g.aliases().size(), 2u);
  EXPECT_EQ(g.aliases()[0].flags & kFlagDisabled, kFlagDisabled);
  EXPECT_EQ(g.aliases()[0].lang, "en,de");
  EXPECT_EQ(g.aliases()[1].case_rule, CaseRule::kAny);
}

// The keys come out sorted and unique, each with its aliases in the order
// read, on names made to trip a sort by the first eight bytes (Finish's radix
// sort): keys that share those bytes and differ after them, keys shorter
// than eight bytes that are prefixes of one another, bytes above 0x7F, and
// one key named by several records.
TEST(GazetteerTest, KeysSortedWithTheirAliasesInOrder) {
  std::mt19937 random(11);
  const std::vector<std::string> pieces = {
      "a", "ab",       "abcdefgh", "abcdefghi", "wxyzwxya", "wxyzwxyb",
      "z", "\xc3\xa9", "zz ",      "0",         "b"};
  std::string names = "type\tid\tname\tlang\tcase\tflags\n";
  std::vector<std::pair<std::string, std::string>> readings;  // (key, id)
  for (int i = 0; i < 600; ++i) {
    std::string name;
    const size_t parts = 1 + random() % 4;
    for (size_t p = 0; p < parts; ++p) name += pieces[random() % pieces.size()];
    const std::string id = "actor-" + std::to_string(random() % 40);
    names += "THREAT_ACTOR\t" + id + "\t" + name + "\t\t\t\n";
    readings.emplace_back(FoldKey(name), id);
  }
  Gazetteer g;
  ASSERT_TRUE(g.AddFile({"t.names.tsv", names}, false).ok());
  ASSERT_TRUE(g.Finish(kAllTypes).ok());
  std::vector<std::string> expected;
  for (const auto& [key, id] : readings) expected.push_back(key);
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  ASSERT_EQ(g.keys(), expected);
  for (uint32_t k = 0; k < g.keys().size(); ++k) {
    const auto [first, last] = g.AliasesOfKey(k);
    ASSERT_LT(first, last) << g.keys()[k];
    for (const uint32_t* a = first; a != last; ++a) {
      EXPECT_EQ(FoldKey(g.aliases()[*a].name), g.keys()[k]);
      if (a != first) EXPECT_LT(*(a - 1), *a) << g.keys()[k];
    }
  }
}

// The trimmed view of Normalize(name): what FoldKey must give.
std::string TrimmedView(const std::string& name) {
  const NormalizedText normalized = Normalize(name);
  std::string_view view = normalized.view();
  while (!view.empty() && view.front() == ' ') view.remove_prefix(1);
  while (!view.empty() && view.back() == ' ') view.remove_suffix(1);
  return std::string(view);
}

// A key is the normaliser's view of a name, trimmed: on random names of
// letters, digits, punctuation and runs of spaces, some with a tab, a line
// break (a hyphen at a line end), DEL, letters and marks outside ASCII, a
// no-break or soft hyphen, characters of three bytes and broken UTF-8. (A
// guard for FoldKey's shortcut for printable ASCII and two-byte characters.)
TEST(GazetteerTest, FoldKeyIsTheTrimmedMatchView) {
  const std::vector<std::string> pieces = {
      "a", "Z", "0", "9", " ", "-", ".", ",", "'", "\"", "&", "(", ")", "/",
      "_",
      // Outside printable ASCII from here on:
      "\t", "\n", "\x7f", "\xc3\xa9" /* é */, "\xc5\x9f" /* ş */,
      "\xc5\x9e" /* Ş */, "\xc3\x9f" /* ß */, "\xd0\x94" /* Д */,
      "\xce\xa9" /* Ω */, "\xc2\xa0" /* no-break space */,
      "\xcc\x81" /* combining acute */, "\xc2\xab" /* « */,
      "\xc2\xad" /* soft hyphen */, "\xe2\x80\x94" /* em dash */,
      "\xe4\xb8\xad" /* 中 */, "\x80" /* stray continuation */,
      "\xc3" /* cut short */};
  const size_t printable = 15;
  std::mt19937 random(7);
  for (int i = 0; i < 40000; ++i) {
    std::string name;
    const size_t size = random() % 12;
    for (size_t j = 0; j < size; ++j) {
      // Mostly printable ASCII; now and then anything.
      name += pieces[random() % (i % 4 == 0 ? pieces.size() : printable)];
    }
    ASSERT_EQ(FoldKey(name), TrimmedView(name)) << "name: '" << name << "'";
  }
  // Every two-byte character, alone and beside letters, spaces and hyphens.
  for (uint32_t cp = 0x80; cp < 0x800; ++cp) {
    const std::string c = {static_cast<char>(0xC0 | (cp >> 6)),
                           static_cast<char>(0x80 | (cp & 0x3F))};
    for (const std::string& name :
         {c, "A" + c + "b", " " + c + "  " + c + "-", "x-" + c + " y"}) {
      ASSERT_EQ(FoldKey(name), TrimmedView(name)) << "U+" << std::hex << cp;
    }
  }
  EXPECT_EQ(FoldKey("  Advanced  Persistent Threat 31 "),
            "advanced persistent threat 31");
  EXPECT_EQ(FoldKey("Forţele Armate"), "fortele armate");
  EXPECT_EQ(FoldKey("Straße"), "strasse");
}

TEST(GazetteerTest, DifferentReadingsOfOneNameStayApart) {
  Gazetteer g;
  ASSERT_TRUE(g.AddFile({"n.names.tsv",
                         "type\tid\tname\tlang\tcase\tflags\n"
                         "STATE\tCN\tChina\ten\tcap\t\n"
                         "STATE\tCN\tChina\tde\tcap\t\n"
                         "STATE\tCN\tchina\tes\tany\tlang-only\n"},
                        false)
                  .ok());
  ASSERT_TRUE(g.Finish(kAllTypes).ok());
  ASSERT_EQ(g.aliases().size(), 2u);
  EXPECT_EQ(g.aliases()[0].lang, "en,de");
  EXPECT_EQ(g.aliases()[1].flags, kFlagLangOnly);
}

TEST(GazetteerTest, DisabledTypesAreNotMatched) {
  Gazetteer g;
  ASSERT_TRUE(g.AddFile({"n.names.tsv",
                         "type\tid\tname\tlang\tcase\tflags\n"
                         "STATE\tBE\tBelgium\ten\tcap\t\n"
                         "THREAT_ACTOR\tapt28\tAPT28\t\tany\t\n"},
                        false)
                  .ok());
  const bool only_actors[kEntityTypeCount] = {false, false, true};
  ASSERT_TRUE(g.Finish(only_actors).ok());
  EXPECT_LT(g.FindKey("belgium"), 0);
  EXPECT_GE(g.FindKey("apt28"), 0);
}

// Loads one names file (rows after the header) into *g and finishes it with
// `extra_keys` (sorted) besides the names. (The file's text lives until
// Finish, which copies what it keeps.)
void LoadNamesWithExtraKeys(Gazetteer* g, const std::string& rows,
                            std::vector<std::string> extra_keys) {
  const std::string content = "type\tid\tname\tlang\tcase\tflags\n" + rows;
  ASSERT_TRUE(g->AddFile({"n.names.tsv", content}, false).ok());
  ASSERT_TRUE(
      g->Finish(kAllTypes, [&](const Gazetteer&) { return extra_keys; }).ok());
}

// Keys given to Finish besides the names share the matcher: a hit tells
// which list its key is in (a key may be in both), and the names' key indices
// stay those of keys().
TEST(GazetteerTest, ExtraKeysAreMatchedWithTheNames) {
  Gazetteer g;
  ASSERT_NO_FATAL_FAILURE(
      LoadNamesWithExtraKeys(&g,
                             "STATE\tBE\tBelgium\ten\tany\t\n"
                             "THREAT_ACTOR\tapt28\tAPT28\t\tany\t\n",
                             {"apt28", "by", "said by"}));
  ASSERT_EQ(g.keys(), (std::vector<std::string>{"apt28", "belgium"}));
  std::vector<NameHit> hits;
  g.matcher().FindAll("apt28 said by belgium", &hits);
  std::vector<std::string> found;
  for (const NameHit& h : hits) {
    found.push_back(std::to_string(h.begin) + "-" + std::to_string(h.end) +
                    " key " + std::to_string(g.MatchedKey(h.key_index)) +
                    " extra " + std::to_string(g.MatchedExtraKey(h.key_index)));
  }
  EXPECT_EQ(found, (std::vector<std::string>{
                       "0-5 key 0 extra 0", "6-13 key -1 extra 2",
                       "11-13 key -1 extra 1", "14-21 key 1 extra -1"}));
  EXPECT_EQ(g.FindKey("belgium"), 1);
  EXPECT_EQ(g.FindKey("by"), -1);  // not a name
}

// FindKey finds every key at its index, and nothing that is not one: a
// prefix of a key, a key and more, an extra key only the matcher holds.
TEST(GazetteerTest, FindKeyFindsEveryKeyAndNothingElse) {
  Gazetteer g;
  ASSERT_NO_FATAL_FAILURE(
      LoadNamesWithExtraKeys(&g,
                             "STATE\tBE\tBelgium\ten\tany\t\n"
                             "AGENCY\tbe-mod\tBelgian Armed Forces\ten\tany\t\n"
                             "THREAT_ACTOR\tapt28\tAPT28\t\tany\t\n"
                             "THREAT_ACTOR\tapt28\tAPT 28\t\tany\t\n"
                             "THREAT_ACTOR\tapt\tApt\t\tany\t\n"
                             "THREAT_ACTOR\tx\tBelg\t\tany\t\n",
                             {"apt 2", "belgian", "by"}));
  ASSERT_EQ(g.keys().size(), 6u);
  for (size_t k = 0; k < g.keys().size(); ++k)
    EXPECT_EQ(g.FindKey(g.keys()[k]), static_cast<int64_t>(k)) << g.keys()[k];
  for (const char* other : {"", "a", "ap", "apt2", "apt 2", "apt 28 ", "by",
                            "belgian", "belgiu", "belgiumx", "belgian armed"}) {
    EXPECT_EQ(g.FindKey(other), -1) << other;
  }
}

// --- Untrusted user data: every refusal names the file and the line
// ------------

constexpr const char* kNamesHeader = "type\tid\tname\tlang\tcase\tflags\n";
constexpr const char* kEntitiesHeader =
    "type\tid\tname\tcountry\tkind\tattrs\n";

// AddFile then Finish, as Knowledge::Build does; the first error.
Status Load(std::vector<std::pair<std::string, std::string>> files,
            bool user = true) {
  Gazetteer g;
  for (const auto& [path, content] : files) {
    Status s = g.AddFile({path, content}, user);
    if (!s.ok()) return s;
  }
  return g.Finish(kAllTypes);
}

TEST(GazetteerTest, MalformedRowsNameFileAndLine) {
  struct Case {
    std::string content;
    std::string expected;  // in the message, after "user.tsv:<line>: "
    size_t line;
  };
  const std::string n = kNamesHeader;
  const std::string e = kEntitiesHeader;
  const std::vector<Case> cases = {
      {n + "THREAT_ACTOR\tx\tXyz\t\tany\tcue\textra\n",
       "expected 6 tab-separated columns", 2},
      {n + "# comment\nPERSON\tx\tXyz\t\tany\t\n", "unknown type 'PERSON'", 3},
      // (A row's type is parsed once for a run of rows of the same type.)
      {n + "STATE\tRO\tRomania\t\tany\t\nPERSON\tx\tXyz\t\tany\t\n",
       "unknown type 'PERSON'", 3},
      {n + "\tx\tXyz\t\tany\t\n", "unknown type ''", 2},
      {n + "THREAT_ACTOR\tx\tXyz\t\tloud\t\n", "case must be any, cap or exact",
       2},
      {n + "THREAT_ACTOR\tx\tXyz\t\tany\tcue,loud\n", "unknown flag 'loud'", 2},
      {n + "THREAT_ACTOR\tx\t  \t\tany\t\n", "empty name", 2},
      {n + "THREAT_ACTOR\tx\t\u0301\u200b\t\tany\t\n", "name folds to nothing",
       2},
      {n + "THREAT_ACTOR\tBad Id\tXyz\t\tany\t\n", "bad id 'Bad Id'", 2},
      {n + "STATE\tRomania\tRomania\t\tany\t\n", "bad id 'Romania'", 2},
      {n + std::string("THREAT_ACTOR\tx\tX\0Y\t\tany\t\n", 25),
       "NUL byte in line", 2},
      {n + "STATE\tRO\tRom\xe2nia\tro\tany\t\n",
       "invalid UTF-8 (byte 0xE2 at column 13)", 2},
      {n + "THREAT_ACTOR\tx\tAP\xed\xa0\x80T\t\tany\t\n", "invalid UTF-8",
       2},  // surrogate
      {e + "AGENCY\tx-cert\tX CERT\tRO1\tcert\t\n", "bad country code 'RO1'",
       2},
      {e + "AGENCY\tx-cert\tX CERT\tRO\tcert\tmitre\n",
       "attrs must be key=value", 2},
      {e + "AGENCY\tx-cert\t\tRO\tcert\t\n", "empty name", 2},
      {e + "AGENCY\tx-cert\tX\tRO\tcert\t\nAGENCY\tx-cert\tX\tRO\tcert\t\n",
       "duplicate id AGENCY x-cert", 3},
      {"type\tid\tstem\tlang\tparadigm\tcase\tflags\nSTATE\tBE\tbelgi\tro\tnope"
       "\tany\t\n",
       "unknown paradigm 'nope' for language 'ro'", 2},
      {"lang\tparadigm\tsuffixes\nro\tro-x\t0 a\nro\tro-x\t0 b\n",
       "duplicate paradigm ro ro-x", 3},
      {"lang\tparadigm\tsuffixes\nro\tro-x\t \n",
       "paradigm needs lang, name and suffixes", 2},
  };
  for (const Case& c : cases) {
    const Status s = Load({{"user.tsv", c.content}});
    EXPECT_EQ(s.code(), StatusCode::kDataError) << c.content;
    const std::string where = "user.tsv:" + std::to_string(c.line) + ": ";
    EXPECT_NE(s.message().find(where + c.expected), std::string::npos)
        << "expected '" << where << c.expected << "' in: " << s.message();
  }
}

TEST(GazetteerTest, FilesThatAreNotGazetteersAreRefusedByName) {
  // Empty, binary, a CSV, a JSON file: each named in the refusal.
  const std::vector<std::pair<std::string, std::string>> files = {
      {"empty.tsv", ""},
      {"blank.tsv", "\n\n# only a comment\n"},
      {"image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)},
      {"table.csv", "type,id,name,lang,case,flags\nTHREAT_ACTOR,x,X,,any,\n"},
      {"doc.json", "{\"type\": \"THREAT_ACTOR\", \"id\": \"x\"}\n"},
  };
  for (const auto& [path, content] : files) {
    const Status s = Load({{path, content}});
    EXPECT_EQ(s.code(), StatusCode::kDataError) << path;
    EXPECT_EQ(s.message().rfind(path + ":", 0), 0u) << s.message();
  }
}

TEST(GazetteerTest, ByteOrderMarkAndCrLfAreAccepted) {
  // As a Windows editor saves a file.
  Gazetteer g;
  ASSERT_TRUE(
      g.AddFile({"win.tsv",
                 "\xEF\xBB\xBFtype\tid\tname\tlang\tcase\tflags\r\n"
                 "THREAT_ACTOR\tpaper-lantern\tPaper Lantern\t\tcap\t\r\n"},
                true)
          .ok());
  ASSERT_TRUE(g.Finish(kAllTypes).ok());
  EXPECT_GE(g.FindKey("paper lantern"), 0);
}

TEST(GazetteerTest, UserEntityDuplicatingABuiltInIdNamesTheUserFile) {
  // File contents must outlive Finish().
  const std::string built_in = std::string(kEntitiesHeader) +
                               "THREAT_ACTOR\tapt28\tAPT28\tRU\tgroup\t\n";
  const std::string mine =
      std::string(kEntitiesHeader) +
      "# mine\nTHREAT_ACTOR\tapt28\tMy APT28\tRU\tgroup\t\n";
  Gazetteer g;
  ASSERT_TRUE(
      g.AddFile({"data/actors/actors.entities.tsv", built_in}, false).ok());
  ASSERT_TRUE(g.AddFile({"mine.entities.tsv", mine}, true).ok());
  const Status s = g.Finish(kAllTypes);
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(
      s.message().find("mine.entities.tsv:3: duplicate id THREAT_ACTOR apt28"),
      std::string::npos)
      << s.message();
}

TEST(GazetteerTest, PatternFileIsRecognisedByItsHeader) {
  // A pattern file given where gazetteer files go is read as patterns; the rows
  // keep their file:line for the patterns stage's messages.
  Gazetteer g;
  ASSERT_TRUE(g.AddFile({"mine.tsv",
                         "type\tid\tkind\tregex\tflags\n"
                         "THREAT_ACTOR\tzorg\tscheme\t\\bzorg-(\\d+)"
                         "\\b\ttemplate=ZORG-$1\n"},
                        true)
                  .ok());
  ASSERT_TRUE(g.Finish(kAllTypes).ok());
  ASSERT_EQ(g.pattern_rows().size(), 1u);
  EXPECT_EQ(g.pattern_rows()[0].source, "mine.tsv:2");
  EXPECT_EQ(g.pattern_rows()[0].regex, "\\bzorg-(\\d+)\\b");
}

// --- The name trie -----------------------------------------------------------

NameMatcher Build(std::vector<std::string> keys) {
  std::sort(keys.begin(), keys.end());
  NameMatcher m;
  m.Build(keys);
  return m;
}

std::vector<std::string> Find(const NameMatcher& m, std::string_view view) {
  std::vector<NameHit> hits;
  m.FindAll(view, &hits);
  std::vector<std::string> out;
  for (const NameHit& h : hits)
    out.emplace_back(view.substr(h.begin, h.end - h.begin));
  return out;
}

// Words found in a longer text may be given with a shorter view: the words
// past its end are neither hashed nor read (under ASan, the view is its own
// allocation), and the others match as in the view alone.
// The bundled data, as Knowledge::Build gives it to the gazetteer.
std::vector<DataFile> BundledDataFiles() {
  std::vector<DataFile> files;
  for (const BundledFile& file : BundledFiles()) {
    if (!file.path.empty())
      files.push_back({"data/" + std::string(file.path), file.content});
  }
  return files;
}

// Everything Finish makes of the files that a reader of the gazetteer sees,
// as text, for comparing two gazetteers.
std::string Describe(const Gazetteer& g) {
  std::string out;
  for (const Entity& e : g.entities()) {
    out += std::string(EntityTypeName(e.type)) + " " + e.id + " " + e.name +
           " " + e.country + " " + e.kind + " " +
           std::to_string(e.country_code) + (e.from_user ? " user" : "") + "\n";
  }
  for (const Alias& a : g.aliases()) {
    out += std::to_string(a.entity) + " " + std::to_string(a.source) + " " +
           a.name + " " + a.lang + " " +
           std::to_string(static_cast<int>(a.case_rule)) + " " +
           std::to_string(a.flags) + "\n";
  }
  for (const std::string& key : g.keys()) out += key + "\n";
  for (const std::string& warning : g.warnings()) out += warning + "\n";
  return out;
}

TEST(GazetteerTest, TwoThreadsBuildTheSameGazetteerFromTheBundledData) {
  const std::vector<DataFile> files = BundledDataFiles();
  ASSERT_GT(files.size(), 10u);
  // A user file after them, with a name that overrides a built-in reading
  // and one that makes another ambiguous (both warn).
  const DataFile user = {"user.names.tsv",
                         "type\tid\tname\tlang\tcase\tflags\n"
                         "STATE\tFR\tChina\ten\tcap\t\n"
                         "THREAT_ACTOR\tmy-group\tGermania\t\tcap\t\n"};
  Gazetteer one;
  ASSERT_TRUE(one.AddFiles(files, false, 1).ok());
  ASSERT_TRUE(one.AddFile(user, true).ok());
  ASSERT_TRUE(one.Finish(kAllTypes, nullptr, 1).ok());
  Gazetteer two;
  ASSERT_TRUE(two.AddFiles(files, false, 2).ok());
  ASSERT_TRUE(two.AddFiles({&user, 1}, true, 2).ok());
  ASSERT_TRUE(two.Finish(kAllTypes, nullptr, 2).ok());
  EXPECT_GT(one.aliases().size(), 40000u);
  EXPECT_GE(one.warnings().size(), 2u);
  EXPECT_EQ(Describe(one), Describe(two));
  EXPECT_TRUE(one.matcher() == two.matcher());
  EXPECT_EQ(Hits(one, "china si germania"), Hits(two, "china si germania"));
}

TEST(GazetteerTest, FilesReadOnTwoThreadsFailOnTheFirstBadFileInOrder) {
  // Files of several sizes (the threads share them by size), two of them
  // bad in different ways, in every order: the error is that of the first
  // bad file, as when they are added one by one.
  std::string big = "type\tid\tname\tlang\tcase\tflags\n";
  for (int i = 0; i < 2000; ++i) big += "STATE\tFR\tFrance\ten\tcap\t\n";
  const std::vector<DataFile> pieces = {
      {"big.names.tsv", big},
      {"small.names.tsv", "type\tid\tname\tlang\tcase\tflags\n"},
      {"header.tsv", "what\tis\tthis\n"},
      {"fields.names.tsv",
       "type\tid\tname\tlang\tcase\tflags\nSTATE\tFR\tFrance\n"},
      {"entities.tsv", "type\tid\tname\tcountry\tkind\tattrs\n"}};
  std::vector<size_t> order = {0, 1, 2, 3, 4};
  int permutations = 0;
  do {
    std::vector<DataFile> files;
    for (const size_t i : order) files.push_back(pieces[i]);
    Gazetteer one_by_one;
    Status expected;
    for (const DataFile& file : files) {
      expected = one_by_one.AddFile(file, false);
      if (!expected.ok()) break;
    }
    ASSERT_FALSE(expected.ok());
    Gazetteer two;
    const Status status = two.AddFiles(files, false, 2);
    EXPECT_EQ(status.message(), expected.message());
    ++permutations;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(permutations, 120);
}

TEST(GazetteerTest, ABadNameRowFailsTheSameWithTheKeysFoldedAhead) {
  // A second thread folds the names' keys ahead of the rows' loading; a row
  // that fails the load there, early, late or in a stems file, fails it with
  // the same error, without waiting for keys that will not come.
  std::string names = "type\tid\tname\tlang\tcase\tflags\n";
  for (int i = 0; i < 3000; ++i)
    names += "STATE\tFR\tFrance" + std::to_string(i) + "\ten\tcap\t\n";
  const std::string header_end = names.substr(0, names.find('\n') + 1);
  const std::string paradigm = "lang\tparadigm\tsuffixes\nro\tro-ez\t0 i\n";
  struct Case {
    std::string names;
    std::string stems;
  };
  const std::vector<Case> cases = {
      {header_end + "PLANET\tx\tMars\ten\tcap\t\n" +
           names.substr(header_end.size()),
       ""},
      {names + "STATE\tFR\t  \ten\tcap\t\n", ""},
      {names + "STATE\tFR\tParis\ten\tupside-down\t\n", ""},
      {names + "STATE\tFR\tParis\ten\tcap\tnot-a-flag\n", ""},
      {names + "STATE\tfrance\tParis\ten\tcap\t\n", ""},
      {names,
       "type\tid\tstem\tlang\tparadigm\tcase\tflags\n"
       "STATE\tCN\tchinez\tro\tro-ez\tany\t\n"
       "STATE\tCN\tchinez\tro\tro-xx\tany\t\n"}};
  for (const Case& c : cases) {
    std::vector<Status> outcomes;
    for (const unsigned threads : {1u, 2u}) {
      Gazetteer g;
      ASSERT_TRUE(g.AddFile({"p.tsv", paradigm}, false).ok());
      ASSERT_TRUE(g.AddFile({"n.names.tsv", c.names}, false).ok());
      if (!c.stems.empty())
        ASSERT_TRUE(g.AddFile({"s.stems.tsv", c.stems}, false).ok());
      outcomes.push_back(g.Finish(kAllTypes, nullptr, threads));
    }
    EXPECT_FALSE(outcomes[0].ok()) << c.names.substr(c.names.size() - 40);
    EXPECT_EQ(outcomes[1].message(), outcomes[0].message());
  }
}

TEST(NameMatcherTest, TwoThreadsBuildTheSameMatcher) {
  // Random keys of one to four words, some with stops ("inc."), sorted.
  std::vector<std::string> keys;
  uint64_t state = 99;
  auto next = [&state](uint64_t n) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return (state >> 33) % n;
  };
  const char* words[] = {"de", "ministry", "apt",          "b",     "group",
                         "ro", "inc.",     "\xe4\xb8\xad", "cyber", "x-1"};
  for (int i = 0; i < 5000; ++i) {
    std::string key;
    const uint64_t count = 1 + next(4);
    for (uint64_t w = 0; w < count; ++w) {
      if (w > 0) key += ' ';
      key += words[next(std::size(words))];
      if (next(3) == 0) key += std::to_string(next(50));
    }
    keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  NameMatcher one;
  one.Build(keys, 1);
  NameMatcher two;
  two.Build(keys, 2);
  EXPECT_TRUE(one == two);
  EXPECT_GT(one.node_count(), 1000u);
  // (The comparison is of every table: a matcher from other keys differs.)
  keys.pop_back();
  NameMatcher fewer;
  fewer.Build(keys, 2);
  EXPECT_FALSE(one == fewer);
}

TEST(SideThreadTest, RunsTheWorkAndHandsBackItsException) {
  int done = 0;
  {
    SideThread thread;
    ASSERT_TRUE(thread.Start([&done] { done = 1; }));
    thread.Join();
    EXPECT_EQ(done, 1);
  }
  SideThread failing;
  ASSERT_TRUE(failing.Start([] { throw std::runtime_error("no room"); }));
  EXPECT_THROW(failing.Join(), std::runtime_error);
  failing.Join();  // the exception is thrown once
  // Not joined: its destructor waits for the work.
  {
    SideThread unjoined;
    ASSERT_TRUE(unjoined.Start([&done] { done = 2; }));
  }
  EXPECT_EQ(done, 2);
}

TEST(NameMatcherTest, WordsPastTheViewAreSkipped) {
  const NameMatcher m = Build({"apt28", "fancy bear", "sofacy"});
  const std::string text = "apt28 alias sofacy or fancy bear";
  std::vector<WordSpan> words;
  NameMatcher::Words(text, &words);
  const std::string view = text.substr(0, 25);  // "apt28 alias sofacy or fan"
  std::vector<uint64_t> hashes;
  NameMatcher::HashWords(view, words, &hashes);
  std::vector<NameHit> hits;
  m.FindAll(view, words, hashes, &hits);
  std::vector<std::string> found;
  for (const NameHit& h : hits)
    found.emplace_back(view.substr(h.begin, h.end - h.begin));
  EXPECT_EQ(found, Find(m, view));
  EXPECT_EQ(found, (std::vector<std::string>{"apt28", "sofacy"}));
}

TEST(NameMatcherTest, WordBoundaries) {
  const NameMatcher m = Build({"rusia", "us", "apt28", "belarus"});
  EXPECT_EQ(Find(m, "rusia si belarusia"), (std::vector<std::string>{"rusia"}));
  EXPECT_EQ(Find(m, "the us-based apt28."),
            (std::vector<std::string>{"us", "apt28"}));
  EXPECT_EQ(Find(m, "trust us"), (std::vector<std::string>{"us"}));
  EXPECT_TRUE(Find(m, "apt281 usa").empty());
}

TEST(NameMatcherTest, NestedAndOverlappingNamesAreAllReported) {
  const NameMatcher m =
      Build({"fortele armate belgiene", "belgiene", "armate",
             "federal public services", "federal public services interior"});
  EXPECT_EQ(Find(m, "fortele armate belgiene"),
            (std::vector<std::string>{"fortele armate belgiene", "armate",
                                      "belgiene"}));
  EXPECT_EQ(Find(m, "federal public services interior"),
            (std::vector<std::string>{"federal public services",
                                      "federal public services interior"}));
}

TEST(NameMatcherTest, ScriptsWithoutSpacesNeedNoBoundary) {
  const NameMatcher m = Build({"中国", "国家安全部", "日本"});
  EXPECT_EQ(Find(m, "中华人民共和国国家安全部称中国"),
            (std::vector<std::string>{"国家安全部", "中国"}));
  EXPECT_EQ(Find(m, "日本政府"), (std::vector<std::string>{"日本"}));
}

TEST(NameMatcherTest, EmptyAndInvalid) {
  const NameMatcher m = Build({"apt"});
  EXPECT_TRUE(Find(m, "").empty());
  EXPECT_EQ(m.FindExact(""), -1);
  EXPECT_EQ(m.FindExact("ap"), -1);
  EXPECT_EQ(m.FindExact("apt"), 0);
  const NameMatcher empty = Build({});
  EXPECT_TRUE(Find(empty, "anything at all").empty());
}

// The start filter and the word-start walk must find exactly what a plain
// search finds: every occurrence of a key with a word start before it and no
// word character after it; and FindFewKeys, which builds no matcher, the same
// hits in the same order. Checked on random texts over a small alphabet, so
// that keys, their prefixes and their first words collide often.
TEST(NameMatcherTest, FindsExactlyWhatABruteForceSearchFinds) {
  std::vector<std::string> keys = {"a",
                                   "ab",
                                   "ab c",
                                   "ab cd",
                                   "b-a",
                                   "c d e",
                                   "d.e",
                                   "e e",
                                   "ba",
                                   "ab-c",
                                   "cd ab c",
                                   "\xe4\xb8\xad",
                                   "a\xe4\xb8\xad",
                                   "ba.",
                                   "c.",
                                   "\xe4\xb8\xad."};
  std::sort(keys.begin(), keys.end());
  NameMatcher m;
  m.Build(keys);
  const char* pieces[] = {
      "a", "b", "c", "d", "e", " ", " ", "-", ".", "\xe4\xb8\xad", "1"};
  auto is_word_at = [](std::string_view s, size_t pos) {
    if (pos >= s.size()) return false;
    return NextCharClass(s, &pos) == CharClass::kWord;
  };
  auto is_start = [&](std::string_view s, size_t pos) {
    size_t p = pos;
    const CharClass here = NextCharClass(s, &p);
    if (here == CharClass::kOther) return false;
    if (here == CharClass::kNoSpace || pos == 0) return true;
    // The character before: find its start.
    size_t before = pos - 1;
    while (before > 0 && (static_cast<unsigned char>(s[before]) & 0xC0) == 0x80)
      --before;
    return !is_word_at(s, before);
  };
  uint64_t state = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    // Every tenth text is long: more words than FindAll looks up in one
    // batch.
    const int length =
        1 + static_cast<int>(state % (round % 10 == 0 ? 160 : 24));
    for (int i = 0; i < length; ++i) {
      state = state * 6364136223846793005u + 1442695040888963407u;
      text += pieces[(state >> 33) % std::size(pieces)];
    }
    // Whole words, then prefixes (a key may end inside a word).
    for (const bool whole_words : {true, false}) {
      std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> expected;
      for (size_t pos = 0; pos < text.size(); ++pos) {
        if ((static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80 ||
            !is_start(text, pos))
          continue;
        for (size_t k = 0; k < keys.size(); ++k) {
          if (text.compare(pos, keys[k].size(), keys[k]) != 0) continue;
          if (whole_words && is_word_at(text, pos + keys[k].size())) continue;
          expected.emplace_back(pos, pos + keys[k].size(), k);
        }
      }
      std::vector<NameHit> hits;
      m.FindAll(text, &hits, whole_words);
      std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> found;
      for (const NameHit& h : hits)
        found.emplace_back(h.begin, h.end, h.key_index);
      if (whole_words) {
        // The same hits, in the same order, without a matcher.
        std::vector<WordSpan> words;
        std::vector<uint64_t> hashes;
        NameMatcher::Words(text, &words);
        NameMatcher::HashWords(text, words, &hashes);
        std::vector<NameHit> few_hits;
        NameMatcher::FindFewKeys(text, words, hashes, keys, &few_hits);
        std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> few;
        for (const NameHit& h : few_hits)
          few.emplace_back(h.begin, h.end, h.key_index);
        ASSERT_EQ(few, found) << "text: \"" << text << "\"";
      }
      std::sort(expected.begin(), expected.end());
      std::sort(found.begin(), found.end());
      ASSERT_EQ(found, expected)
          << "text: \"" << text << "\" whole words: " << whole_words;
    }
  }
}

}  // namespace
}  // namespace attrex::internal
