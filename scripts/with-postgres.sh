#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server.
#
#   scripts/with-postgres.sh COMMAND [ARG ...]
#
# Creates a fresh cluster in a temporary folder (UTF-8, C.UTF-8 locale so pg_trgm works on
# Chinese; fsync off), listens on 127.0.0.1:54329, exports
# DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres, runs the command, then always stops
# the server and removes the folder. Exits with the command's exit code.
# initdb refuses to run as root, so as root the server runs as the `postgres` user via runuser.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: scripts/with-postgres.sh COMMAND [ARG ...]" >&2
  exit 2
fi

PGPORT_TEST="${PGPORT_TEST:-54329}"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$PGBIN" || ! -x "$PGBIN/initdb" ]]; then
  echo "with-postgres: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin;" \
    "run scripts/system-packages.sh --postgres" >&2
  exit 1
fi

if [[ "$(id -u)" -eq 0 ]]; then
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/qinshang-pg.XXXXXX")
chmod 755 "$PGDIR"
[[ "$(id -u)" -eq 0 ]] && chown postgres:postgres "$PGDIR"

cleanup() {
  if [[ -f "$PGDIR/data/postmaster.pid" ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PGDIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    >"$PGDIR/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  cat "$PGDIR/initdb.log" >&2
  exit 1
fi
if ! as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT_TEST -k $PGDIR -c fsync=off" start >/dev/null; then
  echo "with-postgres: the server did not start (is port $PGPORT_TEST taken?):" >&2
  cat "$PGDIR/server.log" >&2 || true
  exit 1
fi
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT_TEST"

export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT_TEST/postgres"
status=0
"$@" || status=$?
exit "$status"
