#!/usr/bin/env bash
# Counts the instructions the server executes for one page, with valgrind's callgrind: a
# figure that does not move with the machine's speed (requests/s on this VM vary by up to 2x
# within the hour), for comparing two builds on one change (docs/performance.md).
#
#   scripts/bench/instructions.sh DB.sqlite BIN PATH [N]   e.g. ... /tmp/b.db target/release/softland / 50
#
# PATH is requested N times (default 50) as the benchmark's consultant, or as its expat when
# PATH is /my, after 5 requests of warm-up; prints instructions per request and leaves the
# callgrind file (for callgrind_annotate) in target/bench/. DB is copied first.
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
stop_server
port=$(free_port) || die "no free port on 127.0.0.1"
BASE="http://127.0.0.1:$port"
mkdir -p "$ROOT/target/bench"
OUT="$ROOT/target/bench/callgrind.$(basename "$BIN").out"
rm -f "$OUT" "$OUT".*
SOFTLAND_SESSION_MAX_HOURS=12 SOFTLAND_NO_REMINDERS=true RUST_LOG=warn \
  valgrind --tool=callgrind --callgrind-out-file="$OUT" \
  "$BIN" --database "$DB_URL" serve --bind "127.0.0.1:$port" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "$BASE/healthz" && break
  sleep 0.2
done
cookie=$BENCH_STAFF_COOKIE
[ "$PAGE" = /my ] && cookie=$BENCH_EXPAT_COOKIE
get() { curl -s -o /dev/null -w '%{http_code}\n' -H "Cookie: softland_session=$cookie" "$BASE$PAGE"; }
for _ in 1 2 3 4 5; do get >/dev/null; done
callgrind_control -z "$SERVER_PID" >/dev/null 2>&1
codes=$(for _ in $(seq 1 "$N"); do get; done | sort | uniq -c | tr '\n' ' ')
callgrind_control -d "$SERVER_PID" >/dev/null 2>&1
stop_server
total=$(callgrind_annotate "$OUT.1" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
echo "$(basename "$BIN") $PAGE: $((total / N)) instructions per request ($N requests, answers: $codes)"
echo "callgrind file: $OUT.1"
