// Small string helpers shared by the data loaders and the extractor.
#ifndef ATTREX_LIB_COMMON_STRINGS_H_
#define ATTREX_LIB_COMMON_STRINGS_H_

#include <string.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace attrex::internal {

// The non-empty pieces of `text` between `separator`s.
inline std::vector<std::string_view> SplitNonEmpty(std::string_view text,
                                                   char separator) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// "a=1;b=2" -> {{"a", "1"}, {"b", "2"}}; an item without '=' has an empty value
// and `*has_bare_item` is set.
inline std::vector<std::pair<std::string, std::string>> SplitKeyValues(
    std::string_view text, char separator, bool* has_bare_item) {
  std::vector<std::pair<std::string, std::string>> out;
  *has_bare_item = false;
  for (std::string_view item : SplitNonEmpty(text, separator)) {
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      *has_bare_item = true;
      out.emplace_back(std::string(item), std::string());
    } else {
      out.emplace_back(std::string(item.substr(0, eq)),
                       std::string(item.substr(eq + 1)));
    }
  }
  return out;
}

// The last occurrence of `cut` in `text`, or npos. std::string_view::rfind
// compares the whole needle at every position (a memcmp call per byte: 7 %
// of a 1 MB document's time when it has no paragraph break); memrchr jumps
// between occurrences of the first byte.
inline size_t FindLast(std::string_view text, std::string_view cut) {
  if (cut.empty()) return text.size();
  size_t end = text.size();
  while (end >= cut.size()) {
    const void* found = memrchr(text.data(), cut[0], end - cut.size() + 1);
    if (found == nullptr) return std::string_view::npos;
    const auto at =
        static_cast<size_t>(static_cast<const char*>(found) - text.data());
    if (text.compare(at, cut.size(), cut) == 0) return at;
    end = at + cut.size() - 1;
  }
  return std::string_view::npos;
}

}  // namespace attrex::internal

#endif  // ATTREX_LIB_COMMON_STRINGS_H_
