#!/usr/bin/env bash
# Three managers in one Akka cluster on this machine, sharing a PostgreSQL journal, in the foreground; Ctrl-C (or
# SIGTERM) stops everything it started.
#
#   bash samples/three-managers/cluster.sh [ENGINES]      real Docker engines node-1..node-N (tests/engines/engines.sh, as root)
#   bash samples/three-managers/cluster.sh --hollow N     N SIMULATED engines hollow-1..hollow-N (hollow-farm): no dockerd,
#                                                         nothing really runs; for machines where dockerd cannot run
#
# It starts a throwaway PostgreSQL 15 (tests/postgres/postgres.sh, which installs Debian's postgresql when missing),
# the engines, and manager-1..3 on tcp://127.0.0.1:2375..2377 with Akka endpoints 127.0.0.1:4053..4055, all three
# seeded with the same list (SWARM_SEEDS) and given every engine. Once every manager sees every engine healthy and
# the three agree on one primary, it prints on stdout the essential lines of docker info from each manager, then
# one line per manager to paste into another shell:
#
#   export DOCKER_HOST=tcp://127.0.0.1:2375    # manager-1
#
# SWARM_PORT (manager-1's API port, default 2375; manager-2 and -3 take the next two), SWARM_CLUSTER_PORT (manager-1's
# Akka port, default 4053; likewise), SWARM_SHELL_PORT (manager-1's operational shell, `swarm cmd 127.0.0.1:9110`,
# default 9110; likewise) and ENGINE_BASE_PORT (default 23750; engine i listens on base+i) choose the ports;
# SWARM_STATE_DIR keeps the engines' data and the managers' logs (default: a temporary directory, removed at exit).
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; }

hollow=""
case "${1:-}" in
  --hollow) hollow=yes; engines=${2:-} ;;
  -h|--help) usage; exit 0 ;;
  *) engines=${1:-3} ;;
esac
if ! [[ "$engines" =~ ^[1-9][0-9]*$ ]]; then usage; exit 2; fi
managers=3
port=${SWARM_PORT:-2375}
cluster_port=${SWARM_CLUSTER_PORT:-4053}
shell_port=${SWARM_SHELL_PORT:-9110}
base=${ENGINE_BASE_PORT:-23750}
state=${SWARM_STATE_DIR:-$(mktemp -d /tmp/swarm-three.XXXXXX)}
mkdir -p "$state"
# Its own directory under /tmp: as root, postgres.sh runs the server as the postgres user, who must reach it.
postgres_dir=$(mktemp -d /tmp/swarm-three-postgres.XXXXXX)

command -v dotnet >/dev/null 2>&1 || { echo "the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
dotnet build src/Swarm -c Release -nologo -v quiet >/dev/null
[ -n "$hollow" ] && dotnet build src/Swarm.HollowFarm -c Release -nologo -v quiet >/dev/null

manager_pids=()
farm_pid=""
engines_started=""
cleanup() {
  # A second Ctrl-C or SIGTERM (a terminal signals the whole process group) must not cut the cleanup short.
  trap '' INT TERM
  trap - EXIT
  for pid in "${manager_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${manager_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$farm_pid" ]; then kill -TERM "$farm_pid" 2>/dev/null && wait "$farm_pid" 2>/dev/null || true; fi
  [ -n "$engines_started" ] && bash tests/engines/engines.sh stop "$state/engines"
  bash tests/postgres/postgres.sh stop "$postgres_dir"
  [ -z "${SWARM_STATE_DIR:-}" ] && rm -rf "$state"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

manager_port() { echo $((port + $1 - 1)); }
manager_cluster_port() { echo $((cluster_port + $1 - 1)); }
manager_shell_port() { echo $((shell_port + $1 - 1)); }

# GET on a manager without curl: bash's /dev/tcp, HTTP/1.0 so that the answer ends with the connection.
manager_get() {
  timeout 10 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" && printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$1" >&3 && cat <&3' "$(manager_port "$1")" "$2" 2>/dev/null || true
}

show_logs() {
  for i in $(seq 1 "$managers"); do echo "--- manager-$i (last lines of $state/manager-$i.log) ---" >&2; tail -n 30 "$state/manager-$i.log" >&2 || true; done
}

echo "Starting PostgreSQL…" >&2
postgres=$(bash tests/postgres/postgres.sh start "$postgres_dir")
postgres_port=${postgres%% *}
store="postgres://postgres@127.0.0.1:$postgres_port/swarm"

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
  engines_started=yes
  addresses=$(bash tests/engines/engines.sh start "$state/engines" "$engines" "$base" | awk '{print $2}' | paste -sd, -)
fi

# The same seeds, in the same order, for every manager: manager-1 starts the cluster, the others join it.
seeds=$(for i in $(seq 1 "$managers"); do echo "127.0.0.1:$(manager_cluster_port "$i")"; done | paste -sd, -)
for i in $(seq 1 "$managers"); do
  echo "Starting manager-$i on tcp://127.0.0.1:$(manager_port "$i") (Akka 127.0.0.1:$(manager_cluster_port "$i"), shell 127.0.0.1:$(manager_shell_port "$i")), log $state/manager-$i.log" >&2
  # Two malloc arenas, not up to eight a core: less RSS for the same work (README, Performance).
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} SWARM_SEEDS=$seeds SWARM_STORE=$store dotnet src/Swarm/bin/Release/net10.0/swarm.dll manage \
    -H "tcp://127.0.0.1:$(manager_port "$i")" --cluster-port "$(manager_cluster_port "$i")" --shell-port "$(manager_shell_port "$i")" "nodes://$addresses" \
    >"$state/manager-$i.log" 2>&1 &
  manager_pids+=($!)
