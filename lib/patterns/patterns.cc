// Compiling and running the naming-scheme patterns.
#include "patterns/patterns.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <map>
#include <span>

#include "common/strings.h"

namespace attrex::internal {
namespace {

std::string Substitute(const std::string& tmpl,
                       std::span<const re2::StringPiece> groups) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '$' && i + 1 < tmpl.size() && tmpl[i + 1] >= '0' &&
        tmpl[i + 1] <= '9') {
      const size_t g = static_cast<size_t>(tmpl[i + 1] - '0');
      if (g < groups.size() && groups[g].data() != nullptr) {
        out.append(groups[g].data(), groups[g].size());
      }
      ++i;
    } else {
      out += tmpl[i];
    }
  }
  return out;
}

// Limits on user patterns (they come from data files a user may pass): RE2's
// compile time grows faster than linearly with the regex's length (a few
// seconds for 20 KB of alternatives), and one pattern may not take the memory
// of all.
constexpr size_t kMaxRegexBytes = 4096;
constexpr int64_t kPatternMaxMem = 8 << 20;
constexpr int64_t kSetMaxMem = 64 << 20;

}  // namespace

struct PatternSet::Prefilter {
  explicit Prefilter(const RE2::Options& options)
      : set(options, RE2::UNANCHORED) {}
  RE2::Set set;
};

PatternSet::PatternSet() = default;
PatternSet::~PatternSet() = default;

Status PatternSet::Compile(const std::vector<PatternRow>& rows,
                           const bool enabled[kEntityTypeCount]) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_log_errors(false);
  options.set_max_mem(kSetMaxMem);
  prefilter_ = std::make_unique<Prefilter>(options);
  RE2::Options pattern_options = options;
  pattern_options.set_max_mem(kPatternMaxMem);
  std::string
      largest;  // the source of the largest compiled pattern, for messages
  int largest_size = -1;
  for (const PatternRow& row : rows) {
    Pattern p;
    p.source = row.source;
    if (!ParseEntityType(row.type, &p.type)) {
      return Status(StatusCode::kDataError,
                    row.source + ": unknown type '" + row.type + "'");
    }
    if (!enabled[static_cast<int>(p.type)]) continue;
    p.id = row.id;
    if (p.id.empty())
      return Status(StatusCode::kDataError, row.source + ": empty pattern id");
    p.kind = row.kind;
    if (p.kind != "scheme" && p.kind != "variant") {
      return Status(StatusCode::kDataError,
                    row.source + ": kind must be scheme or variant, not '" +
                        p.kind + "'");
    }
    // flags: key=value pairs separated by ';' ("cue" stands alone).
    bool bare = false;
    for (const auto& [key, value] : SplitKeyValues(row.flags, ';', &bare)) {
      if (key == "template") {
        p.tmpl = value;
      } else if (key == "case") {
        if (value == "upper") {
          p.case_rule = PatternCase::kUpper;
        } else if (value == "cap") {
          p.case_rule = PatternCase::kCap;
        } else if (value == "any") {
          p.case_rule = PatternCase::kAny;
        } else {
          return Status(StatusCode::kDataError,
                        row.source + ": case must be any, upper or cap");
        }
      } else if (key == "cue") {
        p.needs_cue = true;
      } else if (key == "confidence") {
        p.confidence = std::atof(value.c_str());
        if (!(p.confidence > 0.0 && p.confidence <= 1.0)) {
          return Status(StatusCode::kDataError,
                        row.source + ": confidence must be in (0, 1]");
        }
      } else if (key == "scheme") {
        p.scheme = value;
      } else if (key == "anchor" || key == "anchor-last") {
        for (std::string_view word : SplitNonEmpty(value, ','))
          p.anchors.emplace_back(word);
        p.anchor_is_last = key == "anchor-last";
      } else {
        return Status(StatusCode::kDataError,
                      row.source + ": unknown flag '" + key + "'");
      }
    }
    if (p.tmpl.empty()) p.tmpl = "$0";
    if (row.regex.empty())
      return Status(StatusCode::kDataError, row.source + ": empty regex");
    if (row.regex.size() > kMaxRegexBytes) {
      return Status(StatusCode::kDataError,
                    row.source + ": regex of " +
                        std::to_string(row.regex.size()) +
                        " bytes is longer than the " +
                        std::to_string(kMaxRegexBytes) + " allowed");
    }
    p.regex = std::make_unique<re2::RE2>(row.regex, pattern_options);
    if (!p.regex->ok()) {
      // "pattern too large - compile failed" when over kPatternMaxMem.
      return Status(StatusCode::kDataError,
                    row.source + ": bad regex: " + p.regex->error());
    }
    for (size_t i = 0; i + 1 < p.tmpl.size(); ++i) {
      if (p.tmpl[i] == '$' && p.tmpl[i + 1] >= '0' && p.tmpl[i + 1] <= '9') {
        p.groups_used = std::max(p.groups_used, p.tmpl[i + 1] - '0' + 1);
        ++i;
      }
    }
    // (A group the regex does not have is empty in the template.)
    p.groups_used =
        std::min(p.groups_used, p.regex->NumberOfCapturingGroups() + 1);
    if (!p.anchors.empty() && !p.anchor_is_last) {
      // Bounds longer than the text a run of the regex reads would not turn
      // more away.
      constexpr int kMatchRangeBytes = 16;
      p.has_match_range = p.regex->PossibleMatchRange(
          &p.match_min, &p.match_max, kMatchRangeBytes);
    }
    if (p.regex->ProgramSize() > largest_size) {
      largest_size = p.regex->ProgramSize();
      largest = row.source;
    }
    if (p.anchors.empty()) {
      std::string error;
      if (prefilter_->set.Add(row.regex, &error) < 0) {
        return Status(StatusCode::kDataError,
                      row.source + ": bad regex: " + error);
      }
      set_patterns_.push_back(static_cast<uint32_t>(patterns_.size()));
    }
    patterns_.push_back(std::move(p));
  }
  if (!prefilter_->set.Compile()) {
    return Status(StatusCode::kResourceExhausted,
                  "the pattern set is too large to compile within 64 MiB "
                  "(largest pattern: " +
                      largest + ", " + std::to_string(largest_size) +
                      " instructions)");
  }
  std::map<std::string, std::vector<uint32_t>> by_anchor;
  unanchored_.clear();
  for (uint32_t i = 0; i < patterns_.size(); ++i) {
    if (patterns_[i].anchors.empty()) {
      unanchored_.push_back(i);
      continue;
    }
    for (const std::string& anchor : patterns_[i].anchors) {
      const std::string key = FoldKey(anchor);
      if (!key.empty()) by_anchor[key].push_back(i);
    }
  }
  std::vector<std::string> keys;
  anchor_patterns_.clear();
  for (auto& [key, list] : by_anchor) {
    keys.push_back(key);
    anchor_patterns_.push_back(std::move(list));
  }
  anchor_matcher_.Build(keys);
  return Status::Ok();
}

