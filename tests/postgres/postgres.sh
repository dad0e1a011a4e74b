#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the tests and benchmarks: initdb as the postgres user into DIR, pg_ctl start on
# a free 127.0.0.1 port, trust authentication for local connections, database "swarm".
#
#   postgres.sh start DIR   prints "PORT PID"; installs Debian's postgresql when missing
#   postgres.sh stop DIR    stops the server started in DIR (by its PID) and removes DIR
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

bin_dir() {
  local dir; dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && echo "$dir"
}

ensure_postgres() {
  [ -n "$(bin_dir)" ] && return
  [ "$(id -u)" -eq 0 ] || die "needs root to install postgresql"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  die "no free port"
}

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    dir=${2:?DIR}
    ensure_postgres
    bin=$(bin_dir)
    mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(free_port)
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres swarm
    echo "$port" > "$dir/port"
    echo "$port $(head -n 1 "$dir/data/postmaster.pid")"
    ;;
  stop)
    dir=${2:?DIR}; [ -d "$dir" ] || exit 0
    if [ -f "$dir/data/postmaster.pid" ]; then
      pid=$(head -n 1 "$dir/data/postmaster.pid")
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *) die "usage: postgres.sh start DIR | stop DIR" ;;
esac
