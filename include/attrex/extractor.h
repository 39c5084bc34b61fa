// The Extractor: built once from the data, then used from any number of
// threads.
//
//   auto extractor = attrex::Extractor::Create(attrex::Options());
//   if (!extractor.ok()) { /* extractor.status().message() says why */ }
//   attrex::Result<attrex::Document> doc = (*extractor)->Extract(
//       "Belgia atribuie atacurile grupării APT31 (cunoscută și ca
//       ZIRCONIUM).");
//   for (const attrex::Mention& m : doc->mentions) {
//     // m.type, m.start, m.end (bytes), m.text, m.id ("BE", "apt31"), m.name,
//     ...
//   }
//
// An Extractor is immutable after Create and safe for concurrent use by
// multiple threads: Extract is const and keeps its scratch space per call.
#ifndef ATTREX_EXTRACTOR_H_
#define ATTREX_EXTRACTOR_H_

#include <memory>
#include <string_view>
#include <vector>

#include "attrex/document.h"
#include "attrex/export.h"
#include "attrex/options.h"
#include "attrex/status.h"

namespace attrex {

class ExtractorImpl;

// Sizes of the loaded data, for reports and benchmarks.
struct DataStats {
  size_t entities[kEntityTypeCount] = {0, 0, 0};
  size_t names = 0;  // distinct (entity, folded name) pairs
  size_t matcher_nodes = 0;
  size_t matcher_bytes = 0;
  size_t patterns = 0;
  std::vector<std::string>
      warnings;  // duplicates and conflicts found while loading
};

class ATTREX_API Extractor {
 public:
  // Loads the data (the built-in bundle or options.data_dir, plus
  // options.gazetteer_files) and compiles the matchers. Errors name the file
  // and line of bad data.
  static Result<std::unique_ptr<Extractor>> Create(
      const Options& options = Options());

  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  // Extracts the mentions of `text` (UTF-8; invalid bytes are tolerated and
  // reported in diagnostics). Fails only on a limit of Options.
  Result<Document> Extract(std::string_view text) const;

  // The records a name may denote (several when the name is ambiguous), found
  // as the matcher would find it, or by id ("apt31", "BE").
  std::vector<EntityRecord> Lookup(std::string_view name) const;

  // Every loaded record of `type`, with its aliases, sorted by id.
  std::vector<EntityRecord> List(EntityType type) const;

  const DataStats& stats() const;
  const Options& options() const;

 private:
  explicit Extractor(std::unique_ptr<ExtractorImpl> impl);
  // Extract for documents longer than Options::window_bytes.
  Document ExtractInWindows(std::string_view text, size_t window) const;
  std::unique_ptr<ExtractorImpl> impl_;
};

}  // namespace attrex

#endif  // ATTREX_EXTRACTOR_H_
