#!/usr/bin/env python3
"""Agreement of `agglm grade` with the peer suites' expectations (Scripts/peer-cases.sh): overall, per
suite, split into set A (cases from the test files the ../shared/eval pairs came from: the kind of the
held-out set) and set B (the other files, mostly latex2sympy parser tests), and every disagreement with its
source line.
    peer_agreement.py CASES GRADED [SHARED_EVAL_PAIRS]"""
import collections
import json
import os
import re
import sys


def source_file(source):
    """`owner/repo path:line` or `… path@commit (…)` -> `owner/repo path`."""
    return re.split(r"[:@ ]", source.split(" ", 1)[1], maxsplit=1)[0] if " " in source else source


cases = [json.loads(line) for line in open(sys.argv[1])]
graded = [json.loads(line) for line in open(sys.argv[2])]
assert len(cases) == len(graded), "grade output must align with its input"
eval_path = sys.argv[3] if len(sys.argv) > 3 else "../shared/eval/equivalence-pairs.jsonl"
eval_files = set()
if os.path.exists(eval_path):
    for line in open(eval_path):
        source = json.loads(line).get("source", "")
        eval_files.add((source.split(" ", 1)[0], source_file(source)))
per_suite = collections.defaultdict(lambda: [0, 0])
per_set = collections.defaultdict(lambda: [0, 0])
wrong = []
for case, verdict in zip(cases, graded):
    suite = case["source"].split(" ", 1)[0]
    case_set = "A" if (suite, source_file(case["source"])) in eval_files else "B"
    agrees = verdict["equal"] == case["equal"]
    for tally in (per_suite[suite], per_set[case_set]):
        tally[0] += agrees
        tally[1] += 1
    if not agrees:
        wrong.append((case_set, case, verdict))
agree = sum(a for a, _ in per_suite.values())
print(f"agreement {agree}/{len(cases)} = {100 * agree / max(1, len(cases)):.1f}%")
for name, (a, n) in sorted(per_set.items()):
    print(f"  set {name}: {a}/{n} = {100 * a / max(1, n):.1f}%")
for suite, (a, n) in sorted(per_suite.items()):
    print(f"  {suite}: {a}/{n}")
for case_set, case, verdict in sorted(wrong, key=lambda item: item[0]):
    print(f"\n[{case_set}] expected {case['equal']}  {case['source']}\n  gold {case['gold'][:160]!r}"
          f"\n  pred {case['pred'][:160]!r}\n  read {verdict.get('gold')!r} | {verdict.get('pred')!r}")
