# Shared by load.sh, wrk-compare.sh and memory.sh (sourced, not run): a private PostgreSQL, the service's settings,
# the Release build. Each script sets repo, work and pgport first and keeps its own clean-up.

# SIGTERM, then up to 10 s of graceful shutdown before SIGKILL: the port is free when the script returns.
stop() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 40); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.25; done
  kill -KILL "$1" 2>/dev/null || true
}

# Sets $server. A port taken by someone else is the usual failure: show PostgreSQL's own words before the clean-up
# removes them.
start_postgres() {
  server=$("$repo/deploy/private-postgres.sh" start "$work/pg" "$pgport") || { tail -3 "$work/pg/server.log"; exit 1; }
  psql -h 127.0.0.1 -p "$pgport" -U postgres -qc "create database naphoneline" >/dev/null
}

# The settings of every measured process (Production, logging at Warning); the public base URL is each one's own.
export_service_settings() {
  export ASPNETCORE_ENVIRONMENT=Production
  export ConnectionStrings__Phoneline="$server;Database=naphoneline${NAPHONELINE_LOAD_DB_OPTIONS:-}"
  export Telephony__AuthToken=load-test-auth-token Telephony__AccountSid=ACload
  export Phoneline__FallbackNumber=+16195550199 Admin__ApiKey=load-test-admin-key-0123456789abcdef
  export Privacy__Key=BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc= # test key: 32 bytes of 0x07
  export Phoneline__JournalPath="$work/journal"
  export Logging__LogLevel__Default=Warning DOTNET_ThreadPool_ForceMinWorkerThreads=64
}

# Sets $bin: the service and the benchmark tools, built in Release.
build_release() {
  dotnet build -c Release -v quiet -nologo "$repo/tests/NAPhoneline.Benchmarks" > "$work/build.log" \
    || { grep -E "error|rror\(s\)" "$work/build.log" | sort -u | head -10; exit 1; }
  bin="$repo/tests/NAPhoneline.Benchmarks/bin/Release/net10.0"
}
