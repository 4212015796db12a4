#!/usr/bin/env bash
# The benchmark of ../shared/bench/WORKLOAD.md (docs/performance.md), in one command:
#
#   scripts/bench.sh              release build, 20,000 cases on SQLite, S1-S5, P1-P2, MIX, ICS, ceiling
#   scripts/bench.sh --postgres   the same against a throwaway PostgreSQL cluster
#   scripts/bench.sh --scaling    S1, S2, S4 at 2,000, 20,000 and 200,000 cases
#   scripts/bench.sh --postgres --instances 2
#                                 two instances behind haproxy (round robin) against one
#                                 PostgreSQL: the proofs that they share nothing but the
#                                 database, then ceiling, S1-S5 and MIX through the proxy
#
# PostgreSQL runs as in production (fsync=on, synchronous_commit=on, PG_DURABLE in
# .ci/postgres.sh). Every run prints the CPU time per request of each part (proxy, instances,
# PostgreSQL, wrk).
# Options: --cases N (default 20000), --no-build (use target/release/softland as it is),
# --instances N (default 1; more needs --postgres: SQLite serves one instance by design).
# Environment: BENCH_DURATION (20 s), BENCH_WARMUP (5 s), BENCH_CONNECTIONS (32),
# BENCH_THREADS (2), BENCH_PG_PORT (55439), BENCH_SIGNINS_PER_SEC (20), BENCH_JOB_INTERVAL_SECS
# (2: the instances' job runner interval with --instances).
# Loopback only; every loop is bounded; the server, database and cluster are removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=scripts/bench/lib.sh
source scripts/bench/lib.sh
# shellcheck source=scripts/bench/instances.sh
source scripts/bench/instances.sh
# shellcheck source=.ci/postgres.sh
source .ci/postgres.sh

BACKEND=sqlite
MODE=workload
CASES=20000
BUILD=1
INSTANCES=1
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) BACKEND=postgres ;;
    --scaling) MODE=scaling ;;
    --cases) CASES=$2; shift ;;
    --no-build) BUILD=0 ;;
    --instances) INSTANCES=${2:-}; [ $# -lt 2 ] || shift ;;
    *) die "unknown option $1 (see the top of $0)" ;;
  esac
  shift
done
case "$INSTANCES" in
  '' | *[!0-9]* | 0) die "--instances takes a number of instances, 1 or more" ;;
esac
if [ "$INSTANCES" -gt 1 ] && [ "$BACKEND" != postgres ]; then
  die "--instances $INSTANCES needs --postgres: SQLite is served by one instance by design (one writer; the file is not shared between machines)"
fi
if [ "$INSTANCES" -gt 1 ] && [ "$MODE" = scaling ]; then
  die "--instances works with the workload, not --scaling"
fi
SIGNINS_PER_SEC=${BENCH_SIGNINS_PER_SEC:-20}
JOB_INTERVAL_SECS=${BENCH_JOB_INTERVAL_SECS:-2}

WORK=$(mktemp -d /tmp/softland-bench.XXXXXX)
cleanup() {
  stop_proxy
  stop_instances
  if [ "$BACKEND" = postgres ]; then pg_stop; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

ensure_tools
[ "$BUILD" = 1 ] && build_release
[ -x "$BIN" ] || die "$BIN is missing (run without --no-build)"
if [ "$BACKEND" = postgres ]; then
  # As production runs it: fsync and synchronous_commit on (the CI cluster has fsync off).
  PG_DURABLE=1 PG_PORT=${BENCH_PG_PORT:-55439} pg_start >"$WORK/postgres.txt"
  cat "$WORK/postgres.txt" >&2
fi

machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "softland $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+changes'); database: $BACKEND; wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d${BENCH_DURATION}s after a ${BENCH_WARMUP}s warm-up"
  if [ "$BACKEND" = postgres ]; then sed 's/^== //' "$WORK/postgres.txt"; fi
  if [ "$INSTANCES" -gt 1 ]; then
    echo "$INSTANCES instances (job runner every ${JOB_INTERVAL_SECS} s each) behind haproxy $(haproxy -v | awk 'NR == 1 { print $3 }') (round robin, keep-alive to the instances); wrk -> haproxy"
  fi
}

