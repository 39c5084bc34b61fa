// Golden tests: the example releases in data/examples/ (written for attrex) against
// their hand-checked annotations in tests/golden/, scored like ../shared/eval.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "test_util.h"

namespace attrex {
namespace {

namespace fs = std::filesystem;

// Byte offset of code point `index` in UTF-8 `text`.
size_t ByteOffset(const std::string& text, size_t index) {
  size_t pos = 0;
  for (size_t i = 0; i < index && pos < text.size(); ++i) {
    ++pos;
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
  }
  return pos;
}

struct Score {
  int tp = 0, fp = 0, fn = 0;
  // Pairwise linking over matched mentions: same gold canonical <=> same id.
  int link_tp = 0, link_fp = 0, link_fn = 0;
  double F1() const { return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn); }
  double LinkF1() const {
    return link_tp == 0 ? 1.0 : 2.0 * link_tp / (2.0 * link_tp + link_fp + link_fn);
  }
};

Score ScoreFile(const fs::path& gold_path, std::string* errors) {
  const nlohmann::json gold = nlohmann::json::parse(std::ifstream(gold_path));
  const std::string id = gold["id"];
  std::ifstream in(fs::path(ATTREX_SOURCE_DIR) / "data/examples" / (id + ".txt"),
                   std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_FALSE(text.empty()) << id;
  const Document doc = testing::ExtractOrDie(text);

  using Key = std::tuple<std::string, size_t, size_t>;  // type, start, end (bytes)
  std::map<Key, std::string> expected;
  for (const auto& e : gold["entities"]) {
    const size_t start = ByteOffset(text, e["start"]);
    const size_t end = ByteOffset(text, e["end"]);
    expected[{e["type"], start, end}] = e["canonical"];
  }
  std::map<Key, std::string> found;
  for (const Mention& m : doc.mentions) found[{EntityTypeName(m.type), m.start, m.end}] = m.id;

  Score s;
  std::vector<std::pair<std::string, std::string>> matched;  // gold canonical, our id
  for (const auto& [key, canonical] : expected) {
    auto it = found.find(key);
    if (it == found.end()) {
      ++s.fn;
      *errors += id + ": missed " + std::get<0>(key) + " '" +
                 text.substr(std::get<1>(key), std::get<2>(key) - std::get<1>(key)) + "'\n";
    } else {
      ++s.tp;
      matched.emplace_back(std::get<0>(key) + canonical, std::get<0>(key) + it->second);
    }
  }
  for (const auto& [key, our_id] : found) {
    if (!expected.count(key)) {
      ++s.fp;
      *errors += id + ": extra " + std::get<0>(key) + " '" +
                 text.substr(std::get<1>(key), std::get<2>(key) - std::get<1>(key)) + "'\n";
    }
  }
  for (size_t i = 0; i < matched.size(); ++i) {
    for (size_t j = i + 1; j < matched.size(); ++j) {
      const bool same_gold = matched[i].first == matched[j].first;
      const bool same_ours = matched[i].second == matched[j].second;
      if (same_gold && same_ours) ++s.link_tp;
      if (!same_gold && same_ours) ++s.link_fp;
      if (same_gold && !same_ours) ++s.link_fn;
    }
  }
  return s;
}

TEST(GoldenTest, ExampleReleasesInEveryLanguage) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(ATTREX_SOURCE_DIR) / "tests/golden")) {
    if (entry.path().string().ends_with(".gold.json")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 8u);
  Score total;
  std::set<std::string> languages;
  std::string errors;
  for (const fs::path& file : files) {
    const Score s = ScoreFile(file, &errors);
    languages.insert(file.filename().string().substr(0, 2));
    // Every release on its own must be mostly right...
    EXPECT_GE(s.F1(), 0.8) << file.filename();
    EXPECT_GE(s.LinkF1(), 0.9) << file.filename();
    total.tp += s.tp;
    total.fp += s.fp;
    total.fn += s.fn;
    total.link_tp += s.link_tp;
    total.link_fp += s.link_fp;
    total.link_fn += s.link_fn;
  }
  // ... and all of them together at the level the project promises.
  EXPECT_GE(total.F1(), 0.92) << errors;
  EXPECT_GE(total.LinkF1(), 0.95) << errors;
  EXPECT_GE(languages.size(), 8u);
  std::cout << "golden: tp=" << total.tp << " fp=" << total.fp << " fn=" << total.fn
            << " F1=" << total.F1() << " link F1=" << total.LinkF1() << "\n"
            << errors;
}

}  // namespace
}  // namespace attrex
