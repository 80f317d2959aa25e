#!/usr/bin/env bash
# A private PostgreSQL cluster for tests and local runs: no system service, any free port, any data folder.
#   private-postgres.sh start DATADIR PORT   initdb when DATADIR is new, start on 127.0.0.1:PORT, wait until ready
#   private-postgres.sh stop DATADIR [--remove]  fast shutdown; --remove also deletes DATADIR
# PostgreSQL refuses to run as root, so as root the cluster runs as the 'postgres' user. When the binaries are
# missing they are installed with apt-get (this works on our machines).
set -euo pipefail

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v initdb)")"; return 0; }
  return 1
}

ensure_installed() {
  find_bindir >/dev/null && return 0
  echo "PostgreSQL not found; installing it with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; }
  find_bindir >/dev/null
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

cmd=${1:?usage: private-postgres.sh start DATADIR PORT | stop DATADIR}
datadir=${2:?data folder required}

case "$cmd" in
  start)
    port=${3:?port required}
    ensure_installed
    bindir=$(find_bindir)
    mkdir -p "$datadir"
    [ "$(id -u)" = 0 ] && chown postgres: "$datadir" && chmod 700 "$datadir"
    if [ ! -f "$datadir/PG_VERSION" ]; then
      as_postgres "$bindir/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    fi
    if ! as_postgres "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
      # fsync off: these clusters hold test or demo data only.
      as_postgres "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w -t 60 start \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres"
    ;;
  stop)
    bindir=$(find_bindir) || exit 0
    if [ -f "$datadir/PG_VERSION" ]; then
      as_postgres "$bindir/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null 2>&1 || true
    fi
    if [ "${3:-}" = "--remove" ]; then rm -rf "$datadir"; fi
    ;;
  *)
    echo "unknown command: $cmd" >&2; exit 2 ;;
esac
