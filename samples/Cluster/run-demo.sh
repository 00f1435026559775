#!/usr/bin/env bash
# Starts N silos and a client on this machine, replays every file of DIR as one symbol, kills one silo midway and
# prints one JSON line:
#   {"symbols":…,"predictions":…,"duplicates":…,"max_gap_minutes_after_failover":…,"silos":…,…}
# --clustering localhost (default): every silo in one process. --clustering postgres --connection CS: every silo is its
# own process, membership and grain state in PostgreSQL, and the kill is a process kill.
# One silo alone: dotnet run -c Release --project samples/Cluster -- silo --index N --input DIR [--speed 60] [--history-bars 3000]
# usage: samples/Cluster/run-demo.sh [--silos 3] [--input DIR] [--kill-one-after 30s] [--speed 0] [--bars 0] [--model PATH]
#        [--clustering localhost|postgres] [--connection CS] [--base-port 11111] [--idle-timeout 20s]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dotnet build "$here/PredictionSdk.Cluster.csproj" -c Release -v quiet -nologo >&2
exec dotnet "$here/bin/Release/net10.0/psdk-cluster.dll" "$@"
