#!/usr/bin/env bash
# The README's two commands:
#   tools/dev.sh demo   install what is needed, build, run attrex on the bundled examples
#   tools/dev.sh test   install what is needed, build, run the whole test suite
# Environment: ATTREX_BUILD_DIR (default: build), ATTREX_JOBS (default: all cores).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mode=${1:-}
case "$mode" in
  demo|test) ;;
  *) echo "usage: tools/dev.sh demo|test" >&2; exit 2 ;;
esac

bash tools/setup-debian.sh
build=${ATTREX_BUILD_DIR:-build}
jobs=${ATTREX_JOBS:-$(nproc)}
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
fi