# --- one scenario -------------------------------------------------------------------------

CEILING_RPS=0
TABLE="$WORK/table.txt"
: >"$TABLE"
CPU_TABLE="$WORK/cpu.txt"
: >"$CPU_TABLE"

ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }

# Appends a row for RESULT line $2 named $1; $3 is the notes column, $4 the peak RssAnon.
table_row() {
  local r=$2 rps ratio errors
  rps=$(field "$r" rps)
  errors=$(($(field "$r" err) + $(field "$r" socket)))
  ratio=$(awk -v a="$rps" -v c="$CEILING_RPS" 'BEGIN { if (c > 0) printf "%.1f %%", 100 * a / c; else print "-" }')
  printf '%-16s %8.0f %8s %8s %6s %5s %10s %8s %8s  %s\n' "$1" "$rps" "$(ms "$(field "$r" p50_us)")" \
    "$(ms "$(field "$r" p99_us)")" "$errors" "$(field "$r" conflict)" "$ratio" "$(peak_rss_mb)" "$4" "$3" >>"$TABLE"
}

# Runs Lua script $2 as scenario $1: a warm-up, then the measured run. With $3 = writes,
# counts item_status_history rows before and after and compares them with the 303s.
scenario() {
  local name=$1 lua=$2 writes=${3:-} before warm main acked rows lost note="" cpu_before
  log "$name"
  reset_peak_rss
  start_anon_sampler $((BENCH_WARMUP + BENCH_DURATION + 30))
  if [ -n "$writes" ]; then
    gather_items
    before=$(history_rows)
  fi
  warm=$(run_wrk "$lua" "$BENCH_WARMUP" "$BENCH_CONNECTIONS")
  if [ -n "$writes" ]; then
    sleep 1
    gather_items # the warm-up moved the versions on
  fi
  cpu_before=$(cpu_snapshot)
  main=$(run_wrk "$lua" "$BENCH_DURATION" "$BENCH_CONNECTIONS")
  cpu_row "$name" "$main" "$cpu_before" "$(cpu_snapshot)"
  if [ -n "$writes" ]; then
    sleep 1
    acked=$(($(field "$warm" acked) + $(field "$main" acked)))
    rows=$(($(history_rows) - before))
    lost=$((acked > rows ? acked - rows : 0))
    note="writes: $acked acknowledged, $rows in the database, $lost lost"
    LOST_TOTAL=$((${LOST_TOTAL:-0} + lost))
  fi
  [ "$name" = ceiling ] && CEILING_RPS=$(field "$main" rps)
  LAST_ANON=$(stop_anon_sampler)
  table_row "$name" "$main" "$note" "$LAST_ANON"
  LAST_RESULT=$main
}

# One sign-in of account $1 with password $2 (a fresh session each); prints "code seconds".
one_sign_in() {
  local jar="$WORK/signin.$RANDOM$RANDOM" token
  curl -s -c "$jar" -b "$jar" -o "$jar.html" "$BASE/login"
  token=$(csrf_of "$jar.html")
  curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{time_total}\n' \
    --data-urlencode "csrf=$token" --data-urlencode "email=$1" --data-urlencode "password=$2" \
    "$BASE/login"
  rm -f "$jar" "$jar.html"
}

# $SIGNINS_PER_SEC sign-ins a second of different expats for $1 seconds (bounded count).
sign_in_load() {
  local total=$(($1 * SIGNINS_PER_SEC)) i gap
  gap=$(awk -v r="$SIGNINS_PER_SEC" 'BEGIN { printf "%.3f", 1 / r }')
  for i in $(seq 1 "$total"); do
    one_sign_in "expat$((i % 400 + 2))@bench.softland.test" "$EXPAT_PASSWORD" >>"$WORK/signins.txt" &
    sleep "$gap"
  done
  wait
}

