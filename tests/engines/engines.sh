#!/usr/bin/env bash
# Real Docker engines side by side on one machine, for the tests. Each engine is a dockerd in its own UTS
# namespace (hostname node-N) with its own data root, exec root and pidfile, listening on 127.0.0.1:PORT,
# vfs storage, no iptables, no bridge, and an offline busybox image (busybox-static, docker import).
#
#   engines.sh start DIR COUNT [BASE_PORT] [--tls]
#                                            start node-1..node-COUNT; per-node engine labels from NODE_<N>_LABELS="k=v k=v";
#                                            --tls: engines verify client certificates (CA, server and client PEMs in DIR/tls)
#   engines.sh stop DIR                      stop every engine started in DIR and all they started; remove DIR
#   engines.sh kill|pause|resume DIR N       SIGKILL / SIGSTOP / SIGCONT node-N's dockerd
#   engines.sh restart DIR N                 start node-N again (after kill), same data and port
#
# Each engine also listens on DIR/node-N/docker.sock. Prints "node-N 127.0.0.1:PORT PID" per started engine. Runs as root; installs docker.io and busybox-static
# when missing. Stops only processes it started: dockerd by its pidfile, then whatever still runs with the
# engine's exec root in its command line (its containerd and shims).
set -euo pipefail

die() { echo "engines.sh: $*" >&2; exit 1; }

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "needs root to install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

busybox_tar() {
  local dir=$1 root="$1/busybox-root"
  [ -f "$dir/busybox.tar" ] && return
  rm -rf "$root"; mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
  tar -C "$root" -cf "$dir/busybox.tar" .
  rm -rf "$root"
}

engine_dir() { echo "$1/node-$2"; }

# A CA, a server certificate for 127.0.0.1/localhost and a client certificate, as dockerd's TLS docs make them.
make_tls() {
  local tls="$1/tls"
  [ -f "$tls/cert.pem" ] && return
  mkdir -p "$tls"
  (
    cd "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=swarm-test-ca" -keyout ca-key.pem -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server-key.pem -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile server.ext -out server-cert.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=swarm-test-client" -keyout key.pem -out client.csr 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' > client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile client.ext -out cert.pem 2>/dev/null
    rm -f ./*.csr ./*.ext ./*.srl
  )
}

launch() {
  local dir=$1 n=$2 port=$3 edir; edir=$(engine_dir "$dir" "$n")
  mkdir -p "$edir/data" "$edir/exec"
  local label_args=() var="NODE_${n}_LABELS" tls_args="" labels
  # Labels given at start are kept for a restart, which gets no NODE_<N>_LABELS of its own.
  if [ -n "${!var:-}" ]; then labels=${!var}; echo "$labels" > "$edir/labels"; else labels=$(cat "$edir/labels" 2>/dev/null || true); fi
  for label in $labels; do label_args+=(--label "$label"); done
  if [ -f "$dir/tls-enabled" ]; then
    tls_args="--tlsverify --tlscacert $dir/tls/ca.pem --tlscert $dir/tls/server-cert.pem --tlskey $dir/tls/server-key.pem"
  fi
  echo "$port" > "$edir/port"
  unshare --uts --fork sh -c "hostname node-$n && exec dockerd \
      --data-root '$edir/data' --exec-root '$edir/exec' --pidfile '$edir/dockerd.pid' \
      -H tcp://127.0.0.1:$port -H unix://$edir/docker.sock $tls_args --storage-driver=vfs --iptables=false --ip-masq=false --bridge=none \
      --containerd-namespace node-$n --containerd-plugins-namespace node-$n-plugins ${label_args[*]:-}" \
      > "$edir/dockerd.log" 2>&1 &
  for _ in $(seq 1 150); do
    if [ -s "$edir/dockerd.pid" ] && docker -H "unix://$edir/docker.sock" version >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  tail -20 "$edir/dockerd.log" >&2
  die "node-$n did not come up on port $port"
}

pid_of() { cat "$(engine_dir "$1" "$2")/dockerd.pid"; }

stop_engine() {
  local edir; edir=$(engine_dir "$1" "$2")
  if [ -s "$edir/dockerd.pid" ]; then
    local pid; pid=$(cat "$edir/dockerd.pid")
    kill -CONT "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # Its containerd and container shims carry the engine's exec root on their command lines.
  pkill -KILL -f -- "$edir/exec" 2>/dev/null || true
  for _ in $(seq 1 50); do pgrep -f -- "$edir/exec" >/dev/null || break; sleep 0.2; done
  # A killed containerd can linger as a zombie, which a new dockerd would take for a live one and wait on.
  rm -f "$edir/exec/containerd/containerd.pid"
}

case "${1:-}" in
  start)
    dir=${2:?DIR}; count=${3:?COUNT}; base=${4:-23750}
    ensure_packages
    mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
    if [ "${5:-}" = "--tls" ]; then make_tls "$dir"; touch "$dir/tls-enabled"; fi
    busybox_tar "$dir"
    for n in $(seq 1 "$count"); do
      port=$((base + n))
      launch "$dir" "$n" "$port"
      docker -H "unix://$(engine_dir "$dir" "$n")/docker.sock" import -c 'CMD ["sh"]' "$dir/busybox.tar" busybox:latest >/dev/null
      echo "node-$n 127.0.0.1:$port $(pid_of "$dir" "$n")"
    done
    ;;
  stop)
    dir=${2:?DIR}; [ -d "$dir" ] || exit 0; dir=$(cd "$dir" && pwd)
    for edir in "$dir"/node-*; do [ -d "$edir" ] && stop_engine "$dir" "${edir##*/node-}"; done
    # vfs layers can be large; mounts under the data roots (if any) go first.
    grep -o " $dir/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "$dir"
    ;;
  kill)    kill -KILL "$(pid_of "$2" "$3")" ;;
  pause)   kill -STOP "$(pid_of "$2" "$3")" ;;
  resume)  kill -CONT "$(pid_of "$2" "$3")" ;;
  restart)
    dir=$(cd "$2" && pwd); n=$3; edir=$(engine_dir "$dir" "$n")
    stop_engine "$dir" "$n"
    launch "$dir" "$n" "$(cat "$edir/port")"
    echo "node-$n 127.0.0.1:$(cat "$edir/port") $(pid_of "$dir" "$n")"
    ;;
  *) die "usage: engines.sh start DIR COUNT [BASE_PORT] | stop DIR | kill|pause|resume|restart DIR N" ;;
esac
