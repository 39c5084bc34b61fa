// The data files compiled into the library (see lib/bundle/embed_data.cc).
#ifndef ATTREX_LIB_BUNDLE_BUNDLE_H_
#define ATTREX_LIB_BUNDLE_BUNDLE_H_

#include <span>
#include <string_view>

namespace attrex::internal {

struct BundledFile {
  std::string_view path;     // relative to data/, e.g. "states/cldr.names.tsv"
  std::string_view content;
};

std::span<const BundledFile> BundledFiles();

}  // namespace attrex::internal

#endif  // ATTREX_LIB_BUNDLE_BUNDLE_H_
