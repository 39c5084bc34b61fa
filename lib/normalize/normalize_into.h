// Normalising into an existing NormalizedText, for the extractor's per-thread
// reuse of its storage (the public Normalize returns a new one each time).
#ifndef ATTREX_LIB_NORMALIZE_NORMALIZE_INTO_H_
#define ATTREX_LIB_NORMALIZE_NORMALIZE_INTO_H_

#include <string>
#include <string_view>

#include "attrex/normalize.h"

namespace attrex::internal {

// Replaces *out with the normalisation of `text`, as Normalize(text) would
// return it.
void NormalizeInto(std::string_view text, NormalizedText* out);

// The view Normalize(text) would make, without its offset map, for a text of
// printable ASCII and two-byte characters that fold on their own (accented
// Latin letters, Cyrillic, Greek): most names of the data. Returns false,
// with *view unspecified, for any other text. (Every name of the data is
// folded when an extractor is created.)
bool NormalizeShortView(std::string_view text, std::string* view);

}  // namespace attrex::internal

#endif  // ATTREX_LIB_NORMALIZE_NORMALIZE_INTO_H_
