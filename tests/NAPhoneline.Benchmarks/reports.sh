#!/usr/bin/env bash
# The report summary over a year of a busy region: a private PostgreSQL, the service in Release (which migrates
# it; its job server off, so the rollup runs when this script says), reports-data.sql (1 RSC, 30 ASCs, 500,000
# calls, 20,000 requests, seeded), then GET /admin/api/reports/summary timed with curl: the region over the last 12
# months and the busiest area over the last month, each after 3 warm-ups, three ways: read from the calls (nothing
# rolled up), after `rollup-reports` (timed), and with one changed day per area (marked, read from the calls).
# Everything stops by itself.
#   tests/NAPhoneline.Benchmarks/reports.sh [runs=50]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
here="$repo/tests/NAPhoneline.Benchmarks"
runs=${1:-50}
work=$(mktemp -d /tmp/naphoneline-reports-XXXXXX); chmod 755 "$work"; pgport=55612; url=http://127.0.0.1:5093
key=load-test-admin-key-0123456789abcdef
. "$here/bench-common.sh"
cleanup() {
  if [ -n "${service:-}" ]; then stop "$service"; fi
  "$repo/deploy/private-postgres.sh" stop "$work/pg" --remove; rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
start_postgres
sql() { psql -h 127.0.0.1 -p "$pgport" -U postgres -d naphoneline -v ON_ERROR_STOP=1 "$@"; }

export_service_settings
export Telephony__PublicBaseUrl=$url Jobs__RunServer=false
build_release
dotnet "$bin/NAPhoneline.dll" --urls "$url" > "$work/service.log" 2>&1 &
service=$!
for _ in $(seq 1 60); do curl -fs "$url/healthz" >/dev/null && break; sleep 0.5; done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(dotnet --version)," \
  "PostgreSQL $(psql --version | awk '{print $3}'), load $(cut -d' ' -f1-3 /proc/loadavg)"

# The year ends today (UTC): "the last 12 months" and "the last month" are the service's own ranges.
end=$(date -u +%F)
started=$(date +%s.%N)
sql -q -v end="$end" -f "$here/reports-data.sql"
count() { sql -Atc "select count(*) from $1"; }
echo "generated in $(echo "$(date +%s.%N) - $started" | bc | xargs printf %.1f) s: $(count calls) calls," \
  "$(count call_legs) legs, $(count requests) requests, $(count request_events) request events," \
  "database $(sql -Atc "select pg_size_pretty(pg_database_size('naphoneline'))")"
# The month: the last full calendar month; the year: the 12 full months before this one.
month_from=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%F); month_to=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%F)
year_from=$(date -u -d "$(date -u +%Y-%m-01) -12 months" +%F)
area=$(sql -Atc "select b.key from calls c join service_bodies b on b.id = c.service_body_id where b.kind = 'ASC'
                 group by b.key order by count(*) desc limit 1")

# $1 label, $2 URL, then curl's arguments: 3 warm-ups, then N timed GETs, p50/p99/max in ms.
timed() {
  local label=$1 target=$2; shift 2
  for _ in 1 2 3; do curl -fs -o /dev/null "$@" "$target"; done
  for _ in $(seq 1 "$runs"); do curl -fs -o /dev/null -w '%{time_total}\n' "$@" "$target"; done |
    awk '{print $1 * 1000}' | sort -n | awk -v label="$label" '{a[NR] = $1}
      END {printf "%-44s n=%d p50=%.0f p99=%.0f max=%.0f ms\n", label, NR, a[int(NR * 0.5 + 0.5)],
           a[int(NR * 0.99 + 0.999)], a[NR]}'
}
# $1 label, $2 query string: the admin API's summary.
measure() {
  local target="$url/admin/api/reports/summary?$2" status
  status=$(curl -s -o "$work/body.json" -w '%{http_code}' -H "Authorization: Bearer $key" "$target")
  if [ "$status" != 200 ]; then echo "$1: HTTP $status $(head -c 200 "$work/body.json")"; return 1; fi
  timed "$1" "$target" -H "Authorization: Bearer $key"
}
figures() { # the answer's headline figures, to see that the data is what the report reads
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); t=s["talkToMember"]; r=s["requests"]
print("  calls", s["calls"], "offered", t["offered"], "answered", t["answered"], "abandoned", t["abandoned"],
      "voicemail", t["voicemail"], "toAnswer", t["secondsToAnswer"], "requests", r["created"],
      "acknowledged", r["acknowledged"], "unanswered", r["unanswered"])' "$work/body.json" 2>/dev/null || true
}
# The console's reports page (the summary with the legs per volunteer, rendered), as the region's coordinator: a
# contact and a session written here (the cookie carries the token, the table its SHA-256), the service told.
session=bench-console-session-token-0123456789
sql -q -c "insert into contacts (service_body_id, role, name, phone)
           select id, 'coordinator', 'Bench Coordinator', '+16195559990' from service_bodies where key = 'bench-rsc'" \
  -c "insert into console_sessions (token_hash, phone, language, created_at, last_seen_at)
      values (sha256(convert_to('$session', 'UTF8')), '+16195559990', 'en', now(), now())" \
  -c "select pg_notify('phoneline_state', 'structure')" > /dev/null
page() { # $1 label, $2 query: like measure, for the page
  local target="$url/console/reports?$2" status
  status=$(curl -s -o "$work/page.html" -w '%{http_code}' -b "__Host-phoneline-console=$session" "$target")
  if [ "$status" != 200 ] || ! grep -q "Volunteer 1" "$work/page.html"; then
    echo "$1: HTTP $status, no volunteer table"; return 1
  fi
  timed "$1" "$target" -b "__Host-phoneline-console=$session"
}
run_all() {
  measure "region bench-rsc, $year_from..$month_to" "serviceBody=bench-rsc&from=$year_from&to=$month_to" && figures
  measure "area $area, $month_from..$month_to" "serviceBody=$area&from=$month_from&to=$month_to" && figures
  page "page: region, 12 months, with legs" "body=bench-rsc&preset=custom&from=$year_from&to=$month_to"
  page "page: area, one month, with legs" "body=$area&preset=custom&from=$month_from&to=$month_to"
}

# The generator's inserts marked every day as changed: start from nothing rolled up, as before the rollup existed.
# vacuum: a year of calls is all-visible in practice (autovacuum after inserts), so index-only scans skip the heap
sql -q -c "truncate call_days, call_days_dirty" -c "update call_days_state set rolled_until = null" \
  -c "vacuum analyze"
echo "read from the calls (nothing rolled up):"
run_all
started=$(date +%s.%N)
dotnet "$bin/NAPhoneline.dll" rollup-reports
echo "rollup-reports took $(echo "$(date +%s.%N) - $started" | bc | xargs printf %.1f) s: $(count call_days)" \
  "body-days, $(sql -Atc "select pg_size_pretty(pg_total_relation_size('call_days'))")"
sql -q -c "vacuum analyze call_days"
echo "with the rollup:"
run_all
# One day of each area changed since it was rolled (a late journal replay, an operator's fix): read from its calls.
sql -q -o /dev/null -c "select call_days_mark(id, date '$month_to' - (id % 300)::int) from service_bodies
           where kind = 'ASC'"
echo "with the rollup and one changed day per area ($(count call_days_dirty) marked):"
run_all
echo "service log lines with fail or error: $(grep -ciE "fail|error" "$work/service.log" || true), the first:"
grep -iE -A3 "fail|error" "$work/service.log" | head -8 || true
