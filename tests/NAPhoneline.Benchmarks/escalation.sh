#!/usr/bin/env bash
# Escalation lateness with many open requests: a private PostgreSQL, the service in Release with Jobs:PollInterval
# 1 s, and EscalationLateness (which also plays Twilio on loopback). Everything stops by itself.
#   tests/NAPhoneline.Benchmarks/escalation.sh [background=9000] [measured=1000] [rate=20]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
background=${1:-9000}; measured=${2:-1000}; rate=${3:-20}
work=$(mktemp -d /tmp/naphoneline-ladder-XXXXXX); chmod 755 "$work"; pgport=55611; url=http://127.0.0.1:5091; twilio=5092
server=$("$repo/deploy/private-postgres.sh" start "$work/pg" "$pgport")
cleanup() { if [ -n "${service:-}" ]; then kill "$service" 2>/dev/null || true; fi; "$repo/deploy/private-postgres.sh" stop "$work/pg" --remove; rm -rf "$work"; }
trap cleanup EXIT
psql -h 127.0.0.1 -p "$pgport" -U postgres -qc "create database naphoneline" >/dev/null

export ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Phoneline="$server;Database=naphoneline"
export Telephony__AuthToken=load-test-auth-token Telephony__AccountSid=ACload Telephony__PublicBaseUrl=$url Telephony__ApiBaseUrl=http://127.0.0.1:$twilio
export Phoneline__FallbackNumber=+16195550199 Admin__ApiKey=load-test-admin-key-0123456789abcdef Jobs__PollInterval=00:00:01
export Privacy__Key=BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc= # test key: 32 bytes of 0x07
export Logging__LogLevel__Default=Warning
dotnet build -c Release -v quiet -nologo "$repo/tests/NAPhoneline.Benchmarks" >/dev/null
bin="$repo/tests/NAPhoneline.Benchmarks/bin/Release/net10.0"
dotnet "$bin/NAPhoneline.dll" --urls "$url" > "$work/service.log" 2>&1 &
service=$!
for _ in $(seq 1 60); do curl -fs "$url/healthz" >/dev/null && break; sleep 0.5; done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(dotnet --version), PostgreSQL $(psql --version | awk '{print $3}')"
dotnet "$bin/NAPhoneline.Benchmarks.dll" escalation --url "$url" --db "$server;Database=naphoneline" --twilio-port "$twilio" \
  --background "$background" --measured "$measured" --rate "$rate"
echo "service log lines with fail or error:"; grep -iE "fail|error" "$work/service.log" | head -5 || true
