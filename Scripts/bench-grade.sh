#!/usr/bin/env bash
# End-to-end rate of `agglm grade --pairs` on 1 and 2 threads, memo on and off, against the in-process
# single-thread grading rate, all in one run (issue 14). The single-thread memo-off rate is the per-core
# figure; --threads scales it by the cores that are free.
# Input: ../shared/eval/equivalence-pairs.jsonl reduced to {"gold","pred"} and repeated to 200,000 lines.
# Needs a release build (swift build -c release) and ../shared/eval.
# Usage: Scripts/bench-grade.sh [agglm binary] [rounds (default 3)] [thread counts (default "1 2")]
set -euo pipefail
cd "$(dirname "$0")/.."
agglm=${1:-.build/release/agglm}
rounds=${2:-3}
thread_counts=${3:-1 2}
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
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
    in_process=$("$agglm" bench-answers --seconds 3 | awk '/grade pairs from strings/ {print $(NF-3)}')
    echo "round $round: in-process grade pairs from strings (1 thread): $in_process pairs/s"
    for memo in 65536 0; do
        for threads in $thread_counts; do
            start=$(date +%s.%N)
            "$agglm" grade --threads "$threads" --memo-entries "$memo" --pairs "$work/pairs.jsonl" > "$work/out-$memo-$threads.jsonl"
            end=$(date +%s.%N)
            python3 -c "
seconds = $end - $start
rate = 200000 / seconds
print(f'round $round: agglm grade --threads $threads --memo-entries $memo: 200000 pairs in {seconds:.2f} s = {rate:,.0f} pairs/s, '
      f'ratio to in-process {rate / $in_process:.2f}')"
        done
    done
    echo "round $round: load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
reference="$work/out-65536-1.jsonl"
for output in "$work"/out-*.jsonl; do
    cmp -s "$reference" "$output" || { echo "OUTPUT DIFFERS: $(basename "$output") vs $(basename "$reference")"; exit 1; }
done
echo "outputs for every thread count, with and without the memo: identical"
