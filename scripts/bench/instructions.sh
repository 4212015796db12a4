#!/usr/bin/env bash
# Counts the instructions the server executes for one page, with valgrind's callgrind: a
# figure that does not move with the machine's speed (requests/s on this VM vary by up to 2x
# within the hour), for comparing two builds on one change (docs/performance.md).
#
#   scripts/bench/instructions.sh DB.sqlite BIN PATH [N]   e.g. ... /tmp/b.db target/release/softland / 50
#
# PATH is requested N times (default 50) as the benchmark's consultant, or as its expat when
# PATH is /my, after 5 requests of warm-up; PATH `s5` instead posts N status changes (S5:
# "submit" on N different items in progress, each answered 303). It waits until the daily
# sweep of recurring duties, which runs at start, has ended (/metrics; it would be counted
# too), then SETTLE more seconds (default 0). Prints instructions per request and leaves the callgrind file (for
# callgrind_annotate) in target/bench/. DB is copied first. With S5_PAGE_FIRST=1, `s5` reads
# each case's page before counting, as a consultant does (the case is then kept in memory).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,10p' "$0"; exit 2; }
SOURCE_DB=$(realpath "$1"); COUNT_BIN=$(realpath "$2"); PAGE=$3; N=${4:-50}
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
# shellcheck source=scripts/bench/lib.sh
source scripts/bench/lib.sh
command -v valgrind >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
}
use_copy_of "$SOURCE_DB" "$COUNT_BIN" instructions
ensure_tools
# Sign in on a plain server (argon2 under valgrind takes long), then serve under callgrind.
start_server
sign_in_both
gather_cases
gather_items
stop_server
port=$(free_port) || die "no free port on 127.0.0.1"
BASE="http://127.0.0.1:$port"
mkdir -p "$ROOT/target/bench"
OUT="$ROOT/target/bench/callgrind.$(basename "$BIN").out"
rm -f "$OUT" "$OUT".*
SOFTLAND_SESSION_MAX_HOURS=12 SOFTLAND_NO_REMINDERS=true RUST_LOG=warn SOFTLAND_METRICS_TOKEN="$METRICS_TOKEN" \
  valgrind --tool=callgrind --callgrind-out-file="$OUT" \
  "$BIN" --database "$DB_URL" serve --bind "127.0.0.1:$port" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "$BASE/healthz" && break
  sleep 0.2
done
SERVER_PIDS[1]=$SERVER_PID
INSTANCE_BASES[1]=$BASE
wait_for_sweep 1
sleep "${SETTLE:-0}"
cookie=$BENCH_STAFF_COOKIE
[ "$PAGE" = /my ] && cookie=$BENCH_EXPAT_COOKIE
if [ "$PAGE" = s5 ]; then
  # N + 5 different items in progress, each submitted once (version as read).
  awk -v n=$((N + 5)) '/ in_progress$/ && picked < n { print; picked++ }' "$BENCH_ITEMS" >"$WORK/pick.txt"
  [ "$(wc -l <"$WORK/pick.txt")" -eq $((N + 5)) ] || die "fewer than $((N + 5)) items in progress"
  exec 4<"$WORK/pick.txt"
  get() {
    local case item version status
    read -r case item version status <&4
    curl -s -o /dev/null -w '%{http_code}\n' -H "Cookie: softland_session=$cookie" \
      --data "csrf=$BENCH_CSRF&action=submit&version=$version" "$BASE/cases/$case/items/$item/status"
  }
else
  get() { curl -s -o /dev/null -w '%{http_code}\n' -H "Cookie: softland_session=$cookie" "$BASE$PAGE"; }
fi
for _ in 1 2 3 4 5; do get >/dev/null; done
if [ "$PAGE" = s5 ] && [ "${S5_PAGE_FIRST:-0}" = 1 ]; then
  # As from the case page: each case's page is read before its status changes are counted
  # (what a consultant does; the case is then kept in memory, db::cases::kept).
  for case in $(tail -n +6 "$WORK/pick.txt" | awk '{ print $1 }' | sort -u); do
    curl -s -o /dev/null -H "Cookie: softland_session=$cookie" "$BASE/cases/$case"
  done
fi
callgrind_control -z "$SERVER_PID" >/dev/null 2>&1
codes=$(for _ in $(seq 1 "$N"); do get; done | sort | uniq -c | tr '\n' ' ')
callgrind_control -d "$SERVER_PID" >/dev/null 2>&1
stop_server
total=$(callgrind_annotate "$OUT.1" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
echo "$(basename "$BIN") $PAGE: $((total / N)) instructions per request ($N requests, answers: $codes)"
echo "callgrind file: $OUT.1"
