#!/usr/bin/env bash
# The test command (README and CI run exactly this):
#   1. every Swift test, in a release build (the real-data tests read
#      ../shared when present and skip with a printed reason when not);
#   2. the Python client's tests against the freshly built server.
set -euo pipefail
cd "$(dirname "$0")/.."
swift test -c release -Xswiftc -enable-testing
# Debian's interpreter: python3-zmq and python3-protobuf are installed for it.
AGGLM_BIN=.build/release/agglm /usr/bin/python3 -m pytest -q -p no:cacheprovider Scripts/python
