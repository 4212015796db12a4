# shellcheck shell=bash
# Several instances behind a reverse proxy, for scripts/bench.sh --postgres --instances N
# (sourced, not run; needs scripts/bench/lib.sh): haproxy in front of the instances, and the
# proofs that the instances share nothing but the database. All on 127.0.0.1; every wait is
# bounded.

# Starts haproxy on a free loopback port in front of every instance: HTTP mode, round robin
# per request, keep-alive on both sides (idle connections to the instances are reused), the
# client's address in X-Forwarded-For (the instances trust 127.0.0.1 as their proxy). Every
# other setting is haproxy's default. Sets PROXY_PID and BASE (the proxy).
start_proxy() {
  local port n i cfg="$WORK/haproxy.cfg"
  port=$(free_port) || die "no free port on 127.0.0.1"
  {
    cat <<EOF
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  option forwardfor
  http-reuse safe

frontend softland
  bind 127.0.0.1:$port
  default_backend instances

backend instances
  balance roundrobin
EOF
    for n in "${!INSTANCE_BASES[@]}"; do
      echo "  server instance$n ${INSTANCE_BASES[n]#http://}"
    done
  } >"$cfg"
  haproxy -c -q -f "$cfg" || die "haproxy refused $cfg"
  haproxy -db -f "$cfg" >"$WORK/haproxy.log" 2>&1 &
  PROXY_PID=$!
  BASE="http://127.0.0.1:$port"
  for i in $(seq 1 500); do
    if curl -sf -o /dev/null "$BASE/healthz"; then
      log "haproxy $(haproxy -v | awk 'NR == 1 { print $3 }') on $BASE, round robin over ${#INSTANCE_BASES[@]} instances"
      return 0
    fi
    kill -0 "$PROXY_PID" 2>/dev/null || break
    sleep 0.01
  done
  cat "$WORK/haproxy.log" >&2
  die "haproxy did not answer /healthz"
}

stop_proxy() {
  if [ -n "${PROXY_PID:-}" ] && kill -0 "$PROXY_PID" 2>/dev/null; then
    kill -TERM "$PROXY_PID"
    wait "$PROXY_PID" 2>/dev/null || true
  fi
  PROXY_PID=
}

# --- the proofs that the instances share nothing but the database ----------------------------

proof_ok() { echo "  ok: $*" | tee -a "$PROOFS" >&2; }
proof_fail() {
  echo "  FAILED: $*" | tee -a "$PROOFS" >&2
  die "the instances do not share what they must (see above)"
}

# 1. A session made on instance 1 is valid on instance 2.
proof_sessions() {
  local one=${INSTANCE_BASES[1]} two=${INSTANCE_BASES[2]} cookie anonymous code
  echo "1. a session made on instance 1 is valid on instance 2" >>"$PROOFS"
  cookie=$(BASE=$one sign_in "$CONSULTANT_EMAIL" "$CONSULTANT_PASSWORD")
  [ -n "$cookie" ] || proof_fail "signing in on instance 1 gave no session cookie"
  anonymous=$(curl -s -o /dev/null -w '%{http_code} to %{redirect_url}' "$two/cases")
  code=$(curl -s -o "$WORK/proof1.html" -w '%{http_code}' -H "Cookie: softland_session=$cookie" "$two/cases")
  if [ "$code" != 200 ] || ! grep -q 'action="/logout"' "$WORK/proof1.html"; then
    proof_fail "signed in on instance 1 ($one), GET /cases on instance 2 ($two) with that cookie answered $code"
  fi
  proof_ok "signed in on instance 1 ($one); GET /cases on instance 2 ($two) with that cookie: 200, the signed-in case list (without the cookie: $anonymous)"
  PROOF_COOKIE=$cookie
}

# The version of item $3 on case page $1 of instance base $2 (the hidden field of its form).
item_version_on() {
  curl -s -H "Cookie: softland_session=$PROOF_COOKIE" "$2/cases/$1" | tr '\n' ' ' |
    grep -o "action=\"/cases/$1/items/$3/status\".\{0,600\}" | grep -o 'name="version" value="[0-9]*"' |
    head -n 1 | grep -o '[0-9]*' || true
}

