// Throughput of the gazetteer name trie (NameMatcher::FindAll over the match
// view) and of the lexicon trie, on dense, realistic and entity-free press
// text. Bytes processed are bytes of the match view.
#include <benchmark/benchmark.h>

#include <vector>

#include "bench/bench_knowledge.h"
#include "gazetteer/name_matcher.h"

namespace {

using attrex::bench::SharedKnowledge;

void RunMatcher(benchmark::State& state,
                const attrex::internal::NameMatcher& matcher) {
  const int kind = static_cast<int>(state.range(1));
  const std::string view =
      attrex::bench::MatchView(kind, static_cast<size_t>(state.range(0)));
  std::vector<attrex::internal::NameHit> hits;
  hits.reserve(view.size() / 8);
  for (auto _ : state) {
    hits.clear();
    matcher.FindAll(view, &hits);
    benchmark::DoNotOptimize(hits.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(view.size()));
  state.counters["hits_per_KB"] =
      benchmark::Counter(static_cast<double>(hits.size()) * 1024.0 /
                         static_cast<double>(view.size()));
  state.SetLabel(attrex::bench::TextKindName(kind));
}

// The names and the lexicon terms (one matcher holds both).
void BM_GazetteerFindAll(benchmark::State& state) {
  const auto& matcher = SharedKnowledge().gazetteer.matcher();
  state.counters["trie_nodes"] = static_cast<double>(matcher.node_count());
  RunMatcher(state, matcher);
}
BENCHMARK(BM_GazetteerFindAll)
    ->ArgNames({"bytes", "text"})
    ->Args({4 << 10, attrex::bench::kDense})
    ->Args({4 << 10, attrex::bench::kProse})
    ->Args({1 << 20, attrex::bench::kDense})
    ->Args({1 << 20, attrex::bench::kProse})
    ->Args({1 << 20, attrex::bench::kProseOnly});

}  // namespace

BENCHMARK_MAIN();
