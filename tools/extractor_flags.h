// Command-line flags that configure the Extractor, shared by the subcommands.
#ifndef ATTREX_TOOLS_EXTRACTOR_FLAGS_H_
#define ATTREX_TOOLS_EXTRACTOR_FLAGS_H_

#include <boost/program_options.hpp>
#include <memory>
#include <string>

#include "attrex/extractor.h"

namespace attrex::tools {

// Adds --data-dir, --gazetteer, --types, --language, --min-confidence, --no-cues.
void AddExtractorFlags(boost::program_options::options_description* options);

// Builds the Extractor the flags describe; on error prints it (prefixed with
// `command`) and returns nullptr.
std::unique_ptr<Extractor> MakeExtractor(const boost::program_options::variables_map& vm,
                                         const std::string& command);

}  // namespace attrex::tools

#endif  // ATTREX_TOOLS_EXTRACTOR_FLAGS_H_
