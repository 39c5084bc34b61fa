// Everything an Extractor compiles once: the gazetteer, the patterns and the
// lexicon matcher. Immutable after Build, shared by all threads.
#ifndef ATTREX_LIB_RESOLVE_KNOWLEDGE_H_
#define ATTREX_LIB_RESOLVE_KNOWLEDGE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attrex/options.h"
#include "attrex/status.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/name_matcher.h"
#include "patterns/patterns.h"
#include "resolve/sentences.h"

namespace attrex::internal {

enum class LexiconKind : uint8_t {
  kStopword,
  kActorCue,
  kAliasPhrase,
  kAliasOr,
  kAgencyHead,
  kMinistryHead,
  kTitleWord,
  kConnector,
  kListAnd,
  kMalwareCue,
  kAttributionCue,
  kResponsibilityCue,
  kTargetCue,
  kSponsorCue,
  kAgentBy,
  kAccordingTo,
  kSaidVerb,
  kArticle,
  kSector,  // value: the sector's English name
};

// The fields read for every hit come first, in one cache line with the kind.
struct LexiconTerm {
  LexiconKind kind = LexiconKind::kStopword;
  // A function word (connector, list "and", title word, alias "or",
  // article): ordinary text in other languages, so read only in its own.
  bool language_specific = false;
  // kStopword: the index of lang in Knowledge::languages (stop words are
  // counted per language for every document, without string compares).
  uint32_t stopword_language = 0;
  // The index of lang in Knowledge::term_languages: the resolver compares a
  // term's language with the document's for every cue, as integers.
  uint32_t lang_id = 0;
  std::string lang;
  // kSector: the sector's id in attribution records, the lexicon's name
  // ("sector:energy").
  std::string value;
};

struct Knowledge {
  Options options;
  Gazetteer gazetteer;
  PatternSet patterns;
  // What the resolver reads for every hit of a lexicon key (keys sorted;
  // Gazetteer::MatchedExtraKey gives a hit's index here): the languages the
  // key is a stop word of (a run of stopword_languages), and its terms of
  // other kinds (a run of lexicon_terms). About a third of a release's words
  // are stop words: they are counted without a visit to any term.
  struct LexiconKeyInfo {
    // With stop words of at most kPackedStopwordLanguages languages: this
    // key's stop words as counts in byte lanes, one per language (lane l of
    // the pair is byte l % 8 of word l / 8), which the resolver adds per hit
    // instead of looping over the run, whose length (0 to 5 languages)
    // varied from one word to the next as at random.
    uint64_t stopword_lanes[2] = {0, 0};
    uint32_t stopwords_begin = 0;
    uint32_t terms_begin = 0;
    uint16_t stopword_count = 0;
    uint16_t term_count = 0;
  };
  std::vector<LexiconKeyInfo> lexicon_keys;
  static constexpr size_t kPackedStopwordLanguages = 16;
  // Whether lexicon_keys' stopword_lanes hold the stop words (languages fit
  // in the lanes), and after how many hits their sums must be taken out
  // before a lane of 8 bits overflows.
  bool stopwords_packed = false;
  uint32_t stopword_lane_flush = 0;
  // The lexicon terms other than stop words, in one array (a vector per key
  // was a cache miss more per hit), each key's in the order of the data.
  std::vector<LexiconTerm> lexicon_terms;
  // The terms a hit of a lexicon key lists, by the document's language: for
  // column c (a term language's index; term_languages.size() for a language
  // with no terms; one more for a language not known), key k's terms are
  // listed_terms[r.begin, r.begin + r.count) with r = listed_runs[c * keys +
  // k]: its terms but the function words of other languages, in data order.
  // (ListLexicon filtered every term of every hit, a test whose outcome and
  // count varied from word to word as at random.)
  struct ListedTerm {
    uint32_t term;  // index in lexicon_terms
    LexiconKind kind;
  };
  struct ListedRun {
    uint32_t begin = 0;
    uint32_t count = 0;
  };
  std::vector<ListedTerm> listed_terms;
  std::vector<ListedRun> listed_runs;
  size_t ListedColumn(bool known, uint32_t term_language) const {
    if (!known) return term_languages.size() + 1;
    return term_language < term_languages.size() ? term_language
                                                 : term_languages.size();
  }
  std::vector<uint32_t> stopword_languages;  // indices into languages
  std::vector<std::string> languages;        // languages that have stop words
  std::vector<std::string> term_languages;   // languages of all lexicon terms
  SentenceSplitter sentences;                // with the lexicon's abbreviations

  // Loads the data named by options and compiles it.
  Status Build(const Options& options);

 private:
  // Fills lexicon_terms, languages and term_languages from the gazetteer's
  // lexicons; returns the terms' keys.
  std::vector<std::string> LoadLexicon(const Gazetteer& g);
};

}  // namespace attrex::internal

#endif  // ATTREX_LIB_RESOLVE_KNOWLEDGE_H_
