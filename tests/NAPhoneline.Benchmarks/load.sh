#!/usr/bin/env bash
# Load test of the signed webhook path on loopback: a private PostgreSQL, the service in Release, the demo structure
# with a 500-volunteer roster, and LoadGenerator at a fixed request rate. Everything stops by itself.
#   tests/NAPhoneline.Benchmarks/load.sh [rate=500] [seconds=30]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
rate=${1:-500}; seconds=${2:-30}
work=$(mktemp -d /tmp/naphoneline-load-XXXXXX); chmod 755 "$work"; pgport=55610; url=http://127.0.0.1:5090
server=$("$repo/deploy/private-postgres.sh" start "$work/pg" "$pgport")
cleanup() { if [ -n "${service:-}" ]; then kill "$service" 2>/dev/null || true; fi; "$repo/deploy/private-postgres.sh" stop "$work/pg" --remove; rm -rf "$work"; }
trap cleanup EXIT
psql -h 127.0.0.1 -p "$pgport" -U postgres -qc "create database naphoneline" >/dev/null

export ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Phoneline="$server;Database=naphoneline${NAPHONELINE_LOAD_DB_OPTIONS:-}"
export Telephony__AuthToken=load-test-auth-token Telephony__AccountSid=ACload Telephony__PublicBaseUrl=$url
export Phoneline__FallbackNumber=+16195550199 Admin__ApiKey=load-test-admin-key-0123456789abcdef
export Logging__LogLevel__Default=Warning DOTNET_ThreadPool_ForceMinWorkerThreads=64
dotnet build -c Release -v quiet -nologo "$repo/tests/NAPhoneline.Benchmarks" >/dev/null
bin="$repo/tests/NAPhoneline.Benchmarks/bin/Release/net10.0"
dotnet "$bin/NAPhoneline.dll" import "$repo/deploy/demo/helpline.json"
dotnet "$bin/NAPhoneline.dll" --urls "$url" > "$work/service.log" 2>&1 &
service=$!
for _ in $(seq 1 60); do curl -fs "$url/healthz" >/dev/null && break; sleep 0.5; done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(dotnet --version), PostgreSQL $(psql --version | awk '{print $3}')"
dotnet "$bin/NAPhoneline.Benchmarks.dll" load --url "$url" --rate 50 --seconds 5 --roster 500 --demo "$repo/deploy/demo/helpline.json" >/dev/null # warm-up
dotnet "$bin/NAPhoneline.Benchmarks.dll" load --url "$url" --rate "$rate" --seconds "$seconds" --roster 0
