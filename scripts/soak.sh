#!/usr/bin/env bash
# Load and soak (issue 7, section 3; docs/performance.md): 60 s of MIX traffic of
# ../shared/bench/WORKLOAD.md at 64 connections, 5 % of the requests deliberately bad (wrong
# CSRF token, an item under another case, malformed versions and actions, missing and
# non-numeric ids, an expat writing to another household's case, a JSON body on a form).
# Passes with zero 5xx, zero lost writes, nothing written by a bad request and flat memory
# (RSS printed every 5 s).
#
# Meanwhile an anonymous flood (issue 24, scripts/bench/flood.py) sends invented 50 KB
# methods, forged password-reset posts, GET /login from new visitors and SOAK_SLOW request
# heads that never end, all from 127.0.0.2 (more slow heads than the 256 connections one
# address may hold). It must get no 5xx, leave the session rows and /metrics bounded and have
# every slow connection cut off or refused, while the signed-in users above still get no 5xx.
#
#   scripts/soak.sh [--postgres] [--no-build]
#
# Environment: SOAK_SECONDS (60), SOAK_CONNECTIONS (64), SOAK_BAD_PERCENT (5),
# SOAK_CASES (20000), SOAK_FLOOD (1; 0 leaves the flood out), SOAK_SLOW (400).
# Loopback only; bounded; cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=scripts/bench/lib.sh
source scripts/bench/lib.sh

BACKEND=sqlite
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) BACKEND=postgres ;;
    --no-build) BUILD=0 ;;
    *) die "unknown option $1 (see the top of $0)" ;;
  esac
  shift
done
SECONDS_TOTAL=${SOAK_SECONDS:-60}
CONNECTIONS=${SOAK_CONNECTIONS:-64}
export BENCH_BAD_PERCENT=${SOAK_BAD_PERCENT:-5}
CASES=${SOAK_CASES:-20000}
FLOOD=${SOAK_FLOOD:-1}
SLOW=${SOAK_SLOW:-400}
export SOFTLAND_METRICS_TOKEN=soak-metrics-token

WORK=$(mktemp -d /tmp/softland-soak.XXXXXX)
cleanup() {
  stop_server
  if [ "$BACKEND" = postgres ]; then pg_stop; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

ensure_tools
[ "$BUILD" = 1 ] && build_release
[ -x "$BIN" ] || die "$BIN is missing (run without --no-build)"
if [ "$BACKEND" = postgres ]; then
  # shellcheck source=.ci/postgres.sh
  source .ci/postgres.sh
  PG_PORT=${BENCH_PG_PORT:-55439} pg_start >&2
fi

db_create soak
log "seed-bench --cases $CASES --seed 42 ($BACKEND)"
seed_db "$CASES"
start_server
sign_in_both
gather_cases
BENCH_EXPAT_CASE=$(sql "SELECT p.case_id FROM people p JOIN users u ON u.id = p.user_id WHERE u.email = '$EXPAT_EMAIL'" | awk 'NR == 1')
export BENCH_EXPAT_CASE

sessions_before=$(sql "SELECT COUNT(*) FROM sessions")

log "warm-up (5 s)"
gather_items
history_before=$(history_rows)
notes_before=$(sql "SELECT COUNT(*) FROM notes")
warm=$(run_wrk soak 5 "$CONNECTIONS")
sleep 1
gather_items

log "soak: ${SECONDS_TOTAL} s at $CONNECTIONS connections, ${BENCH_BAD_PERCENT} % bad requests"
samples="$WORK/rss.txt"
(
  for i in $(seq 0 5 "$SECONDS_TOTAL"); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    printf '%4s s  RSS %s MB  anon %s MB\n' "$i" "$(rss_mb)" \
      "$(awk '/^RssAnon/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status")"
    sleep 5
  done
) >"$samples" &
sampler=$!
if [ "$FLOOD" = 1 ]; then
  log "anonymous flood alongside: invented methods, forged resets, /login, $SLOW slow heads"
  python3 scripts/bench/flood.py "$BASE" "$SECONDS_TOTAL" "$SLOW" >"$WORK/flood.txt" 2>&1 &
  flooder=$!
