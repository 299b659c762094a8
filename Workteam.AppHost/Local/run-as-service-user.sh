#!/usr/bin/env bash
# Runs a local server script in the foreground as an unprivileged service user.
#   run-as-service-user.sh <service-user> <data-dir> <script> [args...]
# As root: hands <data-dir> to <service-user> and re-runs through runuser (postgres refuses to run as root).
# As anyone else: runs the script as the current user.
# PR_SET_PDEATHSIG (setpriv) makes the server stop when this launcher dies, even by SIGKILL, so no server
# outlives the app host that started it.
set -euo pipefail
user=$1; data=$2; script=$3; shift 3
mkdir -p "$data"
if [ "$(id -u)" -eq 0 ]; then
  chown -R "$user:" "$data"
  exec runuser -u "$user" -- setpriv --pdeathsig TERM -- bash "$script" "$data" "$@"
fi
exec setpriv --pdeathsig TERM -- bash "$script" "$data" "$@"
