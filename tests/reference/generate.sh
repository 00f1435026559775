#!/usr/bin/env bash
# Regenerates tests/PredictionSdk.Indicators.Tests/TestData/TaLib/btcusdt-1m-talib.csv.gz.
# Needs node, npm, g++, make and python3 (node-gyp builds TA-Lib C from the package's bundled source).
set -euo pipefail
cd "$(dirname "$0")"

# Install without running the package's build: the published talib 2.0.5 tarball carries stale macOS
# object files that its makefiles would treat as up to date. Clean them, then build from source.
npm ci --ignore-scripts --no-audit --no-fund
(cd node_modules/talib && node src/lib/clean.js > /dev/null && rm -rf build)
npm rebuild talib

node talib-reference.js "${1:-5000}"