bool MatchMayStartAt(std::string_view min, std::string_view max,
                     std::string_view rest) {
  // Below `min` in its first bytes: so is every prefix.
  if (rest.substr(0, min.size()) < min) return false;
  if (max.empty()) return true;
  size_t i = 0;
  while (i < max.size() && i < rest.size() && rest[i] == max[i]) ++i;
  if (i == max.size() || i == rest.size() ||
      static_cast<unsigned char>(rest[i]) < static_cast<unsigned char>(max[i]))
    return true;
  // The text passes `max` at byte i: a match is at most i bytes, a prefix of
  // max[0, i), and none of those reaches `min` when max[0, i) does not.
  return !(max.substr(0, i) < min);
}

// How far before an anchor word ending a match (a Microsoft or CrowdStrike name
// "<Name> Typhoon") the match may start.
constexpr size_t kLastAnchorWindow = 48;

// How far past its anchor word a match may reach. Without a bound, a pattern
// with an unbounded repetition ("foo.*bar", anchor=foo; user patterns may be
// anything) would scan to the end of the text from every anchor: quadratic
// time.
constexpr size_t kMaxAnchoredMatch = 256;

void PatternSet::MatchAt(uint32_t index, std::string_view view, size_t begin,
                         size_t end, bool anchored, size_t must_end,
                         std::vector<PatternHit>* hits) const {
  const Pattern& p = patterns_[index];
  // The groups on the stack when they fit (all bundled patterns): this runs
  // for every anchor word found.
  const auto group_count = static_cast<size_t>(p.groups_used);
  constexpr size_t kStackGroups = 16;
  std::array<re2::StringPiece, kStackGroups> stack_groups;
  std::vector<re2::StringPiece> heap_groups;
  re2::StringPiece* groups = stack_groups.data();
  if (group_count > kStackGroups) {
    heap_groups.resize(group_count);
    groups = heap_groups.data();
  }
  re2::StringPiece input(view.data(), view.size());
  const RE2::Anchor anchor = anchored ? RE2::ANCHOR_START : RE2::UNANCHORED;
  size_t pos = begin;
  while (pos < end) {
    // The match's span first, without its groups: RE2 finds that with its
    // DFA alone, where groups take its bit-state engine, which allocates and
    // clears a bitmap at every call, and most anchor words start no match.
    re2::StringPiece whole;
    if (!p.regex->Match(input, pos, end, anchor, &whole, 1)) break;
    const size_t b = static_cast<size_t>(whole.data() - view.data());
    const size_t e = b + whole.size();
    if (e > b && (must_end == 0 || e == must_end)) {
      // Then the groups of exactly that span: the match is leftmost-first,
      // so its parse is the preferred one of those spanning [b, e).
      groups[0] = whole;
      if (group_count > 1 &&
          !p.regex->Match(input, b, e, RE2::ANCHOR_BOTH, groups,
                          static_cast<int>(group_count))) {
        // (Not expected; the groups as one call finds them.)
        p.regex->Match(input, pos, end, anchor, groups,
                       static_cast<int>(group_count));
      }
      hits->push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e),
                       index, Substitute(p.tmpl, {groups, group_count})});
    }
    if (anchored) break;
    pos = e > b ? e : b + 1;
  }
}

