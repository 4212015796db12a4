#!/usr/bin/env bash
# What a scenario costs the kernel and the writer: runs SCENARIO on a copy of DB with BIN (a
# 3 s warm-up, then QUICK_SECONDS, default 10 s, at 32 connections) and prints, for the
# measured run, wrk's result, the commits and the changes in them (the server's /metrics:
# softland_write_batches_total, softland_write_batched_changes_total), and `perf stat` of the
# server over 8 s of it: munmap and mmap calls (SQLite readers drop their map of the file
# after every commit), page faults, context switches and fsyncs. With OUT it also records a
# `perf record -g` profile there for `perf report -i OUT`.
#
#   scripts/bench/profile.sh DB.sqlite BIN SCENARIO [OUT.data]    e.g. ... /tmp/b.db target/release/softland mix
#
# Needs perf (Debian: linux-perf) and the rights to attach to the server (root, or
# kernel.perf_event_paranoid <= 1).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,11p' "$0"; exit 2; }
SOURCE_DB=$(realpath "$1"); QUICK_BIN=$(realpath "$2"); SCENARIO=$3; OUT=${4:-}
command -v perf >/dev/null || { echo "profile.sh needs perf (apt-get install linux-perf)" >&2; exit 2; }
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
# shellcheck source=scripts/bench/lib.sh
source scripts/bench/lib.sh
use_copy_of "$SOURCE_DB" "$QUICK_BIN" profile
ensure_tools
start_server
sign_in_both
gather_cases
gather_feed
export BENCH_LUA_DIR
gather_items
run_wrk "$SCENARIO" 3 32 >/dev/null
# The warm-up's writes moved the items' versions on: read them again.
gather_items
stat_file=$(mktemp)
before=$(server_batches)
seconds=${QUICK_SECONDS:-10}
run_wrk "$SCENARIO" "$seconds" 32 >"$stat_file.wrk" &
wrk_pid=$!
sleep 1
window=$((seconds > 9 ? 8 : seconds - 1))
if [ -n "$OUT" ]; then
  perf record -F 999 -g -p "$SERVER_PID" -o "$OUT" -- sleep "$window" 2>/dev/null &
  record_pid=$!
fi
perf stat -e syscalls:sys_enter_munmap,syscalls:sys_enter_mmap,page-faults,context-switches,syscalls:sys_enter_fsync \
  -p "$SERVER_PID" -o "$stat_file" -- sleep "$window" 2>/dev/null
[ -z "$OUT" ] || wait "$record_pid"
wait "$wrk_pid"
after=$(server_batches)
cat "$stat_file.wrk"
awk -v b="$before" -v a="$after" 'BEGIN { split(b, x, " "); split(a, y, " ");
  n = y[1] - x[1]; c = y[2] - x[2];
  printf "commits %d, changes in them %d (%.1f a commit)\n", n, c, (n > 0) ? c / n : 0 }'
grep -E "munmap|mmap|faults|switches|fsync" "$stat_file" | awk '{ print $2, $1 }'
rm -f "$stat_file" "$stat_file.wrk"
stop_server
