#!/usr/bin/env python3
"""Collects answer-equivalence cases from peer graders' test suites (dev-only, issue 14).

Reads Python test files straight from local git clones (`git show HEAD:path`, no checkout), finds the
(gold, prediction, expected) triples in them with a small static interpreter of the test code, drops the
pairs already in ../shared/eval, and writes a JSONL of {"gold","pred","equal","source"} under .build/ (never
committed: the suites' licences differ). A case is only as good as the heuristics that read it, so every
record names its file and line to check by hand.

Reading rules (deliberately simple; a case that does not fit is skipped, not guessed):
- `@pytest.mark.parametrize("gold,pred,expected", [...])`: roles by argument name; the expected value from
  a role-named argument, else from the test name (`incorrect`/`wrong`/`not`/`false` -> not equal).
- test bodies are run symbolically: string assignments, `for a, b in [...]`, calls with two resolvable
  string arguments (positional order per known function, else by keyword name, `{"ground_truth": ...}`
  dicts included), then the first `assert`/`assertTrue`/`assertFalse`/`assertEqual` after the call.
"""
import argparse
import ast
import json
import re
import subprocess
import sys

GOLD_NAMES = {"latex", "gold", "answer", "ground_truth", "groundtruth", "gt", "reference", "ref", "target", "solution",
              "test_in", "expected_answer", "gold_answer", "truth", "label", "answers", "reference_answer"}
PRED_NAMES = {"latex2sympy", "pred", "prediction", "completion", "completions", "response", "model_response", "output",
              "solution_str", "test_out", "model_output", "given_answer", "llm_answer", "generated", "text",
              "pred_answer", "predicted", "model_answer"}
EXPECTED_NAMES = {"expected", "expected_result", "result", "score", "is_correct", "reward", "expected_reward",
                  "equal", "expected_score", "correct", "is_equal", "expected_output"}
# Positional order of known comparison functions: (prediction first) when True.
PRED_FIRST = {"accuracy_reward": True, "grade_answer_mathd": True, "grade_answer_sympy": True,
              "compute_score": True, "grade_answer": True, "grade": True, "gsm8k_reward_fn": True,
              "math_reward_fn": True, "reward": False}
NEGATIVE_TEST = re.compile(r"incorrect|wrong|_not_|not_equal|false|fail|mismatch|invalid|unequal")


