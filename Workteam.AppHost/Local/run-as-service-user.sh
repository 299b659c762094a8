#!/usr/bin/env bash
# Runs a local server script in the foreground as an unprivileged service user.
#   run-as-service-user.sh <service-user> <data-dir> <script> [args...]
# As root: hands <data-dir> to <service-user> and re-runs through runuser (postgres refuses to run as root).
# As anyone else: runs the script as the current user.
# PR_SET_PDEATHSIG (setpriv) makes the server stop when this launcher dies, even by SIGKILL, so no server
# outlives the app host that started it. Without setpriv (macOS) the servers stop on the app host's SIGTERM only.
set -euo pipefail
user=$1; data=$2; script=$3; shift 3
mkdir -p "$data"
if [ "$(id -u)" -eq 0 ]; then
  # The checkout may sit where the service user cannot read (a root-only home or temp folder): the script runs
  # from a copy in the data folder, which the service user owns, and starts there.
  install -o "$user" -m 0500 "$script" "$data/.launch.sh"
  chown -R "$user:" "$data"
  cd "$data"
  exec runuser -u "$user" -- setpriv --pdeathsig TERM -- bash "$data/.launch.sh" "$data" "$@"
fi
tie=(); command -v setpriv >/dev/null 2>&1 && tie=(setpriv --pdeathsig TERM --)
exec ${tie[@]+"${tie[@]}"} bash "$script" "$data" "$@"
