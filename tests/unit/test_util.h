// Helpers shared by the tests that run the whole extractor.
#ifndef ATTREX_TESTS_UNIT_TEST_UTIL_H_
#define ATTREX_TESTS_UNIT_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "attrex/attrex.h"

namespace attrex::testing {

// One extractor with the built-in data for all tests of a binary.
inline const Extractor& DefaultExtractor() {
  static const Extractor* extractor = [] {
    auto result = Extractor::Create();
    if (!result.ok()) {
      ADD_FAILURE() << result.status().ToString();
      std::abort();
    }
    return std::move(result).value().release();
  }();
  return *extractor;
}

// "TYPE text=id" per mention, in order.
inline std::vector<std::string> Describe(const Document& doc) {
  std::vector<std::string> out;
  for (const Mention& m : doc.mentions) {
    out.push_back(std::string(EntityTypeName(m.type)) + " " + m.text + "=" + m.id);
  }
  return out;
}

inline Document ExtractOrDie(std::string_view text) {
  Result<Document> doc = DefaultExtractor().Extract(text);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? std::move(doc).value() : Document();
}

// The mention whose text is `surface` (the first), or nullptr.
inline const Mention* Find(const Document& doc, std::string_view surface) {
  for (const Mention& m : doc.mentions) {
    if (m.text == surface) return &m;
  }
  return nullptr;
}

}  // namespace attrex::testing

#endif  // ATTREX_TESTS_UNIT_TEST_UTIL_H_
