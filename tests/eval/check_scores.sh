#!/usr/bin/env bash
# Checks attrex against the shared evaluation data: the seed release must score
# F1 = 1.0, the dev set F1 >= 0.90 with precision >= 0.93, and the attribution
# records of the seed must be exactly right. Exit 77 (skipped) without the data.
set -euo pipefail
bin=$1
python=$2
root=$3
eval_dir="$root/../shared/eval"
if [ ! -f "$eval_dir/score.py" ] || [ ! -f "$eval_dir/dev/dev.jsonl" ]; then
  echo "no ../shared/eval beside the checkout: skipped"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" extract --quiet < "$eval_dir/seed.jsonl" > "$tmp/seed.jsonl"
"$bin" extract --quiet < "$eval_dir/dev/dev.jsonl" > "$tmp/dev.jsonl"
"$python" "$eval_dir/score.py" "$eval_dir/seed.jsonl" "$tmp/seed.jsonl" --json > "$tmp/seed.score"
"$python" "$eval_dir/score.py" "$eval_dir/dev/dev.jsonl" "$tmp/dev.jsonl" --json > "$tmp/dev.score"
cat "$eval_dir/seed.jsonl" "$eval_dir/dev/dev.jsonl" | "$bin" extract --quiet > "$tmp/all.jsonl"
"$python" "$root/tools/score_attributions.py" "$root/tests/attribution/dev_gold.jsonl" \
  "$tmp/all.jsonl" "$eval_dir/dev/dev.jsonl" "$eval_dir/seed.jsonl" > "$tmp/attr.score"
"$python" - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
def overall(path):
    data = json.load(open(path))
    return data.get("ALL") or data.get("overall") or data
seed, dev = overall(f"{tmp}/seed.score"), overall(f"{tmp}/dev.score")
print("seed:", seed)
print("dev:", dev)
print(open(f"{tmp}/attr.score").read())
ok = seed["f1"] == 1.0 and dev["f1"] >= 0.90 and dev["precision"] >= 0.93
sys.exit(0 if ok else 1)
PY
