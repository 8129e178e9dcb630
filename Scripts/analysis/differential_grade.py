"""Differential test of AggLM's answer equivalence against Math-Verify and a plain SymPy grader.

Run through Scripts/differential-grade.sh, which makes the dev-only virtual environment this needs
(math-verify and sympy from PyPI; neither is a dependency of AggLM itself).

What is compared: for every candidate in ../shared/data/*.jsonl.gz, the answer AggLM extracts from it
(`agglm extract`) is paired with the problem's gold. Pairs are de-duplicated per file, and at most
--per-file of them are kept per file, chosen deterministically by a hash of (file, gold, answer), so the
same data always gives the same sample. Each pair then gets three verdicts:
  - AggLM: `agglm grade --pairs` (gold, answer);
  - Math-Verify: verify(parse(gold), parse(answer)), each side wrapped in \\boxed{...} so the whole string is
    the answer (its own extraction would otherwise look for $...$ delimiters);
  - SymPy: both sides parsed by latex2sympy2_extended's latex2sympy, then equal when the strings are equal,
    or simplify(a - b) == 0, or (for finite sets/tuples) element-wise; no numeric tolerance.
All three grade the same strings, so a disagreement is about equivalence, not about extraction. Math-Verify
and SymPy run in a worker process capped at 2 GiB, killed and restarted after --timeout seconds on one pair
(both verdicts then False); verdicts are cached in --cache so an interrupted run resumes.

Output: agreement rates (overall and per file) on stdout, and --out JSON Lines of every pair with its three
verdicts, for adjudication. Only short answer strings are written (--max-answer-chars); question and
solution text never are.
"""
import argparse
import glob
import gzip
import hashlib
import json
import os
import subprocess
import sys
import time


def read_problems(path):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def run_agglm(binary, subcommand, flag, rows):
    """Feeds JSON Lines to `agglm <subcommand> <flag> -` and returns the parsed output lines."""
    payload = "".join(json.dumps(row) + "\n" for row in rows).encode()
    result = subprocess.run([binary, subcommand, flag, "-"], input=payload, capture_output=True, check=True)
    lines = result.stdout.decode().splitlines()
    if len(lines) != len(rows):
        sys.exit(f"agglm {subcommand}: {len(lines)} output lines for {len(rows)} input lines")
    return [json.loads(line) for line in lines]


def math_verify_verdict(gold, answer):
    from math_verify import parse, verify
    parsed_gold = parse("\\boxed{" + gold + "}", parsing_timeout=None)
    parsed_answer = parse("\\boxed{" + answer + "}", parsing_timeout=None)
    if not parsed_gold or not parsed_answer:
        return False
    return bool(verify(parsed_gold, parsed_answer, timeout_seconds=None))


def sympy_verdict(gold, answer):
    import sympy
    from latex2sympy2_extended import latex2sympy

    def strip(text):
        return text.strip().strip("$").strip()

    def equal(a, b):
        containers = (sympy.FiniteSet, sympy.Tuple, list, tuple)
        if isinstance(a, containers) or isinstance(b, containers):
            if not (isinstance(a, containers) and isinstance(b, containers)):
                return False
            items_a = sorted(a, key=sympy.default_sort_key) if isinstance(a, sympy.FiniteSet) else list(a)
            items_b = sorted(b, key=sympy.default_sort_key) if isinstance(b, sympy.FiniteSet) else list(b)
            return len(items_a) == len(items_b) and all(equal(x, y) for x, y in zip(items_a, items_b))
        if isinstance(a, sympy.Eq) and isinstance(b, sympy.Eq):
            return sympy.simplify((a.lhs - a.rhs) - (b.lhs - b.rhs)) == 0
        if isinstance(a, sympy.Eq):
            a = a.rhs
        if isinstance(b, sympy.Eq):
            b = b.rhs
        return sympy.simplify(a - b) == 0

    left, right = strip(gold), strip(answer)
    if left == right and left:
        return True
    return bool(equal(latex2sympy(left), latex2sympy(right)))


def worker(connection):
    """Grades pairs sent over `connection`, one at a time; memory is capped so that a runaway simplification
    (a huge power) fails here instead of exhausting the machine."""
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    while True:
        item = connection.recv()
        if item is None:
            return
        gold, answer = item
        verdicts = []
        for grader in (math_verify_verdict, sympy_verdict):
            try:
                verdicts.append(grader(gold, answer))
            except BaseException:
                verdicts.append(False)
        connection.send(verdicts)


