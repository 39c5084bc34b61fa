// Tests of the public Extractor API: creation errors, limits, bad input,
// threads.
#include "attrex/extractor.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "attrex/output.h"
#include "common/strings.h"
#include "test_util.h"

namespace attrex {
namespace {

using testing::DefaultExtractor;
using testing::Describe;

std::string WriteTemp(const std::string& name, const std::string& content) {
  const auto path =
      std::filesystem::temp_directory_path() / ("attrex_test_" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

// An extractor of the built-in data and one user file of `content`; null (and
// a test failure) when it cannot be created.
std::unique_ptr<Extractor> WithUserFile(const std::string& name,
                                        const std::string& content) {
  Options options;
  options.gazetteer_files = {WriteTemp(name, content)};
  auto extractor = Extractor::Create(options);
  if (!extractor.ok()) {
    ADD_FAILURE() << extractor.status().ToString();
    return nullptr;
  }
  return std::move(extractor).value();
}

TEST(ExtractorTest, BuiltInDataIsLoaded) {
  const DataStats& stats = DefaultExtractor().stats();
  EXPECT_GE(stats.entities[static_cast<int>(EntityType::kState)], 249u);
  EXPECT_GE(stats.entities[static_cast<int>(EntityType::kAgency)], 300u);
  EXPECT_GE(stats.entities[static_cast<int>(EntityType::kThreatActor)], 1000u);
  EXPECT_GT(stats.patterns, 5u);
}

TEST(ExtractorTest, MissingDataDirIsAnError) {
  Options options;
  options.data_dir = "/nonexistent/attrex/data";
  auto extractor = Extractor::Create(options);
  ASSERT_FALSE(extractor.ok());
  EXPECT_EQ(extractor.status().code(), StatusCode::kNotFound);
}

TEST(ExtractorTest, DataDirLoadsTheSameFormats) {
  Options options;
  options.data_dir = ATTREX_SOURCE_DIR "/data";
  auto extractor = Extractor::Create(options);
  ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
  EXPECT_EQ((*extractor)->stats().names, DefaultExtractor().stats().names);
}

TEST(ExtractorTest, BadUserGazetteerNamesFileAndLine) {
  Options options;
  options.gazetteer_files = {
      WriteTemp("bad.tsv",
                "type\tid\tname\tlang\tcase\tflags\nTHREAT_ACTOR\tx\tX\t\tany\n"
                "THREAT_ACTOR\ty\tY\t\tany\tcue\textra\n")};
  auto extractor = Extractor::Create(options);
  ASSERT_FALSE(extractor.ok());
  EXPECT_EQ(extractor.status().code(), StatusCode::kDataError);
  EXPECT_NE(extractor.status().message().find("attrex_test_bad.tsv:3"),
            std::string::npos)
      << extractor.status().message();
}

TEST(ExtractorTest, UserGazetteerAddsAnActor) {
  const auto extractor =
      WithUserFile("user.names.tsv",
                   "type\tid\tname\tlang\tcase\tflags\nTHREAT_ACTOR\tpaper-"
                   "lantern\tPaper Lantern\t\tcap\t\n");
  ASSERT_NE(extractor, nullptr);
  auto doc = extractor->Extract("Analysts attribute it to Paper Lantern.");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(
      Describe(*doc),
      (std::vector<std::string>{"THREAT_ACTOR Paper Lantern=paper-lantern"}));
}

// Two readings of one span, both known and equally sure: the actor's is
// kept over the agency's, whichever the data lists first (the resolver's
// order of selection).
TEST(ExtractorTest, ActorReadingOfASpanWinsOverAnAgencyReading) {
  for (const bool agency_first : {true, false}) {
    const std::string agency = "AGENCY\tquiet-office\tQuiet Lantern\t\tcap\t\n";
    const std::string actor =
        "THREAT_ACTOR\tquiet-lantern\tQuiet Lantern\t\tcap\t\n";
    const auto extractor = WithUserFile(
        "both.names.tsv", "type\tid\tname\tlang\tcase\tflags\n" +
                              (agency_first ? agency + actor : actor + agency));
    ASSERT_NE(extractor, nullptr);
    auto doc = extractor->Extract("Analysts blame Quiet Lantern for it.");
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(
        Describe(*doc),
        (std::vector<std::string>{"THREAT_ACTOR Quiet Lantern=quiet-lantern"}))
        << agency_first;
  }
}

// A malware word right before an actor name that is also malware means the
// malware ("the backdoor Agrius"), also when a longer lexicon term holds that
// word and ends after it: the terms found are indexed by their end too, and
// the term that ends first comes second in order of start.
TEST(ExtractorTest, MalwareWordInsideALongerTermStillMeansMalware) {
  auto actors = [](const Extractor& extractor, std::string_view text) {
    auto doc = extractor.Extract(text);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    std::vector<std::string> found;
    for (const Mention& m : doc->mentions) {
      if (m.type == EntityType::kThreatActor) found.push_back(m.id);
    }
    return found;
  };
  const auto extractor =
      WithUserFile("enclosing.lexicon.tsv",
                   "lexicon\tlang\tterm\n"
                   "sector:test\ten\tthe new backdoor agrius\n");
  ASSERT_NE(extractor, nullptr);
  for (const Extractor* e :
       std::vector<const Extractor*>{&DefaultExtractor(), extractor.get()}) {
    EXPECT_EQ(actors(*e, "The group Agrius struck again in May."),
              (std::vector<std::string>{"agrius"}));
    EXPECT_TRUE(
        actors(*e, "They deployed the new backdoor Agrius in May.").empty());
  }
}

TEST(ExtractorTest, UserNamesThatOverrideOrCollideAreReported) {
  const auto extractor =
      WithUserFile("collide.names.tsv",
                   "type\tid\tname\tlang\tcase\tflags\n"
                   // The first replaces the built-in reading; the second is now
                   // ambiguous with APT28.
                   "THREAT_ACTOR\tturla\tTurla\t\tany\t\n"
                   "THREAT_ACTOR\tmy-group\tFancy Bear\t\tany\t\n");
  ASSERT_NE(extractor, nullptr);
  const auto& warnings = extractor->stats().warnings;
  std::string all;
  for (const auto& w : warnings) all += w + "\n";
  EXPECT_NE(
      all.find("collide.names.tsv:2: replaces the built-in reading of 'Turla'"),
      std::string::npos)
      << all;
  EXPECT_NE(
      all.find(
          "collide.names.tsv:3: 'Fancy Bear' also names THREAT_ACTOR\tapt28"),
      std::string::npos)
      << all;
  auto doc = extractor->Extract("The Fancy Bear campaign.");
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->mentions.size(), 1u);
  EXPECT_EQ(doc->mentions[0].candidates.size(),
            2u);  // never silently the first
}

TEST(ExtractorTest, BuildThreadsMakeTheSameExtractor) {
  // Built on two threads, from the bundled data, a data folder and a user
  // file: the same figures, warnings and records.
  const std::string user =
      WriteTemp("threads.names.tsv",
                "type\tid\tname\tlang\tcase\tflags\n"
                "THREAT_ACTOR\tturla\tTurla\t\tany\t\n"
                "THREAT_ACTOR\tmy-group\tFancy Bear\t\tany\t\n");
  const std::string text =
      "The NCSC and GCHQ said APT28, also known as Fancy Bear, targeted "
      "Germany. Belgia atribuie atacurile grupării APT31 (ZIRCONIUM); "
      "chinezii neagă. Turla a fost și ea numită.";
  for (const bool from_folder : {false, true}) {
    std::vector<std::string> records;
    std::vector<std::vector<std::string>> warnings;
    std::vector<size_t> names;
    for (const unsigned threads : {1u, 2u, 8u}) {
      Options options;
      if (from_folder) options.data_dir = ATTREX_SOURCE_DIR "/data";
      options.gazetteer_files = {user};
      options.build_threads = threads;
      auto extractor = Extractor::Create(options);
      ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
      records.push_back(ToJsonRecord(*(*extractor)->Extract(text), "x"));
      warnings.push_back((*extractor)->stats().warnings);
      names.push_back((*extractor)->stats().names);
    }
    EXPECT_NE(records[0].find("apt28"), std::string::npos) << records[0];
    EXPECT_EQ(warnings[0].size(), 2u);
    for (size_t i = 1; i < records.size(); ++i) {
      EXPECT_EQ(records[i], records[0]);
      EXPECT_EQ(warnings[i], warnings[0]);
      EXPECT_EQ(names[i], names[0]);
    }
  }
}

TEST(ExtractorTest, TypesCanBeSwitchedOff) {
  Options options;
  options.states = false;
  options.agencies = false;
  auto extractor = Extractor::Create(options);
  ASSERT_TRUE(extractor.ok());
  auto doc = (*extractor)->Extract("Belgium and NATO blame APT31.");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(Describe(*doc),
            (std::vector<std::string>{"THREAT_ACTOR APT31=apt31"}));
}

TEST(ExtractorTest, DocumentLimitIsAClearError) {
  Options options;
  options.max_document_bytes = 16;
  auto extractor = Extractor::Create(options);
  ASSERT_TRUE(extractor.ok());
  auto doc = (*extractor)->Extract("This text is longer than sixteen bytes.");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kResourceExhausted);
}

TEST(ExtractorTest, MentionLimitStopsWithADiagnostic) {
  Options options;
  options.max_mentions = 3;
  auto extractor = Extractor::Create(options);
  ASSERT_TRUE(extractor.ok());
  auto doc = (*extractor)->Extract("APT28 APT29 APT30 APT31 APT40");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->mentions.size(), 3u);
  ASSERT_FALSE(doc->diagnostics.empty());
  EXPECT_EQ(doc->diagnostics.back().code, "mention_limit");
}

// The batch tool's record, written without a Document, must be the record of
// the Document byte for byte, whatever the document holds.
TEST(ExtractorTest, JsonRecordIsTheDocumentsRecord) {
  Options limited;
  limited.max_mentions = 3;
  Options windowed;
  windowed.window_bytes = 1024;
  Options tiny;
  tiny.max_document_bytes = 64;
  Options windowed_limited = windowed;
  windowed_limited.max_mentions = 5;
  std::vector<std::unique_ptr<Extractor>> extractors;
  for (const Options& options :
       {Options(), limited, windowed, tiny, windowed_limited}) {
    auto extractor = Extractor::Create(options);
    ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
    extractors.push_back(std::move(extractor).value());
  }
  std::string long_text;
  while (long_text.size() < 5000) {
    long_text +=
        "Romania and the Netherlands attribute the campaign to APT28 (Fancy "
        "Bear) and APT-99, operated by Russia's GRU.\n\n";
  }
  const std::vector<std::string> texts = {
      "",
      "Nothing here names anyone.",
      // New records (patterns), a known actor by an alias, a target.
      "The group UNC9731, also tracked as Storm-9123, targeted NATO. "
      "Microsoft says the threat actor Sneaky Panda is behind it.",
      // An attribution with a sponsor, one actor under two names.
      "Romania and the Netherlands attribute the campaign to APT28 (Fancy "
      "Bear) and APT-99, operated by Russia's GRU. Turla was also named.",
      // A bound acronym; an ambiguous name left with its candidates.
      "CERT-EU and the Federal Office for Information Security (BSI) warned "
      "Georgia. A spokesperson for the Ministry of Defence declined to "
      "comment.",
      // Invalid UTF-8 and quotes, next to names.
      "Belgia \xff\xfe a acuzat \"APT31\"\t \xc3",
      "APT28 APT29 APT30 APT31 APT40",
      long_text,
  };
  std::string all_records;
  for (const auto& extractor : extractors) {
    for (const std::string& text : texts) {
      const std::string meta = R"({"source":"test","n":[1,2]})";
      std::string record = "kept:";
      const Status status =
          extractor->ExtractJsonRecord(text, "doc\"1\x01", meta, &record);
      const Result<Document> doc = extractor->Extract(text);
      ASSERT_EQ(status.ok(), doc.ok()) << text;
      if (!doc.ok()) {
        EXPECT_EQ(status.code(), doc.status().code());
        EXPECT_EQ(status.message(), doc.status().message());
        EXPECT_EQ(record, "kept:");  // nothing appended
        continue;
      }
      EXPECT_EQ(record, "kept:" + ToJsonRecord(*doc, "doc\"1\x01", meta))
          << text;
      all_records += record + "\n";
    }
  }
  // The texts reach what the record can hold (else the test proves little).
  for (const char* part :
       {"\"known\":false", "\"candidates\":[", "\"attributions\":[{",
        "\"sponsor\":\"RU\"", "\"evidence\":\"acronym\"",
        "\"code\":\"invalid_utf8\"", "\"code\":\"mention_limit\"",
        "\"mitre\":\"G0007\"", "\\u0001"}) {
    EXPECT_NE(all_records.find(part), std::string::npos) << part;
  }
}

TEST(ExtractorTest, BadOptionsAreRejected) {
  Options options;
  options.min_confidence = 2.0;
  EXPECT_EQ(Extractor::Create(options).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ExtractorTest, HostileInputNeverFails) {
  const std::vector<std::string> inputs = {"",
                                           std::string(1000, '\0'),
                                           "\xff\xfe\xfd APT31 \xc3",
                                           std::string(5000, '/'),
                                           std::string(3000, '('),
                                           "\u0301\u0301\u0301\u0327",
                                           "APT/APT/APT/APT/APT/APT/APT"};
  for (const std::string& input : inputs) {
    auto doc = DefaultExtractor().Extract(input);
    ASSERT_TRUE(doc.ok());
    for (const Mention& m : doc->mentions) {
      EXPECT_LE(m.end, input.size());
      EXPECT_EQ(input.substr(m.start, m.end - m.start), m.text);
    }
  }
  auto doc = DefaultExtractor().Extract("\xff\xfe APT31");
  ASSERT_TRUE(doc.ok());
  ASSERT_FALSE(doc->diagnostics.empty());
  EXPECT_EQ(doc->diagnostics[0].code, "invalid_utf8");
  EXPECT_EQ(Describe(*doc),
            (std::vector<std::string>{"THREAT_ACTOR APT31=apt31"}));
}

TEST(ExtractorTest, OneExtractorServesManyThreadsWithTheSameResults) {
  const std::vector<std::string> texts = {
      "Belgia atribuie atacurile grupării APT31 (cunoscută și ca ZIRCONIUM).",
      "The NCSC and GCHQ said APT28, also known as Fancy Bear, targeted "
      "Germany.",
      "L'ANSSI attribue ces attaques au groupe APT40, lié à la Chine.",
      "Das BSI warnt vor Angriffen der Gruppe Turla auf Ministerien in "
      "Deutschland."};
  std::vector<std::string> expected;
  for (const auto& t : texts) {
    expected.push_back(ToJsonRecord(*DefaultExtractor().Extract(t), "x"));
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        const size_t i = static_cast<size_t>(round + t) % texts.size();
        if (ToJsonRecord(*DefaultExtractor().Extract(texts[i]), "x") !=
            expected[i]) {
          ++mismatches[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

// A thread's resolver keeps its candidates' storage from one document to the
// next, and fills each slot in place: a document must extract the same after
// others as alone (on a new thread, with storage of its own). The first text
// fills the first two slots with a scheme name and a new actor named in an
// alias phrase (confirmed by its context); the second's known names take
// those slots, and its capitalised common words ("CASTLE", an actor's name)
// have no actor cue to confirm them.
TEST(ExtractorTest, ADocumentExtractsTheSameAfterOthersAsAlone) {
  const std::vector<std::string> texts = {
      "The group UNC9123, also known as Blorpwick, attacked the network.",
      "Romania praised the CASTLE project and the MAGNESIUM plant.",
      "Das BSI warnt vor UNC9126.",
      // Two records (the first stated twice), with sector targets.
      "Romania attributes the attacks against its energy sector to APT28. "
      "Romania attributes the attacks against its energy sector to APT28. "
      "The Netherlands attributed the intrusion targeting hospitals to "
      "APT29, sponsored by Russia."};
  // Each as Extract makes it (a resolved document of its own), and as the
  // batch tool writes it (the thread's resolved document, reused).
  auto records = [](const std::string& text) {
    std::string batch;
    EXPECT_TRUE(
        DefaultExtractor().ExtractJsonRecord(text, "x", "", &batch).ok());
    return ToJsonRecord(*DefaultExtractor().Extract(text), "x") + batch;
  };
  std::vector<std::string> alone;
  for (const auto& t : texts) {
    std::thread([&] { alone.push_back(records(t)); }).join();
  }
  std::vector<std::string> in_turn;
  std::thread([&] {
    for (int round = 0; round < 2; ++round) {
      for (const auto& t : texts) in_turn.push_back(records(t));
    }
  }).join();
  ASSERT_EQ(in_turn.size(), 2 * texts.size());
  for (size_t i = 0; i < in_turn.size(); ++i)
    EXPECT_EQ(in_turn[i], alone[i % texts.size()]) << i;
  // The texts make what the slots are reused for.
  EXPECT_NE(alone[0].find("\"alias-phrase\""), std::string::npos);
  EXPECT_NE(alone[1].find("\"RO\""), std::string::npos);
  EXPECT_EQ(alone[1].find("CASTLE\""), std::string::npos);
  const std::string& two_records = alone[3];
  EXPECT_NE(two_records.find("\"targets\":[\"sector:energy\"]"),
            std::string::npos);
  EXPECT_NE(
      two_records.find("\"sponsor\":\"RU\",\"targets\":[\"sector:health\"]"),
      std::string::npos);
  // The statement repeated is one record: two in each of the two writings.
  size_t count = 0;
  for (size_t at = two_records.find("\"cue\":"); at != std::string::npos;
       at = two_records.find("\"cue\":", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 4u);
}

TEST(ExtractorTest, LookupAndList) {
  auto fancy = DefaultExtractor().Lookup("Fancy Bear");
  ASSERT_EQ(fancy.size(), 1u);
  EXPECT_EQ(fancy[0].id, "apt28");
  EXPECT_EQ(fancy[0].country, "RU");
  auto by_id = DefaultExtractor().Lookup("BE");
  ASSERT_FALSE(by_id.empty());
  EXPECT_EQ(by_id[0].name, "Belgium");
  auto mod = DefaultExtractor().Lookup("Ministry of Defence");
  EXPECT_GT(mod.size(), 5u);  // ambiguous: every candidate comes back
  auto states = DefaultExtractor().List(EntityType::kState);
  EXPECT_GE(states.size(), 249u);
  EXPECT_TRUE(
      std::is_sorted(states.begin(), states.end(),
                     [](const auto& a, const auto& b) { return a.id < b.id; }));
}

TEST(ExtractorTest, JsonRecordIsValidForAnyString) {
  Document doc;
  Mention m;
  m.text = std::string("bad \xff utf8 \x01 \"quote\"");
  doc.mentions.push_back(m);
  const std::string json = ToJsonRecord(doc, "id\n1", "{\"k\":[1.50,1e5]}");
  EXPECT_NE(json.find("\"meta\":{\"k\":[1.50,1e5]}"), std::string::npos)
      << json;
  EXPECT_NE(json.find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD
  EXPECT_EQ(json.find('\n'), std::string::npos);
  const std::string error =
      ErrorJsonRecord("f.jsonl:3", Status(StatusCode::kInvalidInput, "x"));
  EXPECT_EQ(error,
            "{\"id\":\"f.jsonl:3\",\"error\":{\"code\":\"invalid_input\","
            "\"message\":\"x\"}}");
}

// --- Untrusted user files through Extractor::Create
// ---------------------------

TEST(ExtractorTest, UserPatternFilePassedAsGazetteerFileAddsAScheme) {
  const auto extractor =
      WithUserFile("zorg.tsv",
                   "type\tid\tkind\tregex\tflags\n"
                   "THREAT_ACTOR\tzorg\tscheme\t\\bzorg-(\\d{2,4})\\b\t"
                   "template=ZORG-$1;case=upper\n");
  ASSERT_NE(extractor, nullptr);
  auto doc = extractor->Extract("The intrusion set ZORG-117 hit the ministry.");
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->mentions.size(), 1u)
      << ::testing::PrintToString(Describe(*doc));
  EXPECT_EQ(doc->mentions[0].text, "ZORG-117");
  EXPECT_EQ(doc->mentions[0].name, "ZORG-117");
  EXPECT_NE(doc->mentions[0].evidence.find("pattern:zorg"), std::string::npos);
}

TEST(ExtractorTest, BadUserPatternsNameFileAndLine) {
  const std::string header = "type\tid\tkind\tregex\tflags\n# user schemes\n";
  std::string alternatives;
  for (int i = 0; alternatives.size() < 8000; ++i) {
    alternatives +=
        (i ? "|" : "") + std::string("w") + std::to_string(i) + "q[a-z]{1,50}";
  }
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"THREAT_ACTOR\tbroken\tscheme\tapt(\\d+\t\n", "bad regex: missing )"},
      {"THREAT_ACTOR\thuge\tscheme\t" + alternatives + "\t\n",
       "longer than the 4096 allowed"},
      {"THREAT_ACTOR\tlarge\tscheme\t\\pL{1,1000}\t\n",
       "bad regex: pattern too large"},
      {"THREAT_ACTOR\tx\tscheme\tx(\\d+)\tconfidence=2\n",
       "confidence must be in (0, 1]"},
      {"PERSON\tx\tscheme\tx(\\d+)\t\n", "unknown type 'PERSON'"},
  };
  for (const auto& [row, expected] : cases) {
    const std::string path = WriteTemp("user.patterns.tsv", header + row);
    Options options;
    options.gazetteer_files = {path};
    auto extractor = Extractor::Create(options);
    ASSERT_FALSE(extractor.ok()) << row;
    EXPECT_EQ(extractor.status().code(), StatusCode::kDataError);
    EXPECT_NE(extractor.status().message().find(path + ":3: "),
              std::string::npos)
        << extractor.status().message();
    EXPECT_NE(extractor.status().message().find(expected), std::string::npos)
        << extractor.status().message();
  }
}

TEST(ExtractorTest, UserFilesDuplicatingBuiltInIdsNameFileAndLine) {
  Options options;
  options.gazetteer_files = {
      WriteTemp("dup.entities.tsv",
                "type\tid\tname\tcountry\tkind\tattrs\nTHREAT_ACTOR\tapt28\tMy "
                "APT28\tRU\tgroup\t\n")};
  auto extractor = Extractor::Create(options);
  ASSERT_FALSE(extractor.ok());
  EXPECT_EQ(extractor.status().code(), StatusCode::kDataError);
  EXPECT_NE(extractor.status().message().find(
                "attrex_test_dup.entities.tsv:2: duplicate id "
                "THREAT_ACTOR apt28"),
            std::string::npos)
      << extractor.status().message();
}

TEST(ExtractorTest, NonUtf8UserFileNamesFileAndLine) {
  Options options;
  options.gazetteer_files = {WriteTemp(
      "latin1.names.tsv",
      "type\tid\tname\tlang\tcase\tflags\nSTATE\tRO\tRom\xe2nia\tro\tany\t\n")};
  auto extractor = Extractor::Create(options);
  ASSERT_FALSE(extractor.ok());
  EXPECT_NE(extractor.status().message().find(
                "attrex_test_latin1.names.tsv:2: invalid UTF-8"),
            std::string::npos)
      << extractor.status().message();
}

TEST(ExtractorTest, MissingUserFileIsNotFound) {
  Options options;
  options.gazetteer_files = {"/nonexistent/attrex/mine.names.tsv"};
  auto extractor = Extractor::Create(options);
  ASSERT_FALSE(extractor.ok());
  EXPECT_EQ(extractor.status().code(), StatusCode::kNotFound);
  EXPECT_NE(
      extractor.status().message().find("/nonexistent/attrex/mine.names.tsv"),
      std::string::npos);
}

// DISABLED: a folder given as a gazetteer file makes Knowledge::Build's
// ReadFile (lib/resolve/knowledge.cc) read it through std::istreambuf_iterator,
// and libstdc++'s filebuf throws std::ios_base::failure (EISDIR), which nothing
// catches: std::terminate. Reported to the lead (lib/resolve is theirs); the
// attrex command refuses a folder for --gazetteer before calling Create.
TEST(ExtractorTest, UserFileThatIsAFolderIsAnError) {
  Options options;
  options.gazetteer_files = {std::filesystem::temp_directory_path().string()};
  auto extractor = Extractor::Create(options);
  ASSERT_FALSE(extractor.ok());
  EXPECT_NE(extractor.status().message().find(options.gazetteer_files[0]),
            std::string::npos);
}

}  // namespace
}  // namespace attrex

namespace attrex {
namespace {

std::string Repeated(std::string_view word, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) {
    text += word;
    text += ' ';
  }
  return text;
}

// Stop words are counted in lanes of eight bits, which are taken out before
// one overflows: 300 English ones against 150 German ones is English (300 in
// eight bits would be 44, and German would win).
TEST(ExtractorTest, StopWordsAreCountedPastAByte) {
  const Document doc =
      testing::ExtractOrDie(Repeated("the", 300) + Repeated("der", 150));
  EXPECT_EQ(doc.language, "en");
  const Document de =
      testing::ExtractOrDie(Repeated("the", 150) + Repeated("der", 300));
  EXPECT_EQ(de.language, "de");
}

// Stop words of more languages than the lanes hold are counted one by one.
TEST(ExtractorTest, StopWordsOfManyLanguagesAreCounted) {
  const auto extractor =
      WithUserFile("languages.lexicon.tsv",
                   "lexicon\tlang\tterm\n"
                   "stopword\tsv\toch\nstopword\tsv\tatt\nstopword\tsv\tdet\n"
                   "stopword\tfi\tja\nstopword\tfi\tei\nstopword\tfi\tole\n"
                   "stopword\thu\thogy\nstopword\thu\tnem\n"
                   "stopword\ttr\tbir\nstopword\ttr\tbu\n"
                   "stopword\tet\tning\nstopword\tet\tsee\n"
                   "stopword\tlv\tun\nstopword\tlv\tir\n"
                   "stopword\tda\tog\nstopword\tda\tikke\n");
  ASSERT_NE(extractor, nullptr);
  auto language = [&](const std::string& text) {
    auto doc = extractor->Extract(text);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    return doc.ok() ? doc->language : "";
  };
  EXPECT_EQ(language(Repeated("och att det", 4)), "sv");
  EXPECT_EQ(language(Repeated("ning see", 4) + "och"), "et");
  EXPECT_EQ(language(Repeated("the", 300) + Repeated("der", 150)), "en");
}

// Giving the language a document would be detected as must not change what is
// found (it once skipped indexing the lexicon, losing every cue that is looked
// up by where it ends, such as the title before a portfolio).
TEST(ExtractorTest, GivenLanguageFindsWhatDetectionFinds) {
  const std::string text =
      "Volgens minister Jansen van Defensie en de minister van Buitenlandse "
      "Zaken is Rusland verantwoordelijk voor de aanvallen van APT28 op het "
      "Centrum voor Cybersecurity Belgi\xc3\xab (CCB).";
  const Document detected = testing::ExtractOrDie(text);
  ASSERT_EQ(detected.language, "nl");
  Options options;
  options.language = "nl";
  auto extractor = Extractor::Create(options);
  ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
  auto given = (*extractor)->Extract(text);
  ASSERT_TRUE(given.ok());
  EXPECT_EQ(testing::Describe(*given), testing::Describe(detected));
  for (const Mention& m : given->mentions) {
    EXPECT_NE(m.text, "Defensie") << "a portfolio, not an agency";
  }
}

}  // namespace
}  // namespace attrex

namespace attrex {
namespace {

std::unique_ptr<Extractor> WindowedExtractor(
    size_t window_bytes, void (*more_options)(Options*) = nullptr) {
  Options options;
  options.window_bytes = window_bytes;
  if (more_options != nullptr) more_options(&options);
  auto extractor = Extractor::Create(options);
  EXPECT_TRUE(extractor.ok()) << extractor.status().ToString();
  return extractor.ok() ? std::move(extractor).value() : nullptr;
}

// A long document read in windows gives what its paragraphs give one by one,
// at the offsets of the whole text, with the entities merged.
TEST(ExtractorTest, LongDocumentIsReadInWindowsCutAtParagraphs) {
  const std::string release =
      "Guvernul Rom\xc3\xa2niei condamn\xc4\x83 atacurile grup\xc4\x83rii "
      "APT29 "
      "\xc3\xaempotriva Ministerului Afacerilor Externe.\n\n"
      "The Czech Republic attributes the campaign to APT31, also known as "
      "ZIRCONIUM.\n\n";
  std::string text;
  while (text.size() < 40000) text += release;
  const auto windowed = WindowedExtractor(4096);
  const auto whole = WindowedExtractor(0);
  ASSERT_TRUE(windowed && whole);
  const auto single = whole->Extract(release);
  ASSERT_TRUE(single.ok());
  ASSERT_FALSE(single->mentions.empty());
  const auto doc = windowed->Extract(text);
  ASSERT_TRUE(doc.ok());
  const size_t copies = text.size() / release.size();
  ASSERT_EQ(doc->mentions.size(), copies * single->mentions.size());
  for (size_t i = 0; i < doc->mentions.size(); ++i) {
    const Mention& got = doc->mentions[i];
    const Mention& want = single->mentions[i % single->mentions.size()];
    const size_t shift = (i / single->mentions.size()) * release.size();
    EXPECT_EQ(got.start, want.start + shift);
    EXPECT_EQ(got.end, want.end + shift);
    EXPECT_EQ(got.id, want.id);
    EXPECT_EQ(text.substr(got.start, got.end - got.start), got.text);
  }
  // One record per entity, its mentions summed over the windows.
  ASSERT_EQ(doc->actors.size(), single->actors.size());
  for (size_t i = 0; i < doc->actors.size(); ++i) {
    EXPECT_EQ(doc->actors[i].record.id, single->actors[i].record.id);
    EXPECT_EQ(doc->actors[i].mention_count,
              copies * single->actors[i].mention_count);
  }
  // Unsplit, the same text gives the same mentions (each release stands
  // alone), and the repeated statements are one record either way.
  const auto unsplit = whole->Extract(text);
  ASSERT_TRUE(unsplit.ok());
  EXPECT_EQ(testing::Describe(*unsplit), testing::Describe(*doc));
  ASSERT_FALSE(single->attributions.empty());
  EXPECT_EQ(doc->attributions.size(), single->attributions.size());
  EXPECT_EQ(unsplit->attributions.size(), single->attributions.size());
}

// An entity named in several windows, under other names in each, is one
// record: its mentions summed, the names of every window in the order they
// came, its highest confidence; as in the text read whole.
TEST(ExtractorTest, EntitiesOfAllWindowsAreMerged) {
  std::string text;
  for (const char* paragraph :
       {"APT28 was active in Belgium again.\n\n",
        "Fancy Bear was active in Belgium again.\n\n",
        "Sofacy and APT28 were active in Belgia.\n\n"}) {
    const size_t end = text.size() + 3000;
    while (text.size() < end) text += paragraph;
  }
  const auto windowed = WindowedExtractor(1024);
  const auto whole = WindowedExtractor(0);
  ASSERT_TRUE(windowed && whole);
  const auto doc = windowed->Extract(text);
  const auto want = whole->Extract(text);
  ASSERT_TRUE(doc.ok() && want.ok());
  ASSERT_EQ(want->actors.size(), 1u);
  EXPECT_EQ(want->actors[0].record.aliases,
            (std::vector<std::string>{"APT28", "Fancy Bear", "Sofacy"}));
  for (const auto& [got, expected] : {std::pair(&doc->actors, &want->actors),
                                      std::pair(&doc->states, &want->states)}) {
    ASSERT_EQ(got->size(), expected->size());
    for (size_t i = 0; i < got->size(); ++i) {
      const DocumentEntity& g = (*got)[i];
      const DocumentEntity& w = (*expected)[i];
      EXPECT_EQ(g.record.id, w.record.id);
      EXPECT_EQ(g.record.aliases, w.record.aliases) << w.record.id;
      EXPECT_EQ(g.mention_count, w.mention_count) << w.record.id;
      EXPECT_EQ(g.confidence, w.confidence) << w.record.id;
      EXPECT_EQ(g.known, w.known) << w.record.id;
    }
  }
}

// The window cut's search (memrchr on the first byte, then a compare) finds
// what rfind finds: the last whole occurrence, overlaps and edges included.
TEST(ExtractorTest, FindLastIsRfind) {
  const std::string texts[] = {"",         "a",      "\n",       "\n\n",
                               "a\n\nb\n", "\n\n\n", "x. y. z",  ". .",
                               "ab\n",     "\nab",   "a b  c \n"};
  const std::string cuts[] = {"\n\n", "\n", ". ", " ", "", "abc"};
  for (const std::string& text : texts) {
    for (const std::string& cut : cuts) {
      EXPECT_EQ(internal::FindLast(text, cut),
                std::string_view(text).rfind(cut))
          << "'" << text << "' '" << cut << "'";
    }
  }
}

// Without paragraph breaks, spaces or even valid UTF-8, windows still cut at
// character boundaries and offsets stay those of the whole text.
TEST(ExtractorTest, WindowsCutAnywhereKeepOffsetsAndCountInvalidBytes) {
  std::string text;
  while (text.size() < 20000)
    text +=
        "\xc8\x99\xc8\x9b"
        "APT28\xff";
  const auto windowed = WindowedExtractor(1024);
  ASSERT_TRUE(windowed);
  const auto doc = windowed->Extract(text);
  ASSERT_TRUE(doc.ok());
  for (const Mention& m : doc->mentions) {
    ASSERT_LE(m.end, text.size());
    EXPECT_EQ(text.substr(m.start, m.end - m.start), m.text);
  }
  ASSERT_FALSE(doc->diagnostics.empty());
  EXPECT_EQ(doc->diagnostics[0].code, "invalid_utf8");
  const size_t invalid =
      static_cast<size_t>(std::count(text.begin(), text.end(), '\xff'));
  EXPECT_EQ(
      doc->diagnostics[0].message,
      std::to_string(invalid) + " bytes of invalid UTF-8 were read as U+FFFD");
  EXPECT_FALSE(Extractor::Create([] {
                 Options o;
                 o.window_bytes = 10;
                 return o;
               }())
                   .ok());
}

// The text given in pieces of any size, its mentions taken along the way,
// yields what Extract yields for the whole text: the same record, byte for
// byte. Pieces end inside UTF-8 characters; the text has invalid bytes, and
// windows cut at paragraph breaks, line breaks and nowhere at all.
TEST(DocumentStreamTest, PiecesGiveWhatTheWholeTextGives) {
  const std::string release =
      "Guvernul Rom\xc3\xa2niei condamn\xc4\x83 atacurile grup\xc4\x83rii "
      "APT29 \xc3\xaempotriva Ministerului Afacerilor Externe.\n\n"
      "Die Bundesregierung ordnet die Kampagne APT28 zu\xff, dem russischen "
      "Milit\xc3\xa4rgeheimdienst GRU.\n"
      "ZIRCONIUMZIRCONIUMZIRCONIUMZIRCONIUMZIRCONIUMZIRCONIUMZIRCONIUM\n\n";
  std::string text;
  // Statements that come back (kept once, taken or not) and new ones.
  for (int r = 0; text.size() < 30000; ++r) {
    text += release + "The Netherlands attributes the campaign to APT" +
            std::to_string(28 + r % 6) + ".\n\n";
  }
  for (const size_t window : {size_t{0}, size_t{1024}, size_t{4096}}) {
    const auto extractor = WindowedExtractor(window);
    ASSERT_TRUE(extractor);
    const auto whole = extractor->Extract(text);
    ASSERT_TRUE(whole.ok());
    ASSERT_GT(whole->mentions.size(), 10u);
    ASSERT_GE(whole->attributions.size(), 6u);
    const std::string want = ToJsonRecord(*whole, "d");
    for (const size_t piece :
         {size_t{1}, size_t{7}, size_t{1000}, size_t{50000}}) {
      auto stream = extractor->StartDocument();
      std::vector<Mention> taken;
      std::vector<Attribution> taken_attributions;
      for (size_t i = 0; i < text.size(); i += piece) {
        ASSERT_TRUE(
            stream->Append(std::string_view(text).substr(i, piece)).ok());
        if (i % 3 == 0) stream->TakeMentions(&taken);
        if (i % 5 == 0) stream->TakeAttributions(&taken_attributions);
      }
      EXPECT_EQ(stream->size(), text.size());
      auto rest = stream->Finish();
      ASSERT_TRUE(rest.ok());
      if (window != 0) {
        EXPECT_FALSE(taken.empty()) << "window " << window;
        EXPECT_FALSE(taken_attributions.empty()) << "window " << window;
      }
      rest->mentions.insert(rest->mentions.begin(), taken.begin(), taken.end());
      rest->attributions.insert(rest->attributions.begin(),
                                taken_attributions.begin(),
                                taken_attributions.end());
      EXPECT_EQ(ToJsonRecord(*rest, "d"), want)
          << "window " << window << ", pieces of " << piece;
    }
  }
}

// A stream that keeps its mentions and attributions as JSON gives the record
// of the whole text, byte for byte: its head, the mentions' JSON taken along
// the way and after Finish, the attributions' likewise, and its end. Also
// when the mention limit stops it, and for texts of one window or none.
TEST(DocumentStreamTest, JsonMentionsMakeTheWholeTextsRecord) {
  std::string text;
  for (int r = 0; text.size() < 30000; ++r) {
    text += "Guvernul Rom\xc3\xa2niei condamn\xc4\x83 atacurile APT" +
            std::to_string(28 + r % 5) +
            " \xc3\xaempotriva Ministerului Afacerilor Externe.\n\n"
            "The Netherlands attributes the campaign to UNC" +
            std::to_string(1000 + r % 7) + ", operated by Russia.\xff\n";
  }
  for (const size_t max_mentions : {size_t{1000000}, size_t{40}}) {
    const auto extractor = WindowedExtractor(1024, nullptr);
    Options options = extractor->options();
    options.max_mentions = max_mentions;
    auto limited = Extractor::Create(options);
    ASSERT_TRUE(limited.ok());
    for (const std::string& t :
         {text, std::string(), std::string("APT28 \xc8\x99i Rusia"),
          text.substr(0, 900)}) {
      const auto whole = (*limited)->Extract(t);
      ASSERT_TRUE(whole.ok());
      if (t.size() > 800) ASSERT_GT(whole->attributions.size(), 1u);
      const std::string want = ToJsonRecord(*whole, "d", "{}");
      for (const size_t piece : {size_t{7}, size_t{1000}, size_t{50000}}) {
        auto stream = (*limited)->StartJsonDocument();
        std::string mentions;
        std::string attributions;
        std::vector<Mention> no_mentions;
        std::vector<Attribution> no_attributions;
        for (size_t i = 0; i < t.size(); i += piece) {
          ASSERT_TRUE(
              stream->Append(std::string_view(t).substr(i, piece)).ok());
          if (i % 3 == 0) stream->TakeJsonMentions(&mentions);
          if (i % 5 == 0) stream->TakeJsonAttributions(&attributions);
          stream->TakeMentions(&no_mentions);
          stream->TakeAttributions(&no_attributions);
        }
        auto rest = stream->Finish();
        ASSERT_TRUE(rest.ok());
        stream->TakeJsonMentions(&mentions);
        stream->TakeJsonAttributions(&attributions);
        EXPECT_TRUE(no_mentions.empty());
        EXPECT_TRUE(no_attributions.empty());
        EXPECT_TRUE(rest->mentions.empty());
        EXPECT_TRUE(rest->attributions.empty());
        std::string got = JsonRecordHead(*rest, "d", "{}") + mentions;
        AppendJsonAttributionsStart(&got);
        got += attributions;
        AppendJsonRecordEnd(*rest, &got);
        if (got != want) {
          // Where they part (the records are too long to print whole).
          size_t at = 0;
          while (at < got.size() && at < want.size() && got[at] == want[at])
            ++at;
          const size_t from = at > 80 ? at - 80 : 0;
          ADD_FAILURE() << "limit " << max_mentions << ", text of " << t.size()
                        << ", pieces of " << piece << ": at byte " << at
                        << "\n got: " << got.substr(from, 160)
                        << "\nwant: " << want.substr(from, 160);
        }
      }
    }
  }
}

TEST(DocumentStreamTest, ShortAndEmptyTextsAreExtractedWhole) {
  const auto extractor = WindowedExtractor(1024);
  ASSERT_TRUE(extractor);
  for (const std::string text :
       {std::string(), std::string("APT28 \xc8\x99i Rusia")}) {
    auto stream = extractor->StartDocument();
    ASSERT_TRUE(stream->Append(text).ok());
    auto doc = stream->Finish();
    ASSERT_TRUE(doc.ok());
    auto whole = extractor->Extract(text);
    ASSERT_TRUE(whole.ok());
    EXPECT_EQ(ToJsonRecord(*doc, "d"), ToJsonRecord(*whole, "d"));
  }
}

// Past max_document_bytes the stream fails as Extract does, with the size of
// everything given, and drops the text.
TEST(DocumentStreamTest, RefusesTooLargeDocumentsLikeExtract) {
  const auto extractor =
      WindowedExtractor(1024, [](Options* o) { o->max_document_bytes = 5000; });
  ASSERT_TRUE(extractor);
  const std::string text(6000, 'a');
  auto stream = extractor->StartDocument();
  EXPECT_TRUE(stream->Append(text.substr(0, 4000)).ok());
  EXPECT_EQ(stream->Append(text.substr(4000, 1500)).code(),
            StatusCode::kResourceExhausted);
  EXPECT_FALSE(stream->Append(text.substr(5500)).ok());
  const auto doc = stream->Finish();
  ASSERT_FALSE(doc.ok());
  const auto whole = extractor->Extract(text);
  ASSERT_FALSE(whole.ok());
  EXPECT_EQ(doc.status().ToString(), whole.status().ToString());
}

// The mention limit stops a stream as it stops Extract: the same mentions and
// the same diagnostic.
TEST(DocumentStreamTest, StopsAtTheMentionLimitLikeExtract) {
  const auto extractor =
      WindowedExtractor(1024, [](Options* o) { o->max_mentions = 300; });
  ASSERT_TRUE(extractor);
  std::string text;
  while (text.size() < 20000) text += "APT28 and Belgium. ";
  auto stream = extractor->StartDocument();
  std::vector<Mention> taken;
  for (size_t i = 0; i < text.size(); i += 999) {
    ASSERT_TRUE(stream->Append(std::string_view(text).substr(i, 999)).ok());
    stream->TakeMentions(&taken);
  }
  auto rest = stream->Finish();
  ASSERT_TRUE(rest.ok());
  rest->mentions.insert(rest->mentions.begin(), taken.begin(), taken.end());
  EXPECT_EQ(rest->mentions.size(), 300u);
  const auto whole = extractor->Extract(text);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(ToJsonRecord(*rest, "d"), ToJsonRecord(*whole, "d"));
  EXPECT_NE(ToJsonRecord(*rest, "d").find("mention_limit"), std::string::npos);
}

}  // namespace
}  // namespace attrex
