#!/usr/bin/env bash
# Stops the Pulsar standalone that start.sh started (SIGTERM, then SIGKILL after 30 s). Data is kept in
# infra/.run/pulsar/, so start.sh brings back the same topics, subscriptions and delayed messages.
# PULSAR_RUN_DIR stops a private broker that start.sh started with the same variable.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run="${PULSAR_RUN_DIR:-$(dirname "$here")/.run/pulsar}"
pidfile="$run/pid"
if [ ! -f "$pidfile" ] || ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "pulsar: not running"; rm -f "$pidfile"; exit 0; fi
pid="$(cat "$pidfile")"
kill "$pid"
for _ in $(seq 1 60); do
  if ! kill -0 "$pid" 2>/dev/null; then rm -f "$pidfile"; echo "pulsar: stopped"; exit 0; fi
  sleep 0.5
done
echo "pulsar: still running after 30s; killing $pid" >&2
kill -9 "$pid" 2>/dev/null || true
rm -f "$pidfile"
