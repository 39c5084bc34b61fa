// Tests of the output stage: JSON records, UUIDv5 and STIX 2.1 bundles.
#include "attrex/output.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <utility>

#include "output/json_record.h"
#include "output/json_writer.h"
#include "output/uuid5.h"
#include "test_util.h"

namespace attrex {
namespace {

// The fields written once per gazetteer entity are those an entity object
// and a mention write: escaped, invalid UTF-8 as U+FFFD, an attribute key
// given twice in its first place with its last value. Expected by hand.
TEST(EntityJsonFieldsTest, WritesEachEntitysFixedFieldsOnce) {
  std::vector<internal::Entity> entities(3);
  entities[0].id = "x\"1";
  entities[0].name = "\xC3\x9Cn\x01 \xFF";
  entities[0].country = "RO";
  entities[0].kind = "k";
  entities[0].attributes = {{"a", "1"}, {"b", "2\\"}, {"a", "3"}};
  entities[1].id = "BE";
  entities[1].name = "Belgium";
  entities[2].id = "apt0";
  entities[2].name = "APT0";
  entities[2].country = "BE";
  entities[2].kind = "group";
  entities[2].attributes = {{"mitre", "G0000"}};
  const internal::EntityJsonFields fields(entities);
  EXPECT_EQ(fields.IdAndName(0), R"("id":"x\"1","name":"Ün\u0001 )"
                                 "\xEF\xBF\xBD\"");
  EXPECT_EQ(
      fields.RecordFields(0),
      std::string(fields.IdAndName(0)) +
          R"(,"country":"RO","kind":"k","attributes":{"a":"3","b":"2\\"})");
  EXPECT_EQ(fields.IdAndName(1), R"("id":"BE","name":"Belgium")");
  EXPECT_EQ(fields.RecordFields(1),
            R"("id":"BE","name":"Belgium","country":"","kind":"",)"
            R"("attributes":{})");
  EXPECT_EQ(fields.RecordFields(2),
            R"("id":"apt0","name":"APT0","country":"BE","kind":"group",)"
            R"("attributes":{"mitre":"G0000"})");
}

TEST(Uuid5Test, MatchesRfc4122Examples) {
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
  EXPECT_EQ(
      internal::Uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"),
      "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  EXPECT_EQ(internal::Uuid5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "attrex"),
            internal::Uuid5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "attrex"));
}

// SHA-1's padding at every length that matters: the namespace's 16 bytes and
// a name of 39, 40, 47 and 48 bytes are 55, 56, 63 and 64 bytes, where the
// length no longer fits in the last block or the data fills it; 103 and 104
// do the same a block later. Expected: Python's uuid.uuid5(uuid.NAMESPACE_DNS,
// name) for the name "abc...zabc..." of that length.
TEST(Uuid5Test, MatchesPythonAtEveryPaddingCase) {
  const std::pair<size_t, const char*> cases[] = {
      {39, "ee0d9890-1ba2-56e0-b659-23f844815fd9"},
      {40, "46bceb3c-aaae-5954-9892-6f621aa3a4ed"},
      {47, "2b63c22b-a996-5c56-b4fb-53cde45a4ec6"},
      {48, "3f5cb533-5dd5-5364-8e21-118278022f60"},
      {103, "3e791466-2849-5b33-b0c6-21e03bb315d5"},
      {104, "ebc14357-3c7e-536f-b94e-bf20fb29f4ff"},
      {1000, "d41daa1f-a2ca-5ff2-ab6d-2720ecdbf6cc"},
  };
  for (const auto& [size, expected] : cases) {
    std::string name;
    for (size_t i = 0; i < size; ++i) name += static_cast<char>('a' + i % 26);
    EXPECT_EQ(internal::Uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", name),
              expected)
        << size;
  }
}

TEST(OutputTest, JsonStringEscapes) {
  EXPECT_EQ(JsonString("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(JsonString("\xff"), "\"\xEF\xBF\xBD\"");
  // Controls: the short escapes, others as \u00XX; UTF-8 kept; each invalid
  // byte (a lone continuation, a truncated sequence) becomes one U+FFFD.
  EXPECT_EQ(JsonString(std::string("\t\r\b\f\x01\x1f\x7f", 7)),
            "\"\\t\\r\\b\\f\\u0001\\u001f\x7f\"");
  EXPECT_EQ(JsonString(std::string("a\0b", 3)), "\"a\\u0000b\"");
  EXPECT_EQ(JsonString("Ro\xc8\x99ia \xe4\xb8\xad/"),
            "\"Ro\xc8\x99ia \xe4\xb8\xad/\"");
  EXPECT_EQ(JsonString("x\x80y\xe4\xb8"),
            "\"x\xEF\xBF\xBDy\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(JsonString(""), "\"\"");
}

// Strings are checked sixteen or eight bytes at a time: a special byte at any
// position of a long plain string (in the first step, a later one, the last
// bytes) is still escaped, and the output reads back (through nlohmann's
// parser) as the input.
TEST(OutputTest, JsonStringEscapesEveryPositionOfLongStrings) {
  const std::string specials[] = {
      "\"",       "\\", "\n", std::string(1, '\0'), "\x1f", "\x7f",
      "\xc8\x99", " ",  "~"};
  for (size_t size = 1; size <= 40; ++size) {
    for (size_t at = 0; at < size; ++at) {
      for (const std::string& special : specials) {
        std::string text(size, 'a');
        text.replace(at, 1, special);
        const std::string json = JsonString(text);
        ASSERT_EQ(nlohmann::json::parse(json).get<std::string>(), text) << json;
      }
    }
  }
  // An invalid byte deep in a long string becomes U+FFFD.
  EXPECT_EQ(JsonString(std::string(17, 'b') + "\xff" + std::string(9, 'c')),
            "\"" + std::string(17, 'b') + "\xEF\xBF\xBD" + std::string(9, 'c') +
                "\"");
}

// Keys are written in one piece when plain; keys from user data that need
// escaping, and long ones, still come out as valid JSON.
TEST(OutputTest, ObjectKeysPlainEscapedAndLong) {
  const std::string long_key(40, 'k');
  std::string out;
  internal::JsonObjectWriter w(&out);
  w.Number("start", size_t{3});
  w.String("a\"b\\c", "x");
  w.String("\xc8\x99ir", "y");
  w.String(long_key, "z");
  w.Bool("\x01", true);
  w.Close();
  EXPECT_EQ(out, "{\"start\":3,\"a\\\"b\\\\c\":\"x\",\"\xc8\x99ir\":\"y\",\"" +
                     long_key + "\":\"z\",\"\\u0001\":true}");
  const auto parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed["a\"b\\c"], "x");
  EXPECT_EQ(parsed[long_key], "z");
}

TEST(OutputTest, JsonNumbersReadBackExactly) {
  auto number = [](double v) {
    std::string out;
    internal::AppendJsonNumber(&out, v);
    return out;
  };
  EXPECT_EQ(number(0.95), "0.95");
  EXPECT_EQ(number(0.55), "0.55");
  EXPECT_EQ(number(1.0), "1.0");
  EXPECT_EQ(number(0.0), "0.0");
  EXPECT_EQ(number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(number(std::nan("")), "null");
  EXPECT_EQ(number(-0.0), "-0.0");
  // Hundredths take a short cut: it writes what to_chars writes, for them
  // and for their neighbours.
  auto shortest = [](double v) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), v);
    std::string digits(buffer, result.ptr);
    if (digits.find_first_of(".e") == std::string::npos) digits += ".0";
    return digits;
  };
  for (int k = 0; k <= 100; ++k) {
    const double v = k / 100.0;
    // (And halfway between two hundredths, where rounding goes either way.)
    const double half = (k + 0.5) / 100.0;
    for (const double x : {v, std::nextafter(v, 0.0), std::nextafter(v, 1.0),
                           v * 0.999, 0.95 * v, half, std::nextafter(half, 0.0),
                           std::nextafter(half, 1.0)}) {
      EXPECT_EQ(number(x), shortest(x)) << k;
    }
  }
  std::string out;
  internal::AppendJsonNumber(&out, size_t{18446744073709551615u});
  EXPECT_EQ(out, "18446744073709551615");
}