fi
main=$(run_wrk soak "$SECONDS_TOTAL" "$CONNECTIONS")
wait "$sampler" || true
[ "$FLOOD" = 1 ] && { wait "$flooder" || true; }
sleep 1
sessions_after=$(sql "SELECT COUNT(*) FROM sessions")
metrics_bytes=$(curl -s -H "Authorization: Bearer $SOFTLAND_METRICS_TOKEN" "$BASE/metrics" | wc -c)
flood=$(grep '^FLOOD' "$WORK/flood.txt" 2>/dev/null || echo "FLOOD none=1 slow=0 slow_cut=0 server_errors=0")

acked=$(($(field "$warm" acked) + $(field "$main" acked)))
rows=$(($(history_rows) - history_before))
lost=$((acked > rows ? acked - rows : 0))
notes_after=$(sql "SELECT COUNT(*) FROM notes")
server_errors=$(($(field "$warm" server) + $(field "$main" server)))
socket_errors=$(($(field "$warm" socket) + $(field "$main" socket)))
bad=$(($(field "$warm" bad) + $(field "$main" bad)))
refused=$(($(field "$warm" client) + $(field "$main" client)))
first=$(awk 'NR == 2 { print $7 }' "$samples")
last=$(awk 'END { print $7 }' "$samples")
flat=$(awk -v a="$first" -v b="$last" 'BEGIN { print (b <= a * 1.2 + 5) ? "yes" : "no" }')

{
  echo
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); database: $BACKEND, $CASES cases"
  echo "soak: $SECONDS_TOTAL s, $CONNECTIONS connections, ${BENCH_BAD_PERCENT} % bad requests"
  echo "requests: $(field "$main" requests) ($(field "$main" rps)/s), p50 $(awk -v u="$(field "$main" p50_us)" 'BEGIN { printf "%.1f", u / 1000 }') ms, p99 $(awk -v u="$(field "$main" p99_us)" 'BEGIN { printf "%.1f", u / 1000 }') ms"
  echo "5xx answers: $server_errors; socket errors: $socket_errors; 409 conflicts: $(($(field "$warm" conflict) + $(field "$main" conflict)))"
  echo "bad requests sent: $bad; answered 4xx: $refused"
  echo "writes: $acked acknowledged (303), $rows in item_status_history, $lost lost"
  echo "notes: $notes_before before, $notes_after after (no bad request may write one)"
  echo "memory every 5 s:"
  cat "$samples"
  echo "memory flat (anon at the end <= 1.2 x at 5 s + 5 MB): $flat"
  echo "anonymous flood: ${flood#FLOOD }"
  echo "session rows: $sessions_before before, $sessions_after after; /metrics: $metrics_bytes bytes"
} | tee "$WORK/report.txt"
mkdir -p "$ROOT/target/bench"
cp "$WORK/report.txt" "$ROOT/target/bench/last-soak-$BACKEND.txt"

status=0
[ "$server_errors" -eq 0 ] || { echo "FAIL: 5xx answers" >&2; status=1; }
[ "$socket_errors" -eq 0 ] || { echo "FAIL: socket errors" >&2; status=1; }
[ "$lost" -eq 0 ] || { echo "FAIL: lost writes" >&2; status=1; }
[ "$notes_before" = "$notes_after" ] || { echo "FAIL: a bad request wrote a note" >&2; status=1; }
[ "$flat" = yes ] || { echo "FAIL: memory grew" >&2; status=1; }
if [ "$FLOOD" = 1 ]; then
  [ "$(field "$flood" server_errors)" = 0 ] || { echo "FAIL: the flood got 5xx answers" >&2; status=1; }
  [ "$(field "$flood" slow_cut)" = "$SLOW" ] || { echo "FAIL: slow heads were kept open" >&2; status=1; }
  [ "$sessions_after" -le $((sessions_before + 10)) ] || { echo "FAIL: session rows grew" >&2; status=1; }
  [ "$metrics_bytes" -lt 200000 ] || { echo "FAIL: /metrics grew to $metrics_bytes bytes" >&2; status=1; }
fi
[ "$status" -eq 0 ] && echo "soak: clean"
exit "$status"
