// Throughput of the naming-scheme patterns (PatternSet::FindAll: the RE2::Set
// prefilter, then each pattern that can match) over the match view. Bytes processed
// are bytes of the match view.
#include <benchmark/benchmark.h>

#include <vector>

#include "bench/bench_knowledge.h"
#include "patterns/patterns.h"

namespace {

void BM_PatternsFindAll(benchmark::State& state) {
  const auto& patterns = attrex::bench::SharedKnowledge().patterns;
  const int kind = static_cast<int>(state.range(1));
  const std::string view =
      attrex::bench::MatchView(kind, static_cast<size_t>(state.range(0)));
  std::vector<attrex::internal::PatternHit> hits;
  for (auto _ : state) {
    hits.clear();
    patterns.FindAll(view, &hits);
    benchmark::DoNotOptimize(hits.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(view.size()));
  state.counters["hits_per_KB"] = benchmark::Counter(
      static_cast<double>(hits.size()) * 1024.0 / static_cast<double>(view.size()));
  state.counters["patterns"] = static_cast<double>(patterns.size());
  state.SetLabel(attrex::bench::TextKindName(kind));
}
BENCHMARK(BM_PatternsFindAll)
    ->ArgNames({"bytes", "text"})
    ->Args({4 << 10, attrex::bench::kDense})
    ->Args({4 << 10, attrex::bench::kProse})
    ->Args({1 << 20, attrex::bench::kDense})
    ->Args({1 << 20, attrex::bench::kProse})
    ->Args({1 << 20, attrex::bench::kProseOnly});

}  // namespace

BENCHMARK_MAIN();
