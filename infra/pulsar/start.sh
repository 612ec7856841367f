#!/usr/bin/env bash
# Starts Apache Pulsar standalone (broker + one bookie) on 127.0.0.1:6650 (binary) and :8080 (admin) for
# Cadenza's int and e2e tests. Idempotent: does nothing if it already answers. Jars come from Maven Central
# through infra/pulsar/pom.xml into infra/.cache/pulsar/lib; data stays in infra/.run/pulsar/ across restarts
# (stop.sh keeps it; rm -rf that folder for a clean broker).
# PULSAR_PORT, PULSAR_WEB_PORT and PULSAR_RUN_DIR run a second, private broker (e.g. one a chaos run restarts)
# on other ports with data of its own; stop.sh takes the same PULSAR_RUN_DIR.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
infra="$(dirname "$here")"
lib="$infra/.cache/pulsar/lib"
run="${PULSAR_RUN_DIR:-$infra/.run/pulsar}"
port="${PULSAR_PORT:-6650}"
web_port="${PULSAR_WEB_PORT:-8080}"
log="$run/pulsar.log"
admin="http://127.0.0.1:$web_port/admin/v2/clusters"
timeout_s="${PULSAR_START_TIMEOUT_S:-180}"

ready() { curl -fsS --max-time 2 "$admin" 2>/dev/null | grep -q standalone; }

if ready; then echo "pulsar: already running (127.0.0.1:$port)"; exit 0; fi

# The jar folder is stamped with the pom's checksum: a changed pom (another Pulsar version) re-resolves it.
stamp="$(sha1sum "$here/pom.xml" | cut -d' ' -f1)"
if [ "$(cat "$lib/.complete" 2>/dev/null)" != "$stamp" ]; then
  echo "pulsar: resolving broker jars from Maven Central into $lib..."
  rm -rf "$lib"
  mkdir -p "$lib"
  mvn -B -q -s "$here/settings.xml" -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$lib" -DincludeScope=runtime
  echo "$stamp" >"$lib/.complete"
fi

mkdir -p "$run"
conf="$here/standalone.conf"
if [ "$port" != 6650 ] || [ "$web_port" != 8080 ]; then
  conf="$run/standalone.conf"
  sed -e "s/^brokerServicePort=.*/brokerServicePort=$port/" -e "s/^webServicePort=.*/webServicePort=$web_port/" "$here/standalone.conf" >"$conf"
fi
if [ -f "$run/pid" ] && kill -0 "$(cat "$run/pid")" 2>/dev/null; then
  echo "pulsar: process $(cat "$run/pid") exists but does not answer yet; waiting"
else
  java_home="${PULSAR_JAVA_HOME:-}"
  java="${java_home:+$java_home/bin/}java"
  (cd "$run" && exec nohup "$java" -Xms256m -Xmx768m -XX:MaxDirectMemorySize=512m -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$here/log4j2.xml" -Dpulsar.log.dir="$run" \
    -Djava.net.preferIPv4Stack=true \
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED \
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
    --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
    -cp "$lib/*" org.apache.pulsar.PulsarStandaloneStarter \
    --config "$conf" -nfw -nss \
    --metadata-dir "$run/metadata" --bookkeeper-dir "$run/bookkeeper" \
    >"$log" 2>&1 </dev/null) &
  echo $! >"$run/pid"
  echo "pulsar: started process $(cat "$run/pid"), log in $log"
fi

start=$(date +%s)
while ! ready; do
  now=$(date +%s)
  if ! kill -0 "$(cat "$run/pid")" 2>/dev/null; then
    echo "pulsar: process exited before it was ready; last log lines:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  if [ $((now - start)) -ge "$timeout_s" ]; then
    echo "pulsar: not ready after ${timeout_s}s; last log lines:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  echo "pulsar: waiting for $admin ($((now - start))s)"
  sleep 3
done
echo "pulsar: ready on pulsar://127.0.0.1:$port (admin http://127.0.0.1:$web_port) after $(( $(date +%s) - start ))s"
