#!/usr/bin/env bash
# Runs schemathesis (from PyPI) against the JSON API of a running demo server, with a
# consultant's token: every operation of /api/v1/openapi.json, bounded examples, checking that
# no answer is a server error and every answer matches the documented schema.
# Usage: scripts/schemathesis.sh   (needs target/debug/softland: build it first, e.g.
#        `cargo build -p softland`; loopback only; a temporary SQLite database)
# Settings: SCHEMATHESIS_MAX_EXAMPLES (30), SCHEMATHESIS_SEED (1; "random" for a new one).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin="${CARGO_TARGET_DIR:-$root/target}/debug/softland"
[ -x "$bin" ] || { echo "build target/debug/softland first (cargo build -p softland)" >&2; exit 1; }
version=4.32.5
if ! command -v st >/dev/null || ! st --version 2>/dev/null | grep -q "$version"; then
  echo "== installing schemathesis $version"
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$version"
fi

work=$(mktemp -d /tmp/softland-schemathesis.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
db="sqlite://$work/demo.db?mode=rwc"
"$bin" --database "$db" serve --demo --bind "127.0.0.1:$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 200); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
curl -fs "$base/healthz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

consultant=$(awk '$1 == "consultant" {print $2; exit}' "$work/server.log")
token=$("$bin" --database "$db" token create --email "$consultant" --name schemathesis 2>/dev/null)
# The buddy programme's coordinator endpoints answer a consultant without the permission 403;
# a second pass over them runs as the demo admin, who coordinates.
admin=$(awk '$1 == "admin" {print $2; exit}' "$work/server.log")
admin_token=$("$bin" --database "$db" token create --email "$admin" --name schemathesis 2>/dev/null)

seed=()
[ "${SCHEMATHESIS_SEED:-1}" = random ] || seed=(--seed "${SCHEMATHESIS_SEED:-1}")
echo "== schemathesis against $base/api/v1 as $consultant"
# From the temporary folder, so that hypothesis' example database stays out of the repository.
cd "$work"
status=0
st run "$base/api/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-30}" "${seed[@]}" \
  --workers 1 --request-timeout 30 --no-color || status=$?
echo "== schemathesis over the buddy programme as $admin"
st run "$base/api/v1/openapi.json" \
  --header "Authorization: Bearer $admin_token" \
  --include-tag buddies \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-30}" "${seed[@]}" \
  --workers 1 --request-timeout 30 --no-color || status=$?
if grep -q "request failed" "$work/server.log"; then
  echo "the server logged failed requests:" >&2
  grep "request failed" "$work/server.log" >&2
  status=1
fi
exit "$status"
