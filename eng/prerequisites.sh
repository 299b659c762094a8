#!/usr/bin/env bash
# Installs what running and testing Workteam needs on a Debian/Ubuntu machine with the .NET 10 SDK:
# PostgreSQL 15 and RabbitMQ server binaries (for the Local infrastructure mode) and the repository's
# dotnet local tools (smtp4dev, dotnet-ef). Does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
for package in "$@"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for attempt in 1 2 3; do
  dotnet tool restore >/dev/null && break
  [ "$attempt" -eq 3 ] && { echo "dotnet tool restore failed" >&2; exit 1; }
  sleep 2
done
