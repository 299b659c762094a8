#!/usr/bin/env bash
# Foreground PostgreSQL for the Local infrastructure mode.
#   postgres.sh <data-dir>   with PGPORT and WORKTEAM_POSTGRES_PASSWORD set.
# Creates the cluster on first start, clears a stale postmaster.pid left by a killed server,
# and turns the SIGTERM it gets when the app host stops into PostgreSQL's fast shutdown.
set -euo pipefail
root=$1
cluster="$root/cluster"
: "${PGPORT:?PGPORT must be set}"
bin=${WORKTEAM_POSTGRES_BIN:?WORKTEAM_POSTGRES_BIN must be set}
: "${WORKTEAM_POSTGRES_PASSWORD:?WORKTEAM_POSTGRES_PASSWORD must be set}"

if [ ! -f "$cluster/PG_VERSION" ]; then
  rm -rf "$cluster"
  pwfile=$(mktemp)
  trap 'rm -f "$pwfile"' EXIT
  printf '%s\n' "$WORKTEAM_POSTGRES_PASSWORD" > "$pwfile"
  "$bin/initdb" -D "$cluster" -U postgres --pwfile="$pwfile" --auth-host=scram-sha-256 --auth-local=peer \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  trap - EXIT
fi

pidfile="$cluster/postmaster.pid"
if [ -f "$pidfile" ]; then
  oldpid=$(head -n 1 "$pidfile")
  oldcomm=$(cat "/proc/$oldpid/comm" 2>/dev/null || ps -p "$oldpid" -o comm= 2>/dev/null || true)
  oldstate=$(ps -p "$oldpid" -o stat= 2>/dev/null || true)
  # A killed postmaster its parent has not reaped yet (a zombie) still answers kill -0.
  if ! kill -0 "$oldpid" 2>/dev/null || [ "${oldcomm##*/}" != "postgres" ] || [ "${oldstate:0:1}" = "Z" ]; then
    echo "removing stale $pidfile (pid $oldpid is not running)"
    rm -f "$pidfile"
  fi
fi

# setpriv (Linux) stops the server when this script dies; elsewhere the trap below stops it.
tie=(); command -v setpriv >/dev/null 2>&1 && tie=(setpriv --pdeathsig INT --)
${tie[@]+"${tie[@]}"} "$bin/postgres" -D "$cluster" -p "$PGPORT" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 \
  -c shared_preload_libraries=pg_stat_statements &
server=$!
trap 'kill -INT "$server" 2>/dev/null' TERM INT HUP
status=0
wait "$server" || status=$?
# A trapped signal interrupts the first wait; wait again for the shutdown to finish.
if kill -0 "$server" 2>/dev/null; then wait "$server" || status=$?; fi
exit "$status"
