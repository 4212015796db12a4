#!/usr/bin/env bash
# Dead code in the web crate. The library must stay `pub` for the binary and the integration
# tests, and rustc never calls a `pub` item of a `pub` module dead. So this check compiles the
# library once more with every module but `cli` (the binary's one entry point) made
# `pub(crate)`: whatever nothing in the crate reaches then warns. Items that only the
# integration tests use are listed below, with why; anything else that warns fails the check.
# Also checks that the server builds without the `seed` feature (no demo or benchmark data).
set -euo pipefail
cd "$(dirname "$0")/.."

lib=crates/web/src/lib.rs
saved=$(mktemp)
cp "$lib" "$saved"
trap 'cp "$saved" "$lib"; rm -f "$saved"' EXIT
sed -i -E 's/^pub mod ([a-z_]+);/pub(crate) mod \1;/; s/^pub\(crate\) mod cli;/pub mod cli;/' "$lib"

# Used only from tests/web (file: what rustc says).
allowed=(
  # the OpenAPI test walks every route
  "crates/web/src/api.rs: warning: constant \`ROUTES\` is never used"
  # query- and header-parameter structs that exist only for the OpenAPI document
  "crates/web/src/api/cases.rs: warning: multiple fields are never read"
  # the calculator's query is read as a map (a route's other key dates are parameters too)
  "crates/web/src/api/site.rs: warning: fields \`route\`, \`arrival\`, and \`permit_expiry\` are never read"
  "crates/web/src/api/precondition.rs: warning: field \`if_match\` is never read"
  "crates/web/src/api/breaches.rs: warning: field \`if_match\` is never read"
  # the multipart upload's schema: the body is read as a stream (upload.rs), never into it
  "crates/web/src/api/model/file.rs: warning: fields \`item\`, \`person\`, and \`files\` are never read"
  # likewise the ambassador's photo upload's schema (PhotoUpload)
  "crates/web/src/api/model/ambassador.rs: warning: field \`photo\` is never read"
  # the tests' counters of what the database holds
  "crates/web/src/db/cases.rs: warning: function \`count\` is never used"
  "crates/web/src/db/cases.rs: warning: function \`ids_of\` is never used"
  "crates/web/src/db/sessions.rs: warning: function \`count\` is never used"
  "crates/web/src/db/throttle.rs: warning: function \`count_since\` is never used"
)

found=$(cargo check -q -p softland --lib --message-format short 2>&1 |
  grep -E '^crates/.*: (warning|error)' | sed -E 's/:[0-9]+:[0-9]+:/:/' | sort -u || true)
cp "$saved" "$lib"

unexpected=$(printf '%s\n' "$found" | grep -vxF -f <(printf '%s\n' "${allowed[@]}" | grep -v '^#') | grep . || true)
if [[ -n $unexpected ]]; then
  echo "dead code in the web crate (make it used, remove it, or list it in $0 with why):" >&2
  printf '%s\n' "$unexpected" >&2
  exit 1
fi

echo "== the server without the seed feature"
cargo check -q -p softland --no-default-features
echo "no dead code"