TEST(OutputTest, RecordIsValidJsonWithMetaSplicedAndDuplicateAttributesMerged) {
  Document doc;
  doc.language = "en";
  Mention m;
  m.type = EntityType::kThreatActor;
  m.start = 4;
  m.end = 9;
  m.text = "APT\"1";
  m.id = "x";
  m.name = "X";
  m.confidence = 0.5;
  m.evidence = "gazetteer";
  m.candidates = {"x", "y"};
  doc.mentions.push_back(m);
  DocumentEntity e;
  e.record.type = EntityType::kThreatActor;
  e.record.id = "x";
  e.record.attributes = {{"mitre", "G1"}, {"uuid", "u"}, {"mitre", "G2"}};
  e.mention_count = 1;
  doc.actors.push_back(e);
  doc.diagnostics.push_back({"invalid_utf8", "1 byte"});
  const std::string record = ToJsonRecord(doc, "d\n1", R"({"k":[1,2]})");
  const auto j = nlohmann::json::parse(record);
  EXPECT_EQ(
      record.rfind(
          "{\"id\":\"d\\n1\",\"meta\":{\"k\":[1,2]},\"language\":\"en\",", 0),
      0u)
      << record;
  EXPECT_EQ(j["mentions"][0]["text"], "APT\"1");
  EXPECT_EQ(j["mentions"][0]["candidates"], nlohmann::json({"x", "y"}));
  EXPECT_EQ(j["actors"][0]["attributes"].dump(),
            R"({"mitre":"G2","uuid":"u"})");
  EXPECT_EQ(j["actors"][0]["known"], true);
  EXPECT_EQ(j["diagnostics"][0]["code"], "invalid_utf8");
  EXPECT_TRUE(j["attributions"].empty());
  const auto error = nlohmann::json::parse(
      ErrorJsonRecord("e", Status(StatusCode::kInvalidArgument, "bad \"x\"")));
  EXPECT_EQ(error["error"]["message"], "bad \"x\"");
}

