#!/usr/bin/env bash
# Poll-cycle benchmark: Watcher against rss2email on the same feeds, served by nginx on 127.0.0.1.
#   tests/Watcher.Benchmarks/poll-cycle.sh [feed-count=1000] [r2e|no-r2e] [concurrency=16|default] [warm-up-feeds=0] [hosts=1]
# (concurrency N sets Polling:MaxConcurrency and Polling:MaxConcurrencyPerHost to N; `default` keeps the
# shipped settings, 16 and 2; with one host, every bench feed is on it)
# (hosts N > 1 spreads the feeds over 127.0.0.1 to 127.0.0.N, feed i on 127.0.0.(i mod N + 1), as a desk's
# feeds are spread over many sites: with one host, the per-host limit of 2 fetches is what an unchanged cycle measures)
# (warm-up feeds are extra documents Watcher polls twice, new then unchanged, unmeasured, before the measured cycles:
# the figure of a running service rather than of a process still compiling its code)
# Switches (environment): WATCHER_BENCH_INPROCESS=0, WATCHER_BENCH_FRESH=0, WATCHER_BENCH_SERVICE=0 skip the
# in-process cycles, the fresh `watcher poll` or `watcher run`; WATCHER_BENCH_APP=dir runs another build of the
# app; WATCHER_BENCH_APP_ENV="NAME=value ..." passes settings to those processes; WATCHER_BENCH_PG_OPTIONS adds
# server settings; diagnostics: WATCHER_BENCH_WRAP (a profiler around the in-process bench), WATCHER_BENCH_MARKS,
# WATCHER_BENCH_SMAPS (memory by mapping), WATCHER_BENCH_STATEMENTS=1 (with
# WATCHER_BENCH_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"), WATCHER_BENCH_SQL, WATCHER_BENCH_BREAKDOWN.
# Starts nginx (ETag, Last-Modified, 304 from static files) and a throwaway PostgreSQL, both bound to
# 127.0.0.1 and stopped on exit; every run starts from empty state. Needs root or the postgres user
# for PostgreSQL (initdb/pg_ctl run as `postgres` when we are root).
set -euo pipefail
FEEDS=${1:-1000}
R2E=${2:-r2e}
CONCURRENCY=${3:-16}
WARMUP=${4:-0}
HOSTS=${5:-1}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=${WATCHER_STREAM_SAMPLE:-/work/shared/data/stream-sample.jsonl.gz}
WORK=$(mktemp -d /tmp/watcher-pollbench-XXXXXX)
chmod 755 "$WORK"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

