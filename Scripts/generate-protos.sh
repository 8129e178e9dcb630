#!/usr/bin/env bash
# Regenerates the committed code for Protos/agglm/v1/agglm.proto: Swift
# (Sources/AggLMWire/agglm.pb.swift) and Python (Python/src/agglm/v1/agglm_pb2.py).
#
# Needs: protoc (Debian: protobuf-compiler) and a protoc-gen-swift built from
# the same swift-protobuf version the package depends on. The plugin is built
# once into .build-protoc/ (about a minute); the SwiftPM build-tool plugin is
# not used because it compiles a bundled protoc on every clean build.
#
# The Python code must come from protoc 3.20 or 3.21 (Debian 12: 3.21.12):
# newer protoc versions emit code that refuses older protobuf runtimes, and
# Debian's python3-protobuf is 3.21 (module 4.21). That code is tested with runtimes 4.21
# and 7.36 (Python/README.md).
#
# Usage: Scripts/generate-protos.sh [--python-only]
set -euo pipefail
cd "$(dirname "$0")/.."

protoc_version=$(protoc --version | sed -n 's/^libprotoc \([0-9]*\.[0-9]*\).*/\1/p')
case "$protoc_version" in
  3.20|3.21) ;;
  *) echo "protoc $protoc_version: the Python code needs protoc 3.20 or 3.21 (see above)" >&2; exit 1 ;;
esac
protoc --python_out=Python/src -I Protos agglm/v1/agglm.proto
echo "wrote Python/src/agglm/v1/agglm_pb2.py"
[ "${1:-}" = "--python-only" ] && exit 0

version=$(sed -n 's/.*swift-protobuf", from: "\([0-9.]*\)".*/\1/p' Package.swift)
plugin_dir=.build-protoc
plugin=$plugin_dir/swift-protobuf-$version/.build/release/protoc-gen-swift
if [ ! -x "$plugin" ]; then
  mkdir -p "$plugin_dir"
  src=$plugin_dir/swift-protobuf-$version
  if [ ! -d "$src" ]; then
    git clone --quiet --depth 1 --branch "$version" https://github.com/apple/swift-protobuf "$src"
  fi
  (cd "$src" && swift build -c release --product protoc-gen-swift)
fi

protoc --plugin=protoc-gen-swift="$plugin" \
  --swift_out=Sources/AggLMWire \
  --swift_opt=Visibility=Public \
  --swift_opt=FileNaming=DropPath \
  --swift_opt=UseAccessLevelOnImports=true \
  -I Protos agglm/v1/agglm.proto
echo "wrote Sources/AggLMWire/agglm.pb.swift"
