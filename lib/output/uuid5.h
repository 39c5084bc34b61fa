// Name-based (version 5, SHA-1) UUIDs, for deterministic STIX identifiers.
#ifndef ATTREX_LIB_OUTPUT_UUID5_H_
#define ATTREX_LIB_OUTPUT_UUID5_H_

#include <string>
#include <string_view>

namespace attrex::internal {

// RFC 4122 §4.3 UUID of `name` in the namespace `namespace_uuid` (canonical
// lower-case text form, e.g. "6ba7b810-9dad-11d1-80b4-00c04fd430c8").
std::string Uuid5(std::string_view namespace_uuid, std::string_view name);

}  // namespace attrex::internal

#endif  // ATTREX_LIB_OUTPUT_UUID5_H_
