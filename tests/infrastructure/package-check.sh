#!/usr/bin/env bash
# Packs the shipped packages (the libraries and the psdk tool), then checks them as a user would get them:
#   1. every symbol package maps its sources through SourceLink and holds no local path;
#   2. the psdk tool package for linux-x64 stays under the size limit;
#   3. `dotnet tool install` puts psdk into an empty folder from the packed files alone, and the installed psdk
#      trains a small model on bundled data and predicts with it, with no network (in a network namespace of its
#      own when `unshare` allows it).
#   usage: tests/infrastructure/package-check.sh [ARTIFACTS_DIR]   (default: a temporary folder)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts=${1:-$work/artifacts}
mkdir -p "$artifacts"
artifacts=$(cd "$artifacts" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
max_tool_bytes=$((150 * 1000 * 1000))

echo "== pack"
dotnet pack "$repo/PredictionSdk.Packages.slnf" -c Release -o "$artifacts" -v quiet -nologo
ls -l "$artifacts"

echo "== symbols"
dotnet run "$repo/tests/infrastructure/check-symbols.cs" -- "$artifacts"

echo "== tool package size"
tool=$(ls "$artifacts"/PredictionSdk.Cli.linux-x64.*.nupkg)
bytes=$(stat -c %s "$tool")
echo "$(basename "$tool"): $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB), limit $max_tool_bytes"
if [ "$bytes" -ge "$max_tool_bytes" ]; then
  echo "FAIL: the tool package is too large" >&2
  exit 1
fi
unzip -Z1 "$tool" > "$work/tool-files.txt"
for junk in libtorch_python.so libtorchbind_test.so libjitbackend_test.so onnxruntime.aar onnxruntime.xcframework.zip libSkiaSharp; do
  if grep -q "$junk" "$work/tool-files.txt"; then
    echo "FAIL: the tool package ships $junk" >&2
    exit 1
  fi
done

echo "== install into an empty folder and train, offline"
version=$(basename "$tool" | sed -E 's/^PredictionSdk\.Cli\.linux-x64\.(.*)\.nupkg$/\1/')
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="artifacts" value="$artifacts" />
  </packageSources>
</configuration>
XML
mkdir -p "$work/tools" "$work/nuget" "$work/run"
(zcat "$repo/samples/data/BTCUSDT-1m-2024-01.csv.gz" || true) | head -n 8641 > "$work/run/btc-6d.csv"   # header + six days of minutes

offline() {
  if unshare --net true 2>/dev/null; then
    unshare --net "$@"
  else
    echo "(unshare unavailable: running with the network, but from the local package folder only)"
    "$@"
  fi
}

cat > "$work/run.sh" <<SH
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NUGET_PACKAGES="$work/nuget" DOTNET_CLI_HOME="$work/home"
dotnet tool install PredictionSdk.Cli --version "$version" --tool-path "$work/tools" --configfile "$work/nuget.config"
"$work/tools/psdk" --help > /dev/null
"$work/tools/psdk" train --input "$work/run/btc-6d.csv" --symbol BTC-USD --model hybrid --horizon 1,5 \
  --epochs 2 --batch-size 128 --train-days 4 --output "$work/run/btc.psdk"
"$work/tools/psdk" predict --model "$work/run/btc.psdk" --input "$work/run/btc-6d.csv"
SH
offline bash "$work/run.sh"
test -s "$work/run/btc.psdk"
echo "package check passed"
