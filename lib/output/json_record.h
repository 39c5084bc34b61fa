// The batch tool's JSONL record written straight from a resolved document.
#ifndef ATTREX_LIB_OUTPUT_JSON_RECORD_H_
#define ATTREX_LIB_OUTPUT_JSON_RECORD_H_

#include <string>
#include <string_view>

#include "resolve/resolver.h"

namespace attrex::internal {

// Appends to *out the record ToJsonRecord(ToDocument(doc), id, meta_json)
// returns, byte for byte, without building the Document.
void AppendResolvedJsonRecord(const ResolvedDocument& doc, std::string_view id,
                              std::string_view meta_json, std::string* out);

}  // namespace attrex::internal

#endif  // ATTREX_LIB_OUTPUT_JSON_RECORD_H_
