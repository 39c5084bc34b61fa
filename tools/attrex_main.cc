// The attrex command: dispatches to one subcommand per pipeline use.
#include <cstring>
#include <iostream>
#include <string_view>

#include "attrex/attrex.h"
#include "subcommands.h"

namespace {

struct Subcommand {
  const char* name;
  const char* summary;
  int (*run)(int, char**);
};

constexpr Subcommand kSubcommands[] = {
    {"extract", "extract mentions from files, folders or JSONL (the batch tool)",
     attrex::tools::RunExtract},
    {"lookup", "show the canonical record(s) a name denotes", attrex::tools::RunLookup},
    {"list", "dump the loaded actors, states or agencies (JSONL)", attrex::tools::RunList},
    {"normalize", "print the match view and offset map of a text",
     attrex::tools::RunNormalize},
};

void PrintUsage(std::ostream& out) {
  out << "usage: attrex <command> [options] [args]\n"
         "       attrex --help | --version\n\n"
         "Extracts states, agencies and threat actors from cyber-attack releases.\n\n"
         "commands:\n";
  for (const auto& sub : kSubcommands) {
    out << "  " << sub.name;
    for (size_t i = std::strlen(sub.name); i < 12; ++i) out << ' ';
    out << sub.summary << "\n";
  }
  out << "\n'attrex <command> --help' describes a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(std::cerr);
    return attrex::tools::kExitUsage;
  }
  const std::string_view first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    PrintUsage(std::cout);
    return attrex::tools::kExitOk;
  }
  if (first == "--version") {
    std::cout << "attrex " << attrex::Version() << "\n";
    return attrex::tools::kExitOk;
  }
  for (const auto& sub : kSubcommands) {
    if (first == sub.name) return sub.run(argc - 1, argv + 1);
  }
  std::cerr << "attrex: unknown command '" << first << "'\n\n";
  PrintUsage(std::cerr);
  return attrex::tools::kExitUsage;
}