done

# Ready when every manager's docker info shows every engine healthy (ours, not another process's that took a
# port), and exactly one of them says it is the primary: one cluster, not three.
ready=""
for _ in $(seq 1 360); do
  primaries=0
  ready=yes
  for i in $(seq 1 "$managers"); do
    kill -0 "${manager_pids[$((i - 1))]}" 2>/dev/null || { show_logs; echo "manager-$i exited" >&2; exit 1; }
    info=$(manager_get "$i" /info)
    healthy=$(grep -o '"Healthy"' <<<"$info" | wc -l || true)
    for address in ${addresses//,/ }; do grep -qF "\"$address\"" <<<"$info" || healthy=0; done
    [ "$healthy" -ge "$engines" ] || ready=""
    if grep -qF '["Role","primary"]' <<<"$info"; then primaries=$((primaries + 1)); fi
  done
  [ -n "$ready" ] && [ "$primaries" -eq 1 ] && break
  ready=""
  sleep 0.5
done
if [ -z "$ready" ]; then
  show_logs
  echo "the managers did not all see $engines engines healthy under one primary within 3 minutes; still running" >&2
  wait "${manager_pids[@]}"
  exit 1
fi

# docker info's essential lines when the docker CLI is here; the API's SystemStatus pairs otherwise.
for i in $(seq 1 "$managers"); do
  echo "--- manager-$i: docker -H tcp://127.0.0.1:$(manager_port "$i") info ---"
  if command -v docker >/dev/null 2>&1; then
    docker -H "tcp://127.0.0.1:$(manager_port "$i")" info 2>/dev/null | sed -n '/^Server:/,/^ *Plugins:/p' \
      | grep -E '^ (Containers|Role|Primary|Strategy|Nodes):|^  [^ ]+: [^ ]+:[0-9]+$|└ Status:' || true
  else
    manager_get "$i" /info | grep -o '"SystemStatus":\[.*\]\]' | grep -o '\["[^"]*","[^"]*"\]' \
      | sed 's/\\u2514/└/; s/^\["\(.*\)","\(.*\)"\]$/\1: \2/' | grep -E '^(Role|Primary|Strategy|Nodes):|^ [^ ]+: [^ ]+:[0-9]+$|└ Status:' || true
  fi
done
kind="engines"
[ -n "$hollow" ] && kind="SIMULATED engines (hollow, nothing really runs)"
echo "Ready: $managers managers (PIDs ${manager_pids[*]}) in one cluster over $engines $kind, journal in PostgreSQL on port $postgres_port. In another shell, one of:" >&2
for i in $(seq 1 "$managers"); do echo "export DOCKER_HOST=tcp://127.0.0.1:$(manager_port "$i")    # manager-$i"; done
echo "The operational shell of each: swarm cmd 127.0.0.1:$(manager_shell_port 1) cluster show (manager-2, -3: the next ports)." >&2
echo "Ctrl-C stops everything." >&2
wait "${manager_pids[@]}"
