// Command-line parsing shared by the subcommands, and the flags that configure
// the Extractor.
#ifndef ATTREX_TOOLS_EXTRACTOR_FLAGS_H_
#define ATTREX_TOOLS_EXTRACTOR_FLAGS_H_

#include <boost/program_options.hpp>
#include <memory>
#include <string>

#include "attrex/extractor.h"

namespace attrex::tools {

// Adds --data-dir, --gazetteer, --types, --language, --min-confidence, --no-cues.
void AddExtractorFlags(boost::program_options::options_description* options);

// Parses a subcommand's command line: `visible` options plus positional
// arguments (as "args"). Returns false with *exit_code set when the command should
// stop: after printing --help (0), or on a usage error (2, message on stderr).
bool ParseCommandLine(int argc, char** argv, const std::string& command,
                      const boost::program_options::options_description& visible,
                      boost::program_options::variables_map* vm, int* exit_code);

// Builds the Extractor the flags describe; on error prints it (prefixed with
// `command`) and returns nullptr. `attributions`: Options::attributions (false
// when the output has no place for the records); `build_threads`:
// Options::build_threads.
std::unique_ptr<Extractor> MakeExtractor(const boost::program_options::variables_map& vm,
                                         const std::string& command, bool attributions = true,
                                         unsigned build_threads = 1);

}  // namespace attrex::tools

#endif  // ATTREX_TOOLS_EXTRACTOR_FLAGS_H_
