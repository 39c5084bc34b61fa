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
namespace {

// Parses argv for a subcommand with positional arguments; returns false and sets
// *exit_code when the command should stop (help or a usage error).
bool ParseArgs(int argc, char** argv, const std::string& command, po::options_description& visible,
               po::variables_map* vm, int* exit_code) {
  po::options_description hidden;
  hidden.add_options()("args", po::value<std::vector<std::string>>(), "args");
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("args", -1);
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), *vm);
    po::notify(*vm);
  } catch (const po::error& e) {
    std::cerr << "attrex " << command << ": " << e.what() << "\ntry 'attrex " << command
              << " --help'\n";
    *exit_code = kExitUsage;
    return false;
  }
  if (vm->count("help")) {
    std::cout << visible;
    *exit_code = kExitOk;
    return false;
  }
  return true;
}

}  // namespace

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
  if (!ParseArgs(argc, argv, "lookup", visible, &vm, &exit_code)) return exit_code;
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
  if (!ParseArgs(argc, argv, "list", visible, &vm, &exit_code)) return exit_code;
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
