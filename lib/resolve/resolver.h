// The resolve stage: turns name and pattern hits into typed mentions, each
// resolved to one canonical record, with acronyms, alias lists and context
// cues.
#ifndef ATTREX_LIB_RESOLVE_RESOLVER_H_
#define ATTREX_LIB_RESOLVE_RESOLVER_H_

#include <string_view>

#include "attrex/document.h"
#include "attrex/normalize.h"
#include "resolve/knowledge.h"

namespace attrex::internal {

// Extracts the document of `text` whose match view is `normalized`.
Document Resolve(const Knowledge& knowledge, std::string_view text,
                 const NormalizedText& normalized);

// The message of the "invalid_utf8" diagnostic.
std::string InvalidUtf8Message(size_t invalid_bytes);

// Does the letter case of `surface` satisfy `rule` for a name written `name`?
bool CaseAllows(CaseRule rule, std::string_view surface, std::string_view name);

// A stable id for a record the data does not have: lower-case, words joined by
// '-'.
std::string SlugOf(std::string_view name);

}  // namespace attrex::internal

#endif  // ATTREX_LIB_RESOLVE_RESOLVER_H_
