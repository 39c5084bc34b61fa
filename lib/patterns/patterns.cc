// Compiling and running the naming-scheme patterns.
#include "patterns/patterns.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>

#include "common/strings.h"

namespace attrex::internal {
namespace {

std::string Substitute(const std::string& tmpl, const std::vector<re2::StringPiece>& groups) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '$' && i + 1 < tmpl.size() && tmpl[i + 1] >= '0' && tmpl[i + 1] <= '9') {
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
// compile time grows faster than linearly with the regex's length (a few seconds
// for 20 KB of alternatives), and one pattern may not take the memory of all.
constexpr size_t kMaxRegexBytes = 4096;
constexpr int64_t kPatternMaxMem = 8 << 20;
constexpr int64_t kSetMaxMem = 64 << 20;

}  // namespace

struct PatternSet::Prefilter {
  explicit Prefilter(const RE2::Options& options) : set(options, RE2::UNANCHORED) {}
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
  std::string largest;  // the source of the largest compiled pattern, for messages
  int largest_size = -1;
  for (const PatternRow& row : rows) {
    Pattern p;
    p.source = row.source;
    if (!ParseEntityType(row.type, &p.type)) {
      return Status(StatusCode::kDataError, row.source + ": unknown type '" + row.type + "'");
    }
    if (!enabled[static_cast<int>(p.type)]) continue;
    p.id = row.id;
    if (p.id.empty()) return Status(StatusCode::kDataError, row.source + ": empty pattern id");
    p.kind = row.kind;
    if (p.kind != "scheme" && p.kind != "variant") {
      return Status(StatusCode::kDataError,
                    row.source + ": kind must be scheme or variant, not '" + p.kind + "'");
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
          return Status(StatusCode::kDataError, row.source + ": case must be any, upper or cap");
        }
      } else if (key == "cue") {
        p.needs_cue = true;
      } else if (key == "confidence") {
        p.confidence = std::atof(value.c_str());
        if (!(p.confidence > 0.0 && p.confidence <= 1.0)) {
          return Status(StatusCode::kDataError, row.source + ": confidence must be in (0, 1]");
        }
      } else if (key == "scheme") {
        p.scheme = value;
      } else {
        return Status(StatusCode::kDataError, row.source + ": unknown flag '" + key + "'");
      }
    }
    if (p.tmpl.empty()) p.tmpl = "$0";
    if (row.regex.empty()) return Status(StatusCode::kDataError, row.source + ": empty regex");
    if (row.regex.size() > kMaxRegexBytes) {
      return Status(StatusCode::kDataError,
                    row.source + ": regex of " + std::to_string(row.regex.size()) +
                        " bytes is longer than the " + std::to_string(kMaxRegexBytes) +
                        " allowed");
    }
    p.regex = std::make_unique<re2::RE2>(row.regex, pattern_options);
    if (!p.regex->ok()) {
      // "pattern too large - compile failed" when over kPatternMaxMem.
      return Status(StatusCode::kDataError,
                    row.source + ": bad regex: " + p.regex->error());
    }
    if (p.regex->ProgramSize() > largest_size) {
      largest_size = p.regex->ProgramSize();
      largest = row.source;
    }
    std::string error;
    if (prefilter_->set.Add(row.regex, &error) < 0) {
      return Status(StatusCode::kDataError, row.source + ": bad regex: " + error);
    }
    patterns_.push_back(std::move(p));
  }
  if (!prefilter_->set.Compile()) {
    return Status(StatusCode::kResourceExhausted,
                  "the pattern set is too large to compile within 64 MiB (largest pattern: " +
                      largest + ", " + std::to_string(largest_size) + " instructions)");
  }
  return Status::Ok();
}

void PatternSet::FindAll(std::string_view view, std::vector<PatternHit>* hits) const {
  if (patterns_.empty()) return;
  std::vector<int> matched;
  re2::StringPiece input(view.data(), view.size());
  RE2::Set::ErrorInfo error_info;
  if (!prefilter_->set.Match(input, &matched, &error_info)) {
    // No pattern matches, or the DFA ran out of memory: then run every pattern
    // rather than miss hits silently.
    if (error_info.kind == RE2::Set::kNoError) return;
    matched.clear();
    for (size_t i = 0; i < patterns_.size(); ++i) matched.push_back(static_cast<int>(i));
  }
  std::vector<re2::StringPiece> groups;
  for (int index : matched) {
    const Pattern& p = patterns_[static_cast<size_t>(index)];
    groups.assign(static_cast<size_t>(p.regex->NumberOfCapturingGroups()) + 1,
                  re2::StringPiece());
    size_t pos = 0;
    while (pos <= view.size() &&
           p.regex->Match(input, pos, view.size(), RE2::UNANCHORED, groups.data(),
                          static_cast<int>(groups.size()))) {
      const size_t begin = static_cast<size_t>(groups[0].data() - view.data());
      const size_t end = begin + groups[0].size();
      if (end > begin) {
        hits->push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end),
                         static_cast<uint32_t>(index), Substitute(p.tmpl, groups)});
      }
      pos = end > begin ? end : begin + 1;
    }
  }
  std::sort(hits->begin(), hits->end(), [](const PatternHit& a, const PatternHit& b) {
    return a.view_begin != b.view_begin ? a.view_begin < b.view_begin
                                        : a.view_end > b.view_end;
  });
}

}  // namespace attrex::internal