cleanup() {
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  [ -d "$WORK/pg" ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== generating $FEEDS feeds of 25 items (items from $(basename "$SAMPLE"), distinct guids per feed)"
mkdir -p "$WORK/www" "$WORK/nginx/logs" "$WORK/pgsock"
python3 - "$SAMPLE" "$WORK/www" "$((FEEDS + WARMUP))" <<'PY'
import gzip, json, sys, email.utils, datetime
from xml.sax.saxutils import escape
sample, out, feeds = sys.argv[1], sys.argv[2], int(sys.argv[3])
records = [json.loads(l) for l in gzip.open(sample, 'rt', encoding='utf-8')]
for i in range(feeds):
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
             f'<title>Bench feed {i}</title><link>http://127.0.0.1/feed{i}</link><description>bench</description>']
    for j in range(25):
        r = records[(i * 25 + j) % len(records)]
        date = email.utils.format_datetime(datetime.datetime.fromisoformat(r['date']))
        parts.append(f"<item><title>{escape(r['title'])}</title><link>{escape(r['url'])}</link>"
                     f"<guid isPermaLink=\"false\">{r['id']}-f{i}</guid><pubDate>{date}</pubDate>"
                     f"<description>{escape(r['text'])}</description></item>")
    parts.append('</channel></rss>\n')
    with open(f'{out}/feed{i}.xml', 'w', encoding='utf-8') as f:
        f.write(''.join(parts))
PY
du -sh "$WORK/www" | awk '{print "   documents: " $1}'

HTTP_PORT=$(free_port)
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/rss+xml xml; }
  default_type application/octet-stream;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  keepalive_requests 100000;
  server { $(for ((h = 1; h <= HOSTS; h++)); do printf 'listen 127.0.0.%d:%d; ' "$h" "$HTTP_PORT"; done) root $WORK/www; etag on; if_modified_since exact; }
}
CONF
/usr/sbin/nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
BASE="http://127.0.0.1:$HTTP_PORT"
curl -sf -o /dev/null "$BASE/feed0.xml"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $(curl -sI "$BASE/feed0.xml" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')" "$BASE/feed0.xml")
echo "== nginx on $BASE$([ "$HOSTS" = 1 ] || echo " to 127.0.0.$HOSTS") (conditional GET answers $code)"
# Feed i's address (SQL and shell).
FEED_URL_SQL="'http://127.0.0.' || (i % $HOSTS + 1) || ':$HTTP_PORT/feed' || i || '.xml'"
# The bench counts nginx's CPU (master and workers) beside its own.
export WATCHER_BENCH_NGINX_PID=$(cat "$WORK/nginx/nginx.pid")

PG_PORT=$(free_port)
[ "$(id -u)" = 0 ] && chown -R postgres: "$WORK/pgsock" && mkdir -p "$WORK/pg" && chown postgres: "$WORK/pg"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pgsock/log" -w -o "-p $PG_PORT -k $WORK/pgsock -c listen_addresses=127.0.0.1 ${WATCHER_BENCH_PG_OPTIONS:-}" start >/dev/null
echo "== PostgreSQL on 127.0.0.1:$PG_PORT (settings: ${WATCHER_BENCH_PG_OPTIONS:-defaults})"
CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
PSQL="$PGBIN/psql -q -At -h 127.0.0.1 -p $PG_PORT -U postgres -d postgres"
# The bench's feeds, all new again (no item seen, no validators).
reset_feeds() {
  $PSQL -c "TRUNCATE feeds CASCADE" -c "INSERT INTO feeds (url, enabled, created_at, consecutive_failures) SELECT $FEED_URL_SQL, true, now(), 0 FROM generate_series(0, $((FEEDS - 1))) AS i" 2>/dev/null
}

ART=${WATCHER_BENCH_ARTIFACTS:-/tmp/art-pollbench}
dotnet build -c Release "$ROOT/tests/Watcher.Benchmarks" --artifacts-path "$ART" -v q -nologo >/dev/null
# `watcher poll` and `watcher run` below are the app as the deploy paths publish it (ReadyToRun).
dotnet publish -c Release "$ROOT/src/Watcher/Watcher.csproj" --artifacts-path "$ART" -o "$ART/app" -v q -nologo >/dev/null
APP=${WATCHER_BENCH_APP:-$ART/app}
# The published executable (its apphost), as systemd and the container start it; a build has only the dll.
if [ -x "$APP/watcher" ]; then WATCHER="$APP/watcher"; else WATCHER="dotnet $APP/watcher.dll"; fi
echo "== Watcher (concurrency $CONCURRENCY)"
# WATCHER_BENCH_WRAP runs Watcher under a profiler, e.g. "perf record -F 999 -g -o /tmp/watcher.perf"
# (with DOTNET_PerfMapEnabled=1 in the environment, so that perf can name JIT-compiled code).
if [ "${WATCHER_BENCH_INPROCESS:-1}" = 1 ]; then
  timeout 1800 ${WATCHER_BENCH_WRAP:-} dotnet "$ART/bin/Watcher.Benchmarks/release/Watcher.Benchmarks.dll" poll-cycle \
    "$CONN$([ "$CONCURRENCY" = default ] || echo ";Maximum Pool Size=$((CONCURRENCY + 8))")" "$BASE" "$FEEDS" "$CONCURRENCY" "$WARMUP" "$HOSTS"
else
  # Only the processes below (WATCHER_BENCH_INPROCESS=0): the schema and the keywords they need.
  export ConnectionStrings__Watcher="$CONN"
  $WATCHER migrate >/dev/null && $WATCHER keywords learn --yes >/dev/null
fi

# `watcher poll` as a fresh process on the same feeds, new again: wall time and peak memory of the
# whole process (startup included), all new then unchanged; the shipped settings unless concurrency says.
if [ "${WATCHER_BENCH_FRESH:-1}" = 1 ]; then
  reset_feeds
  for cycle in "first (all new)" "second (unchanged)"; do
    env ConnectionStrings__Watcher="$CONN" ${WATCHER_BENCH_APP_ENV:-} \
      $([ "$CONCURRENCY" = default ] || echo "Polling__MaxConcurrency=$CONCURRENCY Polling__MaxConcurrencyPerHost=$CONCURRENCY") \
      /usr/bin/time -f "%e %M %U %S" -o "$WORK/time" $WATCHER poll > "$WORK/poll.out"
    read -r wall rss user sys < "$WORK/time"
    echo "watcher poll (fresh process), $FEEDS feeds, $cycle: $wall s (CPU $user s user, $sys s system), peak memory (max RSS) $((rss / 1024)) MB; $(tail -1 "$WORK/poll.out")"
  done
fi

# `watcher run`, the service itself, on the same feeds made new again, for its memory: peak RSS of the
# whole process over its first cycle (all new) and the next (all unchanged, due again after
# Polling:Interval, here its shortest, 10 s), then SIGTERM. Waits are bounded.
if [ "${WATCHER_BENCH_SERVICE:-1}" = 1 ]; then
  reset_feeds
  # The HTTP listener on, as shipped (on a free loopback port): it holds about 20 MB of its own.
  env ConnectionStrings__Watcher="$CONN" Http__Urls="http://127.0.0.1:$(free_port)" ${WATCHER_BENCH_APP_ENV:-} Polling__Interval=00:00:10 Logging__LogLevel__Default=Warning \
    $([ "$CONCURRENCY" = default ] || echo "Polling__MaxConcurrency=$CONCURRENCY Polling__MaxConcurrencyPerHost=$CONCURRENCY") \
    /usr/bin/time -f "%e %M" -o "$WORK/service-time" $WATCHER run > "$WORK/service.out" 2>&1 &
  SERVICE=$!
  polled_since() { $PSQL -c "SELECT count(*) FROM feeds WHERE last_polled_at >= '$1'"; }
  started=$($PSQL -c "SELECT now()")
  for _ in $(seq 600); do [ "$(polled_since "$started")" -ge "$FEEDS" ] && break; sleep 0.2; done
  first_done=$($PSQL -c "SELECT now()")
  new_items=$($PSQL -c "SELECT count(*) FROM seen_items")
  for _ in $(seq 600); do [ "$(polled_since "$first_done")" -ge "$FEEDS" ] && break; sleep 0.2; done
  unchanged=$(polled_since "$first_done")
  pid=$(pgrep -P "$SERVICE" -f 'watcher(\.dll)? run' || echo "$SERVICE")
  # Diagnostics: the service's resident memory by mapping after its two cycles (WATCHER_BENCH_SMAPS=1).
  if [ "${WATCHER_BENCH_SMAPS:-0}" = 1 ]; then
    echo "   the service's resident memory by mapping (largest first):"
    awk '/^[0-9a-f]+-[0-9a-f]+ /{n=(NF>5?$6:"[anon]"); sub(/.*\//,"",n); if ($2 ~ /x/) n=n" (code)"} /^Rss:/{r[n]+=$2; t+=$2}
         END{for (k in r) printf "%8.1f MB  %s\n", r[k]/1024, k; printf "%8.1f MB  (total)\n", t/1024}' "/proc/$pid/smaps" | sort -rn | head -16
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$SERVICE" || true
  read -r _ rss < "$WORK/service-time"
  echo "watcher run (the service), $FEEDS feeds: peak memory (max RSS) $((rss / 1024)) MB over a first cycle ($new_items new items) and the next ($unchanged feeds polled again)"
fi

if [ "$R2E" = r2e ]; then
  echo "== rss2email $(r2e --version 2>&1 | awk '{print $2}') (r2e run --no-send)"
  mkdir -p "$WORK/r2e"
  {
    printf '[DEFAULT]\nto = bench@example.org\nverbose = warning\n'
    for ((i = 0; i < FEEDS; i++)); do printf '\n[feed.f%d]\nurl = http://127.0.0.%d:%d/feed%d.xml\n' "$i" "$((i % HOSTS + 1))" "$HTTP_PORT" "$i"; done
  } > "$WORK/r2e/config"
  python3 - "$WORK/r2e" <<'PY'
import resource, subprocess, sys, time
work = sys.argv[1]
for cycle in ("first (all new)", "second (unchanged)"):
    started = time.monotonic()
    subprocess.run(["timeout", "1800", "r2e", "-c", f"{work}/config", "-d", f"{work}/data.json", "run", "--no-send"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"rss2email, {cycle}: {time.monotonic() - started:.3f} s")
print(f"peak memory (max RSS of r2e) {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
PY
fi
