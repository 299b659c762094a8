#!/usr/bin/env bash
# Installs what running and testing Workteam needs on a machine with the .NET 10 SDK: the repository's dotnet
# local tools (smtp4dev, dotnet-ef), the packages named as arguments (apt), and, only when no container runtime
# answers (Docker or Podman; with one the app host runs the servers as containers), the Local mode's servers:
# the distribution's own PostgreSQL server package and rabbitmq-server (Debian and Ubuntu). Does nothing that is
# already done.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# True when "<runtime> info" succeeds within 5 seconds; a client without an engine may hang instead of failing.
answers() {
  command -v "$1" >/dev/null 2>&1 || return 1
  "$@" >/dev/null 2>&1 &
  local pid=$! waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 50 ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; return 1; fi
    sleep 0.1; waited=$((waited + 1))
  done
  wait "$pid"
}

container_runtime_answers() {
  answers docker info --format '{{.ServerVersion}}' || answers podman info --format '{{.Version.Version}}'
}

# PostgreSQL 14 to 17 where the app host looks for it (see LocalPrerequisites.cs).
postgres_installed() {
  local version prefix
  for version in 14 15 16 17; do
    [ -x "/usr/lib/postgresql/$version/bin/postgres" ] && return 0
    for prefix in /opt/homebrew /usr/local /home/linuxbrew/.linuxbrew; do
      [ -x "$prefix/opt/postgresql@$version/bin/postgres" ] && return 0
    done
  done
  command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/postgres" ] \
    && pg_config --version | grep -Eq 'PostgreSQL (14|15|16|17)[^0-9]'
}

rabbitmq_installed() {
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || command -v rabbitmq-server >/dev/null 2>&1 \
    || [ -x /opt/homebrew/sbin/rabbitmq-server ] || [ -x /usr/local/sbin/rabbitmq-server ] \
    || [ -x /home/linuxbrew/.linuxbrew/sbin/rabbitmq-server ]
}

# The distribution's own server package (the one its postgresql metapackage depends on).
postgres_package() {
  local ID="" VERSION_ID=""
  [ -r /etc/os-release ] && . /etc/os-release
  case "$ID:$VERSION_ID" in
    debian:12) echo postgresql-15 ;;
    debian:13) echo postgresql-17 ;;
    ubuntu:22.04) echo postgresql-14 ;;
    ubuntu:24.04) echo postgresql-16 ;;
    *) echo postgresql ;;
  esac
}

missing=()
if ! postgres_installed || ! rabbitmq_installed; then
  if container_runtime_answers; then
    echo "A container runtime answers: PostgreSQL and RabbitMQ will run as containers."
  else
    postgres_installed || missing+=("$(postgres_package)")
    rabbitmq_installed || missing+=(rabbitmq-server)
  fi
fi
for package in "$@"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing: ${missing[*]}. Install them with your package manager (on macOS: brew install postgresql@17 rabbitmq)," >&2
    echo "or start Docker or Podman to run PostgreSQL and RabbitMQ as containers." >&2
    exit 1
  fi
  echo "Installing ${missing[*]} ..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for attempt in 1 2 3; do
  dotnet tool restore >/dev/null && break
  [ "$attempt" -eq 3 ] && { echo "dotnet tool restore failed" >&2; exit 1; }
  sleep 2
done
