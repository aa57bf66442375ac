#!/usr/bin/env bash
# Runs Watcher on this machine with embedded defaults, in one command, on a fresh Debian 12 box
# that has the .NET 10 SDK:
#   - installs PostgreSQL if its server programs are missing (apt-get, through sudo unless root);
#   - keeps a private cluster in .local/pgdata (repo root), trust auth, 127.0.0.1 only, port
#     WATCHER_PG_PORT (default 55432), its socket in .local/pgsocket; re-running reuses it;
#   - creates the database "watcher", points ConnectionStrings__Watcher at it, writes digests to
#     ./outbox unless Digest__OutboxDirectory is set (no SMTP unless Smtp__Host is set);
#   - publishes the app to .local/app (again only when a source changed), applies the schema (watcher migrate)
#     and execs the service.
#
# Usage:  deploy/run-local.sh                      # watcher run
#         deploy/run-local.sh --some-option        # watcher run --some-option
#         deploy/run-local.sh feeds add <url>      # any other watcher command, same database
# WATCHER_SKIP_APP=1 stops after the database is ready (prints the connection string).
# The cluster is left running; the script prints the command that stops it.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
local_dir="$repo_root/.local"
pg_data="$local_dir/pgdata"
pg_socket="$local_dir/pgsocket"
pg_logdir="$local_dir/pglog"
pg_port="${WATCHER_PG_PORT:-55432}"
app_dir="$local_dir/app"
database=watcher

die() {
    echo "run-local: $*" >&2
    exit 1
}

say() {
    echo "run-local: $*" >&2
}

is_root() {
    [[ "$(id -u)" -eq 0 ]]
}

# Package installation needs root.
as_root() {
    if is_root; then
        "$@"
    else
        command -v sudo >/dev/null || die "need root to run: $*  (no sudo found)"
        sudo "$@"
    fi
}

# PostgreSQL refuses to run as root, so root hands the cluster to the postgres user.
as_pg() {
    if is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Prints the directory holding initdb and pg_ctl, or fails.
find_pg_bin() {
    local dir candidate
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    fi
    # Debian keeps the server outside PATH, one directory per major version; take the newest.
    dir=""
    while IFS= read -r candidate; do
        if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
            dir="$candidate"
        fi
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
    if [[ -n "$dir" ]]; then
        echo "$dir"
        return 0
    fi
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

ensure_postgres_installed() {
    if pg_bin="$(find_pg_bin)"; then
        return 0
    fi
    say "PostgreSQL server not found; installing it with apt-get"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    pg_bin="$(find_pg_bin)" || die "PostgreSQL was installed but initdb/pg_ctl are still not found"
}

prepare_directories() {
    mkdir -p "$pg_data" "$pg_socket" "$pg_logdir"
    chmod 0700 "$pg_data"
    if is_root; then
        id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (apt-get install postgresql creates it)"
        chown -R postgres: "$pg_data" "$pg_socket" "$pg_logdir"
        runuser -u postgres -- test -w "$pg_data" \
            || die "the postgres user cannot reach $pg_data; make the directories above it traversable (chmod o+x) or move the checkout"
    fi
}

init_cluster() {
    if [[ -f "$pg_data/PG_VERSION" ]]; then
        return 0
    fi
    say "creating a PostgreSQL cluster in $pg_data"
    as_pg "$pg_bin/initdb" -D "$pg_data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
}

cluster_running() {
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1
}

start_cluster() {
    if cluster_running; then
        say "PostgreSQL already running ($pg_data, port from its postmaster.pid)"
    else
        say "starting PostgreSQL on 127.0.0.1:$pg_port"
        # Unix socket paths are limited to ~107 bytes; a deep checkout goes without (TCP is used anyway).
        local socket_dir="$pg_socket"
        if (( ${#pg_socket} > 90 )); then
            socket_dir=""
        fi
        # pg_ctl hands -o to a shell, hence the inner quotes (paths with spaces).
        as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_logdir/postgres.log" -w -t 60 \
            -o "-p $pg_port -k '$socket_dir' -c listen_addresses=127.0.0.1" start >/dev/null \
            || die "PostgreSQL did not start; see $pg_logdir/postgres.log"
    fi
    # A cluster started earlier keeps its own port, whatever WATCHER_PG_PORT says now.
    pg_port="$(sed -n 4p "$pg_data/postmaster.pid")"
}

ensure_database() {
    local exists
    exists="$("$pg_bin/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tAc \
        "select 1 from pg_database where datname = '$database'")"
    if [[ "$exists" != "1" ]]; then
        say "creating database $database"
        "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$database"
    fi
}

stop_hint() {
    local prefix=""
    if is_root; then
        prefix="runuser -u postgres -- "
    fi
    say "PostgreSQL stays running; stop it with:"
    say "  ${prefix}$pg_bin/pg_ctl -D $pg_data stop"
}

main() {
    ensure_postgres_installed
    prepare_directories
    init_cluster
    start_cluster
    ensure_database

    export ConnectionStrings__Watcher="Host=127.0.0.1;Port=$pg_port;Database=$database;Username=postgres"
    export Digest__OutboxDirectory="${Digest__OutboxDirectory:-$repo_root/outbox}"
    stop_hint

    if [[ "${WATCHER_SKIP_APP:-0}" == "1" ]]; then
        say "database ready; WATCHER_SKIP_APP=1, not starting the app"
        echo "ConnectionStrings__Watcher=$ConnectionStrings__Watcher"
        return 0
    fi

    command -v dotnet >/dev/null || die "dotnet not found; install the .NET 10 SDK"
    # Published again only when a source is newer than the last publish: a publish compiles ahead of
    # time (ReadyToRun) and takes about a minute, too long before every command.
    local newer
    newer=$([[ -f "$app_dir/watcher.dll" ]] && find "$repo_root/src" "$repo_root/seeds" "$repo_root/appsettings.json" \
        "$repo_root"/Directory.*.props -newer "$app_dir/watcher.dll" -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null || echo new)
    if [[ -n "$newer" ]]; then
        say "publishing the app to $app_dir"
        # Build output stays under .local too, apart from IDE builds in the source tree.
        dotnet publish "$repo_root/src/Watcher/Watcher.csproj" -c Release -o "$app_dir" \
            --artifacts-path "$local_dir/build" --nologo -v quiet
        touch "$app_dir/watcher.dll"
    else
        say "the app in $app_dir is up to date"
    fi
    cd "$app_dir"
    say "applying the schema"
    dotnet watcher.dll migrate

    # No argument or only options: the service. Otherwise the arguments are a watcher command.
    if [[ $# -eq 0 || "$1" == -* ]]; then
        set -- run "$@"
    fi
    exec dotnet watcher.dll "$@"
}

main "$@"