class Graders:
    """Math-Verify and SymPy in a worker process, restarted when a pair takes longer than `timeout` seconds
    (both verdicts are then False, as the graders' own timeouts would give)."""

    def __init__(self, timeout):
        self.timeout = timeout
        self.process = None
        self.timeouts = 0

    def _start(self):
        import multiprocessing
        parent, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=worker, args=(child,), daemon=True)
        self.process.start()
        self.connection = parent

    def grade(self, gold, answer):
        if self.process is None or not self.process.is_alive():
            self._start()
        self.connection.send((gold, answer))
        if self.connection.poll(self.timeout):
            try:
                return self.connection.recv()
            except EOFError:
                pass
        self.timeouts += 1
        self.process.kill()
        self.process.join()
        self.process = None
        return [False, False]

    def close(self):
        if self.process is not None:
            self.connection.send(None)
            self.process.join(5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agglm", default=".build/release/agglm")
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--per-file", type=int, default=1500)
    parser.add_argument("--max-answer-chars", type=int, default=200)
    parser.add_argument("--out", default=".build/differential/pairs.jsonl")
    parser.add_argument("--cache", default=".build/differential/verdict-cache.jsonl")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per pair for both graders")
    parser.add_argument("--pairs-in", help="reuse the sampled pairs (and their Math-Verify/SymPy verdicts) of an earlier --out; only AggLM is rerun")
    args = parser.parse_args()

    started = time.time()
    if args.pairs_in:
        with open(args.pairs_in, encoding="utf-8") as handle:
            pairs = [json.loads(line) for line in handle]
    else:
        pairs = []
        for path in sorted(glob.glob(os.path.join(args.data, "*.jsonl.gz"))):
            name = os.path.basename(path).replace(".jsonl.gz", "")
            problems = list(read_problems(path))
            rows, golds = [], []
            for problem in problems:
                for candidate in problem["candidates"]:
                    row = {"text": candidate["text"]}
                    if "answer" in candidate:
                        row["answer"] = candidate["answer"]
                    rows.append(row)
                    golds.append(problem["gold"])
            extracted = run_agglm(args.agglm, "extract", "--input", rows)
            seen = {}
            for gold, result in zip(golds, extracted):
                answer = result.get("answer")
                if answer is None or len(answer) > args.max_answer_chars or len(gold) > args.max_answer_chars:
                    continue
                key = (gold, answer)
                if key not in seen:
                    digest = hashlib.sha1(f"{name}\0{gold}\0{answer}".encode()).hexdigest()
                    seen[key] = digest
            chosen = sorted(seen.items(), key=lambda item: item[1])[: args.per_file]
            for (gold, answer), _ in chosen:
                pairs.append({"file": name, "gold": gold, "pred": answer})
            print(f"{name}: {len(problems)} problems, {len(rows)} candidates, {len(seen)} distinct pairs, "
                  f"{len(chosen)} sampled", flush=True)
        # Verdicts are cached by (gold, answer) in --cache, so an interrupted run resumes where it stopped.
        cache = {}
        if os.path.exists(args.cache):
            with open(args.cache, encoding="utf-8") as handle:
                for line in handle:
                    row = json.loads(line)
                    cache[(row["gold"], row["pred"])] = (row["mathverify"], row["sympy"])
        graders = Graders(timeout=args.timeout)
        os.makedirs(os.path.dirname(args.cache) or ".", exist_ok=True)
        with open(args.cache, "a", encoding="utf-8") as cache_file:
            for index, pair in enumerate(pairs):
                key = (pair["gold"], pair["pred"])
                if key not in cache:
                    cache[key] = tuple(graders.grade(*key))
                    cache_file.write(json.dumps({"gold": key[0], "pred": key[1], "mathverify": cache[key][0],
                                                 "sympy": cache[key][1]}, ensure_ascii=False) + "\n")
                    cache_file.flush()
                pair["mathverify"], pair["sympy"] = cache[key]
                if (index + 1) % 1000 == 0:
                    print(f"  graded {index + 1}/{len(pairs)} ({time.time() - started:.0f} s, "
                          f"{graders.timeouts} timeouts)", flush=True)
        graders.close()

    graded = run_agglm(args.agglm, "grade", "--pairs", [{"gold": p["gold"], "pred": p["pred"]} for p in pairs])
    for pair, verdict in zip(pairs, graded):
        pair["agglm"] = verdict["equal"]

    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        for pair in pairs:
            handle.write(json.dumps(pair, ensure_ascii=False) + "\n")

    def rate(rows, other):
        return sum(row["agglm"] == row[other] for row in rows) / max(1, len(rows))

    files = sorted({pair["file"] for pair in pairs})
    print(f"{'file':28} {'pairs':>6} {'vs Math-Verify':>15} {'vs SymPy':>9} {'MV vs SymPy':>12}")
    for name in files + ["ALL"]:
        rows = pairs if name == "ALL" else [p for p in pairs if p["file"] == name]
        both = sum(r["mathverify"] == r["sympy"] for r in rows) / max(1, len(rows))
        print(f"{name:28} {len(rows):6d} {rate(rows, 'mathverify') * 100:14.2f}% {rate(rows, 'sympy') * 100:8.2f}% "
              f"{both * 100:11.2f}%")
    print(f"AggLM says equal: {sum(p['agglm'] for p in pairs)}, Math-Verify: {sum(p['mathverify'] for p in pairs)}, "
          f"SymPy: {sum(p['sympy'] for p in pairs)}; {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
