#!/usr/bin/env bash
# Runs sqlmap (Debian's package) against a running demo server: the sign-in form, the case
# search with its filters and sort, and the API's case list. It must find nothing.
# Usage: scripts/sqlmap.sh   (builds the debug binary if needed; loopback only; bounded)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sqlmap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlmap >/dev/null; }
cargo build -q -p softland
bin="${CARGO_TARGET_DIR:-target}/debug/softland"
work=$(mktemp -d /tmp/softland-sqlmap.XXXXXX)
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
db="sqlite://$work/demo.db?mode=rwc"
# Throttling is lifted for this server: sqlmap sends hundreds of failed sign-ins from one
# address, and with the default limits every answer after the 20th would be a 429 and the
# sign-in form's parameters would not really be tested. A failed sign-in answers 401.
"$bin" --database "$db" serve --demo --bind "127.0.0.1:$port" \
  --sign-in-failures-per-account 1000000 --sign-in-failures-per-address 1000000 > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

jar="$work/cookies.txt"
csrf() {
  curl -s -c "$jar" -b "$jar" "$1" |
    awk '!found && match($0, /name="csrf" value="[^"]*"/) { print substr($0, RSTART + 19, RLENGTH - 20); found = 1 }'
}
token=$(csrf "$base/login")
curl -s -c "$jar" -b "$jar" -o /dev/null -d "csrf=$token&email=jana.novakova@demo.softland.test&password=Ostrava-consultant-demo-2026" "$base/login"
cookie=$(awk '$6 == "softland_session" {print "softland_session=" $7}' "$jar")

common=(--batch --flush-session --level 2 --risk 1 --timeout 10 --retries 1 --output-dir "$work/out")
report="$work/report.txt"
: > "$report"

echo "== sqlmap: sign-in form"
timeout 600 sqlmap "${common[@]}" -u "$base/login" --data "csrf=x&email=a%40b.cz&password=secret" \
  --csrf-token csrf --csrf-url "$base/login" --ignore-code 401 -p "email,password" | tee -a "$report" | grep -E "injectable|CRITICAL|WARNING.*not" || true

echo "== sqlmap: case search, filters and sort"
timeout 900 sqlmap "${common[@]}" -u "$base/cases?q=anna&sort=name&status=open&consultant=all&page=1" \
  --cookie "$cookie" -p "q,sort,status,consultant,page" | tee -a "$report" | grep -E "injectable|CRITICAL|WARNING.*not" || true

echo "== sqlmap: API case list"
api_token=$("$bin" --database "$db" token create --email jana.novakova@demo.softland.test --name sqlmap 2>/dev/null)
timeout 900 sqlmap "${common[@]}" -u "$base/api/v1/cases?q=anna&sort=name&status=open&consultant=all&page=1" \
  --headers "Authorization: Bearer $api_token" -p "q,sort,status,consultant,page" | tee -a "$report" | grep -E "injectable|CRITICAL|WARNING.*not" || true

if grep -qE "is vulnerable|appears to be injectable|might be injectable|parameter '.*' is injectable" "$report"; then
  echo "sqlmap FOUND something: see the output above" >&2
  exit 1
fi
if grep -q "CRITICAL" "$report"; then
  echo "sqlmap could not test every target: see CRITICAL above" >&2
  exit 1
fi
targets=$(grep -c "all tested parameters do not appear to be injectable" "$report" || true)
echo "targets tested clean: $targets of 3"
if [ "$targets" -ne 3 ]; then
  echo "sqlmap did not finish every target: see the output above" >&2
  exit 1
fi
echo "sqlmap found nothing: every tested parameter is not injectable"