# S1 while sign-ins arrive: argon2id must not stall page requests.
scenario_with_sign_ins() {
  local r start n ok busy p50 p99 rate
  log "S1 while $SIGNINS_PER_SEC sign-ins/s arrive"
  : >"$WORK/signins.txt"
  reset_peak_rss
  start_anon_sampler $((BENCH_WARMUP + BENCH_DURATION + 60))
  run_wrk s1 "$BENCH_WARMUP" "$BENCH_CONNECTIONS" >/dev/null
  start=$(now)
  sign_in_load "$BENCH_DURATION" &
  local loader=$!
  r=$(run_wrk s1 "$BENCH_DURATION" "$BENCH_CONNECTIONS")
  wait "$loader"
  n=$(wc -l <"$WORK/signins.txt")
  ok=$(awk '$1 == 303' "$WORK/signins.txt" | wc -l)
  # 503 + Retry-After: more password checks were waiting than the server lets wait.
  busy=$(awk '$1 == 503' "$WORK/signins.txt" | wc -l)
  rate=$(awk -v n="$n" -v s="$(elapsed "$start")" 'BEGIN { printf "%.1f", n / s }')
  # Latency of the sign-ins that went through (303).
  p50=$(awk '$1 == 303 { print $2 * 1000 }' "$WORK/signins.txt" | sort -n | awk '{ a[NR] = $1 } END { printf "%.0f", a[int(NR * 0.5) + (NR * 0.5 > int(NR * 0.5))] }')
  p99=$(awk '$1 == 303 { print $2 * 1000 }' "$WORK/signins.txt" | sort -n | awk '{ a[NR] = $1 } END { i = int(NR * 0.99); if (i < NR * 0.99) i++; printf "%.0f", a[i] }')
  table_row "S1 + sign-ins" "$r" "sign-ins: $ok of $n answered 303, $busy told to retry (503) ($rate/s), p50 $p50 ms, p99 $p99 ms of the 303s" "$(stop_anon_sampler)"
}

print_table() {
  printf '%-16s %8s %8s %8s %6s %5s %10s %8s %8s  %s\n' scenario "req/s" "p50 ms" "p99 ms" errors 409s "/ceiling" "RSS MB" "anon MB" ""
  cat "$TABLE"
}

# --- the modes ----------------------------------------------------------------------------

# Fresh database of $1 cases, seeded and served; sets SEED_SECONDS, START_SECONDS.
prepare() {
  db_create "bench_$1"
  log "seed-bench --cases $1 --seed 42 ($BACKEND)"
  seed_db "$1"
  if [ "$INSTANCES" -gt 1 ]; then
    log "starting $INSTANCES instances"
    # Mails into the log (the proof counts them), the proxy's X-Forwarded-For trusted, and
    # job runners that look often enough for the proof to race.
    INSTANCE_ENV="RUST_LOG=warn,softland_web::mail=info SOFTLAND_TRUSTED_PROXIES=127.0.0.1 SOFTLAND_JOB_INTERVAL_SECS=$JOB_INTERVAL_SECS"
    start_instances "$INSTANCES"
    start_proxy
  else
    log "starting the server"
    start_server
  fi
  sign_in_both
  gather_cases
  gather_feed
}

finish() {
  stop_proxy
  stop_instances
  db_drop "bench_$1"
}

# UP then DL: 1 MiB PDF uploads by $BENCH_CONNECTIONS clients (the server's memory must stay
# flat: uploads are streamed), shorter than the others because each stores a MiB; then
# downloads of one of those files.
scenario_files() {
  local duration=$BENCH_DURATION
  BENCH_DURATION=${BENCH_UPLOAD_DURATION:-10}
  scenario UP up
  BENCH_DURATION=$duration
  BENCH_FILE=$(sql "SELECT case_id || '/files/' || id FROM case_files ORDER BY id LIMIT 1")
  export BENCH_FILE
  scenario DL dl
}

