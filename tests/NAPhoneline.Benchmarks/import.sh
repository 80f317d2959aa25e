#!/usr/bin/env bash
# Times `import-meetings` of a generated BMLT file of N meetings (default 80,000) into a private PostgreSQL, twice:
# the first import fills the source, the second replaces it.   tests/NAPhoneline.Benchmarks/import.sh [N]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
count=${1:-80000}
work=$(mktemp -d /tmp/naphoneline-import-XXXXXX); chmod 755 "$work"; pgport=55630
server=$("$repo/deploy/private-postgres.sh" start "$work/pg" "$pgport")
trap '"$repo/deploy/private-postgres.sh" stop "$work/pg" --remove; rm -rf "$work"' EXIT
psql -h 127.0.0.1 -p "$pgport" -U postgres -qc "create database naphoneline" >/dev/null
export ConnectionStrings__Phoneline="$server;Database=naphoneline" Logging__LogLevel__Default=Warning
dotnet build -c Release -v quiet -nologo "$repo/tests/NAPhoneline.Benchmarks" >/dev/null
bin="$repo/tests/NAPhoneline.Benchmarks/bin/Release/net10.0"
dotnet "$bin/NAPhoneline.dll" import "$repo/deploy/demo/helpline.json" >/dev/null
dotnet "$bin/NAPhoneline.Benchmarks.dll" make-bmlt "$count" "$work/meetings.json"
echo "file: $(du -h "$work/meetings.json" | cut -f1) for $count meetings"
for run in first replace; do
  start=$(date +%s.%N)
  dotnet "$bin/NAPhoneline.dll" import-meetings "$work/meetings.json" --format bmlt --service-body asc-sd
  echo "$run import: $(echo "$(date +%s.%N) - $start" | bc) s (process start included)"
done
