#!/usr/bin/env bash
# Resident memory of the service in a fresh process holding N meetings and V volunteers: a private PostgreSQL,
# the data imported with the operator commands, then the service in Release (Production settings) started anew and
# made to answer a few calls and meeting-search texts before VmRSS is read from /proc. Everything stops by itself.
# The caller's DOTNET_* variables (DOTNET_gcServer=1, DOTNET_GCHeapHardLimit=0x...) reach the service as given.
#   tests/NAPhoneline.Benchmarks/memory.sh [meetings=80000] [volunteers=500]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
meetings=${1:-80000}; volunteers=${2:-500}
work=$(mktemp -d /tmp/naphoneline-memory-XXXXXX); chmod 755 "$work"; pgport=55613; url=http://127.0.0.1:5095
. "$repo/tests/NAPhoneline.Benchmarks/bench-common.sh"
cleanup() {
  trap '' INT TERM HUP # a second Ctrl-C must not cut the clean-up short
  if [ -n "${service:-}" ]; then stop "$service"; fi
  "$repo/deploy/private-postgres.sh" stop "$work/pg" --remove; rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
start_postgres

export_service_settings
export Telephony__PublicBaseUrl=$url
build_release
bench() { dotnet "$bin/NAPhoneline.Benchmarks.dll" "$@"; }

# All data goes in before the measured process starts, so it holds only what it loads itself.
dotnet "$bin/NAPhoneline.dll" import "$repo/deploy/demo/helpline.json" >/dev/null
if [ "$volunteers" -gt 0 ]; then
  bench make-roster "$volunteers" "$repo/deploy/demo/helpline.json" "$work/roster.json"
  dotnet "$bin/NAPhoneline.dll" import "$work/roster.json" >/dev/null
fi
if [ "$meetings" -gt 0 ]; then
  bench make-bmlt "$meetings" "$work/meetings.json"
  dotnet "$bin/NAPhoneline.dll" import-meetings "$work/meetings.json" --format bmlt --service-body asc-sd >/dev/null
fi
echo "loaded: $(psql -h 127.0.0.1 -p "$pgport" -U postgres -d naphoneline -Atc \
  "select (select count(*) from meetings) || ' meetings, ' || (select count(*) from volunteers) || ' volunteers, '
          || (select count(*) from shifts) || ' shifts'")"

dotnet "$bin/NAPhoneline.dll" --urls "$url" > "$work/service.log" 2>&1 &
service=$!
for _ in $(seq 1 120); do curl -fs "$url/healthz" >/dev/null && break; sleep 0.5; done
curl -fs "$url/healthz" >/dev/null || { echo "service did not start:"; tail -20 "$work/service.log"; exit 1; }
# VmRSS = RssAnon (heaps) + RssFile (mapped assemblies) + RssShmem (shared memory, e.g. the runtime's double-mapped
# JIT code); VmHWM is the peak.
memory() {
  awk '/^(VmRSS|RssAnon|RssFile|RssShmem|VmHWM):/ {printf "%s %.1f MB  ", $1, $2 / 1024}' "/proc/$service/status"
}
gc=$(grep -o '"System.GC.Server": [a-z]*' "$bin/NAPhoneline.runtimeconfig.json" || echo "System.GC.Server unset")
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(dotnet --version)"
gcenv=$(env | grep -iE '^DOTNET_GC' | tr '\n' ' ' || true)
echo "GC: runtimeconfig $gc; environment: ${gcenv:-no DOTNET_GC* variables}"
echo "after start:            $(memory)"

# A few calls (incoming -> language -> menu 2 -> status: roster and routing) and meeting-search texts (the index).
bench load --url "$url" --rate 20 --seconds 3 --roster 0 > "$work/calls.txt"; head -1 "$work/calls.txt"
sms="AccountSid=ACload&ApiVersion=2010-04-01&Body=92101&From=%2B1619555014#&NumMedia=0&NumSegments=1"
sms+="&SmsStatus=received&To=%2B16195550100&MessageSid=SMmemory0000000000000000000000000#"
for n in 1 2 3 4 5; do
  form=${sms//#/$n}
  signature=$(bench sign --url "$url/sms/incoming" --form "$form" --token "$Telephony__AuthToken")
  code=$(curl -s -o "$work/sms.xml" -w '%{http_code}' -H "X-Twilio-Signature: $signature" --data "$form" \
    "$url/sms/incoming")
  [ "$code" = 200 ] || { echo "SMS $n: HTTP $code"; exit 1; }
done
echo "SMS 92101 x5, last reply: $(head -c 160 "$work/sms.xml")..."
sleep 2 # let the last requests' allocations settle
echo "after calls and texts:  $(memory)"
echo "RSS: $(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$service/status") MB" \
  "($meetings meetings, $volunteers volunteers)"
echo "service log lines with fail or error:"; grep -iE "fail|error" "$work/service.log" | head -5 || true
