#!/usr/bin/env bash
# Trains the default checkpoint Checkpoints/agglm-default.safetensors on every
# shared dataset file (../shared/data/*.jsonl.gz), with the hyperparameters
# chosen by 5-fold cross-validation (see Checkpoints/README.md). Deterministic:
# the same data and seed give the same file. About a minute on 2 cores.
#
# Usage: Scripts/train-default.sh [DATA_DIR]     (default: ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir="${1:-../shared/data}"
swift build -c release --product agglm-train
.build/release/agglm-train \
    --data "$data_dir"/*.jsonl.gz \
    --k 8 --sets 16 --easy-ratio all --objective grpo --group 8 \
    --warmup-epochs 3 --epochs 6 --patience 2 --seed 0 \
    --out Checkpoints/agglm-default.safetensors
rm -f Checkpoints/agglm-default.safetensors.resume Checkpoints/agglm-default.safetensors.resume.warmup
# Compile the new bytes into the binaries (the embedded default must equal the file).
Scripts/embed-default-checkpoint.sh
