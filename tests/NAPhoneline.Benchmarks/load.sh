#!/usr/bin/env bash
# Load test of the signed webhook path on loopback: a private PostgreSQL, the service in Release, the demo structure
# with a 500-volunteer roster, and LoadGenerator at a fixed request rate. Everything stops by itself.
# --freeze-db: PostgreSQL is stopped (SIGSTOP, all its processes) for the measured run, after the warm-up, and
# thawed after it (and always on exit): what callers get while the database hangs.
# --regional: the calls dial the demo's regional number (deploy/demo/region.json) and key 92101: routed to the
# San Diego Area and its 500 volunteers (two more webhooks before the Dial).
#   tests/NAPhoneline.Benchmarks/load.sh [rate=500] [seconds=30] [--freeze-db] [--regional]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
freeze=false; regional=(); positional=()
for arg in "$@"; do
  case "$arg" in
    --freeze-db) freeze=true ;;
    --regional) regional=(--to +16195550190 --where 92101) ;;
    *) positional+=("$arg") ;;
  esac
done
rate=${positional[0]:-500}; seconds=${positional[1]:-30}
work=$(mktemp -d /tmp/naphoneline-load-XXXXXX); chmod 755 "$work"; pgport=55610; url=http://127.0.0.1:5090

# The postmaster (first line of postmaster.pid) and all its descendants.
descendants() { local child; for child in $(pgrep -P "$1" || true); do echo "$child"; descendants "$child"; done; }
postmaster() { head -1 "$work/pg/postmaster.pid" 2>/dev/null || true; }
freeze_db() {
  local master; master=$(postmaster)
  kill -STOP "$master" # first, so that it forks no new backend while the others are stopped
  frozen=$(descendants "$master"); [ -z "$frozen" ] || kill -STOP $frozen
  echo "PostgreSQL frozen: postmaster $master and $(echo $frozen | wc -w) child processes"
}
thaw_db() {
  local master; master=$(postmaster)
  [ -n "$master" ] || return 0
  # Everything under the postmaster now, not only what freeze_db saw: nothing is left stopped.
  for pid in $(descendants "$master") $master; do kill -CONT "$pid" 2>/dev/null || true; done
}
. "$repo/tests/NAPhoneline.Benchmarks/bench-common.sh"
cleanup() {
  trap '' INT TERM HUP # a second Ctrl-C must not cut the clean-up short (and leave PostgreSQL stopped)
  thaw_db # a stopped cluster would not shut down
  if [ -n "${service:-}" ]; then stop "$service"; fi
  "$repo/deploy/private-postgres.sh" stop "$work/pg" --remove; rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
start_postgres

export_service_settings
export Telephony__PublicBaseUrl=$url
build_release
dotnet "$bin/NAPhoneline.dll" import "$repo/deploy/demo/helpline.json"
dotnet "$bin/NAPhoneline.dll" --urls "$url" > "$work/service.log" 2>&1 &
service=$!
for _ in $(seq 1 60); do curl -fs "$url/healthz" >/dev/null && break; sleep 0.5; done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(dotnet --version), PostgreSQL $(psql --version | awk '{print $3}')"
dotnet "$bin/NAPhoneline.Benchmarks.dll" load --url "$url" --rate 50 --seconds 5 --roster 500 --demo "$repo/deploy/demo/helpline.json" >/dev/null # warm-up
if [ ${#regional[@]} -gt 0 ]; then
  # After the roster (its import names the region without its number), then warmed up again.
  curl -fs -X PUT -H "Authorization: Bearer $Admin__ApiKey" -H 'Content-Type: application/json' \
    --data-binary "@$repo/deploy/demo/region.json" "$url/admin/api/config" >/dev/null
  dotnet "$bin/NAPhoneline.Benchmarks.dll" load --url "$url" --rate 50 --seconds 5 --roster 0 "${regional[@]}" >/dev/null
fi
if [ "$freeze" = false ]; then
  dotnet "$bin/NAPhoneline.Benchmarks.dll" load --url "$url" --rate "$rate" --seconds "$seconds" --roster 0 \
    "${regional[@]}"
  exit
fi
freeze_db
status=0
dotnet "$bin/NAPhoneline.Benchmarks.dll" load --url "$url" --rate "$rate" --seconds "$seconds" --roster 0 \
  "${regional[@]}" || status=$?
thaw_db
thawed=$(date +%s.%N); healthy=no
for _ in $(seq 1 120); do curl -fs -m 2 "$url/healthz" >/dev/null && { healthy=yes; break; }; sleep 0.25; done
after=$(echo "$(date +%s.%N) - $thawed" | bc | xargs printf %.1f)
echo "PostgreSQL thawed; /healthz 200 again: $healthy, $after s later"
echo "service log lines matching fail|error: $(grep -ciE "fail|error" "$work/service.log" || true), most frequent:"
grep -iE "fail|error" "$work/service.log" | sort | uniq -c | sort -rn | head -5 || true
exit "$status"
