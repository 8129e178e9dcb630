#!/usr/bin/env bash
# The test command (README and CI run exactly this):
#   1. every Swift test, in a release build (the real-data tests read
#      ../shared when present and skip with a printed reason when not);
#   2. the Python package (Python/), pip-installed into a fresh virtual
#      environment, and its tests against the freshly built server.
set -euo pipefail
cd "$(dirname "$0")/.."
swift test -c release -Xswiftc -enable-testing

# Debian's interpreter, with its site packages visible: python3-zmq, python3-protobuf
# and python3-pytest satisfy the package's dependencies, so pip installs offline
# (--no-index) and the tests run against what a user would get from `pip install`.
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
/usr/bin/python3 -m venv --system-site-packages "$venv"
"$venv/bin/pip" install --quiet --no-index --no-build-isolation ./Python
rm -rf Python/build Python/src/agglm.egg-info  # setuptools builds in the tree
(cd Python && AGGLM_BIN="$PWD/../.build/release/agglm" "$venv/bin/python" -c 'import agglm; print("testing", agglm.__file__)' &&
  AGGLM_BIN="$PWD/../.build/release/agglm" "$venv/bin/python" -m pytest -q -p no:cacheprovider tests)
