#!/usr/bin/env bash
# End-to-end benchmark of `attrex extract` against a Python reference baseline, on a
# generated multilingual press-release corpus (BENCHMARKS.md explains the method).
#
#   tools/bench.sh [options] BUILD_DIR [SIZE_MB]
#
#   BUILD_DIR   an attrex build (Release) holding tools/attrex; this script builds nothing:
#                 cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release \
#                       -DATTREX_BUILD_BENCHMARKS=ON -DATTREX_BUILD_PYTHON=OFF \
#                       -DPython_EXECUTABLE=/usr/bin/python3
#                 cmake --build build-bench -j2 --target attrex_cli
#   SIZE_MB     corpus size in MB of text (default 20; 100 for the full run)
#
# options:
#   --seed N          corpus seed (default 1)
#   --words-per-mention MIN-MAX
#                     entity density of the generated corpora (gen_corpus.py; default
#                     40-80; 4-8 is as dense as real attribution releases, about one
#                     mention per 80 bytes)
#   --single-mb N     size of the single-document run (default 100; 0 skips it); it is
#                     also run at N/10 MB to check that time grows linearly
#   --repeat N        run each attrex measurement N times, keep the fastest (default 1)
#   --no-baseline     skip the Python baseline
#   --work DIR        corpora and outputs (default /tmp/attrex-bench)
#   --timeout S       give up on one run after S seconds (default 900)
#
# What it runs (wall time and peak RSS from /usr/bin/time -v):
#   1. tools/gen_corpus.py into the work folder, unless that corpus is there already;
#   2. creation: `attrex extract` on empty input, 5 times (median): Extractor::Create
#      plus process start;
#   3. `attrex extract --threads 1 -q` and `--threads 2 -q` on the corpus, and
#      `--threads 1` with the corpus piped on standard input (`cat corpus |`);
#   4. tools/bench_baseline.py (pyahocorasick + re, same names and patterns) on it;
#   5. one document of --single-mb MB, and of a tenth of that, `--threads 1`.
# Outputs go to files in the work folder, as an analyst's do.
# shellcheck disable=SC2059  # the report rows share one printf format, $fmt
set -euo pipefail

usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }

seed=1
density=40-80
single_mb=100
repeat=1
baseline=1
work=/tmp/attrex-bench
timeout_s=900
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seed) seed=$2; shift 2 ;;
    --words-per-mention) density=$2; shift 2 ;;
    --single-mb) single_mb=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --no-baseline) baseline=0; shift ;;
    --work) work=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    -*) echo "bench.sh: unknown option $1" >&2; usage ;;
    *) positional+=("$1"); shift ;;
  esac
