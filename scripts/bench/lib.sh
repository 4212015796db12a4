# Shared by scripts/bench.sh and scripts/soak.sh (sourced, not run): tools, a fresh database
# (SQLite file or throwaway PostgreSQL), the release server on a free loopback port, sign-in
# with curl, the ids the Lua scripts use, wrk runs and their RESULT lines, peak RSS.
# All traffic goes to 127.0.0.1; every loop is bounded.

BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}
BENCH_DURATION=${BENCH_DURATION:-20}
BENCH_WARMUP=${BENCH_WARMUP:-5}
BENCH_LUA_DIR="$ROOT/scripts/bench"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/softland"
CONSULTANT_EMAIL=consultant1@bench.softland.test
EXPAT_EMAIL=expat1@bench.softland.test
# The shared passwords of the benchmark accounts (crates/web/src/seed/bench.rs).
CONSULTANT_PASSWORD=bench-consultant-Ostrava-2026
EXPAT_PASSWORD=bench-expat-Ostrava-2026
export BENCH_LUA_DIR BENCH_THREADS

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v curl >/dev/null || missing+=(curl)
  command -v sqlite3 >/dev/null || missing+=(sqlite3)
  if [ "${INSTANCES:-1}" -gt 1 ]; then command -v haproxy >/dev/null || missing+=(haproxy); fi
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} from the distribution's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build_release() {
  log "cargo build --release -p softland"
  cargo build --release -p softland --quiet
}

# A free TCP port on 127.0.0.1 (a port nobody answers on), tried at most 50 times.
free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# --- the database -------------------------------------------------------------------------

# Creates an empty database named after $1 and sets DB_URL (and DB_FILE on SQLite).
db_create() {
  local name=$1
  if [ "$BACKEND" = postgres ]; then
    psql "$TEST_DATABASE_URL" -qAt -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
    DB_URL="${TEST_DATABASE_URL%/*}/$name"
  else
    DB_FILE="$WORK/$name.db"
    rm -f "$DB_FILE" "$DB_FILE-wal" "$DB_FILE-shm"
    DB_URL="sqlite://$DB_FILE?mode=rwc"
  fi
}

db_drop() {
  if [ "$BACKEND" = postgres ]; then
    psql "$TEST_DATABASE_URL" -qAt -c "DROP DATABASE IF EXISTS $1" >/dev/null 2>&1 || true
  else
    rm -f "$WORK/$1.db" "$WORK/$1.db-wal" "$WORK/$1.db-shm"
  fi
}

# A read-only query; one row a line, columns separated by one space.
sql() {
  if [ "$BACKEND" = postgres ]; then
    PGOPTIONS="-c default_transaction_read_only=on" psql "$DB_URL" -qAt -F ' ' -c "$1"
  else
    sqlite3 -readonly -batch -noheader -separator ' ' "$DB_FILE" "$1"
  fi
}

# Seeds $1 cases (seed 42) and sets SEED_SECONDS.
seed_db() {
  local start
  start=$(now)
  "$BIN" --database "$DB_URL" seed-bench --cases "$1" --seed 42 >&2
  SEED_SECONDS=$(elapsed "$start")
}

# --- the server ---------------------------------------------------------------------------

# Starts the server on a free port; sets SERVER_PID, BASE and START_SECONDS (until /healthz
# answers). Gives up after 30 s. Digests and reminders are not planned (SOFTLAND_NO_REMINDERS):
# on a freshly seeded database the first reminder round queues ~2,200 mails whose delivery would
# run beside the measured requests; `softland digests` measures the digests on their own
# (docs/performance.md). Older binaries ignore the variable.
start_server() {
  local start
  start=$(now)
  start_instance 1
  START_SECONDS=$(elapsed "$start")
  SERVER_PID=${SERVER_PIDS[1]}
  BASE=${INSTANCE_BASES[1]}
  wait_for_sweep 1
}

# The bearer token of every instance's /metrics (made once per run).
METRICS_TOKEN=${METRICS_TOKEN:-bench-$RANDOM$RANDOM$RANDOM}
SERVER_PIDS=()
INSTANCE_BASES=()

