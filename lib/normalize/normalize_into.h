// Normalising into an existing NormalizedText, for the extractor's per-thread
// reuse of its storage (the public Normalize returns a new one each time).
#ifndef ATTREX_LIB_NORMALIZE_NORMALIZE_INTO_H_
#define ATTREX_LIB_NORMALIZE_NORMALIZE_INTO_H_

#include <string_view>

#include "attrex/normalize.h"

namespace attrex::internal {

// Replaces *out with the normalisation of `text`, as Normalize(text) would
// return it.
void NormalizeInto(std::string_view text, NormalizedText* out);

}  // namespace attrex::internal

#endif  // ATTREX_LIB_NORMALIZE_NORMALIZE_INTO_H_
