// Extractor::Create: loading the bundled data, expanding stems, building the name
// trie, compiling the patterns and the lexicon -- the fixed cost of every process
// (`attrex extract` pays it once per run). Args: which entity types are enabled,
// and Options::build_threads.
#include <benchmark/benchmark.h>

#include "attrex/extractor.h"

namespace {

void BM_Create(benchmark::State& state) {
  attrex::Options options;
  const int types = static_cast<int>(state.range(0));  // bit mask of EntityType
  options.states = (types & 1) != 0;
  options.agencies = (types & 2) != 0;
  options.threat_actors = (types & 4) != 0;
  options.build_threads = static_cast<unsigned>(state.range(1));
  size_t names = 0;
  size_t nodes = 0;
  size_t trie_bytes = 0;
  for (auto _ : state) {
    auto extractor = attrex::Extractor::Create(options);
    if (!extractor.ok()) {
      state.SkipWithError(extractor.status().ToString().c_str());
      break;
    }
    names = (*extractor)->stats().names;
    nodes = (*extractor)->stats().matcher_nodes;
    trie_bytes = (*extractor)->stats().matcher_bytes;
    benchmark::DoNotOptimize(extractor);
  }
  state.counters["names"] = static_cast<double>(names);
  state.counters["trie_nodes"] = static_cast<double>(nodes);
  state.counters["trie_bytes"] = static_cast<double>(trie_bytes);
  state.SetLabel(types == 7   ? "all types"
                 : types == 1 ? "states"
                 : types == 2 ? "agencies"
                              : "actors");
}
// Wall time: with two build threads, the CPU time of the calling thread alone
// would leave out the second's.
BENCHMARK(BM_Create)
    ->ArgNames({"types", "build_threads"})
    ->Args({7, 1})
    ->Args({7, 2})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Args({4, 1})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