# Starts instance $1 of the server on a free port, its log in $WORK/server.log (instance 1)
# or $WORK/server$1.log; sets SERVER_PIDS[$1] and INSTANCE_BASES[$1]. Every instance gets the
# same database, file folder and erasure ledger (docs/operations.md, several instances);
# INSTANCE_ENV adds variables (VAR=value words). Gives up after 30 s.
start_instance() {
  local n=$1 port base log i pid
  port=$(free_port) || die "no free port on 127.0.0.1"
  base="http://127.0.0.1:$port"
  log="$WORK/server.log"
  [ "$n" = 1 ] || log="$WORK/server$n.log"
  # shellcheck disable=SC2086 # INSTANCE_ENV is a list of VAR=value words
  env SOFTLAND_SESSION_MAX_HOURS=12 SOFTLAND_STORAGE_DIR="$WORK/files" RUST_LOG="${RUST_LOG:-warn}" \
    SOFTLAND_NO_REMINDERS=true SOFTLAND_ERASURE_LEDGER="$WORK/erasures.ledger" \
    SOFTLAND_METRICS_TOKEN="$METRICS_TOKEN" ${INSTANCE_ENV:-} \
    "$BIN" --database "$DB_URL" serve --bind "127.0.0.1:$port" >"$log" 2>&1 &
  pid=$!
  SERVER_PIDS[n]=$pid
  INSTANCE_BASES[n]=$base
  for i in $(seq 1 3000); do
    if curl -sf -o /dev/null "$base/healthz"; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  cat "$log" >&2
  die "instance $n did not answer /healthz"
}

# Waits until instance $1 has ended its start-up sweep of recurring duties
# and renewals (/metrics: softland_daily_sweeps_total, or a failed one): on a large database
# it runs for seconds after start (200,000 cases: ~11 s, ~3,100 writes), and what is measured
# beside it would be the sweep too. Gives up after 600 s; says how long it waited past 1 s.
# A binary without the metric (older than it) is not waited for.
wait_for_sweep() {
  local n=$1 base=${INSTANCE_BASES[$1]} pid=${SERVER_PIDS[$1]} start text ended
  start=$(now)
  for _ in $(seq 1 6000); do
    kill -0 "$pid" 2>/dev/null || die "instance $n stopped during its start-up sweep"
    if ! text=$(curl -sf -H "Authorization: Bearer $METRICS_TOKEN" "$base/metrics"); then
      sleep 0.1
      continue
    fi
    # -1: a binary older than the metric, which says nothing of its sweep.
    ended=$(awk '$1 == "softland_daily_sweeps_total" || $1 == "softland_daily_sweeps_failed_total" { n += $2; seen = 1 }
                 END { print seen ? n + 0 : -1 }' <<<"$text")
    if [ "$ended" = -1 ]; then
      echo "instance $n does not report its start-up sweep (an older binary): not waited for" >&2
      return 0
    fi
    if [ "$ended" -ge 1 ]; then
      local waited
      waited=$(elapsed "$start")
      awk -v w="$waited" 'BEGIN { exit !(w > 1) }' && echo "instance $n: start-up sweep ended after ${waited} s" >&2
      return 0
    fi
    sleep 0.1
  done
  die "instance $n: start-up sweep still running after 600 s"
}

# Starts $1 instances one after the other (each migrates on start: migrations are idempotent,
# but starting them together would only race for the same lock).
start_instances() {
  local n start
  start=$(now)
  for n in $(seq 1 "$1"); do start_instance "$n"; done
  START_SECONDS=$(elapsed "$start")
  for n in $(seq 1 "$1"); do wait_for_sweep "$n"; done
  SERVER_PID=${SERVER_PIDS[1]}
  BASE=${INSTANCE_BASES[1]}
}

# Stops every instance (SIGTERM, then SIGKILL after 10 s).
stop_instances() {
  local n
  for n in "${!SERVER_PIDS[@]}"; do
    SERVER_PID=${SERVER_PIDS[n]}
    stop_server
  done
  SERVER_PIDS=()
  INSTANCE_BASES=()
}

stop_server() {
  if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    local i
    for i in $(seq 1 100); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}

# Peak RSS: VmHWM of the server (kB), reset with clear_refs before each scenario.
reset_peak_rss() { echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null || true; }
peak_rss_mb() { awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
rss_mb() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }

# --- signing in ---------------------------------------------------------------------------

# The value of the first hidden csrf field in file $1.
# Reads the whole page (no reader of a pipe quits early: with pipefail a writer cut off by
# `head` fails the script with SIGPIPE, 141, on a page with many forms).
csrf_of() {
  awk '!found && match($0, /name="csrf" value="[^"]*"/) {
    print substr($0, RSTART + 19, RLENGTH - 20); found = 1 }' "$1"
}

