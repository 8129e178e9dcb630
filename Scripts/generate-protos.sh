#!/usr/bin/env bash
# Regenerates the committed Swift code for Protos/agglm/v1/agglm.proto.
#
# Needs: protoc (Debian: protobuf-compiler) and a protoc-gen-swift built from
# the same swift-protobuf version the package depends on. The plugin is built
# once into .build-protoc/ (about a minute); the SwiftPM build-tool plugin is
# not used because it compiles a bundled protoc on every clean build.
#
# Usage: Scripts/generate-protos.sh
set -euo pipefail
cd "$(dirname "$0")/.."

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
