#!/usr/bin/env bash
# Installs the Debian packages AggLM builds against. Idempotent.
#   libzmq3-dev      ZeroMQ (the service)
#   libopenblas-dev  cblas_sgemm (the policy network)
#   zlib1g-dev       gzip dataset files
#   protobuf-compiler  protoc: the schema-agreement tests (Swift and Python)
#   python3-venv python3-zmq python3-protobuf python3-pytest  the Python package:
#     Scripts/test.sh pip-installs it into a venv that sees these, offline
set -euo pipefail
packages=(libzmq3-dev libopenblas-dev zlib1g-dev pkg-config protobuf-compiler python3-venv python3-zmq python3-protobuf python3-pytest)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