# 2. A change made through instance 1 is seen by instance 2 at once.
proof_changes() {
  local one=${INSTANCE_BASES[1]} two=${INSTANCE_BASES[2]} case item version status action csrf code seen
  echo "2. a change made through instance 1 is seen by instance 2" >>"$PROOFS"
  read -r case item version status < <(sql "SELECT i.case_id, i.id, i.version, i.status FROM checklist_items i
       JOIN cases c ON c.id = i.case_id
       WHERE c.consultant_id = $CONSULTANT_ID AND c.status = 'open' AND i.status = 'in_progress'
       ORDER BY i.id LIMIT 1") || true
  [ -n "${item:-}" ] || proof_fail "the consultant has no item in progress to change"
  seen=$(item_version_on "$case" "$two" "$item")
  [ "$seen" = "$version" ] || proof_fail "instance 2 shows item $item at version '${seen}', the database at $version"
  csrf=$(BASE=$one csrf_for "$PROOF_COOKIE" "/cases/$case")
  action="csrf=$csrf&action=submit&version=$version"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: softland_session=$PROOF_COOKIE" \
    --data "$action" "$one/cases/$case/items/$item/status")
  [ "$code" = 303 ] || proof_fail "submitting item $item through instance 1 answered $code"
  seen=$(item_version_on "$case" "$two" "$item")
  [ "$seen" = $((version + 1)) ] || proof_fail "after the change through instance 1, instance 2 shows item $item at version '${seen}' (expected $((version + 1)))"
  status=$(sql "SELECT status FROM checklist_items WHERE id = $item")
  proof_ok "item $item of case $case submitted through instance 1 (303, version $version -> $((version + 1)), now $status); instance 2's case page shows version $seen at once (the same CSRF token and session on both)"
}

# Asks for a password reset of $1 through instance base $2 (a visitor's form: the visitor
# cookie's CSRF token is signed with the server key that every instance reads from the
# database); prints the answer's status.
ask_reset() {
  local jar="$WORK/reset.$RANDOM$RANDOM" token
  curl -s -c "$jar" -b "$jar" -o "$jar.html" "$2/password/forgot"
  token=$(csrf_of "$jar.html")
  curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode "csrf=$token" --data-urlencode "email=$1" "$2/password/forgot"
  rm -f "$jar" "$jar.html"
}

# 3. Both instances run their job runners; each mail is delivered once. Without --smtp-url a
# mail is "delivered" into the log of the instance whose runner took its job ("mail not sent:
# no SMTP server configured", with its outbox id: never its address) and marked not_sent in
# the outbox.
proof_mail_once() {
  local n i email code pending logged line who id ostatus oattempts jstatus jattempts claimed lines=()
  RESET_ADDRESSES="'expat3@bench.softland.test', 'expat4@bench.softland.test', 'expat5@bench.softland.test', 'expat6@bench.softland.test'"
  echo "3. both instances run the job runner (every ${JOB_INTERVAL_SECS} s); each mail goes once" >>"$PROOFS"
  for i in 3 4 5 6; do
    email="expat$i@bench.softland.test"
    n=$((i % 2 + 1))
    code=$(ask_reset "$email" "${INSTANCE_BASES[n]}")
    [ "$code" = 303 ] || [ "$code" = 200 ] || proof_fail "asking for a reset of $email through instance $n answered $code"
    lines+=("$email asked through instance $n")
  done
  for i in $(seq 1 120); do
    pending=$(sql "SELECT COUNT(*) FROM outbox WHERE to_address IN ($RESET_ADDRESSES) AND status = 'pending'")
    [ "$pending" = 0 ] && break
    sleep 0.5
  done
  [ "$pending" = 0 ] || proof_fail "$pending reset mails still pending after 60 s"
  sleep $((2 * JOB_INTERVAL_SECS)) # a second runner that took a mail again would have logged it by now
  for i in 3 4 5 6; do
    email="expat$i@bench.softland.test"
    line=$(sql "SELECT o.id, o.status, o.attempts, j.status, j.attempts, j.claimed_by FROM outbox o
      JOIN jobs j ON j.key = 'mail:' || o.id WHERE o.to_address = '$email'")
    [ -n "$line" ] || proof_fail "no outbox row for $email"
    read -r id ostatus oattempts jstatus jattempts claimed <<<"$line"
    logged=$(cat "$WORK"/server*.log | grep "no SMTP server configured" | grep -c -E "mail=$id( |\$)" || true)
    who="?"
    for n in "${!SERVER_PIDS[@]}"; do
      if [ "${claimed##*:}" = "${SERVER_PIDS[n]}" ]; then who="instance $n"; fi
    done
    if [ "$logged" != 1 ] || [ "$ostatus" != not_sent ] || [ "$oattempts" != 1 ] || [ "$jstatus" != "done" ] || [ "$jattempts" != 1 ]; then
      proof_fail "mail $id to $email: in the logs $logged times, outbox $ostatus after $oattempts attempts, job $jstatus after $jattempts"
    fi
    proof_ok "mail $id ($email; ${lines[$((i - 3))]#* }): delivered by $who, once in the instances' logs together; outbox not_sent (no SMTP), 1 attempt; job done, 1 attempt"
  done
}

# Runs the three proofs; their lines go to the report ($PROOFS).
prove_shared_nothing() {
  PROOFS="$WORK/proofs.txt"
  : >"$PROOFS"
  log "proofs that the instances share nothing but the database"
  proof_sessions
  proof_changes
  proof_mail_once
}