# Signs in $1 with password $2; prints the session cookie's value.
sign_in() {
  local jar="$WORK/jar.$RANDOM$RANDOM" code token
  curl -s -c "$jar" -b "$jar" -o "$jar.html" "$BASE/login"
  token=$(csrf_of "$jar.html")
  code=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode "csrf=$token" --data-urlencode "email=$1" --data-urlencode "password=$2" \
    "$BASE/login")
  [ "$code" = 303 ] || die "signing in $1 answered $code"
  awk '$6 == "softland_session" { v = $7 } END { print v }' "$jar"
  rm -f "$jar" "$jar.html"
}

# The CSRF token of session cookie $1, read from page $2.
csrf_for() {
  curl -s -H "Cookie: softland_session=$1" -o "$WORK/page.html" "$BASE$2"
  csrf_of "$WORK/page.html"
}

# Signs in the consultant and the expat, exports what the Lua scripts read.
sign_in_both() {
  BENCH_STAFF_COOKIE=$(sign_in "$CONSULTANT_EMAIL" "$CONSULTANT_PASSWORD")
  BENCH_EXPAT_COOKIE=$(sign_in "$EXPAT_EMAIL" "$EXPAT_PASSWORD")
  BENCH_CSRF=$(csrf_for "$BENCH_STAFF_COOKIE" /)
  BENCH_EXPAT_CSRF=$(csrf_for "$BENCH_EXPAT_COOKIE" /my)
  [ -n "$BENCH_CSRF" ] && [ -n "$BENCH_EXPAT_CSRF" ] || die "no CSRF token on the signed-in pages"
  export BENCH_STAFF_COOKIE BENCH_EXPAT_COOKIE BENCH_CSRF BENCH_EXPAT_CSRF
}

# --- ids for the Lua scripts --------------------------------------------------------------

# The consultant's cases (S3) and, for writes, their open cases' items that are in progress
# or waiting for the authority, with their current versions (read just before each run).
gather_cases() {
  CONSULTANT_ID=$(sql "SELECT id FROM users WHERE email = '$CONSULTANT_EMAIL'")
  [ -n "$CONSULTANT_ID" ] || die "no benchmark consultant in the database"
  sql "SELECT id FROM cases WHERE consultant_id = $CONSULTANT_ID ORDER BY id" >"$WORK/cases.txt"
  BENCH_CASES="$WORK/cases.txt"
  BENCH_ITEMS="$WORK/items.txt"
  export BENCH_CASES BENCH_ITEMS
}

gather_items() {
  sql "SELECT i.case_id, i.id, i.version, i.status FROM checklist_items i
       JOIN cases c ON c.id = i.case_id
       WHERE c.consultant_id = $CONSULTANT_ID AND c.status = 'open'
         AND i.status IN ('in_progress', 'submitted') ORDER BY i.id" >"$BENCH_ITEMS"
}

