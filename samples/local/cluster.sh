#!/usr/bin/env bash
# A working cluster on this machine, in the foreground; Ctrl-C (or SIGTERM) stops everything it started.
#
#   bash samples/local/cluster.sh [ENGINES]      real Docker engines node-1..node-N (tests/engines/engines.sh, as root)
#   bash samples/local/cluster.sh --hollow N     N SIMULATED engines hollow-1..hollow-N (hollow-farm): no dockerd, no
#                                                root, nothing really runs; for machines where dockerd cannot run
#
# and one `swarm manage` in front of them with its state in a SQLite file. Once the manager sees every engine
# healthy, the script prints on stdout the line to paste into another shell:
#
#   export DOCKER_HOST=tcp://127.0.0.1:2375
#
# SWARM_PORT (default 2375), ENGINE_BASE_PORT (default 23750; engine i listens on base+i) and SWARM_CLUSTER_PORT
# (the manager's Akka endpoint, default 4053) choose the ports;
# SWARM_STATE_DIR keeps the engines' data and the manager's journal (default: a temporary directory, removed at exit).
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; }

hollow=""
case "${1:-}" in
  --hollow) hollow=yes; engines=${2:-} ;;
  -h|--help) usage; exit 0 ;;
  *) engines=${1:-3} ;;
esac
if ! [[ "$engines" =~ ^[1-9][0-9]*$ ]]; then usage; exit 2; fi
port=${SWARM_PORT:-2375}
base=${ENGINE_BASE_PORT:-23750}
cluster_port=${SWARM_CLUSTER_PORT:-4053}
state=${SWARM_STATE_DIR:-$(mktemp -d /tmp/swarm-local.XXXXXX)}
mkdir -p "$state"

command -v dotnet >/dev/null 2>&1 || { echo "the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
dotnet build src/Swarm -c Release -nologo -v quiet >/dev/null
[ -n "$hollow" ] && dotnet build src/Swarm.HollowFarm -c Release -nologo -v quiet >/dev/null

manager_pid=""
farm_pid=""
cleanup() {
  # A second Ctrl-C or SIGTERM (a terminal signals the whole process group) must not cut the cleanup short.
  trap '' INT TERM
  trap - EXIT
  if [ -n "$manager_pid" ]; then kill -TERM "$manager_pid" 2>/dev/null && wait "$manager_pid" 2>/dev/null || true; fi
  if [ -n "$farm_pid" ]; then kill -TERM "$farm_pid" 2>/dev/null && wait "$farm_pid" 2>/dev/null || true; fi
  [ -z "$hollow" ] && bash tests/engines/engines.sh stop "$state/engines"
  [ -z "${SWARM_STATE_DIR:-}" ] && rm -rf "$state"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# GET on the manager without curl: bash's /dev/tcp, HTTP/1.0 so that the answer ends with the connection.
manager_get() {
  timeout 10 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" && printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$1" >&3 && cat <&3' "$port" "$1" 2>/dev/null || true
}

if [ -n "$hollow" ]; then
  echo "Starting $engines SIMULATED engines (hollow-farm: not real Docker engines, no container really runs)…" >&2
  dotnet src/Swarm.HollowFarm/bin/Release/net10.0/hollow-farm.dll --engines "$engines" --base-port $((base + 1)) \
    >"$state/hollow-engines.txt" 2>"$state/hollow-farm.log" &
  farm_pid=$!
  for _ in $(seq 1 120); do
    [ "$(wc -l <"$state/hollow-engines.txt")" -ge "$engines" ] && break
    kill -0 "$farm_pid" 2>/dev/null || { cat "$state/hollow-farm.log" >&2; echo "hollow-farm did not start" >&2; exit 1; }
    sleep 0.5
  done
  [ "$(wc -l <"$state/hollow-engines.txt")" -ge "$engines" ] || { echo "hollow-farm did not start in 60 s" >&2; exit 1; }
  addresses=$(paste -sd, "$state/hollow-engines.txt")
else
  echo "Starting $engines engines…" >&2
  addresses=$(bash tests/engines/engines.sh start "$state/engines" "$engines" "$base" | awk '{print $2}' | paste -sd, -)
fi

echo "Starting swarm manage on tcp://127.0.0.1:$port over $addresses" >&2
# Its log goes to stderr: stdout carries only the export line.
# Two malloc arenas, not up to eight a core: less RSS for the same work (README, Performance).
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} dotnet src/Swarm/bin/Release/net10.0/swarm.dll manage -H "tcp://127.0.0.1:$port" --cluster-port "$cluster_port" \
  --store "$state/swarm.db" "nodes://$addresses" >&2 &
manager_pid=$!

# Ready when the manager's docker info shows every engine healthy: ours, not another process's that took the port.
healthy=0
for _ in $(seq 1 240); do
  kill -0 "$manager_pid" 2>/dev/null || { echo "swarm manage exited" >&2; exit 1; }
  info=$(manager_get /info)
  healthy=$(grep -o '"Healthy"' <<<"$info" | wc -l || true)
  for address in ${addresses//,/ }; do grep -qF "\"$address\"" <<<"$info" || healthy=0; done
  [ "$healthy" -ge "$engines" ] && break
  sleep 0.5
done
if [ "$healthy" -lt "$engines" ]; then
  echo "the manager sees $healthy of $engines engines healthy after 2 minutes; still running, see 'docker -H tcp://127.0.0.1:$port info'" >&2
else
  kind="engines"
  [ -n "$hollow" ] && kind="SIMULATED engines (hollow, nothing really runs)"
  echo "Ready: $engines $kind behind swarm manage (PID $manager_pid). In another shell:" >&2
  echo "export DOCKER_HOST=tcp://127.0.0.1:$port"
  echo "Ctrl-C stops everything." >&2
fi
wait "$manager_pid"
