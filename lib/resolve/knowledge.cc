// Loading and compiling the data an Extractor runs on.
#include "resolve/knowledge.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>

#include "bundle/bundle.h"
#include "common/status_macros.h"

namespace attrex::internal {
namespace {

// The files of a data folder that hold gazetteer data (data/FORMATS.md); other
// files there (converter inputs, notes) are not loaded.
bool IsDataFile(const std::string& relative) {
  auto ends_with = [&](std::string_view suffix) {
    return relative.size() >= suffix.size() &&
           relative.compare(relative.size() - suffix.size(), suffix.size(),
                            suffix) == 0;
  };
  if (!ends_with(".tsv")) return false;
  return ends_with(".entities.tsv") || ends_with(".names.tsv") ||
         ends_with(".stems.tsv") || ends_with("paradigms.tsv") ||
         ends_with("lexicon.tsv") || relative.rfind("patterns/", 0) == 0;
}

Status ReadFile(const std::string& path, std::string* out) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Status(StatusCode::kDataError, "data file " + path + " is a folder");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status(StatusCode::kNotFound, "cannot open data file " + path);
  // libstdc++'s file buffer may throw on a read error whatever the stream's
  // exception mask says: no exception may leave the library.
  try {
    out->assign(std::istreambuf_iterator<char>(in),
                std::istreambuf_iterator<char>());
  } catch (const std::exception& e) {
    return Status(StatusCode::kDataError,
                  "cannot read data file " + path + ": " + e.what());
  }
  if (in.bad())
    return Status(StatusCode::kDataError, "cannot read data file " + path);
  return Status::Ok();
}

}  // namespace

std::vector<std::string> Knowledge::LoadLexicon(const Gazetteer& g) {
  // The lexicons share one matcher: a term may be a cue in one language and a
  // stop word in another.
  std::map<std::string, std::vector<LexiconTerm>> terms;
  const std::pair<const char*, LexiconKind> kLexicons[] = {
      {"stopword", LexiconKind::kStopword},
      {"actor-cue", LexiconKind::kActorCue},
      {"alias-phrase", LexiconKind::kAliasPhrase},
      {"alias-or", LexiconKind::kAliasOr},
      {"agency-head", LexiconKind::kAgencyHead},
      {"ministry-head", LexiconKind::kMinistryHead},
      {"agency-phrase", LexiconKind::kMinistryHead},
      {"title-word", LexiconKind::kTitleWord},
      {"connector", LexiconKind::kConnector},
      {"list-and", LexiconKind::kListAnd},
      {"malware-cue", LexiconKind::kMalwareCue},
      {"attribution-cue", LexiconKind::kAttributionCue},
      {"responsibility-cue", LexiconKind::kResponsibilityCue},
      {"target-cue", LexiconKind::kTargetCue},
      {"sponsor-cue", LexiconKind::kSponsorCue},
      {"agent-by", LexiconKind::kAgentBy},
      {"according-to", LexiconKind::kAccordingTo},
      {"said-verb", LexiconKind::kSaidVerb},
      {"article", LexiconKind::kArticle}};
  std::vector<std::string> langs;
  for (const auto& [name, kind] : kLexicons) {
    for (const LexiconEntry& entry : g.Lexicon(name)) {
      const std::string key = FoldKey(entry.term);
      if (key.empty()) continue;
      LexiconTerm term;
      term.kind = kind;
      term.lang = entry.lang;
      terms[key].push_back(std::move(term));
      if (kind == LexiconKind::kStopword) langs.push_back(entry.lang);
    }
  }
  // Sectors: lexicons named "sector:<english name>".
  for (const std::string& name : g.LexiconNames()) {
    if (name.rfind("sector:", 0) != 0) continue;
    for (const LexiconEntry& entry : g.Lexicon(name)) {
      const std::string key = FoldKey(entry.term);
      if (!key.empty()) {
        LexiconTerm term;
        term.kind = LexiconKind::kSector;
        term.lang = entry.lang;
        term.value = name;
        terms[key].push_back(std::move(term));
      }
    }
  }
  std::sort(langs.begin(), langs.end());
  langs.erase(std::unique(langs.begin(), langs.end()), langs.end());
  languages = langs;
  for (const auto& [key, list] : terms) {
    for (const LexiconTerm& term : list) term_languages.push_back(term.lang);
  }
  std::sort(term_languages.begin(), term_languages.end());
  term_languages.erase(
      std::unique(term_languages.begin(), term_languages.end()),
      term_languages.end());
  for (auto& [key, list] : terms) {
    for (LexiconTerm& term : list) {
      term.lang_id = static_cast<uint32_t>(
          std::lower_bound(term_languages.begin(), term_languages.end(),
                           term.lang) -
          term_languages.begin());
      if (term.kind != LexiconKind::kStopword) continue;
      term.stopword_language = static_cast<uint32_t>(
          std::lower_bound(languages.begin(), languages.end(), term.lang) -
          languages.begin());
    }
  }
  std::vector<std::string> keys;
  for (auto& [key, list] : terms) {
    keys.push_back(key);
    LexiconKeyInfo info;
    info.stopwords_begin = static_cast<uint32_t>(stopword_languages.size());
    info.terms_begin = static_cast<uint32_t>(lexicon_terms.size());
    for (LexiconTerm& term : list) {
      if (term.kind == LexiconKind::kStopword) {
        stopword_languages.push_back(term.stopword_language);
        ++info.stopword_count;
        continue;
      }
      term.language_specific = term.kind == LexiconKind::kConnector ||
                               term.kind == LexiconKind::kListAnd ||
                               term.kind == LexiconKind::kTitleWord ||
                               term.kind == LexiconKind::kAliasOr ||
                               term.kind == LexiconKind::kArticle;
      lexicon_terms.push_back(std::move(term));
      ++info.term_count;
    }
    lexicon_keys.push_back(info);
  }
  const size_t columns = term_languages.size() + 2;
  listed_runs.assign(columns * lexicon_keys.size(), ListedRun());
  for (size_t column = 0; column < columns; ++column) {
    const bool known = column != term_languages.size() + 1;
    for (size_t k = 0; k < lexicon_keys.size(); ++k) {
      const LexiconKeyInfo& info = lexicon_keys[k];
      ListedRun& run = listed_runs[column * lexicon_keys.size() + k];
      run.begin = static_cast<uint32_t>(listed_terms.size());
      for (uint32_t i = 0; i < info.term_count; ++i) {
        const uint32_t index = info.terms_begin + i;
        const LexiconTerm& term = lexicon_terms[index];
        if (known && term.language_specific && term.lang_id != column) continue;
        listed_terms.push_back({index, term.kind});
      }
      run.count = static_cast<uint32_t>(listed_terms.size()) - run.begin;
    }
  }
  stopwords_packed = languages.size() <= kPackedStopwordLanguages;
  uint32_t largest_lane = 1;  // a key listed twice for a language adds 2
  if (stopwords_packed) {
    for (LexiconKeyInfo& info : lexicon_keys) {
      uint32_t lanes[kPackedStopwordLanguages] = {};
      for (uint32_t i = 0; i < info.stopword_count; ++i)
        ++lanes[stopword_languages[info.stopwords_begin + i]];
      for (size_t l = 0; l < kPackedStopwordLanguages; ++l) {
        largest_lane = std::max(largest_lane, lanes[l]);
        info.stopword_lanes[l / 8] += uint64_t{lanes[l]} << (8 * (l % 8));
      }
    }
    // (A lane of more than 255 would itself overflow: unpacked then.)
    stopwords_packed = largest_lane <= 255;
  }
  stopword_lane_flush = 255 / largest_lane;
  return keys;
}

