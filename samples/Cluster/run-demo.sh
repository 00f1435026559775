#!/usr/bin/env bash
# Starts N silos and a client on this machine (localhost clustering, one process), replays every file of DIR as one
# symbol at full speed, kills one silo midway and prints one JSON line:
#   {"symbols":…,"predictions":…,"duplicates":…,"max_gap_minutes_after_failover":…,"silos":…,…}
# usage: samples/Cluster/run-demo.sh [--silos 3] [--input DIR] [--kill-one-after 30s] [--speed 0] [--model PATH]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dotnet build "$here/PredictionSdk.Cluster.csproj" -c Release -v quiet -nologo >&2
exec dotnet "$here/bin/Release/net10.0/psdk-cluster.dll" "$@"
