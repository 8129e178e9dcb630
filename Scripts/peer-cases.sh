#!/usr/bin/env bash
# Held-out check of answer equivalence on peer graders' own test cases (issue 14; dev-only).
# Reads the test files of the suites the shared eval cases came from, keeps the (gold, pred, expected)
# cases that are not in ../shared/eval, grades them with `agglm grade` and prints the agreement and
# every disagreement with its file:line. The cases stay in .build/peer/ (gitignored): never commit them,
# the suites' licences differ.
#   Scripts/peer-cases.sh [MIRROR_DIR]     (MIRROR_DIR holds owner+name/repo clones; default /work/.mirror;
#                                           a missing suite is cloned there with git, shallow)
set -euo pipefail
cd "$(dirname "$0")/.."
mirror=${1:-/work/.mirror}
suites="huggingface/Math-Verify huggingface/latex2sympy2_extended MARIO-Math-Reasoning/MARIO_EVAL
NVIDIA/NeMo-Skills rllm-org/rllm volcengine/verl huggingface/open-r1 NovaSky-AI/SkyRL inclusionAI/AReaL
huggingface/lighteval hendrycks/math QwenLM/Qwen2.5-Math EleutherAI/lm-evaluation-harness"
args=()
for suite in $suites; do
    dir="$mirror/${suite/\//+}/repo"
    if [ ! -d "$dir" ]; then
        git clone --quiet --depth 1 --bare "https://github.com/$suite" "$dir" || { echo "skip $suite" >&2; continue; }
    fi
    args+=("$suite=$dir")
done
mkdir -p .build/peer
# The dev venv of differential-grade.sh has SymPy, which turns latex2sympy's expected objects into answers.
python=python3
[ -x .build/py-dev/bin/python ] && python=.build/py-dev/bin/python
"$python" Scripts/analysis/peer_cases.py "${args[@]}" --out .build/peer/cases.jsonl
.build/release/agglm grade --pairs .build/peer/cases.jsonl > .build/peer/graded.jsonl
python3 Scripts/analysis/peer_agreement.py .build/peer/cases.jsonl .build/peer/graded.jsonl