void PatternSet::FindAll(std::string_view view,
                         std::vector<PatternHit>* hits) const {
  std::vector<WordSpan> words;
  NameMatcher::Words(view, &words);
  FindAll(view, words, hits);
}

void PatternSet::FindAll(std::string_view view, std::span<const WordSpan> words,
                         std::vector<PatternHit>* hits) const {
  if (patterns_.empty()) return;
  // Anchored patterns: only where their anchor words are. (The anchors'
  // vector is the thread's, reused: one document after another.)
  thread_local std::vector<NameHit> anchors;
  anchors.clear();
  anchor_matcher_.FindAll(view, words, &anchors, /*whole_words=*/false);
  for (const NameHit& anchor : anchors) {
    for (uint32_t index : anchor_patterns_[anchor.key_index]) {
      if (patterns_[index].anchor_is_last) {
        // Start the search at a character boundary within the window.
        size_t begin = anchor.begin > kLastAnchorWindow
                           ? anchor.begin - kLastAnchorWindow
                           : 0;
        while (begin < anchor.begin &&
               (static_cast<unsigned char>(view[begin]) & 0xC0) == 0x80) {
          ++begin;
        }
        MatchAt(index, view, begin, anchor.end, /*anchored=*/false, anchor.end,
                hits);
      } else {
        const Pattern& p = patterns_[index];
        if (p.has_match_range && !MatchMayStartAt(p.match_min, p.match_max,
                                                  view.substr(anchor.begin))) {
          continue;
        }
        // RE2 reads \b and $ at the bound against the text after it, so a cut
        // never makes a match that the whole text would not.
        MatchAt(index, view, anchor.begin,
                std::min(view.size(), anchor.begin + kMaxAnchoredMatch),
                /*anchored=*/true, 0, hits);
      }
    }
  }
  if (anchors.capacity() > (size_t{1} << 16))
    std::vector<NameHit>().swap(anchors);
  // The others scan the whole text, after a set pass says which can match.
  if (!unanchored_.empty()) {
    std::vector<int> matched;
    re2::StringPiece input(view.data(), view.size());
    RE2::Set::ErrorInfo error_info;
    if (!prefilter_->set.Match(input, &matched, &error_info)) {
      matched.clear();
      // The DFA ran out of memory: run every pattern rather than miss hits.
      if (error_info.kind != RE2::Set::kNoError) {
        for (size_t i = 0; i < set_patterns_.size(); ++i)
          matched.push_back(static_cast<int>(i));
      }
    }
    for (int set_index : matched) {
      const uint32_t index = set_patterns_[static_cast<size_t>(set_index)];
      MatchAt(index, view, 0, view.size(), /*anchored=*/false, 0, hits);
    }
  }
  std::sort(hits->begin(), hits->end(),
            [](const PatternHit& a, const PatternHit& b) {
              return a.view_begin != b.view_begin ? a.view_begin < b.view_begin
                                                  : a.view_end > b.view_end;
            });
}

}  // namespace attrex::internal