// The exact bytes of a mention and of an entity (written by hand): the raw
// writers of json_output.cc keep the member order and escaping of the object
// writer.
TEST(OutputTest, MentionAndEntityBytes) {
  Mention m;
  m.type = EntityType::kThreatActor;
  m.start = 4;
  m.end = 9;
  m.text = "a\"b";
  m.id = "x";
  m.name = "N\\";
  m.confidence = 0.95;
  m.evidence = "gazetteer";
  std::string out = "[";
  AppendJsonMention(m, &out);
  EXPECT_EQ(out,
            "[{\"type\":\"THREAT_ACTOR\",\"start\":4,\"end\":9,"
            "\"text\":\"a\\\"b\",\"id\":\"x\",\"name\":\"N\\\\\","
            "\"confidence\":0.95,\"evidence\":\"gazetteer\"}");
  m.candidates = {"x", "y"};
  out.clear();
  AppendJsonMention(m, &out);
  EXPECT_TRUE(out.ends_with(
      ",\"evidence\":\"gazetteer\",\"candidates\":[\"x\",\"y\"]}"))
      << out;

  Document doc;
  DocumentEntity e;
  e.record.type = EntityType::kThreatActor;
  e.record.id = "x";
  e.record.name = "X";
  e.record.country = "CN";
  e.record.kind = "group";
  e.record.attributes = {{"mitre", "G1"}, {"k\"", "u"}, {"mitre", "G2"}};
  e.record.aliases = {"a", "b"};
  e.mention_count = 2;
  e.known = false;
  e.confidence = 0.5;
  doc.actors.push_back(e);
  const std::string record = ToJsonRecord(doc, "d", "");
  const std::string entity =
      "{\"id\":\"x\",\"name\":\"X\",\"country\":\"CN\",\"kind\":\"group\","
      "\"attributes\":{\"mitre\":\"G2\",\"k\\\"\":\"u\"},"
      "\"aliases\":[\"a\",\"b\"],\"mentions\":2,\"known\":false,"
      "\"confidence\":0.5}";
  EXPECT_NE(record.find("\"actors\":[" + entity + "]"), std::string::npos)
      << record;
  EXPECT_EQ(EntityRecordToJson(e.record),
            "{\"type\":\"THREAT_ACTOR\",\"id\":\"x\",\"name\":\"X\","
            "\"country\":\"CN\",\"kind\":\"group\",\"attributes\":{\"mitre\":"
            "\"G2\",\"k\\\"\":\"u\"},\"aliases\":[\"a\",\"b\"]}");
}

