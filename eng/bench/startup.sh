#!/usr/bin/env bash
# Startup benchmark: seconds from `dotnet run --project Workteam.AppHost` to every resource healthy,
# cold (new data folder: initdb, first RabbitMQ boot) and warm (the same folder again), in Local mode.
#   eng/bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
./eng/prerequisites.sh
dotnet build Workteam.AppHost -v quiet -nologo >/dev/null

data=$(mktemp -d /tmp/workteam-startup-XXXXXX)
chmod 755 "$data"
trap 'rm -rf "$data"' EXIT

measure() {
  local log; log=$(mktemp)
  local start; start=$(date +%s.%N)
  dotnet run --project Workteam.AppHost -- \
    --Workteam:Infrastructure=Local --Workteam:LocalDataPath="$data" \
    --Workteam:GatewayPort=0 --Workteam:MailUiPort=0 >"$log" 2>&1 &
  local pid=$!
  until grep -q "Workteam is ready" "$log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "app host exited before it was ready" >&2; exit 1; }
    sleep 0.2
  done
  local ready; ready=$(date +%s.%N)
  # dotnet run does not pass signals on when it has no terminal: stop the app host itself.
  pkill -TERM -P "$pid" || true; wait "$pid" || true
  rm -f "$log"
  # Let the previous run's processes finish stopping so that they do not slow the next start.
  for _ in $(seq 1 120); do
    pgrep -f "$data|/bin/[A-Za-z]*/net10.0/Workteam\\.|tools/dcp" >/dev/null || break
    sleep 0.5
  done
  awk -v a="$start" -v b="$ready" 'BEGIN { printf "%.1f", b - a }'
}

echo "| start | seconds to all resources healthy |"
echo "|---|---|"
echo "| cold (new data folder) | $(measure) |"
for _ in $(seq 1 "$runs"); do
  echo "| warm | $(measure) |"
done