Status Knowledge::Build(const Options& opts) {
  options = opts;
  // File contents must live until Finish() has copied what it keeps.
  std::vector<std::unique_ptr<std::string>> storage;
  const unsigned threads = options.build_threads;
  std::vector<DataFile> files;
  if (options.data_dir.empty()) {
    for (const BundledFile& file : BundledFiles()) {
      if (file.path.empty()) continue;
      files.push_back({"data/" + std::string(file.path), file.content});
    }
  } else {
    namespace fs = std::filesystem;
    std::error_code error;
    if (!fs::is_directory(options.data_dir, error)) {
      return Status(StatusCode::kNotFound,
                    "data_dir " + options.data_dir + " is not a directory");
    }
    std::vector<std::string> paths;
    for (auto it = fs::recursive_directory_iterator(options.data_dir, error);
         !error && it != fs::recursive_directory_iterator();
         it.increment(error)) {
      if (!it->is_regular_file(error)) continue;
      const std::string relative =
          fs::relative(it->path(), options.data_dir, error).generic_string();
      if (IsDataFile(relative)) paths.push_back(it->path().string());
    }
    if (error) {
      return Status(StatusCode::kNotFound,
                    "cannot list " + options.data_dir + ": " + error.message());
    }
    std::sort(paths.begin(), paths.end());
    for (const std::string& path : paths) {
      storage.push_back(std::make_unique<std::string>());
      ATTREX_RETURN_IF_ERROR(ReadFile(path, storage.back().get()));
      files.push_back({path, *storage.back()});
    }
  }
  ATTREX_RETURN_IF_ERROR(gazetteer.AddFiles(files, /*user=*/false, threads));
  files.clear();
  for (const std::string& path : options.gazetteer_files) {
    storage.push_back(std::make_unique<std::string>());
    ATTREX_RETURN_IF_ERROR(ReadFile(path, storage.back().get()));
    files.push_back({path, *storage.back()});
  }
  ATTREX_RETURN_IF_ERROR(gazetteer.AddFiles(files, /*user=*/true, threads));
  const bool enabled[kEntityTypeCount] = {options.states, options.agencies,
                                          options.threat_actors};
  // The lexicon terms are matched with the names, by the gazetteer's matcher:
  // a document's words are looked up once for both.
  ATTREX_RETURN_IF_ERROR(gazetteer.Finish(
      enabled, [this](const Gazetteer& g) { return LoadLexicon(g); }, threads));
  ATTREX_RETURN_IF_ERROR(patterns.Compile(gazetteer.pattern_rows(), enabled));
  std::vector<std::string> abbreviations;
  for (const LexiconEntry& entry : gazetteer.Lexicon("abbreviation")) {
    std::string key = FoldKey(entry.term);
    if (!key.empty()) abbreviations.push_back(std::move(key));
  }
  sentences = SentenceSplitter(std::move(abbreviations));
  return Status::Ok();
}

}  // namespace attrex::internal
