#!/usr/bin/env bash
# Compares binaries on one seeded database, scenario by scenario (a 3 s warm-up, then
# QUICK_SECONDS, default 10 s, at 32 connections): what docs/performance.md uses to say what
# one change bought. Besides req/s and latency it prints the server's CPU time per request
# (user + system, /proc/PID/stat), which varies far less between runs on a shared machine.
#
#   scripts/bench/quick.sh DB.sqlite BIN SCENARIO...    e.g. ... /tmp/b.db target/release/softland s1 s3
#
# `ics` fetches the calendar feed of the consultant with the most open items with a due date.
# `up dl` measures 1 MiB PDF uploads, then downloads of one of them, with the server's peak
# memory (uploads are streamed: it must not grow with the file size or the clients).
#
# DB is copied first (the original is never written) and migrated by BIN on start. Make one
# with `softland --database "sqlite:///tmp/b.db?mode=rwc" seed-bench --cases 20000 --seed 42`.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,10p' "$0"; exit 2; }
SOURCE_DB=$(realpath "$1"); QUICK_BIN=$(realpath "$2"); shift 2
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
# shellcheck source=scripts/bench/lib.sh
source scripts/bench/lib.sh
use_copy_of "$SOURCE_DB" "$QUICK_BIN" quick
ensure_tools
start_server
sign_in_both
gather_cases
gather_feed
export BENCH_LUA_DIR
for scenario in "$@"; do
  gather_items
  if [ "$scenario" = dl ]; then
    # A file that up stored (run up first).
    BENCH_FILE=$(sql "SELECT case_id || '/files/' || id FROM case_files ORDER BY id LIMIT 1")
    export BENCH_FILE
  fi
  reset_peak_rss
  start_anon_sampler $((3 + ${QUICK_SECONDS:-10} + 30))
  run_wrk "$scenario" 3 32 >/dev/null
  # The warm-up's writes moved the items' versions on: read them again (else S5 and MIX
  # would measure 409 answers).
  gather_items
  before=$(server_cpu_ticks); faults_before=$(server_minor_faults); read -r commits_before _ < <(server_batches)
  r=$(run_wrk "$scenario" "${QUICK_SECONDS:-10}" 32)
  after=$(server_cpu_ticks); faults_after=$(server_minor_faults); read -r commits_after _ < <(server_batches)
  anon=$(stop_anon_sampler)
  printf '%-8s %8s req/s  p50 %6.1f ms  p99 %6.1f ms  errors %s  409s %s  server CPU %4d us/request  faults %4d/request  commits %s/s  peak RSS %s MB  peak anon %s MB\n' \
    "$scenario" "$(field "$r" rps)" \
    "$(awk -v u="$(field "$r" p50_us)" 'BEGIN { print u / 1000 }')" \
    "$(awk -v u="$(field "$r" p99_us)" 'BEGIN { print u / 1000 }')" "$(field "$r" err)" "$(field "$r" conflict)" \
    "$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$(field "$r" requests)" \
      'BEGIN { print (n > 0) ? int(t * 1e6 / hz / n) : 0 }')" \
    "$(awk -v f=$((faults_after - faults_before)) -v n="$(field "$r" requests)" 'BEGIN { print (n > 0) ? int(f / n) : 0 }')" \
    "$(( (commits_after - commits_before) / ${QUICK_SECONDS:-10} ))" \
    "$(peak_rss_mb)" "$anon"
done
