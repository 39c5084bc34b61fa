// Shared Extractor flags.
#include "extractor_flags.h"

#include <filesystem>
#include <iostream>
#include <sstream>
#include <vector>

namespace po = boost::program_options;

namespace attrex::tools {

bool ParseCommandLine(int argc, char** argv, const std::string& command,
                      const po::options_description& visible, po::variables_map* vm,
                      int* exit_code) {
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
    *exit_code = 2;
    return false;
  }
  if (vm->count("help")) {
    std::cout << visible;
    *exit_code = 0;
    return false;
  }
  return true;
}

void AddExtractorFlags(po::options_description* options) {
  options->add_options()
      ("data-dir", po::value<std::string>(),
       "load data from this folder (layout of the repository's data/) instead of the "
       "built-in bundle")
      ("gazetteer,g", po::value<std::vector<std::string>>()->composing(),
       "add a gazetteer file (entities, names or stems TSV; repeatable)")
      ("types", po::value<std::string>()->default_value("STATE,AGENCY,THREAT_ACTOR"),
       "entity types to extract, comma-separated")
      ("language", po::value<std::string>(),
       "language of the documents (e.g. ro); default: detected per document")
      ("min-confidence", po::value<double>(), "drop mentions below this confidence (default 0.5)")
      ("no-cues", "accept hazardous aliases (GALLIUM, Equation) without a naming cue")
      ("max-document-bytes", po::value<size_t>(),
       "refuse larger documents with an error record (default 256 MiB)")
      ("max-mentions", po::value<size_t>(),
       "stop a document after this many mentions, with a diagnostic (default 1000000)")
      ("window-bytes", po::value<size_t>(),
       "read longer documents in windows of about this size, cut at paragraph breaks "
       "(default 512 KiB; 0: never)");
}

std::unique_ptr<Extractor> MakeExtractor(const po::variables_map& vm, const std::string& command,
                                         bool attributions, unsigned build_threads) {
  Options options;
  options.attributions = attributions;
  options.build_threads = build_threads;
  if (vm.count("data-dir")) options.data_dir = vm["data-dir"].as<std::string>();
  if (vm.count("gazetteer")) {
    options.gazetteer_files = vm["gazetteer"].as<std::vector<std::string>>();
    // The library reads these with a stream that throws on a directory; a clear
    // usage error here instead (SECURITY.md: never aborts on input).
    for (const std::string& path : options.gazetteer_files) {
      std::error_code error;
      if (std::filesystem::is_directory(path, error)) {
        std::cerr << "attrex " << command << ": --gazetteer " << path
                  << " is a folder, not a gazetteer file\n";
        return nullptr;
      }
    }
  }
  if (vm.count("language")) options.language = vm["language"].as<std::string>();
  if (vm.count("min-confidence")) options.min_confidence = vm["min-confidence"].as<double>();
  if (vm.count("no-cues")) options.require_cues = false;
  if (vm.count("max-document-bytes")) {
    options.max_document_bytes = vm["max-document-bytes"].as<size_t>();
  }
  if (vm.count("max-mentions")) options.max_mentions = vm["max-mentions"].as<size_t>();
  if (vm.count("window-bytes")) options.window_bytes = vm["window-bytes"].as<size_t>();
  if (vm.count("types")) {
    options.states = options.agencies = options.threat_actors = false;
    std::stringstream list(vm["types"].as<std::string>());
    std::string item;
    while (std::getline(list, item, ',')) {
      EntityType type;
      if (!ParseEntityType(item, &type)) {
        std::cerr << "attrex " << command << ": unknown type '" << item
                  << "' (STATE, AGENCY, THREAT_ACTOR)\n";
        return nullptr;
      }
      if (type == EntityType::kState) options.states = true;
      if (type == EntityType::kAgency) options.agencies = true;
      if (type == EntityType::kThreatActor) options.threat_actors = true;
    }
  }
  auto extractor = Extractor::Create(options);
  if (!extractor.ok()) {
    std::cerr << "attrex " << command << ": " << extractor.status().ToString() << "\n";
    return nullptr;
  }
  if (!vm.count("quiet")) {
    for (const std::string& warning : (*extractor)->stats().warnings) {
      std::cerr << "attrex " << command << ": warning: " << warning << "\n";
    }
  }
  return std::move(extractor).value();
}

}  // namespace attrex::tools
