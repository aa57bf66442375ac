#!/usr/bin/env bash
# Polling shared across processes: N `watcher poll` processes at once on one database, feeds spread over
# 127.0.0.1 to 127.0.0.10 behind a server that answers each request after a delay (Kestrel, in the bench).
#   tests/Watcher.Benchmarks/poll-instances.sh [feeds=2000] [delay-ms=300] [processes=1,2,3] [rounds=1]
# Starts a throwaway PostgreSQL on 127.0.0.1 (stopped and removed on exit). Needs root or the postgres
# user for PostgreSQL (initdb/pg_ctl run as `postgres` when we are root).
set -euo pipefail
FEEDS=${1:-2000}
DELAY=${2:-300}
PROCESSES=${3:-1,2,3}
ROUNDS=${4:-1}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/watcher-instancebench-XXXXXX)
chmod 755 "$WORK"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

cleanup() {
  [ -d "$WORK/pg" ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

PG_PORT=$(free_port)
mkdir -p "$WORK/pgsock"
[ "$(id -u)" = 0 ] && chown -R postgres: "$WORK/pgsock" && mkdir -p "$WORK/pg" && chown postgres: "$WORK/pg"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pgsock/log" -w -o "-p $PG_PORT -k $WORK/pgsock -c listen_addresses=127.0.0.1" start >/dev/null
echo "== PostgreSQL on 127.0.0.1:$PG_PORT"

ART=${WATCHER_BENCH_ARTIFACTS:-/tmp/art-instancebench}
dotnet build -c Release "$ROOT/tests/Watcher.Benchmarks" --artifacts-path "$ART" -v q -nologo >/dev/null
timeout 3600 dotnet "$ART/bin/Watcher.Benchmarks/release/Watcher.Benchmarks.dll" poll-instances \
  "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres" "$FEEDS" "$DELAY" "$PROCESSES" "$ROUNDS"
