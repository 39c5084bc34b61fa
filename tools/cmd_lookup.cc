// `attrex lookup` and `attrex list`: the loaded data, as JSONL records.
#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "attrex/extractor.h"
#include "attrex/output.h"
#include "extractor_flags.h"
#include "subcommands.h"

namespace po = boost::program_options;

namespace attrex::tools {

int RunLookup(int argc, char** argv) {
  po::options_description visible(
      "usage: attrex lookup [options] NAME...\n\n"
      "Prints the canonical record(s) each NAME denotes, one JSON object per line:\n"
      "{\"query\": NAME, \"records\": [...]}. A name of several records (an ambiguous\n"
      "alias) lists every candidate; a name of none gives an empty list and exit 1.\n"
      "NAME may also be an id (\"apt31\", \"BE\").\n\n"
      "options");
  visible.add_options()("help,h", "show this help");
  AddExtractorFlags(&visible);
  po::variables_map vm;
  int exit_code = kExitOk;
  if (!ParseCommandLine(argc, argv, "lookup", visible, &vm, &exit_code)) return exit_code;
  if (!vm.count("args")) {
    std::cerr << "attrex lookup: give at least one NAME\n";
    return kExitUsage;
  }
  std::unique_ptr<Extractor> extractor = MakeExtractor(vm, "lookup");
  if (!extractor) return kExitUsage;
  for (const std::string& name : vm["args"].as<std::vector<std::string>>()) {
    const std::vector<EntityRecord> records = extractor->Lookup(name);
    if (records.empty()) exit_code = kExitSomeFailed;
    std::string line = "{\"query\":" + JsonString(name) + ",\"records\":[";
    for (size_t i = 0; i < records.size(); ++i) {
      if (i > 0) line += ',';
      line += EntityRecordToJson(records[i]);
    }
    line += "]}";
    std::cout << line << "\n";
  }
  return exit_code;
}

int RunList(int argc, char** argv) {
  po::options_description visible(
      "usage: attrex list [options] actors|states|agencies\n\n"
      "Prints every loaded record of that type, one JSON object per line, sorted by\n"
      "id, with its aliases.\n\n"
      "options");
  visible.add_options()("help,h", "show this help");
  AddExtractorFlags(&visible);
  po::variables_map vm;
  int exit_code = kExitOk;
  if (!ParseCommandLine(argc, argv, "list", visible, &vm, &exit_code)) return exit_code;
  const auto args = vm.count("args") ? vm["args"].as<std::vector<std::string>>()
                                     : std::vector<std::string>();
  EntityType type;
  if (args.size() != 1 || !ParseEntityType(args[0], &type)) {
    std::cerr << "attrex list: give one of actors, states, agencies\n";
    return kExitUsage;
  }
  std::unique_ptr<Extractor> extractor = MakeExtractor(vm, "list");
  if (!extractor) return kExitUsage;
  for (const EntityRecord& record : extractor->List(type)) {
    std::cout << EntityRecordToJson(record) << "\n";
  }
  return kExitOk;
}

}  // namespace attrex::tools
