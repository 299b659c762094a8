#!/usr/bin/env bash
# Foreground smtp4dev (SMTP server with a web UI) for the Local infrastructure mode.
#   smtp4dev.sh <data-dir> [smtp4dev options...]   with WORKTEAM_SMTP_PORT, WORKTEAM_MAIL_UI_PORT and
#   WORKTEAM_SMTP4DEV_DLL set. Further options (TLS mode, users...) are passed on to smtp4dev.
# Runs the restored dotnet tool's assembly directly so that stopping this process stops the server.
set -euo pipefail
root=$1
shift
: "${WORKTEAM_SMTP_PORT:?}" "${WORKTEAM_MAIL_UI_PORT:?}" "${WORKTEAM_SMTP4DEV_DLL:?}"
mkdir -p "$root"
export XDG_CONFIG_HOME="$root"
tie=(); command -v setpriv >/dev/null 2>&1 && tie=(setpriv --pdeathsig TERM --)
exec ${tie[@]+"${tie[@]}"} dotnet "$WORKTEAM_SMTP4DEV_DLL" \
  --baseappdatapath="$root" --nousersettings --db="$root/smtp4dev.db" \
  --hostname=localhost --bindaddress=127.0.0.1 --disableipv6 \
  --smtpport="$WORKTEAM_SMTP_PORT" --imapport=0 --pop3port=0 --messagestokeep=10000 --sessionstokeep=1000 \
  --urls="http://127.0.0.1:$WORKTEAM_MAIL_UI_PORT" "$@"
