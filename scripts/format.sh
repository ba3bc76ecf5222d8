#!/usr/bin/env bash
# Formats the Swift sources with the toolchain's swift-format, then lints them.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format format --in-place --recursive Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Benchmarks
swift format lint --recursive Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Benchmarks
