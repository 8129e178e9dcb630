#!/usr/bin/env python3
"""Agreement of `agglm grade` with the peer suites' expectations (Scripts/peer-cases.sh): overall, per
suite, and every disagreement with its source line."""
import collections
import json
import sys

cases = [json.loads(line) for line in open(sys.argv[1])]
graded = [json.loads(line) for line in open(sys.argv[2])]
assert len(cases) == len(graded), "grade output must align with its input"
per_suite = collections.defaultdict(lambda: [0, 0])
wrong = []
for case, verdict in zip(cases, graded):
    suite = case["source"].split(" ", 1)[0]
    per_suite[suite][1] += 1
    if verdict["equal"] == case["equal"]:
        per_suite[suite][0] += 1
    else:
        wrong.append((case, verdict))
agree = sum(a for a, _ in per_suite.values())
print(f"agreement {agree}/{len(cases)} = {100 * agree / max(1, len(cases)):.1f}%")
for suite, (a, n) in sorted(per_suite.items()):
    print(f"  {suite}: {a}/{n}")
for case, verdict in wrong:
    print(f"\nexpected {case['equal']}  {case['source']}\n  gold {case['gold'][:160]!r}\n  pred {case['pred'][:160]!r}"
          f"\n  read {verdict.get('gold')!r} | {verdict.get('pred')!r}")
