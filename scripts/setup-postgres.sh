#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the store tests and prints its
# connection URL on stdout (everything else goes to stderr), so that CI can do:
#   export ZVH_TEST_POSTGRES_URL="$(bash scripts/setup-postgres.sh)"
# Its own data directory instead of Debian's `main` cluster: nothing of the machine's
# configuration is changed, and a second run finds the server already up and reuses it.
set -euo pipefail

PG_DIR="${ZVH_PG_DIR:-/tmp/zvh-postgres}"
PG_PORT="${ZVH_PG_PORT:-54329}"
PG_USER=zvh
PG_PASSWORD=zvh-test
PG_DATABASE=zvh_test

log() { echo "setup-postgres: $*" >&2; }

pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

if ! bindir="$(pg_bindir)"; then
  log "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends postgresql >&2; then
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql >&2
  fi
  bindir="$(pg_bindir)"
fi

# initdb refuses to run as root: as root, the server runs as the postgres user.
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  as_owner() { runuser -u "$owner" -- "$@"; }
else
  owner="$(id -un)"
  as_owner() { "$@"; }
fi

mkdir -p "$PG_DIR"
chown "$owner" "$PG_DIR"
chmod 700 "$PG_DIR"
data="$PG_DIR/data"

if [ ! -f "$data/PG_VERSION" ]; then
  log "initialising a cluster in $data"
  # Local socket connections (only the owner can reach the socket directory) are trusted
  # so that this script can create the role; TCP always needs the password.
  as_owner "$bindir/initdb" -D "$data" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >&2
fi

if as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  log "server already running"
else
  log "starting the server on 127.0.0.1:$PG_PORT"
  as_owner "$bindir/pg_ctl" -D "$data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR" \
    start >&2
fi

psql_admin() {
  as_owner "$bindir/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -qtA "$@"
}

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
  psql_admin -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE $PG_DATABASE OWNER $PG_USER" >&2
fi

echo "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DATABASE"
