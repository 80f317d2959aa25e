#!/usr/bin/env bash
# Throughput of the service's signed POST /voice/incoming (A) against bare-twiml (B: Kestrel, the same signature
# filter and TwiML writer, a greeting of the same shape, no database), with wrk on loopback, A B A B in one run.
# Both processes, wrk and PostgreSQL share this machine's cores. Everything stops by itself.
#   tests/NAPhoneline.Benchmarks/wrk-compare.sh [seconds=10] [rounds=2]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-10}; rounds=${2:-2}
if ! command -v wrk >/dev/null; then
  echo "wrk not found; installing it with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q wrk >&2 || { apt-get update -q >&2 && apt-get install -y -q wrk >&2; }
fi
work=$(mktemp -d /tmp/naphoneline-wrk-XXXXXX); chmod 755 "$work"; pgport=55612
service_url=http://127.0.0.1:5093; bare_url=http://127.0.0.1:5094
. "$repo/tests/NAPhoneline.Benchmarks/bench-common.sh"
cleanup() {
  trap '' INT TERM HUP # a second Ctrl-C must not cut the clean-up short
  for pid in ${service:-} ${bare:-}; do stop "$pid"; done
  "$repo/deploy/private-postgres.sh" stop "$work/pg" --remove; rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
start_postgres

export_service_settings
build_release
dotnet "$bin/NAPhoneline.dll" import "$repo/deploy/demo/helpline.json"
Telephony__PublicBaseUrl=$service_url dotnet "$bin/NAPhoneline.dll" --urls "$service_url" > "$work/service.log" 2>&1 &
service=$!
Telephony__PublicBaseUrl=$bare_url dotnet "$bin/NAPhoneline.Benchmarks.dll" bare-twiml --urls "$bare_url" \
  > "$work/bare.log" 2>&1 &
bare=$!

# What Twilio posts for a new call to the demo helpline. One fixed CallSid for every request (the signature is
# precomputed), so whatever the service records per call it records for the same call again and again.
form="AccountSid=ACload&ApiVersion=2010-04-01&CallSid=CAwrk0000000000000000000000000001&CallStatus=ringing"
form+="&Called=%2B16195550100&CalledCity=SAN+DIEGO&CalledCountry=US&CalledState=CA&CalledZip=92101"
form+="&Caller=%2B16195550142&CallerCity=SAN+DIEGO&CallerCountry=US&CallerState=CA&CallerZip=92103"
form+="&Direction=inbound&From=%2B16195550142&FromCity=SAN+DIEGO&FromCountry=US&FromState=CA&FromZip=92103"
form+="&To=%2B16195550100&ToCity=SAN+DIEGO&ToCountry=US&ToState=CA&ToZip=92101"
declare -A url=([service]=$service_url [bare]=$bare_url) signature
for name in service bare; do
  signature[$name]=$(dotnet "$bin/NAPhoneline.Benchmarks.dll" sign --url "${url[$name]}/voice/incoming" \
    --form "$form" --token "$Telephony__AuthToken")
done

# post NAME SIGNATURE OUT: one post of the form; prints the status code, the body goes to OUT.
post() { curl -s -o "$3" -w '%{http_code}' -H "X-Twilio-Signature: $2" --data "$form" "${url[$1]}/voice/incoming"; }
for name in service bare; do
  for _ in $(seq 1 120); do
    [ "$(post "$name" "${signature[$name]}" /dev/null || true)" = 200 ] && break; sleep 0.5
  done
  # Both must answer the greeting with a Gather, and both must refuse a wrong signature, or the comparison is void.
  if [ "$(post "$name" "${signature[$name]}" "$work/$name.xml")" != 200 ] || ! grep -q "<Gather" "$work/$name.xml"; then
    echo "$name did not answer the signed call with a Gather:"; cat "$work/$name.xml"; tail -20 "$work/$name.log"
    exit 1
  fi
  [ "$(post "$name" wrong-signature /dev/null)" = 403 ] || { echo "$name accepted a wrong signature"; exit 1; }
  echo "$name answers $(wc -c < "$work/$name.xml") bytes of TwiML"
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(dotnet --version)," \
  "$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: 2 threads, 16 connections, ${seconds} s a run, after a 3 s warm-up of each"

# run NAME SECONDS: wrk against one of them; prints requests/s and keeps wrk's report in $work/NAME.wrk.
run() {
  WRK_BODY=$form WRK_SIGNATURE=${signature[$1]} wrk -t2 -c16 -d"${2}s" --latency \
    -s "$repo/tests/NAPhoneline.Benchmarks/signed-post.lua" "${url[$1]}/voice/incoming" > "$work/$1.wrk"
  awk '/^Requests\/sec:/ {print $2}' "$work/$1.wrk"
}
run service 3 >/dev/null; run bare 3 >/dev/null
declare -A total=([service]=0 [bare]=0)
bad=0
for round in $(seq 1 "$rounds"); do
  for name in service bare; do
    rps=$(run "$name" "$seconds")
    total[$name]=$(echo "${total[$name]} + $rps" | bc -l)
    p50=$(awk '$1 == "50%" {print $2}' "$work/$name.wrk"); p99=$(awk '$1 == "99%" {print $2}' "$work/$name.wrk")
    # wrk counts a 403 or a 500 as a request like any other: such a run measures nothing.
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/$name.wrk")
    errors=$(awk '/Socket errors/ {$1 = $2 = ""; print}' "$work/$name.wrk")
    [ -z "$non2xx$errors" ] || bad=1
    printf 'round %d %-7s %9.1f requests/s  latency p50 %s p99 %s  non-2xx %s  socket errors%s\n' \
      "$round" "$name" "$rps" "$p50" "$p99" "${non2xx:-0}" "${errors:- none}"
  done
done
echo "mean of $rounds rounds: service $(echo "${total[service]} / $rounds" | bc -l | xargs printf '%.1f') requests/s," \
  "bare $(echo "${total[bare]} / $rounds" | bc -l | xargs printf '%.1f') requests/s," \
  "service/bare $(echo "${total[service]} / ${total[bare]}" | bc -l | xargs printf '%.3f')"
echo "service log lines with fail or error:"; grep -iE "fail|error" "$work/service.log" | head -5 || true
exit "$bad"
