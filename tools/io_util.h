// Small file-reading helpers shared by the subcommands.
#ifndef ATTREX_TOOLS_IO_UTIL_H_
#define ATTREX_TOOLS_IO_UTIL_H_

#include <string>

#include "attrex/status.h"

namespace attrex::tools {

// Reads a whole file ("-" = standard input) into *out.
Status ReadWholeFile(const std::string& path, std::string* out);

}  // namespace attrex::tools

#endif  // ATTREX_TOOLS_IO_UTIL_H_
