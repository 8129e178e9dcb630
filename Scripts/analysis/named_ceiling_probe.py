#!/usr/bin/env python3
"""How far can *any* scorer get on zeroeval-math-l5 with model names? (issue 5's .75 target)

A probe outside the product, to tell a weak learner from a data limit. It reads every candidate's
answer with AggLM's own extractor and grader (`agglm extract`, `agglm grade`), draws 16 random k=8
sets per problem (seeded), and runs problem-level 5-fold cross-validation of cluster scorers that get
more help than the shipped policy has:

- per-model reliability *counted on this file's training folds* (log-odds of being right), which
  the shipped policy cannot have: it serves every dataset with one embedding per model name, and
  the same names are ~95% right on GSM8K and 4-90% right here;
- cluster features: votes, vote share, largest or not, number of clusters, sum and max of the
  members' reliability, max and sum over the other clusters' members;
- answer value: integer or not, log magnitude, sign, whether the question writes it;
- agreement of each pair of models, counted on the training folds.

The best cluster per set is the one with the highest predicted probability of being right.
Requires scikit-learn and numpy (`pip install scikit-learn`); about a minute on 2 cores.

Usage: Scripts/analysis/named_ceiling_probe.py [--agglm .build/release/agglm] [--data FILE]
"""
import argparse
import collections
import gzip
import json
import math
import random
import re
import subprocess
import tempfile

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler


