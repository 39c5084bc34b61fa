// End-to-end Extractor::Extract (normalise, match, resolve) on press text of 4 KB,
// 64 KB and 1 MB, and thread scaling of one Extractor shared by 1 and 2 threads.
// Bytes processed are bytes of the original text.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "attrex/extractor.h"
#include "bench/bench_text.h"

namespace {

const attrex::Extractor& SharedExtractor() {
  static const attrex::Extractor* extractor = [] {
    auto created = attrex::Extractor::Create(attrex::Options());
    if (!created.ok()) {
      std::fprintf(stderr, "Extractor::Create: %s\n", created.status().ToString().c_str());
      std::abort();
    }
    return std::move(created).value().release();
  }();
  return *extractor;
}

void RunExtract(benchmark::State& state, const std::string& text) {
  const attrex::Extractor& extractor = SharedExtractor();
  size_t mentions = 0;
  for (auto _ : state) {
    attrex::Result<attrex::Document> doc = extractor.Extract(text);
    if (!doc.ok()) {
      state.SkipWithError(doc.status().ToString().c_str());
      break;
    }
    mentions = doc->mentions.size();
    benchmark::DoNotOptimize(doc->mentions.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  // Per document; kAvgThreads: not summed over the threads.
  state.counters["mentions_per_KB"] = benchmark::Counter(
      static_cast<double>(mentions) * 1024.0 / static_cast<double>(text.size()),
      benchmark::Counter::kAvgThreads);
}

void BM_Extract(benchmark::State& state) {
  const int kind = static_cast<int>(state.range(1));
  const std::string text =
      attrex::bench::MakeText(kind, static_cast<size_t>(state.range(0)));
  state.SetLabel(attrex::bench::TextKindName(kind));
  RunExtract(state, text);
}
BENCHMARK(BM_Extract)
    ->ArgNames({"bytes", "text"})
    ->Args({4 << 10, attrex::bench::kDense})
    ->Args({4 << 10, attrex::bench::kProse})
    ->Args({64 << 10, attrex::bench::kProse})
    ->Args({1 << 20, attrex::bench::kDense})
    ->Args({1 << 20, attrex::bench::kProse})
    ->Unit(benchmark::kMicrosecond);

// One Extractor, documents extracted concurrently: with UseRealTime the bytes/s is
// the total over all threads per wall-clock second (2 threads on 2 cores: ideally 2x).
void BM_ExtractThreads(benchmark::State& state) {
  static const std::string* texts[2] = {
      new std::string(attrex::bench::ProsePressText(4 << 10)),
      new std::string(attrex::bench::ProsePressText(64 << 10))};
  const std::string& text = *texts[state.range(0) == (4 << 10) ? 0 : 1];
  state.SetLabel("prose");
  RunExtract(state, text);
}
BENCHMARK(BM_ExtractThreads)
    ->ArgName("bytes")
    ->Arg(4 << 10)
    ->Arg(64 << 10)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
