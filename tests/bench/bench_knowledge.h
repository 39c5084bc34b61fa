// The compiled data the stage benchmarks share: one Knowledge (gazetteer, patterns,
// lexicon matcher) built from the bundled data on first use, and the match view of
// a bench text.
#ifndef ATTREX_TESTS_BENCH_BENCH_KNOWLEDGE_H_
#define ATTREX_TESTS_BENCH_BENCH_KNOWLEDGE_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#include "attrex/normalize.h"
#include "attrex/options.h"
#include "bench/bench_text.h"
#include "resolve/knowledge.h"

namespace attrex::bench {

inline const internal::Knowledge& SharedKnowledge() {
  static const internal::Knowledge* knowledge = [] {
    auto* k = new internal::Knowledge();
    const Status status = k->Build(Options());
    if (!status.ok()) {
      std::fprintf(stderr, "Knowledge::Build: %s\n", status.ToString().c_str());
      std::abort();
    }
    return k;
  }();
  return *knowledge;
}

// The match view of MakeText(kind, bytes): what the matchers run on.
inline std::string MatchView(int kind, size_t bytes) {
  return Normalize(MakeText(kind, bytes)).view();
}

}  // namespace attrex::bench

#endif  // ATTREX_TESTS_BENCH_BENCH_KNOWLEDGE_H_
