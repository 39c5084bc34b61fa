// Throughput of the normaliser on mostly-Latin press text and on pure ASCII.
#include <benchmark/benchmark.h>

#include "attrex/normalize.h"
#include "bench/bench_text.h"

namespace {

void BM_NormalizePressText(benchmark::State& state) {
  const std::string text = attrex::bench::PressText(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    attrex::NormalizedText n = attrex::Normalize(text);
    benchmark::DoNotOptimize(n.view().data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_NormalizePressText)->Arg(4 << 10)->Arg(1 << 20)->Arg(16 << 20);

void BM_NormalizeAscii(benchmark::State& state) {
  std::string text;
  while (text.size() < (1u << 20)) {
    text += "The group known as APT28 targeted the Ministry of Defence in 2024. ";
  }
  for (auto _ : state) {
    attrex::NormalizedText n = attrex::Normalize(text);
    benchmark::DoNotOptimize(n.view().data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_NormalizeAscii);

}  // namespace

BENCHMARK_MAIN();
