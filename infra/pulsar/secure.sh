#!/usr/bin/env bash
# A private Pulsar standalone with TLS and token authentication, for the TLS tests of @cadenza/pulsar; apart from
# the shared plain standalone of start.sh (127.0.0.1:6650), which it never touches.
#
#   bash infra/pulsar/secure.sh start|stop|status
#
# Serves 127.0.0.1:16651 binary over TLS (pulsar+ssl://) and 127.0.0.1:18443 admin over HTTPS; no plaintext port.
# The in-process bookie picks a free port itself, as in the shared standalone. Lives in PULSAR_SECURE_DIR (default infra/.run/pulsar-secure):
#   certs/           the certificates of infra/certs/make-test-certs.sh (ca.crt trusted; untrusted-ca.crt not)
#   auth/secret.key  32 random bytes: the HMAC secret that signs tokens (HS256 JWT, claim "sub" = role)
#   auth/super.token a token for role cadenza-super, the superuser the broker's own client uses
# Authorization is on: role cadenza-app may produce and consume in public/default (granted at each start), any
# other role may do nothing.
#   standalone.conf  standalone.conf plus secure.conf, written at each start; data/, pulsar.log
# Data and secrets survive stop/start. `start` is idempotent, waits until the admin API answers over HTTPS with a
# token (PULSAR_START_TIMEOUT_S, default 180 s) and exits non-zero with the log tail when it does not.
# `status` exits 3 when stopped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
infra="$(dirname "$here")"
dir="$(realpath -m "${PULSAR_SECURE_DIR:-$infra/.run/pulsar-secure}")"
log="$dir/pulsar.log"
pidfile="$dir/pid"
timeout_s="${PULSAR_START_TIMEOUT_S:-180}"

say() { echo "pulsar-secure: $*"; }
die() {
  echo "pulsar-secure: $*" >&2
  if [ -s "$log" ]; then echo "--- last lines of $log ---" >&2; tail -n 40 "$log" >&2; fi
  exit 1
}
running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
admin_call() { # method, path under /admin/v2, [JSON body]: as the superuser
  local body=()
  if [ $# -ge 3 ]; then body=(-H 'content-type: application/json' --data "$3"); fi
  curl -fsS --max-time 5 --cacert "$dir/certs/ca.crt" -H "Authorization: Bearer $(cat "$dir/auth/super.token")" \
    -X "$1" "${body[@]}" "https://127.0.0.1:18443/admin/v2/$2"
}
ready() { admin_call GET clusters 2>/dev/null | grep -q standalone; }
# The standalone creates public/default just after its admin API answers, so the grant may need a few tries.
grant_app() {
  local tries=0
  until admin_call POST namespaces/public/default/permissions/cadenza-app '["produce","consume"]' >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -lt 30 ] || die "could not grant produce and consume on public/default to role cadenza-app"
    sleep 1
  done
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
# An HS256 JWT for role $1, signed with auth/secret.key: the same form Pulsar's `tokens create` writes.
token_for() {
  local head body hexkey
  head="$(printf '{"alg":"HS256"}' | b64url)"
  body="$(printf '{"sub":"%s"}' "$1" | b64url)"
  hexkey="$(od -An -v -tx1 "$dir/auth/secret.key" | tr -d ' \n')"
  printf '%s.%s.%s' "$head" "$body" \
    "$(printf '%s.%s' "$head" "$body" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" -binary | b64url)"
}

prepare() {
  mkdir -p "$dir/auth" "$dir/data"
  bash "$infra/certs/make-test-certs.sh" "$dir/certs" >/dev/null
  if [ ! -s "$dir/auth/secret.key" ]; then
    (umask 077 && openssl rand 32 >"$dir/auth/secret.key.new" && mv "$dir/auth/secret.key.new" "$dir/auth/secret.key")
    rm -f "$dir/auth/super.token"
  fi
  if [ ! -s "$dir/auth/super.token" ]; then (umask 077 && token_for cadenza-super >"$dir/auth/super.token"); fi
  { cat "$here/standalone.conf"; echo; sed "s|@DIR@|$dir|g" "$here/secure.conf"; } >"$dir/standalone.conf"
}

start() {
  if running && ready; then grant_app; say "already running (pulsar+ssl://127.0.0.1:16651)"; return; fi
  local lib
  lib="$(bash "$here/jars.sh")"
  prepare
  if running; then
    say "process $(cat "$pidfile") exists but does not answer yet; waiting"
  else
    local java="${PULSAR_JAVA_HOME:+$PULSAR_JAVA_HOME/bin/}java"
    (cd "$dir" && exec nohup "$java" -Xms256m -Xmx768m -XX:MaxDirectMemorySize=512m -XX:+UseG1GC \
      -Dlog4j2.configurationFile="$here/log4j2.xml" -Dpulsar.log.dir="$dir" \
      -Djava.net.preferIPv4Stack=true \
      --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED \
      --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
      --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
      -cp "$lib/*" org.apache.pulsar.PulsarStandaloneStarter \
      --config "$dir/standalone.conf" -nfw -nss \
      --metadata-dir "$dir/data/metadata" --bookkeeper-dir "$dir/data/bookkeeper" \
      >"$log" 2>&1 </dev/null) &
    echo $! >"$pidfile"
    say "started process $(cat "$pidfile"), log in $log"
  fi
  local begun=$SECONDS
  while ! ready; do
    running || die "process exited before it was ready"
    [ $((SECONDS - begun)) -lt "$timeout_s" ] || die "not ready after ${timeout_s}s"
    sleep 2
  done
  grant_app
  say "ready on pulsar+ssl://127.0.0.1:16651 (admin https://127.0.0.1:18443) after $((SECONDS - begun))s"
}

stop() {
  if ! running; then rm -f "$pidfile"; say "not running"; return; fi
  local pid
  pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 60); do
    if ! kill -0 "$pid" 2>/dev/null; then rm -f "$pidfile"; say "stopped"; return; fi
    sleep 0.5
  done
  echo "pulsar-secure: still running after 30s; killing $pid" >&2
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running && ready; then say "running"; else say "stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