# The calendar feed secret of the consultant with the most open items with a due date: the
# bench seed gives every consultant the feed secret sha256("softland-bench-feed:<email>")
# (crates/web/src/seed/bench.rs, feed_secret). Exports BENCH_FEED_SECRET for ics.lua.
gather_feed() {
  local busiest
  busiest=$(sql "SELECT u.email FROM checklist_items i JOIN users u ON u.id = i.open_owner
       WHERE i.open_owner IS NOT NULL AND i.due_on IS NOT NULL
         AND i.status IN ('in_progress', 'to_do')
       GROUP BY u.email ORDER BY COUNT(*) DESC, u.email LIMIT 1")
  [ -n "$busiest" ] || die "no consultant has open items with a due date"
  if [ "$(sql "SELECT COUNT(*) FROM feed_tokens")" = 0 ]; then
    log "warning: this database was seeded before feed tokens existed: the ics scenario will get 404s (seed a new one)"
  fi
  BENCH_FEED_SECRET=$(printf 'softland-bench-feed:%s' "$busiest" | sha256sum | cut -c1-64)
  export BENCH_FEED_SECRET
}

history_rows() { sql "SELECT COUNT(*) FROM item_status_history"; }

# --- wrk ----------------------------------------------------------------------------------

# Runs wrk with Lua script $1 for $2 seconds at $3 connections; prints its RESULT line with
# wrk's own CPU time appended (wrk_cpu_us: user + system, from bash's `times` for the children
# this shell has waited for, taken in this shell right before and after wrk).
run_wrk() {
  local out="$WORK/wrk.out" result
  times >"$WORK/times.before"
  wrk -t"$BENCH_THREADS" -c"$3" -d"${2}s" --timeout 10s -s "$BENCH_LUA_DIR/$1.lua" "$BASE" >"$out" 2>&1 || true
  times >"$WORK/times.after"
  result=$(grep '^RESULT' "$out") || { cat "$out" >&2; result="RESULT requests=0 seconds=0 rps=0 p50_us=0 p99_us=0 ok=0 acked=0 conflict=0 err=1 socket=0 bad=0"; }
  echo "$result wrk_cpu_us=$(($(children_cpu_us "$WORK/times.after") - $(children_cpu_us "$WORK/times.before")))"
}

# The children's user + system CPU time in an output of `times` (file $1), in µs.
children_cpu_us() {
  awk 'NR == 2 {
    t = 0
    for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] }
    printf "%.0f\n", t * 1e6 }' "$1"
}

# CPU time the server has used so far (user + system), in clock ticks (getconf CLK_TCK).
server_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
# Minor page faults of the server so far (a page of the memory-mapped file touched again).
server_minor_faults() { awk '{ print $10 }' "/proc/$SERVER_PID/stat"; }
# Commits of batched changes so far and the changes in them, as "COMMITS CHANGES" (the
# server's /metrics: softland_write_batches_total, softland_write_batched_changes_total).
server_batches() {
  curl -s -H "Authorization: Bearer $METRICS_TOKEN" "$BASE/metrics" |
    awk '$1 == "softland_write_batches_total" { b = $2 } $1 == "softland_write_batched_changes_total" { c = $2 } END { print b + 0, c + 0 }'
}

# --- CPU per request of each part ---------------------------------------------------------

# CPU time of process $1 and of the children it has waited for (user + system), in clock
# ticks; 0 when it is gone. The command name in /proc/PID/stat is cut off first (it may hold
# spaces).
proc_ticks() {
  local t
  t=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }')
  echo "${t:-0}"
}

# CPU time of the whole PostgreSQL cluster: the postmaster (with the backends that have
# exited) and every live child (backends, checkpointer, WAL writer, autovacuum ...).
postgres_ticks() {
  local pm p total=0
  pm=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null) || true
  if [ -z "$pm" ]; then
    echo 0
    return 0
  fi
  for p in "$pm" $(pgrep -P "$pm"); do total=$((total + $(proc_ticks "$p"))); done
  echo "$total"
}

# Requests instance $1 (its base URL) has answered so far, from its own /metrics.
instance_requests() {
  curl -s -H "Authorization: Bearer $METRICS_TOKEN" "$1/metrics" |
    awk '/^softland_http_requests_total/ { n += $NF } END { printf "%.0f\n", n }'
}

# The parts whose CPU is measured, one word each, in cpu_snapshot's order.
cpu_parts() {
  local n parts=()
  if [ -n "${PROXY_PID:-}" ]; then parts+=(proxy); fi
  for n in "${!SERVER_PIDS[@]}"; do parts+=("instance$n"); done
  if [ "$BACKEND" = postgres ]; then parts+=(postgres); fi
  echo "${parts[*]}"
}

# The CPU ticks of each part (cpu_parts' order), then each instance's answered requests.
cpu_snapshot() {
  local n out=()
  if [ -n "${PROXY_PID:-}" ]; then out+=("$(proc_ticks "$PROXY_PID")"); fi
  for n in "${!SERVER_PIDS[@]}"; do out+=("$(proc_ticks "${SERVER_PIDS[n]}")"); done
  if [ "$BACKEND" = postgres ]; then out+=("$(postgres_ticks)"); fi
  for n in "${!INSTANCE_BASES[@]}"; do out+=("$(instance_requests "${INSTANCE_BASES[n]}")"); done
  echo "${out[*]}"
}

