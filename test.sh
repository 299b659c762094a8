#!/usr/bin/env bash
# Runs every Workteam test: installs missing prerequisites, builds, runs all test projects against real
# PostgreSQL, RabbitMQ and smtp4dev, and ends with the line "N passed, M failed" counted from the TRX results.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
./eng/prerequisites.sh chromium || exit 1

results=artifacts/test-results
rm -rf "$results"
dotnet build Workteam.Aspire.sln -v quiet -nologo || { echo "0 passed, 1 failed"; exit 1; }
dotnet test --solution Workteam.Aspire.sln --no-build --results-directory "$results" --report-trx "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
done
# Name each failed test with the start of its message, so a short excerpt of the output still says what failed.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] && command -v python3 >/dev/null && python3 eng/failed-tests.py "$trx"
done
# A test run that crashed before writing results still counts as a failure.
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "$passed passed, $failed failed"
exit "$status"
