#!/usr/bin/env bash
# Runs NAPhoneline locally: a private PostgreSQL (data kept between runs), migrations, the demo helpline and its
# meetings, and the
# service on http://127.0.0.1:5080 in Development mode. Ctrl-C stops the service and the database.
#   NAPHONELINE_DATA   where the database lives   (default /var/tmp/naphoneline-local)
#   NAPHONELINE_PGPORT PostgreSQL port            (default 55432)
#   NAPHONELINE_URLS   where the service listens  (default http://127.0.0.1:5080)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
data=${NAPHONELINE_DATA:-/var/tmp/naphoneline-local}
port=${NAPHONELINE_PGPORT:-55432}
urls=${NAPHONELINE_URLS:-http://127.0.0.1:5080}

server=$("$repo/deploy/private-postgres.sh" start "$data/pgdata" "$port")
trap '"$repo/deploy/private-postgres.sh" stop "$data/pgdata"' EXIT
pg=(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
"${pg[@]}" -c "select 1 from pg_database where datname = 'naphoneline'" | grep -q 1 || "${pg[@]}" -c "create database naphoneline"

export ASPNETCORE_ENVIRONMENT=Development
export ConnectionStrings__Phoneline="$server;Database=naphoneline"
export Telephony__AuthToken=${Telephony__AuthToken:-local-dev-auth-token}
export Telephony__AccountSid=${Telephony__AccountSid:-AClocal0000000000000000000000000}
export Telephony__PublicBaseUrl=${Telephony__PublicBaseUrl:-$urls}
export Phoneline__FallbackNumber=${Phoneline__FallbackNumber:-+16195550199}
export Admin__ApiKey=${Admin__ApiKey:-local-dev-admin-key-0123456789abcdef}
export Phoneline__JournalPath=${Phoneline__JournalPath:-$data/journal}
# Caller numbers rest encrypted under Privacy:Key: one key made for this data directory and kept with it.
if [ -z "${Privacy__Key:-}" ]; then
  [ -s "$data/privacy.key" ] || (umask 077 && head -c 32 /dev/urandom | base64 > "$data/privacy.key")
  Privacy__Key=$(cat "$data/privacy.key")
fi
export Privacy__Key

dotnet build "$repo/src/NAPhoneline" -v quiet -nologo
app=(dotnet run --no-build --project "$repo/src/NAPhoneline" --)
"${app[@]}" migrate
"${app[@]}" import "$repo/deploy/demo/helpline.json"
"${app[@]}" import "$repo/deploy/demo/region.json"
"${app[@]}" import-meetings "$repo/deploy/demo/meetings.json" --format meeting-guide --service-body asc-sd

echo "NAPhoneline on $urls (demo helpline +16195550100)."
echo "Console: $urls/console - sign in as the demo coordinator +16195550115 (Robin C.); in Development the"
echo "  sign-in code is written to this log (look for 'Console sign-in code'). In another terminal:"
echo "  dotnet run --project src/NAPhoneline.Simulator -- --to +16195550100"
"${app[@]}" --urls "$urls"