CPU_TABLE=${CPU_TABLE:-}

# Appends scenario $1's CPU row: RESULT line $2, cpu_snapshot before ($3) and after ($4);
# keeps the parts and the number of instances for print_cpu_table (which may run after the
# instances have stopped).
cpu_row() {
  [ -n "$CPU_TABLE" ] || return 0
  echo "$(cpu_parts)|${#SERVER_PIDS[@]}" >"$CPU_TABLE.parts"
  echo "$1|$(field "$2" requests)|$(field "$2" seconds)|$(field "$2" wrk_cpu_us)|$3|$4" >>"$CPU_TABLE"
}

# The table of CPU per request: each part's CPU time during the measured run over the
# requests wrk counted, and how the requests split between the instances (their /metrics).
print_cpu_table() {
  local parts ninst
  [ -s "$CPU_TABLE.parts" ] || return 0
  IFS='|' read -r parts ninst <"$CPU_TABLE.parts"
  echo "µs CPU per request of each part: its user + system time during the measured run (/proc/PID/stat,"
  echo "clock tick $((1000000 / $(getconf CLK_TCK))) µs; PostgreSQL: every process of the cluster) over the requests wrk counted"
  awk -F'|' -v parts="$parts" -v ninst="$ninst" -v hz="$(getconf CLK_TCK)" '
    BEGIN {
      np = split(parts, name, " ")
      printf "%-10s", "scenario"
      for (i = 1; i <= np; i++) { label = name[i]; sub("instance", "inst ", label); printf " %9s", label }
      printf " %9s %9s   %s\n", "wrk", "total", "req/s per instance (their /metrics)"
    }
    {
      split($5, b, " "); split($6, a, " ")
      req = $2; sec = $3
      printf "%-10s", $1
      total = 0
      for (i = 1; i <= np; i++) {
        us = req > 0 ? (a[i] - b[i]) * 1e6 / hz / req : 0
        total += us
        printf " %9.1f", us
      }
      w = req > 0 ? $4 / req : 0
      total += w
      printf " %9.1f %9.1f  ", w, total
      for (i = 1; i <= ninst; i++) {
        n = a[np + i] - b[np + i]
        printf " %s%.0f", (i > 1 ? "/ " : ""), (sec > 0 ? n / sec : 0)
      }
      printf "\n"
    }' "$CPU_TABLE"
}

# Field $2 (e.g. rps) of RESULT line $1.
field() { printf '%s\n' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }

# Peak private memory: RssAnon of the server sampled every 0.5 s (VmHWM also counts the
# memory-mapped database pages, which are the kernel's shared page cache). Bounded by $1 s.
start_anon_sampler() {
  rm -f "$WORK/anon.stop"
  echo 0 >"$WORK/anon.max"
  (
    max=0
    for _ in $(seq 1 $(($1 * 2))); do
      [ -e "$WORK/anon.stop" ] && break
      v=$(awk '/^RssAnon/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null)
      if [ "${v:-0}" -gt "$max" ]; then
        max=$v
        echo "$max" >"$WORK/anon.max"
      fi
      sleep 0.5
    done
  ) &
  ANON_SAMPLER=$!
}

# Stops the sampler; prints the peak in MB.
stop_anon_sampler() {
  touch "$WORK/anon.stop"
  wait "$ANON_SAMPLER" 2>/dev/null || true
  awk '{ printf "%.1f", $1 / 1024 }' "$WORK/anon.max"
}

# Serves a copy of SQLite database $1 (the original is never written) with binary $2 from a
# fresh work directory named after $3, removed with the server at exit (quick.sh,
# instructions.sh).
use_copy_of() {
  BACKEND=sqlite
  BIN=$2
  WORK=$(mktemp -d "/tmp/softland-$3.XXXXXX")
  trap 'stop_server; rm -rf "$WORK"' EXIT
  cp "$1" "$WORK/b.db"
  DB_FILE=$WORK/b.db
  DB_URL="sqlite://$DB_FILE?mode=rwc"
}