// A whole record's frame, byte for byte (expected by hand): with and without
// meta, with no items, and with a diagnostic after the entity lists.
TEST(OutputTest, RecordFrameBytes) {
  Document doc;
  doc.language = "ro";
  EXPECT_EQ(ToJsonRecord(doc, "a\"1", R"({"k":[1]})"),
            R"({"id":"a\"1","meta":{"k":[1]},"language":"ro","mentions":[],)"
            R"("attributions":[],"states":[],"agencies":[],"actors":[]})");
  doc.language.clear();
  doc.diagnostics.push_back({"invalid_utf8", "2 bytes"});
  EXPECT_EQ(ToJsonRecord(doc, "", ""),
            R"({"id":"","language":"","mentions":[],"attributions":[],)"
            R"("states":[],"agencies":[],"actors":[],"diagnostics":)"
            R"([{"code":"invalid_utf8","message":"2 bytes"}]})");
}

// Attributions, byte for byte (expected by hand): arrays empty and not, the
// sponsor null or a string, escapes in the cue.
TEST(OutputTest, AttributionBytes) {
  Document doc;
  Attribution a;
  a.attributing = {"BE", "nl-aivd"};
  a.actors = {"apt31"};
  a.targets = {"sector:energy"};
  a.start = 3;
  a.end = 40;
  a.confidence = 0.5;
  a.cue = "atribuie \"x\"\n";
  doc.attributions.push_back(a);
  Attribution b;
  b.actors = {"a", "b\\"};
  b.sponsor = "CN";
  b.end = 1;
  b.confidence = 1.0;
  doc.attributions.push_back(b);
  const std::string record = ToJsonRecord(doc, "d", "");
  const std::string expected =
      R"("attributions":[{"attributing":["BE","nl-aivd"],"actors":["apt31"],)"
      R"("sponsor":null,"targets":["sector:energy"],"start":3,"end":40,)"
      R"("confidence":0.5,"cue":"atribuie \"x\"\n"},)"
      R"({"attributing":[],"actors":["a","b\\"],"sponsor":"CN","targets":[],)"
      R"("start":0,"end":1,"confidence":1.0,"cue":""}],)";
  EXPECT_NE(record.find(expected), std::string::npos) << record;
}

