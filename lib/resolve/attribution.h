// The attribution stage: from the resolved mentions and the cue lexicons, the
// records a researcher codes by hand: who attributes which actors, sponsored by
// whom, against which targets.
#ifndef ATTREX_LIB_RESOLVE_ATTRIBUTION_H_
#define ATTREX_LIB_RESOLVE_ATTRIBUTION_H_

#include <span>
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
  LexiconKind kind;   // attribution, target or sponsor cue, or a sector
  size_t start, end;  // original bytes
  // A sector's id in records, "sector:energy" (owned by the Knowledge).
  std::string_view value;
};

// An Attribution with views (of the mentions' ids, the Knowledge's sector ids
// and the text) for its strings, and runs of a document's pool of ids for
// its lists: a document's records are written with no allocation each (a
// record of Attribution's took four or five).
struct ResolvedAttribution {
  struct Ids {
    uint32_t begin = 0;  // in the pool
    uint32_t size = 0;
  };
  Ids attributing;
  Ids actors;
  std::string_view sponsor;
  Ids targets;
  size_t start = 0;
  size_t end = 0;
  double confidence = 0.0;
  std::string_view cue;
};

// The ids of a record's list: a run of the pool FindAttributions filled.
inline std::span<const std::string_view> IdsOf(
    const std::vector<std::string_view>& pool, ResolvedAttribution::Ids ids) {
  return {pool.data() + ids.begin, ids.size};
}

// Appends the attribution records of a document to *records, in text order,
// and their ids to *ids (the pool their runs index). `mentions` and `cues` are
// sorted by start.
void FindAttributions(std::string_view text, const SentenceSplitter& splitter,
                      const std::vector<AttributionMention>& mentions,
                      const std::vector<AttributionCue>& cues,
                      std::vector<ResolvedAttribution>* records,
                      std::vector<std::string_view>* ids);

}  // namespace attrex::internal

#endif  // ATTREX_LIB_RESOLVE_ATTRIBUTION_H_