# --instances N: the proofs, then the requests every instance serves alike, through the proxy.
workload_instances() {
  prepare "$CASES"
  prove_shared_nothing
  scenario ceiling ceiling
  scenario S1 s1
  scenario S2 s2
  scenario S3 s3
  scenario S4 s4
  scenario S5 s5 writes
  scenario MIX mix writes
  finish "$CASES"
  {
    echo
    machine
    echo "seed-bench --cases $CASES: ${SEED_SECONDS} s; $INSTANCES instances started one after the other until each answered /healthz: ${START_SECONDS} s"
    echo "ceiling: GET /healthz through the proxy; RSS and anon MB: instance 1"
    echo
    echo "The instances share nothing but the database:"
    cat "$PROOFS"
    echo
    report_tables
  } | tee "$WORK/report.txt"
  mkdir -p "$ROOT/target/bench"
  cp "$WORK/report.txt" "$ROOT/target/bench/last-$BACKEND-$INSTANCES-instances.txt"
}

# The scenario table, the CPU table and the lost-writes total: the end of every report.
report_tables() {
  print_table
  echo
  print_cpu_table
  echo
  echo "lost writes: ${LOST_TOTAL:-0}"
}

workload() {
  prepare "$CASES"
  scenario ceiling ceiling
  scenario S1 s1
  scenario S2 s2
  scenario S3 s3
  scenario S4 s4
  scenario P1 p1
  scenario P2 p2
  scenario S5 s5 writes
  scenario MIX mix writes
  scenario ICS ics
  scenario_files
  scenario_with_sign_ins
  finish "$CASES"
  {
    echo
    machine
    echo "seed-bench --cases $CASES: ${SEED_SECONDS} s; server start on it until /healthz answers: ${START_SECONDS} s"
    echo "ceiling: GET /healthz (constant 2-byte body, same middleware, no session)"
    echo "RSS MB: peak VmHWM (includes the memory-mapped database pages, counted per connection);"
    echo "anon MB: peak RssAnon sampled every 0.5 s (the server's own heap and stacks)"
    echo
    report_tables
  } | tee "$WORK/report.txt"
  mkdir -p "$ROOT/target/bench"
  cp "$WORK/report.txt" "$ROOT/target/bench/last-$BACKEND.txt"
}

scaling() {
  local n p99s="$WORK/p99.txt"
  : >"$p99s"
  for n in 2000 20000 200000; do
    : >"$TABLE"
    CEILING_RPS=0
    prepare "$n"
    scenario ceiling ceiling
    for s in S1 S2 S4; do
      scenario "$s" "$(echo "$s" | tr 'S' 's')"
      echo "$n $s $(field "$LAST_RESULT" rps) $(field "$LAST_RESULT" p50_us) $(field "$LAST_RESULT" p99_us) $(peak_rss_mb) $LAST_ANON" >>"$p99s"
    done
    echo "$n seed $SEED_SECONDS start $START_SECONDS ceiling $CEILING_RPS" >>"$WORK/setup.txt"
    finish "$n"
  done
  {
    echo
    machine
    echo
    printf '%-8s %10s %9s %12s  %s\n' cases "seed s" "start s" "ceiling/s" ""
    awk '{ printf "%-8s %10s %9s %12.0f\n", $1, $3, $5, $7 }' "$WORK/setup.txt"
    echo
    printf '%-8s %-4s %9s %8s %8s %9s %9s\n' cases req "req/s" "p50 ms" "p99 ms" "RSS MB" "anon MB"
    awk '{ printf "%-8s %-4s %9.0f %8.2f %8.2f %9s %9s\n", $1, $2, $3, $4 / 1000, $5 / 1000, $6, $7 }' "$p99s"
    echo
    for s in S1 S2 S4; do
      awk -v s="$s" '$2 == s && $1 == 2000 { a = $5 } $2 == s && $1 == 200000 { b = $5 }
        END { printf "%s: p99 at 200,000 cases is %.2f x that at 2,000 (target <= 2)\n", s, (a > 0 ? b / a : 0) }' "$p99s"
    done
  } | tee "$WORK/report.txt"
  mkdir -p "$ROOT/target/bench"
  cp "$WORK/report.txt" "$ROOT/target/bench/last-scaling-$BACKEND.txt"
}

if [ "$MODE" = scaling ]; then
  scaling
elif [ "$INSTANCES" -gt 1 ]; then
  workload_instances
else
  workload
fi