// Every string of a mention, an entity and an attribution at its longest
// escaped form (each byte a control character, six bytes written, or an
// invalid byte, three):
// the room the raw writers make is enough (AddressSanitizer checks the
// writes), and the record reads back.
TEST(OutputTest, LongestEscapesFitTheRoomMade) {
  for (const char byte : {'\x01', '\xFF'}) {
    const std::string worst(300, byte);
    const std::string read_back = byte == '\x01' ? worst : [] {
      std::string s;
      for (int i = 0; i < 300; ++i) s += "\xEF\xBF\xBD";
      return s;
    }();
    Document doc;
    Mention m;
    m.text = m.id = m.name = m.evidence = worst;
    m.candidates = {worst, worst};
    doc.mentions.push_back(m);
    DocumentEntity e;
    e.record.id = e.record.name = e.record.country = e.record.kind = worst;
    e.record.attributes = {{worst, worst}, {worst + "2", worst}};
    e.record.aliases = {worst, worst};
    doc.states.push_back(e);
    Attribution a;
    a.attributing = a.actors = a.targets = {worst, worst};
    a.sponsor = a.cue = worst;
    doc.attributions.push_back(a);
    const auto j = nlohmann::json::parse(ToJsonRecord(doc, worst, ""));
    EXPECT_EQ(j["attributions"][0]["targets"][1], read_back);
    EXPECT_EQ(j["attributions"][0]["cue"], read_back);
    EXPECT_EQ(j["mentions"][0]["evidence"], read_back);
    EXPECT_EQ(j["mentions"][0]["candidates"][1], read_back);
    EXPECT_EQ(j["states"][0]["kind"], read_back);
    EXPECT_EQ(j["states"][0]["aliases"][1], read_back);
    EXPECT_EQ(j["states"][0]["attributes"][read_back + "2"], read_back);
    const auto r = nlohmann::json::parse(EntityRecordToJson(e.record));
    EXPECT_EQ(r["aliases"][0], read_back);
  }
}

// A record written in parts (a streamed document) is the record written
// whole, for no, one and several mentions.
TEST(OutputTest, RecordInPartsIsTheWholeRecord) {
  Document doc;
  doc.language = "ro";
  doc.attributions.push_back(
      {{"RO"}, {"apt29"}, "RU", {"sector:energy"}, 0, 9, 0.9, "atribuie"});
  DocumentEntity e;
  e.record.type = EntityType::kState;
  e.record.id = "RO";
  doc.states.push_back(e);
  doc.diagnostics.push_back({"invalid_utf8", "1 byte"});
  Mention m;
  m.text = "Rom\xc3\xa2nia";
  m.id = "RO";
  m.candidates = {"RO", "MD"};
  for (size_t count = 0; count < 4; ++count) {
    const std::string whole = ToJsonRecord(doc, "id\"1", R"({"k":1})");
    std::string parts = JsonRecordHead(doc, "id\"1", R"({"k":1})");
    for (size_t i = 0; i < doc.mentions.size(); ++i) {
      if (i > 0) parts += ',';
      AppendJsonMention(doc.mentions[i], &parts);
    }
    AppendJsonRecordTail(doc, &parts);
    EXPECT_EQ(parts, whole);
    // The tail in its parts too.
    std::string tail;
    AppendJsonRecordTail(doc, &tail);
    std::string tail_parts;
    AppendJsonAttributionsStart(&tail_parts);
    for (size_t i = 0; i < doc.attributions.size(); ++i) {
      if (i > 0) tail_parts += ',';
      AppendJsonAttribution(doc.attributions[i], &tail_parts);
    }
    AppendJsonRecordEnd(doc, &tail_parts);
    EXPECT_EQ(tail_parts, tail);
    EXPECT_TRUE(nlohmann::json::accept(parts)) << parts;
    m.start += 10;
    m.end = m.start + 8;
    doc.mentions.push_back(m);
    doc.attributions.push_back({{"NL"}, {"apt28"}, "", {}, 0, 9, 0.5, ""});
  }
}

