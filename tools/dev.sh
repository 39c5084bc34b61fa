#!/usr/bin/env bash
# The README's two commands:
#   tools/dev.sh demo   install what is needed, build, run attrex on the bundled examples
#   tools/dev.sh test   install what is needed, build, run the whole test suite, then
#                       the reliability passes of SECURITY.md: the unit and fuzz-replay
#                       tests built with AddressSanitizer + UndefinedBehaviorSanitizer
#                       (build-asan/), and a short libFuzzer run per target
#                       (build-fuzz/, when clang with libFuzzer is there)
#   tools/dev.sh fuzz [SECONDS]   only the fuzz run, SECONDS per target (default 600)
# Environment: ATTREX_BUILD_DIR (default: build), ATTREX_JOBS (default: all cores),
# ATTREX_SANITIZER_PASS=0 skips the sanitizer pass, ATTREX_FUZZ_SECONDS the time per
# fuzz target in `test` (default 30; 0 skips the fuzz run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mode=${1:-}
case "$mode" in
  demo|test|fuzz) ;;
  *) echo "usage: tools/dev.sh demo|test|fuzz [SECONDS]" >&2; exit 2 ;;
esac
jobs=${ATTREX_JOBS:-$(nproc)}

# Each fuzz target of tests/fuzz/ for $1 seconds, seeded by tests/fuzz/corpus/<target>
# (the corpus grows in build-fuzz/work/<target>). A crash fails the run; its input is
# in build-fuzz/artifacts/<target>/, to be kept in tests/fuzz/regressions/<target>/.
fuzz_run() {
  local seconds=$1 dir=build-fuzz
  if ! command -v clang++ >/dev/null 2>&1 ||
     ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' |
       clang++ -fsanitize=fuzzer -x c++ - -o /dev/null 2>/dev/null; then
    echo "dev.sh: no clang++ with libFuzzer (Debian: clang libclang-rt-dev): fuzz run skipped" >&2
    return 0
  fi
  CC=clang CXX=clang++ cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DATTREX_BUILD_FUZZERS=ON -DATTREX_BUILD_PYTHON=OFF -DPython_EXECUTABLE=/usr/bin/python3 \
    >/dev/null
  local targets=(normalize extract jsonl_reader)
  cmake --build "$dir" -j "$jobs" --target "${targets[@]/%/_fuzzer}"
  local t failed=0
  for t in "${targets[@]}"; do
    mkdir -p "$dir/work/$t" "$dir/artifacts/$t"
    local dict=() log="$dir/fuzz-$t.log"
    [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
    if "$dir/tests/fuzz/${t}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
         -max_len=4096 "${dict[@]}" -artifact_prefix="$dir/artifacts/$t/" -print_final_stats=1 \
         "$dir/work/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
      echo "dev.sh: fuzz $t: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" |
        grep -o '[0-9]*$') inputs in ${seconds}s, no crash" >&2
    else
      failed=1
      tail -n 60 "$log" >&2
      echo "dev.sh: fuzz $t FAILED: input saved in $dir/artifacts/$t/ (keep it in" \
           "tests/fuzz/regressions/$t/ once fixed)" >&2
    fi
  done
  return $failed
}

if [ "$mode" = fuzz ]; then
  bash tools/setup-debian.sh
  fuzz_run "${2:-600}"
  exit $?
fi

bash tools/setup-debian.sh
build=${ATTREX_BUILD_DIR:-build}
# Debian's python3, not whatever python3 comes first on PATH: the binding and the
# Python tests are built and run against the system interpreter and its packages.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DPython_EXECUTABLE=/usr/bin/python3
cmake --build "$build" -j "$jobs"

if [ "$mode" = demo ]; then
  # The main job: every bundled example release through the batch tool, one JSONL
  # record per release in build/examples.jsonl, and a readable CSV on screen.
  "$build"/tools/attrex extract --quiet --output "$build"/examples.jsonl data/examples/*.txt
  "$build"/tools/attrex extract --quiet --format csv data/examples/*.txt
  echo "attrex: $(wc -l < "$build"/examples.jsonl) releases -> $build/examples.jsonl" >&2
else
  ctest --test-dir "$build" --output-on-failure -j "$jobs"

  # Reliability passes (SECURITY.md).
  if [ "${ATTREX_SANITIZER_PASS:-1}" != 0 ]; then
    start=$SECONDS
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DATTREX_SANITIZE=address,undefined -DPython_EXECUTABLE=/usr/bin/python3 >/dev/null
    cmake --build build-asan -j "$jobs"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir build-asan --output-on-failure -j "$jobs" -L 'unit|fuzz'
    echo "dev.sh: sanitizer pass: $((SECONDS - start)) s" >&2
  fi
  if [ "${ATTREX_FUZZ_SECONDS:-30}" != 0 ]; then
    start=$SECONDS
    fuzz_run "${ATTREX_FUZZ_SECONDS:-30}"
    echo "dev.sh: fuzz run: $((SECONDS - start)) s" >&2
  fi
fi