def run_jsonl(agglm, command, flag, records):
    """Runs `agglm COMMAND FLAG FILE` on records written as JSON Lines; returns the output records."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
        handle.flush()
        out = subprocess.run([agglm, command, flag, handle.name], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def load(agglm, path):
    problems = [json.loads(line) for line in gzip.open(path, "rt")]
    flat = [(p, c) for p in problems for c in p["candidates"]]
    extracted = run_jsonl(agglm, "extract", "--input", [{"text": c["text"]} for _, c in flat])
    graded = run_jsonl(agglm, "grade", "--pairs", [{"gold": p["gold"], "pred": e["answer"] or ""}
                                                   for (p, _), e in zip(flat, extracted)])
    out = collections.OrderedDict()
    for (p, c), e, g in zip(flat, extracted, graded):
        out.setdefault(p["id"], {"question": p["question"], "candidates": []})["candidates"].append(
            {"model": c["model"], "key": e["canonical"], "ok": bool(g["equal"])})
    return list(out.values())


def value_of(key):
    try:
        return float(key)
    except (TypeError, ValueError):
        return None


def cluster_rows(problem, members, reliability, pair):
    """One feature row and label per answer cluster of the set `members` (candidate indices)."""
    candidates = problem["candidates"]
    clusters = collections.OrderedDict()
    for i in members:
        if candidates[i]["key"] is not None:
            clusters.setdefault(candidates[i]["key"], []).append(candidates[i])
    largest = max((len(v) for v in clusters.values()), default=0)
    question_numbers = set(re.findall(r"\d+", problem["question"]))
    rows = []
    for key, cluster in clusters.items():
        rel = [reliability[c["model"]] for c in cluster]
        others = [reliability[c["model"]] for k, m in clusters.items() if k != key for c in m]
        pairs = [pair[(a["model"], b["model"])] for i, a in enumerate(cluster) for b in cluster[i + 1:]]
        x = value_of(key)
        rows.append(([
            len(cluster), len(cluster) / len(members), float(len(cluster) == largest), len(clusters),
            sum(rel), max(rel), max(others, default=-5), sum(others),
            -1 if x is None else float(x == int(x)), -1 if x is None else math.log10(abs(x) + 1),
            float(x is not None and x < 0), float(key in question_numbers),
            max(pairs, default=-1), float(np.mean(pairs)) if pairs else -1,
        ], int(cluster[0]["ok"])))
    return rows


def counted_statistics(problems, train):
    right, seen = collections.Counter(), collections.Counter()
    agree, agree_right = collections.Counter(), collections.Counter()
    for p in train:
        candidates = problems[p]["candidates"]
        for c in candidates:
            seen[c["model"]] += 1
            right[c["model"]] += c["ok"]
        for i, a in enumerate(candidates):
            for b in candidates[i + 1:]:
                if a["key"] is not None and a["key"] == b["key"]:
                    for pair in ((a["model"], b["model"]), (b["model"], a["model"])):
                        agree[pair] += 1
                        agree_right[pair] += a["ok"]
    models = {c["model"] for p in problems for c in p["candidates"]}
    reliability = {m: math.log((right[m] + 1) / (seen[m] - right[m] + 1)) for m in models}
    pair = collections.defaultdict(lambda: 0.5)
    for key, n in agree.items():
        pair[key] = (agree_right[key] + 1) / (n + 2)
    return reliability, pair


def accuracy(sets, scored):
    """Mean over problems of the share of their sets whose best-scored cluster is right."""
    per_problem = collections.defaultdict(list)
    for (problem, _), rows in zip(sets, scored):
        best = max(rows, default=None, key=lambda r: r[0])
        per_problem[problem].append(best[1] if best else 0)
    return float(np.mean([np.mean(v) for v in per_problem.values()]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agglm", default=".build/release/agglm")
    parser.add_argument("--data", default="../shared/data/zeroeval-math-l5.jsonl.gz")
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--sets", type=int, default=16)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    problems = load(args.agglm, args.data)
    rng = random.Random(0)
    sets = [(p, rng.sample(range(len(problems[p]["candidates"])), min(args.k, len(problems[p]["candidates"]))))
            for p in range(len(problems)) for _ in range(args.sets)]
    order = list(range(len(problems)))
    random.Random(42).shuffle(order)
    fold_of = {p: i % args.folds for i, p in enumerate(order)}
    consensus, reliability_cols = [0, 1, 2, 3], [4, 5, 6, 7]
    variants = {
        "majority (votes)": None,
        "GBT: consensus + counted reliability": consensus + reliability_cols,
        "GBT: + answer value": consensus + reliability_cols + [8, 9, 10, 11],
        "GBT: + answer value + pair agreement": list(range(14)),
        "MLP: consensus + counted reliability + answer value": consensus + reliability_cols + [8, 9, 10, 11],
    }
    results = collections.defaultdict(list)
    for fold in range(args.folds):
        train = [p for p in range(len(problems)) if fold_of[p] != fold]
        reliability, pair = counted_statistics(problems, train)
        data = {}
        for part, wanted in (("train", True), ("test", False)):
            part_sets = [s for s in sets if (fold_of[s[0]] != fold) == wanted]
            data[part] = (part_sets, [cluster_rows(problems[p], m, reliability, pair) for p, m in part_sets])
        train_x = np.array([r[0] for rows in data["train"][1] for r in rows])
        train_y = np.array([r[1] for rows in data["train"][1] for r in rows])
        test_sets, test_rows = data["test"]
        for name, cols in variants.items():
            if cols is None:
                jitter = random.Random(fold)
                scored = [[(r[0][0] + 1e-3 * jitter.random(), r[1]) for r in rows] for rows in test_rows]
            else:
                if name.startswith("MLP"):
                    scaler = StandardScaler().fit(train_x[:, cols])
                    model = MLPClassifier(hidden_layer_sizes=(32, 32), max_iter=200, early_stopping=True,
                                          random_state=0).fit(scaler.transform(train_x[:, cols]), train_y)
                    transform = lambda x, s=scaler: s.transform(x)
                else:
                    model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, max_leaf_nodes=15,
                                                           random_state=0).fit(train_x[:, cols], train_y)
                    transform = lambda x: x
                scored = []
                for rows in test_rows:
                    if not rows:
                        scored.append([])
                        continue
                    p = model.predict_proba(transform(np.array([r[0] for r in rows])[:, cols]))[:, 1]
                    scored.append(list(zip(p, (r[1] for r in rows))))
            results[name].append(accuracy(test_sets, scored))
        print(f"fold {fold + 1}/{args.folds} done", flush=True)
    print(f"{args.data}: k={args.k}, {args.sets} sets/problem, problem-level {args.folds}-fold CV")
    for name, values in results.items():
        print(f"  {name:55s} {np.mean(values):.3f}  (folds {', '.join(f'{v:.3f}' for v in values)})")


if __name__ == "__main__":
    main()