// Checks the STIX 2.1 rules a consumer relies on: identifier format, required
// properties per type, and that every reference resolves inside the bundle.
void CheckStix(const nlohmann::json& bundle) {
  const std::regex id_format(
      "^[a-z][a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-"
      "f]{3}-[0-9a-f]{12}$");
  ASSERT_EQ(bundle["type"], "bundle");
  ASSERT_TRUE(std::regex_match(bundle["id"].get<std::string>(), id_format));
  std::set<std::string> ids;
  for (const auto& o : bundle["objects"]) {
    const std::string id = o["id"];
    EXPECT_TRUE(std::regex_match(id, id_format)) << id;
    EXPECT_EQ(id.substr(0, id.find("--")), o["type"].get<std::string>());
    EXPECT_TRUE(ids.insert(id).second) << "duplicate " << id;
    EXPECT_EQ(o["spec_version"], "2.1");
    EXPECT_TRUE(o.contains("created") && o.contains("modified"));
    const std::string type = o["type"];
    if (type == "report") {
      EXPECT_TRUE(o.contains("name") && o.contains("published"));
      EXPECT_FALSE(o["object_refs"].empty());
    } else if (type == "intrusion-set" || type == "identity") {
      EXPECT_TRUE(o.contains("name"));
    } else if (type == "location") {
      EXPECT_TRUE(o.contains("country"));
    } else if (type == "relationship") {
      EXPECT_TRUE(o.contains("relationship_type"));
    } else {
      ADD_FAILURE() << "unexpected type " << type;
    }
  }
  for (const auto& o : bundle["objects"]) {
    if (o.contains("created_by_ref"))
      EXPECT_TRUE(ids.count(o["created_by_ref"]));
    if (o.contains("object_refs")) {
      for (const auto& ref : o["object_refs"])
        EXPECT_TRUE(ids.count(ref)) << ref;
    }
    if (o["type"] == "relationship") {
      EXPECT_TRUE(ids.count(o["source_ref"])) << o["source_ref"];
      EXPECT_TRUE(ids.count(o["target_ref"])) << o["target_ref"];
    }
  }
}

TEST(StixTest, BundleFollowsStixRulesAndIsDeterministic) {
  const std::vector<std::string> texts = {
      "Belgia atribuie atacurile grupării APT31 (ZIRCONIUM) din China, care au "
      "vizat "
      "FPS Interior; DNSC a informat NATO.",
      "The NCSC said APT28 targeted Germany.", "Nothing named here."};
  auto bundle_of = [&] {
    StixBundleWriter writer("2026-01-01T00:00:00.000Z");
    for (size_t i = 0; i < texts.size(); ++i) {
      writer.AddDocument("doc-" + std::to_string(i),
                         testing::ExtractOrDie(texts[i]));
    }
    std::ostringstream streamed;
    writer.Finish(streamed);
    const std::string whole = writer.Finish();
    EXPECT_EQ(streamed.str(), whole);  // written in pieces, the same bundle
    return whole;
  };
  const std::string first = bundle_of();
  EXPECT_EQ(first, bundle_of());
  const nlohmann::json bundle = nlohmann::json::parse(first);
  CheckStix(bundle);
  int reports = 0;
  bool sponsor = false;
  for (const auto& o : bundle["objects"]) {
    if (o["type"] == "report") ++reports;
    if (o["type"] == "intrusion-set" && o["name"] == "APT31") {
      EXPECT_EQ(o["external_references"][0]["external_id"], "G0128");
    }
    if (o["type"] == "relationship" &&
        o["relationship_type"] == "originates-from")
      sponsor = true;
  }
  EXPECT_EQ(reports, 2);  // the third document names nothing
  EXPECT_TRUE(sponsor);
  int attributed = 0;
  int targets = 0;
  for (const auto& o : bundle["objects"]) {
    if (o["type"] != "relationship") continue;
    if (o["relationship_type"] == "attributed-to") ++attributed;
    if (o["relationship_type"] == "targets") ++targets;
  }
  EXPECT_EQ(attributed,
            1);           // APT31 attributed to China's government, by Belgium
  EXPECT_EQ(targets, 2);  // ... targeting FPS Interior; APT28 targeting Germany
}

}  // namespace
}  // namespace attrex
