#!/usr/bin/env bash
# Stops the broker that infra/kafka/start.sh started, keeping its data (start.sh brings it back as it was).
# KAFKA_RUN_DIR selects another broker's run dir, as for start.sh.
set -euo pipefail

RUN="${KAFKA_RUN_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.run/kafka}"
TIMEOUT_S="${KAFKA_STOP_TIMEOUT_S:-60}"

if [[ ! -f "$RUN/kafka.pid" ]] || ! kill -0 "$(cat "$RUN/kafka.pid")" 2>/dev/null; then
  echo "kafka: not running"
  rm -f "$RUN/kafka.pid"
  exit 0
fi
pid="$(cat "$RUN/kafka.pid")"
kill -TERM "$pid"
started=$SECONDS
while kill -0 "$pid" 2>/dev/null; do
  if (( SECONDS - started >= TIMEOUT_S )); then
    echo "kafka: pid $pid still running after ${TIMEOUT_S}s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.2
done
rm -f "$RUN/kafka.pid"
echo "kafka: stopped (pid $pid) after $((SECONDS - started))s"
