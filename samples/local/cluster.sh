#!/usr/bin/env bash
# A working cluster on this machine: real Docker engines (node-1..node-N, tests/engines/engines.sh) and one
# `swarm manage` in front of them with its state in a SQLite file. Runs in the foreground; Ctrl-C (or SIGTERM)
# stops the manager and the engines it started.
#
#   bash samples/local/cluster.sh [ENGINES]        then: export DOCKER_HOST=tcp://127.0.0.1:2375; docker info
#
# SWARM_PORT (default 2375) and ENGINE_BASE_PORT (default 23750) choose the ports; SWARM_STATE_DIR keeps the
# engines' data and the manager's journal (default: a temporary directory, removed at exit).
set -euo pipefail
cd "$(dirname "$0")/../.."

engines=${1:-3}
port=${SWARM_PORT:-2375}
base=${ENGINE_BASE_PORT:-23750}
state=${SWARM_STATE_DIR:-$(mktemp -d /tmp/swarm-local.XXXXXX)}

command -v dotnet >/dev/null 2>&1 || { echo "the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
dotnet build src/Swarm -c Release -nologo -v quiet >/dev/null

manager_pid=""
cleanup() {
  trap - EXIT INT TERM
  [ -n "$manager_pid" ] && kill -TERM "$manager_pid" 2>/dev/null && wait "$manager_pid" 2>/dev/null || true
  bash tests/engines/engines.sh stop "$state/engines"
  [ -z "${SWARM_STATE_DIR:-}" ] && rm -rf "$state"
}
trap cleanup EXIT INT TERM

echo "Starting $engines engines…" >&2
addresses=$(bash tests/engines/engines.sh start "$state/engines" "$engines" "$base" | awk '{print $2}' | paste -sd, -)

echo "Starting swarm manage on tcp://127.0.0.1:$port over $addresses" >&2
dotnet src/Swarm/bin/Release/net10.0/swarm.dll manage -H "tcp://127.0.0.1:$port" --store "$state/swarm.db" "nodes://$addresses" &
manager_pid=$!
echo "Ready when 'docker -H tcp://127.0.0.1:$port info' lists the nodes. Ctrl-C stops everything." >&2
wait "$manager_pid"
