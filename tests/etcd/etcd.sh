#!/usr/bin/env bash
# A throwaway single-member etcd for the discovery tests: client and peer URLs on free 127.0.0.1 ports, data in
# DIR/data, log in DIR/etcd.log. Only etcd's default v3 API (and its JSON gateway) is served, as Debian starts it.
#
#   etcd.sh start DIR        prints "PORT PID"; installs Debian's etcd-server and etcd-client when missing
#   etcd.sh stop PID [DIR]   stops the etcd with that PID (only if it is an etcd); removes DIR when given
set -euo pipefail

die() { echo "etcd.sh: $*" >&2; exit 1; }

ensure_etcd() {
  command -v etcd >/dev/null 2>&1 && command -v etcdctl >/dev/null 2>&1 && return
  [ "$(id -u)" -eq 0 ] || die "needs root to install etcd-server and etcd-client"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server etcd-client >/dev/null
}

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  die "no free port"
}

is_etcd() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -q '^etcd \|/etcd '; }

stop_pid() {
  local pid=$1
  is_etcd "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

# One try on two picked ports; another process may take a port between the pick and etcd's bind, so the caller retries.
launch() {
  local dir=$1 client peer pid
  client=$(free_port); peer=$(free_port)
  [ "$client" != "$peer" ] || return 1
  rm -rf "$dir/data"
  etcd --name swarm-test --data-dir "$dir/data" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "swarm-test=http://127.0.0.1:$peer" --initial-cluster-state new \
    > "$dir/etcd.log" 2>&1 < /dev/null &
  pid=$!
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || return 1
    # Its own log says it serves the port, so a healthy answer is from this etcd, not another that took the port.
    if grep -q "serving insecure client requests on 127.0.0.1:$client" "$dir/etcd.log" \
      && etcdctl --endpoints "127.0.0.1:$client" --dial-timeout 1s endpoint health >/dev/null 2>&1; then
      echo "$client $pid"
      return 0
    fi
    sleep 0.2
  done
  stop_pid "$pid"
  return 1
}

case "${1:-}" in
  start)
    dir=${2:?DIR}
    ensure_etcd
    mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
    for _ in 1 2 3; do
      if launch "$dir"; then exit 0; fi
    done
    tail -20 "$dir/etcd.log" >&2 || true
    die "etcd did not come up"
    ;;
  stop)
    pid=${2:?PID}
    stop_pid "$pid"
    if [ -n "${3:-}" ]; then rm -rf "$3"; fi
    ;;
  *) die "usage: etcd.sh start DIR | stop PID [DIR]" ;;
esac
