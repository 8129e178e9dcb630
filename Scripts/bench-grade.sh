#!/usr/bin/env bash
# End-to-end rate of `agglm grade --pairs` against the in-process grading rate, in one run (issue 14).
# Input: ../shared/eval/equivalence-pairs.jsonl reduced to {"gold","pred"} and repeated to 200,000 lines.
# Needs a release build (swift build -c release) and ../shared/eval. Usage: Scripts/bench-grade.sh [agglm binary]
set -euo pipefail
cd "$(dirname "$0")/.."
agglm=${1:-.build/release/agglm}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/pairs.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open("../shared/eval/equivalence-pairs.jsonl", encoding="utf-8")]
lines = [json.dumps({"gold": row["gold"], "pred": row["pred"]}) for row in rows]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for index in range(200_000):
        out.write(lines[index % len(lines)] + "\n")
PY
lscpu | grep 'Model name' || true
in_process=$("$agglm" bench-answers --seconds 3 | awk '/grade pairs from strings/ {print $(NF-3)}')
echo "in-process grade pairs from strings: $in_process pairs/s"
for memo in 65536 0; do
    start=$(date +%s.%N)
    "$agglm" grade --memo-entries "$memo" --pairs "$work/pairs.jsonl" > "$work/out-$memo.jsonl"
    end=$(date +%s.%N)
    python3 -c "
seconds = $end - $start
rate = 200000 / seconds
print(f'agglm grade --memo-entries $memo: 200000 pairs in {seconds:.2f} s = {rate:,.0f} pairs/s, '
      f'ratio to in-process {rate / $in_process:.2f}')"
done
cmp -s "$work/out-65536.jsonl" "$work/out-0.jsonl" && echo "outputs with and without the memo: identical"
