#!/usr/bin/env bash
# Differential test of AggLM's answer equivalence against Math-Verify and SymPy (issue 14).
# Creates a dev-only virtual environment in .build/py-dev (gitignored with .build/) holding
# math-verify and sympy from PyPI; neither is a dependency of AggLM. Needs a release build of agglm
# and ../shared/data. Arguments are passed to Scripts/analysis/differential_grade.py, e.g.
#   Scripts/differential-grade.sh --per-file 1500 --out .build/differential/pairs.jsonl
#   Scripts/differential-grade.sh --pairs-in .build/differential/pairs.jsonl --out .build/differential/after.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/py-dev
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import math_verify, sympy" 2>/dev/null; then
    "$venv/bin/pip" install --quiet "math-verify==0.9.0" "sympy==1.14.0"
fi
exec "$venv/bin/python" Scripts/analysis/differential_grade.py "$@"