done
if [ ${#positional[@]} -lt 1 ] || [ ${#positional[@]} -gt 2 ]; then usage; fi
build=$(cd "${positional[0]}" && pwd)
size_mb=${positional[1]:-20}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=/usr/bin/python3   # Debian's python3 (python3-ahocorasick lives there)
attrex=$build/tools/attrex
if [ ! -x "$attrex" ]; then
  echo "bench.sh: $attrex not found; build it first (see the top of this script)" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "bench.sh: /usr/bin/time is missing (apt-get install time)" >&2
  exit 2
fi
if [ "$baseline" = 1 ] && ! "$py" -c 'import ahocorasick' 2>/dev/null; then
  echo "bench.sh: $py cannot import ahocorasick: bash tools/setup-debian.sh" \
       "(python3-ahocorasick), or pass --no-baseline" >&2
  exit 2
fi
mkdir -p "$work"

# ---- helpers -------------------------------------------------------------------------
# measure NAME OUT CMD...: runs CMD (stdin as the caller redirects it) under
# /usr/bin/time -v, its output written to the file OUT, emptied first; sets
# wall[NAME] (s, from EPOCHREALTIME), rss[NAME] (MB), cpu[NAME] (user+sys s) and
# status[NAME].
declare -A wall rss cpu status
measure() {
  local name=$1 out=$2; shift 2
  local tf="$work/$name.time"
  # The records earlier runs wrote (1.3 GB for the dense corpus) go to disk
  # first, untimed: left dirty, they throttled the next run's writes, which
  # then showed as seconds of system time.
  sync
  local t0=$EPOCHREALTIME rc=0
  timeout "$timeout_s" /usr/bin/time -v -o "$tf" "$@" > "$out" || rc=$?
  local t1=$EPOCHREALTIME
  status[$name]=$rc
  wall[$name]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  if [ -s "$tf" ]; then
    rss[$name]=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$tf")
    cpu[$name]=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 }
                             END { printf "%.2f", u + s }' "$tf")
  else
    rss[$name]=NA; cpu[$name]=NA
  fi
  if [ "$rc" = 124 ]; then
    echo "bench.sh: $name timed out after ${timeout_s}s" >&2
  elif [ "$rc" != 0 ]; then
    echo "bench.sh: $name exited with status $rc" >&2
  fi
}
# best NAME N OUT CMD...: measure N times, keep the fastest run under NAME. Each
# run writes OUT anew: the runs' records appended to one file (3.9 GB for three
# runs on the dense corpus) made the later runs write past gigabytes of dirty
# page cache.
best() {
  local name=$1 n=$2; shift 2
  local i bw='' br='' bc='' bs=''
  for ((i = 1; i <= n; i++)); do
    measure "$name" "$@"
    if [ -z "$bw" ] || awk -v a="${wall[$name]}" -v b="$bw" 'BEGIN { exit !(a < b) }'; then
      bw=${wall[$name]}; br=${rss[$name]}; bc=${cpu[$name]}; bs=${status[$name]}
    fi
  done
  wall[$name]=$bw; rss[$name]=$br; cpu[$name]=$bc; status[$name]=$bs
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ---- corpora -------------------------------------------------------------------------
# The cache key covers the generator and the data it reads, so a stale corpus is
# never reused after either changes.
gen_key=$(cat "$repo/tools/gen_corpus.py" "$repo"/data/states/*.tsv "$repo"/data/agencies/agencies.*.tsv \
          "$repo"/data/actors/actors.names.tsv "$repo"/data/inflection/paradigms.tsv | sha1sum | cut -c1-8)
# The default density keeps the names corpora had before the option existed.
dense_tag=''
[ "$density" != 40-80 ] && dense_tag="-wpm$density"
corpus=$work/corpus-${size_mb}mb-seed${seed}$dense_tag-$gen_key.jsonl
if [ ! -s "$corpus" ]; then
  echo "bench.sh: generating $corpus" >&2
  "$py" "$repo/tools/gen_corpus.py" --size-mb "$size_mb" --seed "$seed" \
    --words-per-mention "$density" -o "$corpus"
fi
text_bytes() {  # UTF-8 bytes of the "text" fields of a JSONL file
  "$py" -c 'import json,sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    n += len(json.loads(line)["text"].encode("utf-8"))
print(n)' "$1"
}
docs=$(wc -l < "$corpus")
bytes=$(text_bytes "$corpus")
mb=$(calc "%.3f" "$bytes / 1e6")

src=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
rev=unknown
if [ -n "$src" ] && git -C "$src" rev-parse --short HEAD >/dev/null 2>&1; then
  rev=$(git -C "$src" rev-parse --short HEAD)
  if [ -n "$(git -C "$src" status --porcelain -- lib include tools 2>/dev/null)" ]; then
    rev="$rev+dirty"
  fi
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)

echo "== attrex benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine:  $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "attrex:   $attrex (source $rev, ${build_type:-?} build)"
echo "corpus:   $corpus"
echo "          $docs documents, $mb MB of text (seed $seed, one entity slot per" \
     "$density words)"

# ---- creation ------------------------------------------------------------------------
create_walls=()
for i in 1 2 3 4 5; do
  measure create "$work/empty.out" "$attrex" extract -q --input-format jsonl < /dev/null
  create_walls+=("${wall[create]}")
done
create_s=$(printf '%s\n' "${create_walls[@]}" | median)
create_rss=${rss[create]}
create_cpu=${cpu[create]}

# ---- the corpus ----------------------------------------------------------------------
best j1 "$repeat" "$work/attrex-j1.jsonl" "$attrex" extract --threads 1 -q "$corpus"
best j2 "$repeat" "$work/attrex-j2.jsonl" "$attrex" extract --threads 2 -q "$corpus"
if ! cmp -s "$work/attrex-j1.jsonl" "$work/attrex-j2.jsonl"; then
  echo "bench.sh: WARNING: --threads 1 and --threads 2 outputs differ" >&2
fi
# As an analyst pipes an archive in (zcat ... | attrex extract -).
best pipe "$repeat" "$work/attrex-pipe.jsonl" \
  sh -c 'cat "$1" | "$2" extract --threads 1 -q -' sh "$corpus" "$attrex"
if ! cmp -s "$work/attrex-j1.jsonl" "$work/attrex-pipe.jsonl"; then
  echo "bench.sh: WARNING: the piped run's output differs from --threads 1's" >&2
fi
if [ "$baseline" = 1 ]; then
  measure base /dev/null "$py" "$repo/tools/bench_baseline.py" "$corpus" \
    -o "$work/baseline.jsonl" 2> "$work/baseline.summary"
  base_load=$("$py" -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])["load_s"])' \
              "$work/baseline.summary" 2>/dev/null || echo NA)
fi

# ---- single document -----------------------------------------------------------------
if [ "$single_mb" != 0 ]; then
  small_mb=$(calc "%g" "$single_mb / 10")
  for s in "$small_mb" "$single_mb"; do
    f=$work/single-${s}mb-seed${seed}$dense_tag-$gen_key.jsonl
    if [ ! -s "$f" ]; then
      echo "bench.sh: generating $f" >&2
      "$py" "$repo/tools/gen_corpus.py" --single-document --size-mb "$s" --seed "$seed" \
        --words-per-mention "$density" -q -o "$f"
    fi
  done
  single_small=$work/single-${small_mb}mb-seed${seed}$dense_tag-$gen_key.jsonl
  single_big=$work/single-${single_mb}mb-seed${seed}$dense_tag-$gen_key.jsonl
  sbytes_small=$(text_bytes "$single_small")
  sbytes_big=$(text_bytes "$single_big")
  best s_small "$repeat" "$work/attrex-single-small.jsonl" \
    "$attrex" extract --threads 1 -q "$single_small"
  best s_big "$repeat" "$work/attrex-single-big.jsonl" \
    "$attrex" extract --threads 1 -q "$single_big"
fi

# ---- report --------------------------------------------------------------------------
fmt='| %-40s | %7s | %7s | %9s | %7s | %11s | %7s |\n'
row() {  # row LABEL NAME BYTES DOCS (DOCS "-": do not print docs/s)
  local label=$1 name=$2 b=$3 d=$4
  if [ "${status[$name]}" != 0 ]; then
    printf "$fmt" "$label" "${wall[$name]}" "failed" "" "" "${rss[$name]}" "${cpu[$name]}"
    return
  fi
  local dps=-
  [ "$d" != - ] && dps=$(calc "%.0f" "$d / ${wall[$name]}")
  printf "$fmt" "$label" "${wall[$name]}" \
    "$(calc "%.2f" "$b / 1e6 / ${wall[$name]}")" \
    "$(calc "%.2f" "$b / 1e6 / (${cpu[$name]} > 0 ? ${cpu[$name]} : 1e-9)")" \
    "$dps" "${rss[$name]}" "${cpu[$name]}"
}
echo
printf "$fmt" "run" "wall s" "MB/s" "MB/CPU-s" "docs/s" "peak RSS MB" "CPU s"
printf "$fmt" "---" "---:" "---:" "---:" "---:" "---:" "---:"
printf "$fmt" "attrex create (empty input, median of 5)" "$create_s" "" "" "" "$create_rss" "$create_cpu"
row "attrex --threads 1" j1 "$bytes" "$docs"
row "attrex --threads 2" j2 "$bytes" "$docs"
row "attrex --threads 1, piped on stdin" pipe "$bytes" "$docs"
if [ "$baseline" = 1 ]; then
  row "baseline (pyahocorasick + re)" base "$bytes" "$docs"
fi
if [ "$single_mb" != 0 ]; then
  row "attrex 1 document of ${small_mb} MB, -j1" s_small "$sbytes_small" -
  row "attrex 1 document of ${single_mb} MB, -j1" s_big "$sbytes_big" -
fi
echo
echo "MB = 10^6 bytes of document text. Wall time includes process start and"
echo "Extractor::Create (attrex) or loading the names (baseline: ${base_load:-NA} s);"
echo "MB/CPU-s divides by user+sys time instead (less sensitive to a busy machine)."
j1_mbs=$(calc "%.4f" "$bytes / 1e6 / ${wall[j1]}")
j2_mbs=$(calc "%.4f" "$bytes / 1e6 / ${wall[j2]}")
echo "speed-up --threads 2 / --threads 1: $(calc "%.2f" "${wall[j1]} / ${wall[j2]}")x"
if [ "$baseline" = 1 ] && [ "${status[base]}" = 0 ]; then
  base_mbs=$(calc "%.4f" "$bytes / 1e6 / ${wall[base]}")
  echo "ratio attrex/baseline (MB/s): --threads 1 $(calc "%.2f" "$j1_mbs / $base_mbs")x," \
       "--threads 2 $(calc "%.2f" "$j2_mbs / $base_mbs")x; peak RSS" \
       "$(calc "%.2f" "${rss[j1]} / ${rss[base]}")x"
fi
if [ "$single_mb" != 0 ] && [ "${status[s_small]}" = 0 ] && [ "${status[s_big]}" = 0 ]; then
  # Linear time: (t_big - t_create) / (t_small - t_create) == size ratio.
  # Wall times come from EPOCHREALTIME (microseconds): a tenth of a second
  # beyond creation is enough to tell (the 10 MB document takes 0.15-0.35 s).
  if awk -v t="${wall[s_small]}" -v c="$create_s" 'BEGIN { exit !(t - c >= 0.1) }'; then
    ratio=$(calc "%.2f" "(${wall[s_big]} - $create_s) / (${wall[s_small]} - $create_s) / ($sbytes_big / $sbytes_small)")
    echo "linearity (time per byte, ${single_mb} MB vs ${small_mb} MB document, creation" \
         "subtracted): ${ratio} (1.00 = linear)"
  else
    echo "linearity: the ${small_mb} MB document is too quick to tell; use a larger --single-mb"
  fi
fi
echo "outputs and /usr/bin/time reports: $work"