def literal(node, env):
    """The Python value of a literal expression under `env`, or a sentinel when unknown."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return env[node.id] if node.id in env else sympy_value(node, env)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = literal(node.operand, env)
        return -value if isinstance(value, (int, float)) and not isinstance(value, bool) else UNKNOWN
    if isinstance(node, (ast.Tuple, ast.List)):
        return [literal(item, env) for item in node.elts]
    if isinstance(node, ast.Dict):
        out = {}
        for key, value in zip(node.keys, node.values):
            k = literal(key, env) if key is not None else UNKNOWN
            if isinstance(k, str):
                out[k] = literal(value, env)
        return out
    if isinstance(node, ast.Subscript):
        base = literal(node.value, env)
        index = literal(node.slice, env)
        try:
            return base[index]
        except Exception:
            return UNKNOWN
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        a, b = literal(node.left, env), literal(node.right, env)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
            return a / b
    if isinstance(node, (ast.Call, ast.BinOp)):
        return sympy_value(node, env)
    return UNKNOWN


try:  # SymPy (from the dev venv) turns latex2sympy's expected objects into LaTeX answers.
    import sympy
except ImportError:
    sympy = None
# Constructors a test may use for an expected value; nothing else is ever called.
SYMPY_CONSTRUCTORS = {"Rational", "Integer", "Float", "Symbol", "Add", "Mul", "Pow", "sqrt", "FiniteSet", "Tuple",
                      "Interval", "Union", "Matrix", "pi", "E", "I", "oo", "sin", "cos", "tan", "log", "exp",
                      "Abs", "floor", "ceiling", "binomial", "factorial", "gcd", "lcm", "Max", "Min", "Eq",
                      "StrictLessThan", "LessThan", "StrictGreaterThan", "GreaterThan", "Mod", "root", "S"}


def sympy_value(node, env):
    """The SymPy object an expected-value expression builds, or UNKNOWN (literal arguments only)."""
    if sympy is None:
        return UNKNOWN
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in SYMPY_CONSTRUCTORS:
        arguments = [literal(argument, env) for argument in node.args]
        if any(argument is UNKNOWN for argument in arguments) or node.keywords and node.func.id != "Symbol":
            return UNKNOWN
        try:
            return getattr(sympy, node.func.id)(*arguments)
        except Exception:
            return UNKNOWN
    if isinstance(node, ast.Name) and node.id in SYMPY_CONSTRUCTORS and node.id not in env:
        value = getattr(sympy, node.id, UNKNOWN)
        return value if isinstance(value, sympy.Basic) else UNKNOWN
    if isinstance(node, ast.BinOp):
        left, right = literal(node.left, env), literal(node.right, env)
        if left is UNKNOWN or right is UNKNOWN or not (isinstance(left, sympy.Basic) or isinstance(right, sympy.Basic)):
            return UNKNOWN
        operations = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
                      ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a ** b}
        operation = operations.get(type(node.op))
        try:
            return operation(left, right) if operation else UNKNOWN
        except Exception:
            return UNKNOWN
    return UNKNOWN


class Unknown:
    def __repr__(self):
        return "UNKNOWN"


UNKNOWN = Unknown()


def as_answer(value):
    if isinstance(value, bool) or value is None or value is UNKNOWN:
        return None
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return value
    if sympy is not None and isinstance(value, sympy.Basic):
        return sympy.latex(value)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value[0]  # several accepted golds: the first
    return None


def truth(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value > 0
    return None


def call_name(call):
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return ""


class Collector:
    def __init__(self, source_name, tree, module_env):
        self.source = source_name
        self.module_env = module_env
        self.cases = []
        self.tree = tree

    def emit(self, gold, pred, expected, line):
        gold, pred = as_answer(gold), as_answer(pred)
        if gold is None or pred is None or expected is None:
            return
        self.cases.append({"gold": gold, "pred": pred, "equal": bool(expected), "source": f"{self.source}:{line}"})

    def run(self):
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                self.function(node)

    def function(self, fn):
        negative = bool(NEGATIVE_TEST.search(fn.name.lower()))
        for decorator in fn.decorator_list:
            if isinstance(decorator, ast.Call) and call_name(decorator) == "parametrize" and len(decorator.args) >= 2:
                names = literal(decorator.args[0], self.module_env)
                if isinstance(names, str):
                    names = [n.strip() for n in names.split(",") if n.strip()]
                if not isinstance(names, list):
                    continue
                values = decorator.args[1]
                items = values.elts if isinstance(values, (ast.List, ast.Tuple)) else None
                if items is None:
                    resolved = literal(values, self.module_env)
                    if not isinstance(resolved, list):
                        continue
                    rows = [(r, decorator.lineno) for r in resolved]
                else:
                    rows = []
                    for item in items:
                        if isinstance(item, ast.Call) and call_name(item) == "param":
                            rows.append(([literal(a, self.module_env) for a in item.args], item.lineno))
                        else:
                            rows.append((literal(item, self.module_env), item.lineno))
                for row, line in rows:
                    if len(names) == 1:
                        row = [row]
                    if not isinstance(row, list) or len(row) != len(names):
                        continue
                    env = dict(self.module_env)
                    env.update(zip(names, row))
                    if not self.direct(names, row, negative, line):
                        self.body(fn.body, env, negative, line)
                return
        self.body(fn.body, dict(self.module_env), negative, None)

    def direct(self, names, row, negative, line):
        lowered = [n.lower() for n in names]
        gold_index = next((i for i, n in enumerate(lowered) if n in GOLD_NAMES), None)
        pred_index = next((i for i, n in enumerate(lowered) if n in PRED_NAMES), None)
        if gold_index is None or pred_index is None:
            return False
        expected_index = next((i for i, n in enumerate(lowered) if n in EXPECTED_NAMES), None)
        expected = truth(row[expected_index]) if expected_index is not None else (not negative)
        self.emit(row[gold_index], row[pred_index], expected, line)
        return True

    def body(self, statements, env, negative, line):
        pending = None  # (gold, pred, line, result name)
        for statement in statements:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
                if isinstance(target, ast.Name):
                    value = literal(statement.value, env)
                    if value is not UNKNOWN:
                        env[target.id] = value
                        continue
                    call = statement.value if isinstance(statement.value, ast.Call) else None
                    pair = self.pair(call, env) if call is not None else None
                    if pair:
                        pending = (*pair, line or statement.lineno)
                    continue
            if isinstance(statement, ast.For) and isinstance(statement.iter, (ast.List, ast.Tuple)):
                rows = literal(statement.iter, env)
                for row in rows if isinstance(rows, list) else []:
                    inner = dict(env)
                    names = statement.target.elts if isinstance(statement.target, ast.Tuple) else [statement.target]
                    if not isinstance(row, list):
                        row = [row]
                    if len(row) != len(names) or not all(isinstance(n, ast.Name) for n in names):
                        continue
                    inner.update({n.id: v for n, v in zip(names, row)})
                    self.body(statement.body, inner, negative, statement.lineno)
                continue
            expression = None
            if isinstance(statement, ast.Assert):
                expression = statement.test
            elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call) \
                    and call_name(statement.value).startswith("assert"):
                expression = statement.value
            if expression is None:
                continue
            verdict = self.verdict(expression, env, pending)
            if verdict is not None:
                gold, pred, expected, where = verdict
                self.emit(gold, pred, expected, where)
                pending = None

    def pair(self, call, env):
        if not isinstance(call, ast.Call):
            return None
        name = call_name(call)
        strings = []
        for argument in call.args:
            value = literal(argument, env)
            if isinstance(value, dict):
                gold = next((value[k] for k in value if k in GOLD_NAMES), None)
                if gold is not None:
                    strings.append(("gold", gold))
                continue
            if as_answer(value) is not None:
                strings.append((None, value))
        for keyword in call.keywords:
            if keyword.arg is None:
                continue
            value = literal(keyword.value, env)
            if keyword.arg.lower() in GOLD_NAMES:
                strings.append(("gold", value))
            elif keyword.arg.lower() in PRED_NAMES:
                strings.append(("pred", value))
        gold = next((v for r, v in strings if r == "gold"), None)
        pred = next((v for r, v in strings if r == "pred"), None)
        positional = [v for r, v in strings if r is None]
        if gold is None and pred is None and len(positional) == 2:
            first, second = positional
            gold, pred = (second, first) if PRED_FIRST.get(name, False) else (first, second)
        elif gold is not None and pred is None and positional:
            pred = positional[0]
        elif pred is not None and gold is None and positional:
            gold = positional[-1]
        if as_answer(gold) is None or as_answer(pred) is None:
            return None
        return gold, pred

    def verdict(self, expression, env, pending):
        """(gold, pred, expected, line) from an assertion, or None."""
        line = expression.lineno
        name = call_name(expression) if isinstance(expression, ast.Call) else ""
        if name in ("assertTrue", "assertFalse") and expression.args:
            pair = self.pair(expression.args[0], env) or (pending[:2] if pending else None)
            if pair:
                return pair[0], pair[1], name == "assertTrue", (pending[2] if pending and not self.pair(expression.args[0], env) else line)
            return None
        if name in ("assertEqual", "assertAlmostEqual") and len(expression.args) >= 2:
            left, right = expression.args[0], expression.args[1]
            return self.compared(left, right, env, pending, line)
        if isinstance(expression, ast.UnaryOp) and isinstance(expression.op, ast.Not):
            pair = self.pair(expression.operand, env) or (pending[:2] if pending else None)
            return (pair[0], pair[1], False, line) if pair else None
        if isinstance(expression, ast.Compare) and len(expression.ops) == 1:
            return self.compared(expression.left, expression.comparators[0], env, pending, line,
                                 negate=isinstance(expression.ops[0], (ast.NotEq, ast.IsNot)))
        pair = self.pair(expression, env) if isinstance(expression, ast.Call) else None
        if pair:
            return pair[0], pair[1], True, line
        if pending and isinstance(expression, (ast.Name, ast.Attribute, ast.Subscript)):
            return pending[0], pending[1], True, line
        return None

    def compared(self, left, right, env, pending, line, negate=False):
        for call_side, value_side in ((left, right), (right, left)):
            expected = truth(literal(value_side, env))
            if expected is None:
                continue
            if negate:
                expected = not expected
            pair = self.pair(call_side, env) if isinstance(call_side, ast.Call) else None
            if pair:
                return pair[0], pair[1], expected, line
            if pending:
                return pending[0], pending[1], expected, pending[2]
        return None


def module_environment(tree):
    env = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            value = literal(statement.value, env)
            if value is not UNKNOWN:
                env[statement.targets[0].id] = value
    return env


def test_files(git_dir):
    names = subprocess.run(["git", "-C", git_dir, "ls-tree", "-r", "--name-only", "HEAD"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    pattern = re.compile(r"(^|/)tests?/.*\.py$|_test\.py$|(^|/)test_[^/]*\.py$")
    topic = re.compile(r"math|equal|equiv|reward|grad(e|er)|verif|mixed|boxed|numina|yujian|thought|strict|aime|"
                       r"extract|canonical|answer|all\.py|latex|number|fraction|set_|relation|complex|linalg")
    # Suites that grade code, retrieval or the plumbing around a reward, not math answers.
    off_topic = re.compile(r"code_reward|search_reward|sandbox|weight|rate_limited|timeout|/gpu|slurm")
    return [n for n in names if pattern.search(n) and topic.search(n.lower()) and not off_topic.search(n)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repos", nargs="+", help="owner/name=GIT_DIR (a bare or normal clone)")
    parser.add_argument("--seen", default="../shared/eval/equivalence-pairs.jsonl")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    seen = set()
    try:
        with open(args.seen) as handle:
            for line in handle:
                record = json.loads(line)
                seen.add((record["gold"], record["pred"]))
                seen.add((record["pred"], record["gold"]))
    except FileNotFoundError:
        print(f"note: {args.seen} not found; nothing is excluded", file=sys.stderr)
    cases, kept = [], set()
    for spec in args.repos:
        repo, git_dir = spec.split("=", 1)
        for path in test_files(git_dir):
            text = subprocess.run(["git", "-C", git_dir, "show", f"HEAD:{path}"], capture_output=True, text=True).stdout
            try:
                tree = ast.parse(text)
            except SyntaxError:
                continue
            collector = Collector(f"{repo} {path}", tree, module_environment(tree))
            collector.run()
            found = 0
            for case in collector.cases:
                key = (case["gold"], case["pred"])
                if key in seen or key in kept:
                    continue
                kept.add(key)
                cases.append(case)
                found += 1
            if found:
                print(f"{repo} {path}: {found}", file=sys.stderr)
    with open(args.out, "w") as handle:
        for case in cases:
            handle.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"{len(cases)} unseen cases -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
