// The attribution stage: from the resolved mentions and the cue lexicons, the
// records a researcher codes by hand: who attributes which actors, sponsored by
// whom, against which targets.
#ifndef ATTREX_LIB_RESOLVE_ATTRIBUTION_H_
#define ATTREX_LIB_RESOLVE_ATTRIBUTION_H_

#include <string>
#include <string_view>
#include <vector>

#include "attrex/document.h"
#include "resolve/knowledge.h"
#include "resolve/sentences.h"

namespace attrex::internal {

struct AttributionMention {
  EntityType type;
  size_t start, end;    // original bytes
  std::string_view id;  // views of the Document's strings
  std::string_view
      country;  // agencies: their state; actors: sponsor in the data
};

struct AttributionCue {
  LexiconKind kind;        // attribution, target or sponsor cue, or a sector
  size_t start, end;       // original bytes
  std::string_view value;  // sector name (owned by the Knowledge)
};

// Attribution records of a document, in text order. `mentions` and `cues` are
// sorted by start.
std::vector<Attribution> FindAttributions(
    std::string_view text, const SentenceSplitter& splitter,
    const std::vector<AttributionMention>& mentions,
    const std::vector<AttributionCue>& cues);

}  // namespace attrex::internal

#endif  // ATTREX_LIB_RESOLVE_ATTRIBUTION_H_
