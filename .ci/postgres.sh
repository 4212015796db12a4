# Throwaway PostgreSQL cluster for tests: sourced by .ci/run and scripts.
# pg_start sets TEST_DATABASE_URL (an admin URL: tests create a database of their own);
# pg_stop stops the cluster and removes its folder.
# The test cluster runs with fsync=off (test data only). PG_DURABLE=1 pg_start starts it as
# production runs PostgreSQL instead (scripts/bench.sh --postgres): fsync and
# synchronous_commit on, every other setting at initdb's default; only the listen address,
# port and socket folder are set.

pg_install() {
  if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    echo "== installing PostgreSQL from the distribution's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

pg_start() {
  pg_install
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/softland-pg.XXXXXX")
  # A free port unless one is asked for: another cluster (a second checkout's CI) may be up.
  PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')}
  chown postgres "$PG_DIR"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
  local options="-h 127.0.0.1 -p $PG_PORT -k $PG_DIR"
  if [ "${PG_DURABLE:-0}" = 1 ]; then
    # As production runs it: fsync=on and synchronous_commit=on are the defaults; say so.
    options="$options -c fsync=on -c synchronous_commit=on"
  else
    # fsync off is acceptable for a throwaway test cluster only (stack NOTES.md).
    options="$options -c fsync=off -c max_connections=500"
  fi
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "$options" start >/dev/null
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  local settings
  settings=$("$PG_BIN/psql" "$TEST_DATABASE_URL" -qAt -c "SELECT string_agg(n || '=' || current_setting(n), ', ')
    FROM unnest(ARRAY['fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'max_connections', 'shared_buffers']) AS n")
  echo "== PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT, data on $(stat -f -c %T "$PG_DIR"): $settings"
  if [ "${PG_DURABLE:-0}" = 1 ] && [ "$(stat -f -c %T "$PG_DIR")" = tmpfs ]; then
    echo "== warning: $PG_DIR is in memory (tmpfs): fsync does not reach a disk; set TMPDIR to a folder on a disk"
  fi
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
