#!/usr/bin/env bash
# Runs Workteam: installs missing prerequisites, then starts the Aspire app host
# (dashboard URL printed below; gateway http://localhost:5280, mail UI http://localhost:5281).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
./eng/prerequisites.sh
exec dotnet run --project Workteam.AppHost "$@"
