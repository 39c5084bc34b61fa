// Attribution records by sentence, with a running context: releases often name
// the attributing state in one sentence, the targets in the next and the actors
// in a third ("Belgia consideră că ... din China." / "... care vizau FPS
// Interior." / "Aceste activități pot fi legate de ... APT 27, 30, 31."), so
// each sentence that names actors takes what it does not say itself from the
// latest sentence that did.
#include "resolve/attribution.h"

#include <algorithm>
#include <span>

namespace attrex::internal {
namespace {

constexpr double kOwnSentenceConfidence = 0.9;
constexpr double kContextConfidence = 0.75;
constexpr double kNoAttributorConfidence = 0.5;

// Two mentions are coordinated ("the US, the UK and Canada", "CISA, NSA (NSA)
// and FBI") when only punctuation, conjunctions and articles separate them.
constexpr size_t kCoordinationGap = 24;
// A sponsor cue must sit right before a state ("din China") or right after it
// ("Chinese state-sponsored").
constexpr size_t kSponsorGap = 2;
// Without such a cue, a state or agency right after the attribution cue is the
// sponsor ("attributed to Russia", "legate de serviciile ruse") only that
// close.
constexpr size_t kSponsorAfterCueWindow = 60;
// "Russia is responsible", "Russland ... verantwortlich": how far before the
// responsibility phrase the accused may stand.
constexpr size_t kResponsibilityGap = 16;

template <typename T>
void AddUnique(std::vector<T>* list, const T& value) {
  if (std::find(list->begin(), list->end(), value) == list->end())
    list->push_back(value);
}

// Ids are views of the mentions' ids and of the Knowledge's sector ids.
struct Context {
  std::vector<std::string_view> attributing;
  std::string_view sponsor;
  std::vector<std::string_view> targets;
  std::string_view cue;
};

// Whether the ids are the same, in the same order.
bool SameIds(std::span<const std::string_view> a,
             const std::vector<std::string_view>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// FindAttributions' working vectors: the sentences, and a sentence's
// mentions, cues and findings.
struct Scratch {
  std::vector<std::pair<size_t, size_t>> sentences;
  std::vector<std::string_view> first_attributing;
  std::vector<const AttributionMention*> here;
  std::vector<const AttributionCue*> here_cues;
  std::vector<std::string_view> attributing;
  std::vector<const AttributionMention*> subjects;
  std::vector<std::string_view> targets;
  std::vector<std::string_view> actors;
  Context context;

  // Empties them; one a large document grew is given back.
  void Clear() {
    auto clear = [](auto& v) {
      v.clear();
      if (v.capacity() > (size_t{1} << 16)) v.shrink_to_fit();
    };
    clear(sentences);
    clear(first_attributing);
    clear(here);
    clear(here_cues);
    clear(attributing);
    clear(subjects);
    clear(targets);
    clear(actors);
    clear(context.attributing);
    clear(context.targets);
    context.sponsor = {};
    context.cue = {};
  }
};

}  // namespace

void FindAttributions(std::string_view text, const SentenceSplitter& splitter,
                      const std::vector<AttributionMention>& mentions,
                      const std::vector<AttributionCue>& cues,
                      std::vector<ResolvedAttribution>* records,
                      std::vector<std::string_view>* ids) {
  bool any_actor = false;
  for (const auto& m : mentions)
    any_actor = any_actor || m.type == EntityType::kThreatActor;
  if (!any_actor) return;
  // A record needs an attribution or a target cue: without any, there is
  // nothing to split sentences for.
  const bool any_cue =
      std::any_of(cues.begin(), cues.end(), [](const AttributionCue& cue) {
        return cue.kind == LexiconKind::kAttributionCue ||
               cue.kind == LexiconKind::kTargetCue ||
               cue.kind == LexiconKind::kResponsibilityCue;
      });
  if (!any_cue) return;
  // Sentences after the sentence of the last actor cannot make a record: split
  // only up to there (sentence splitting is the costliest step of this stage).
  size_t last_actor_end = 0;
  for (const auto& x : mentions) {
    if (x.type == EntityType::kThreatActor)
      last_actor_end = std::max(last_actor_end, x.end);
  }
  const size_t split_end = std::min(
      text.size(),
      text.find_first_of(".!?\n", last_actor_end) == std::string_view::npos
          ? text.size()
          : text.find_first_of(".!?\n", last_actor_end) + 1);
  // The thread's vectors, reused from one document to the next: a release
  // with a record cue allocated a dozen times here.
  thread_local Scratch scratch;
  scratch.Clear();
  std::vector<std::pair<size_t, size_t>>& sentences = scratch.sentences;
  splitter.Split(text.substr(0, split_end), &sentences);

  // Between two coordinated parties there is nothing but punctuation, articles
  // and list conjunctions.
  auto coordinated =
      [&](const AttributionMention* a, const AttributionMention* b,
          const std::vector<const AttributionCue*>& sentence_cues) {
        if (b->start < a->end || b->start - a->end > kCoordinationGap)
          return false;
        size_t covered_until = a->end;
        for (size_t pos = a->end; pos < b->start; ++pos) {
          const char ch = text[pos];
          if (pos < covered_until) continue;
          if (ch == ' ' || ch == ',' || ch == '(' || ch == ')' || ch == '&' ||
              ch == '\n' || ch == '\r' || ch == '\t') {
            continue;
          }
          bool in_conjunction = false;
          for (const AttributionCue* cue : sentence_cues) {
            if ((cue->kind == LexiconKind::kListAnd ||
                 cue->kind == LexiconKind::kArticle) &&
                cue->start == pos && cue->end <= b->start) {
              covered_until = cue->end;
              in_conjunction = true;
              break;
            }
          }
          if (!in_conjunction) return false;
        }
        return true;
      };
  // The party next to a cue of `kind` (right after it, or right before it when
  // `before_too`): "by Belgium", "potrivit SRI", "the NCSC said".
  auto party_at = [&](const std::vector<const AttributionMention*>& here,
                      const std::vector<const AttributionCue*>& sentence_cues,
                      LexiconKind kind, size_t not_before,
                      bool before_too) -> const AttributionMention* {
    for (const AttributionCue* cue : sentence_cues) {
      if (cue->kind != kind || cue->start < not_before) continue;
      for (const AttributionMention* x : here) {
        if (x->type == EntityType::kThreatActor) continue;
        if (x->start >= cue->end && x->start - cue->end <= kSponsorGap + 4)
          return x;
        if (before_too && cue->start >= x->end &&
            cue->start - x->end <= kSponsorGap)
          return x;
      }
    }
    return nullptr;
  };

  // The party right before a cue of `kind` ("the NCSC said").
  auto party_before =
      [&](const std::vector<const AttributionMention*>& here,
          const std::vector<const AttributionCue*>& sentence_cues,
          LexiconKind kind) -> const AttributionMention* {
    for (const AttributionCue* cue : sentence_cues) {
      if (cue->kind != kind) continue;
      for (const AttributionMention* x : here) {
        if (x->type != EntityType::kThreatActor && cue->start >= x->end &&
            cue->start - x->end <= kSponsorGap) {
          return x;
        }
      }
    }
    return nullptr;
  };

  Context& context = scratch.context;
  bool previous_had_cue = false;
  // A release often states its attribution after a headline that names the
  // actors: the first attributing party of the document stands in until then.
  std::vector<std::string_view>& first_attributing = scratch.first_attributing;
  {
    size_t mi = 0;
    size_t ci = 0;
    for (const auto& [b, e] : sentences) {
      const AttributionCue* cue = nullptr;
      for (; ci < cues.size() && cues[ci].start < e; ++ci) {
        if (cues[ci].start >= b &&
            cues[ci].kind == LexiconKind::kAttributionCue && !cue) {
          cue = &cues[ci];
        }
      }
      for (; mi < mentions.size() && mentions[mi].start < e; ++mi) {
        const AttributionMention& x = mentions[mi];
        if (cue && first_attributing.empty() && x.start >= b &&
            x.start < cue->start && x.type != EntityType::kThreatActor) {
          first_attributing.emplace_back(x.id);
        }
      }
      if (!first_attributing.empty()) break;
    }
  }
  size_t m = 0;
  size_t c = 0;
  // A sentence's mentions, cues and findings (kept from one to the next).
  std::vector<const AttributionMention*>& here = scratch.here;
  std::vector<const AttributionCue*>& here_cues = scratch.here_cues;
  std::vector<std::string_view>& attributing = scratch.attributing;
  std::vector<const AttributionMention*>& subjects = scratch.subjects;
  std::vector<std::string_view>& targets = scratch.targets;
  std::vector<std::string_view>& actors = scratch.actors;
  // This document's records (those of earlier documents may precede them).
  const size_t first_record = records->size();
  auto add_run = [ids](const std::vector<std::string_view>& list) {
    const ResolvedAttribution::Ids r{static_cast<uint32_t>(ids->size()),
                                     static_cast<uint32_t>(list.size())};
    ids->insert(ids->end(), list.begin(), list.end());
    return r;
  };
  for (const auto& [s_begin, s_end] : sentences) {
    here.clear();
    for (; m < mentions.size() && mentions[m].start < s_end; ++m) {
      if (mentions[m].start >= s_begin) here.push_back(&mentions[m]);
    }
    here_cues.clear();
    for (; c < cues.size() && cues[c].start < s_end; ++c) {
      if (cues[c].start >= s_begin) here_cues.push_back(&cues[c]);
    }
    const AttributionCue* attribution_cue = nullptr;
    const AttributionCue* target_cue = nullptr;
    // "Russia is responsible", "macht Russland verantwortlich": the party right
    // before a responsibility phrase is the accused state, not the attributor.
    const AttributionMention* accused = nullptr;
    for (const AttributionCue* cue : here_cues) {
      if (cue->kind == LexiconKind::kResponsibilityCue) {
        for (const AttributionMention* x : here) {
          if (x->type == EntityType::kThreatActor || x->end > cue->start ||
              cue->start - x->end > kResponsibilityGap) {
            continue;
          }
          // "Laut BSI stecken hinter ...": the source of reported speech is no
          // accused.
          const bool source =
              std::any_of(here_cues.begin(), here_cues.end(), [&](auto* c) {
                return c->kind == LexiconKind::kAccordingTo &&
                       c->end <= x->start && x->start - c->end <= kSponsorGap;
              });
          if (!source) accused = x;
        }
        if (attribution_cue == nullptr) attribution_cue = cue;
      }
      if (cue->kind == LexiconKind::kAttributionCue &&
          attribution_cue == nullptr) {
        attribution_cue = cue;
      }
      if (cue->kind == LexiconKind::kTargetCue && target_cue == nullptr)
        target_cue = cue;
    }
    auto is_party = [](const AttributionMention* x) {
      return x->type == EntityType::kState || x->type == EntityType::kAgency;
    };
    auto party_id = [](const AttributionMention* x) { return x->id; };

    // The attributing parties: the first state or agency before the attribution
    // cue, and those coordinated with it.
    attributing.clear();
    subjects.clear();
    auto add_coordinated = [&](const AttributionMention* first) {
      if (first == accused) return;
      subjects.push_back(first);
      AddUnique(&attributing, party_id(first));
      bool started = false;
      for (const AttributionMention* x : here) {
        if (x == first) {
          started = true;
          continue;
        }
        if (!started || !is_party(x)) continue;
        if (!coordinated(subjects.back(), x, here_cues)) break;
        subjects.push_back(x);
        AddUnique(&attributing, party_id(x));
      }
    };
    if (attribution_cue != nullptr) {
      for (const AttributionMention* x : here) {
        if (x->start >= attribution_cue->start) break;
        if (is_party(x)) {
          add_coordinated(x);
          break;
        }
      }
      // The passive: "attributed to APT31 by the Czech Republic".
      if (subjects.empty()) {
        if (const AttributionMention* agent =
                party_at(here, here_cues, LexiconKind::kAgentBy,
                         attribution_cue->end, false)) {
          add_coordinated(agent);
        }
      }
    }
    // Reported speech names the source: "potrivit SRI", "the NCSC said", before
    // what it reports.
    if (subjects.empty()) {
      const AttributionMention* source =
          party_at(here, here_cues, LexiconKind::kAccordingTo, 0, false);
      if (source == nullptr)
        source = party_before(here, here_cues, LexiconKind::kSaidVerb);
      if (source != nullptr && (attribution_cue == nullptr ||
                                source->start < attribution_cue->start)) {
        add_coordinated(source);
      }
    }
    auto is_subject = [&](const AttributionMention* x) {
      return std::find(subjects.begin(), subjects.end(), x) != subjects.end();
    };
    // The sponsor: a state tied to the actors by a sponsor cue next to it, or
    // the state or agency named after the attribution cue and before the
    // targets.
    std::string_view sponsor;
    if (accused != nullptr) {
      sponsor =
          accused->type == EntityType::kState ? accused->id : accused->country;
    }
    for (const AttributionMention* x : here) {
      if (!sponsor.empty()) break;
      if (x->type != EntityType::kState || is_subject(x)) continue;
      for (const AttributionCue* cue : here_cues) {
        // "Chinese APTs", "hackerii ruși", "rosyjska grupa": a state word next
        // to a word naming a hacker group ties the group to that state.
        if (cue->kind != LexiconKind::kSponsorCue &&
            cue->kind != LexiconKind::kActorCue)
          continue;
        const bool before =
            cue->end <= x->start && x->start - cue->end <= kSponsorGap;
        const bool after =
            cue->start >= x->end && cue->start - x->end <= kSponsorGap;
        if (before || after) sponsor = x->id;
      }
      if (!sponsor.empty()) break;
    }
    // Without one, a state or agency shortly after an attribution cue
    // ("attributed to Russia", "linked to Russia's GRU", "întreprinse de
    // grupări ... din China").
    for (const AttributionCue* cue : here_cues) {
      if (!sponsor.empty()) break;
      if (cue->kind != LexiconKind::kAttributionCue) continue;
      for (const AttributionMention* x : here) {
        if (x->start < cue->end || is_subject(x)) continue;
        if (target_cue != nullptr && target_cue->start > cue->end &&
            x->start >= target_cue->start) {
          break;
        }
        if (x->start > cue->end + kSponsorAfterCueWindow) break;
        if (x->type == EntityType::kState) {
          sponsor = x->id;
          break;
        }
        if (x->type == EntityType::kAgency && !x->country.empty()) {
          sponsor = x->country;
          break;
        }
      }
    }
    // The targets: states, agencies and sectors after the target cue.
    targets.clear();
    if (target_cue != nullptr) {
      // The first party after the cue and those coordinated with it ("au vizat
      // FPS Interior și Forțele Armate"); a later clause names other things.
      const AttributionMention* previous = nullptr;
      for (const AttributionMention* x : here) {
        if (x->start < target_cue->end || !is_party(x) || is_subject(x))
          continue;
        if (x->type == EntityType::kState && x->id == sponsor) continue;
        if (previous != nullptr && !coordinated(previous, x, here_cues)) break;
        AddUnique(&targets, party_id(x));
        previous = x;
      }
      for (const AttributionCue* cue : here_cues) {
        if (cue->kind == LexiconKind::kSector &&
            cue->start >= target_cue->end) {
          AddUnique(&targets, cue->value);
        }
      }
    }

    actors.clear();
    for (const AttributionMention* x : here) {
      if (x->type == EntityType::kThreatActor) AddUnique(&actors, x->id);
    }
    const bool has_cue = attribution_cue != nullptr;
    if (!actors.empty() &&
        (has_cue || previous_had_cue || target_cue != nullptr)) {
      const std::vector<std::string_view>& record_attributing =
          !attributing.empty()           ? attributing
          : !context.attributing.empty() ? context.attributing
                                         : first_attributing;
      const std::string_view record_sponsor =
          !sponsor.empty() ? sponsor : context.sponsor;
      const std::vector<std::string_view>& record_targets =
          !targets.empty() ? targets : context.targets;
      // The same statement repeated (a headline and its body) is one record.
      const bool repeated = std::any_of(
          records->begin() + static_cast<std::ptrdiff_t>(first_record),
          records->end(), [&](const ResolvedAttribution& a) {
            return SameIds(IdsOf(*ids, a.actors), actors) &&
                   SameIds(IdsOf(*ids, a.attributing), record_attributing) &&
                   a.sponsor == record_sponsor &&
                   SameIds(IdsOf(*ids, a.targets), record_targets);
          });
      if (!repeated) {
        ResolvedAttribution& record = records->emplace_back();
        record.attributing = add_run(record_attributing);
        record.actors = add_run(actors);
        record.sponsor = record_sponsor;
        record.targets = add_run(record_targets);
        record.start = s_begin;
        record.end = s_end;
        record.cue =
            has_cue ? text.substr(attribution_cue->start,
                                  attribution_cue->end - attribution_cue->start)
                    : context.cue;
        record.confidence =
            record.attributing.size == 0        ? kNoAttributorConfidence
            : (has_cue && !attributing.empty()) ? kOwnSentenceConfidence
                                                : kContextConfidence;
      }
    }
    // What this sentence says becomes the context of the following ones.
    if (!attributing.empty()) context.attributing = attributing;
    if (!sponsor.empty()) context.sponsor = sponsor;
    if (!targets.empty()) context.targets = targets;
    if (has_cue) {
      context.cue = text.substr(attribution_cue->start,
                                attribution_cue->end - attribution_cue->start);
    }
    previous_had_cue = has_cue;
  }
}

}  // namespace attrex::internal
