// Naming-scheme patterns (RE2, from data/patterns/*.tsv) run over the match
// view: APT31, Advanced Persistent Threat 31, UNC2814, Storm-0558, <Name>
// Typhoon, ...
#ifndef ATTREX_LIB_PATTERNS_PATTERNS_H_
#define ATTREX_LIB_PATTERNS_PATTERNS_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "attrex/document.h"
#include "attrex/status.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/name_matcher.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace attrex::internal {

// How the original text's letter case must look for a pattern hit to count.
enum class PatternCase : uint8_t {
  kAny,    // any case
  kUpper,  // the letters of the scheme prefix are upper case ("TA505", not
           // "ta505")
  kCap,    // every word starts with a capital ("Volt Typhoon", not "volt
           // typhoon")
};

struct Pattern {
  std::string source;  // file:line
  EntityType type;
  std::string id;    // pattern id, reported as evidence "pattern:<id>"
  std::string kind;  // "scheme" (a name on its own), "variant" (a typo of one)
  std::unique_ptr<re2::RE2> regex;
  std::string tmpl;  // canonical surface from groups: "APT$1"
  // The groups a match must give: the whole match and those up to the
  // highest the template names (1 for "$0": its span alone, no call for the
  // groups).
  int groups_used = 1;
  PatternCase case_rule = PatternCase::kAny;
  bool needs_cue = false;
  double confidence = 0.9;
  std::string scheme;  // list members that are bare numbers inherit it ("APT")
  // Words a match starts with (anchor=) or ends with (anchor-last=). A pattern
  // with anchors runs only where they occur, not over the whole text.
  std::vector<std::string> anchors;
  bool anchor_is_last = false;
  // For a pattern run from its anchor word: bounds that every match lies
  // between (RE2::PossibleMatchRange), so that most anchor words ("g" of
  // "government", "ta" of "target") are turned away without running the
  // regex (MatchMayStartAt). None when RE2 gives none.
  bool has_match_range = false;
  std::string match_min;
  std::string match_max;  // empty: no upper bound
};

// Whether a match may start at `rest`'s first byte, given that every match s
// satisfies min <= s <= max (byte order; an empty max bounds nothing): a
// match is a prefix of `rest`, so when the text falls below `min`, or passes
// `max` at a byte where the prefixes of `max` left are all below `min`, there
// is none.
bool MatchMayStartAt(std::string_view min, std::string_view max,
                     std::string_view rest);

// One hit of a pattern in the view.
struct PatternHit {
  uint32_t view_begin;
  uint32_t view_end;
  uint32_t pattern;
  std::string canonical;  // the template filled in: "APT31"
};

class PatternSet {
 public:
  PatternSet();
  ~PatternSet();

  // Compiles the pattern rows; a regex RE2 rejects is an error naming file and
  // line.
  Status Compile(const std::vector<PatternRow>& rows,
                 const bool enabled[kEntityTypeCount]);

  // All hits of all patterns over `view`, sorted by begin.
  void FindAll(std::string_view view, std::vector<PatternHit>* hits) const;
  // The same with the view's words (NameMatcher::Words) given.
  void FindAll(std::string_view view, std::span<const WordSpan> words,
               std::vector<PatternHit>* hits) const;

  const Pattern& pattern(uint32_t i) const { return patterns_[i]; }
  size_t size() const { return patterns_.size(); }

 private:
  void MatchAt(uint32_t index, std::string_view view, size_t begin, size_t end,
               bool anchored, size_t must_end,
               std::vector<PatternHit>* hits) const;

  std::vector<Pattern> patterns_;
  // Anchor words of all anchored patterns in one trie; per key, the patterns.
  NameMatcher anchor_matcher_;
  std::vector<std::vector<uint32_t>> anchor_patterns_;
  std::vector<uint32_t> unanchored_;    // patterns that scan the whole text
  std::vector<uint32_t> set_patterns_;  // prefilter set index -> pattern index
  // Which patterns can match at all, found in one pass before running them
  // singly.
  struct Prefilter;  // wraps RE2::Set, a nested class that cannot be
                     // forward-declared
  std::unique_ptr<Prefilter> prefilter_;
};

}  // namespace attrex::internal

#endif  // ATTREX_LIB_PATTERNS_PATTERNS_H_
