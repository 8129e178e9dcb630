#!/usr/bin/env bash
# From a fresh Debian machine with Swift 6 installed: install the system
# packages, build release binaries, and run the main job — the comparison of
# the learned aggregator (embedded default checkpoint) against majority vote
# and the other baselines on the bundled example problems.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build -c release
.build/release/agglm compare --data Examples/zeroeval-math-l5-sample.jsonl.gz
