#!/usr/bin/env bash
# Foreground RabbitMQ node for the Local infrastructure mode.
#   rabbitmq.sh <data-dir>   with RABBITMQ_NODE_PORT, RABBITMQ_DIST_PORT, WORKTEAM_RABBITMQ_MANAGEMENT_PORT,
#                            WORKTEAM_RABBITMQ_USER and WORKTEAM_RABBITMQ_PASSWORD set.
# The node name derives from the data directory, so several app hosts can run side by side
# while one app host finds its own queues again after a restart.
set -euo pipefail
root=$1
: "${RABBITMQ_NODE_PORT:?}" "${RABBITMQ_DIST_PORT:?}" "${WORKTEAM_RABBITMQ_MANAGEMENT_PORT:?}"
: "${WORKTEAM_RABBITMQ_USER:?}" "${WORKTEAM_RABBITMQ_PASSWORD:?}"
server=${WORKTEAM_RABBITMQ_SERVER:?WORKTEAM_RABBITMQ_SERVER must be set}

mkdir -p "$root/mnesia" "$root/log"
cat > "$root/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_NODE_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $WORKTEAM_RABBITMQ_MANAGEMENT_PORT
default_user = $WORKTEAM_RABBITMQ_USER
default_pass = $WORKTEAM_RABBITMQ_PASSWORD
default_user_tags.administrator = true
loopback_users = none
log.console = true
log.console.level = warning
log.file = false
CONF
echo '[rabbitmq_management].' > "$root/enabled_plugins"
# The Erlang distribution port (for rabbitmqctl) listens on loopback only, like everything else of Workteam's.
echo '[{kernel, [{inet_dist_use_interface, {127,0,0,1}}]}].' > "$root/advanced.config"

export HOME="$root"
sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi; }
export RABBITMQ_NODENAME="workteam-$(printf '%s' "$root" | sha256 | cut -c1-12)@localhost"
export RABBITMQ_MNESIA_BASE="$root/mnesia"
export RABBITMQ_LOG_BASE="$root/log"
export RABBITMQ_CONFIG_FILE="$root/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$root/enabled_plugins"
export RABBITMQ_CONF_ENV_FILE=/dev/null
export RABBITMQ_ADVANCED_CONFIG_FILE="$root/advanced.config"
export ERL_EPMD_ADDRESS=127.0.0.1
# The server script execs the Erlang VM, which stops gracefully on SIGTERM. setpriv exists on Linux only.
tie=(); command -v setpriv >/dev/null 2>&1 && tie=(setpriv --pdeathsig TERM --)
exec ${tie[@]+"${tie[@]}"} "$server"
