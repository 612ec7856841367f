#!/usr/bin/env bash
# Starts a single-node Apache Kafka (KRaft) broker on 127.0.0.1:9092 for Cadenza's tests and benchmarks.
# Idempotent: does nothing when the broker already answers. Data survives stop.sh/start.sh (broker-restart
# tests rely on that); `rm -rf infra/.run/kafka` wipes it.
#
#   infra/kafka/start.sh            fetch (first time only), format (first time only), start, wait
#   KAFKA_VERSION (default: kafka.version in pom.xml; jars are cached per version), KAFKA_PORT,
#   KAFKA_CONTROLLER_PORT, KAFKA_RUN_DIR, KAFKA_START_TIMEOUT_S and KAFKA_HEAP override the defaults below
#   (a second broker, e.g. for tests that restart one, needs other ports and its own run dir).
#   KAFKA_TEMPLATE (default server.properties.template beside this script) and KAFKA_FORMAT_ARGS (extra
#   arguments of the first storage format, split on spaces, e.g. `--add-scram ...`) let another broker
#   (infra/kafka/secure/start.sh) reuse this script.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
INFRA="$(dirname "$HERE")"
VERSION="${KAFKA_VERSION:-$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/pom.xml")}"
CACHE="$INFRA/.cache/kafka/$VERSION"
RUN="${KAFKA_RUN_DIR:-$INFRA/.run/kafka}"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
TIMEOUT_S="${KAFKA_START_TIMEOUT_S:-120}"
HEAP="${KAFKA_HEAP:--Xms256m -Xmx512m}"
TEMPLATE="${KAFKA_TEMPLATE:-$HERE/server.properties.template}"
read -r -a FORMAT_ARGS <<< "${KAFKA_FORMAT_ARGS:-}"

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
alive() { [[ -f "$RUN/kafka.pid" ]] && kill -0 "$(cat "$RUN/kafka.pid")" 2>/dev/null; }

if alive && answers; then
  echo "kafka: already running on 127.0.0.1:$PORT (pid $(cat "$RUN/kafka.pid"))"
  exit 0
fi
if answers; then
  echo "kafka: something already answers on 127.0.0.1:$PORT (not started by this script); using it"
  exit 0
fi

command -v java >/dev/null || { echo "kafka: java not found (Kafka 4 needs Java 17+)" >&2; exit 1; }

if [[ ! -f "$CACHE/lib/.complete" ]]; then
  command -v mvn >/dev/null || { echo "kafka: mvn not found; it fetches Kafka from Maven Central" >&2; exit 1; }
  echo "kafka: fetching Apache Kafka $VERSION jars into $CACHE/lib (first run only)"
  rm -rf "$CACHE/lib"
  mkdir -p "$CACHE"
  mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies -Dkafka.version="$VERSION" \
    -DoutputDirectory="$CACHE/lib" -DincludeScope=runtime
  touch "$CACHE/lib/.complete"
fi

mkdir -p "$RUN"
CP="$CACHE/lib/*"
JAVA_OPTS=($HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$HERE/log4j2.properties")

sed -e "s#@RUN_DIR@#$RUN#g" -e "s#@PORT@#$PORT#g" -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" \
  "$TEMPLATE" > "$RUN/server.properties"

if [[ ! -f "$RUN/data/meta.properties" ]]; then
  cluster_id="$(java -cp "$CP" "${JAVA_OPTS[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  echo "kafka: formatting storage in $RUN/data (cluster id $cluster_id)"
  java -cp "$CP" "${JAVA_OPTS[@]}" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$RUN/server.properties" ${FORMAT_ARGS[@]+"${FORMAT_ARGS[@]}"} > "$RUN/format.log" 2>&1 \
    || { echo "kafka: storage format failed:" >&2; tail -n 30 "$RUN/format.log" >&2; exit 1; }
fi

echo "kafka: starting $VERSION on 127.0.0.1:$PORT (controller 127.0.0.1:$CONTROLLER_PORT), logs in $RUN/server.log"
nohup java -cp "$CP" "${JAVA_OPTS[@]}" kafka.Kafka "$RUN/server.properties" >> "$RUN/server.log" 2>&1 &
echo $! > "$RUN/kafka.pid"

started=$SECONDS
until answers && grep -q "Kafka Server started" "$RUN/server.log"; do
  if ! alive; then
    echo "kafka: the broker exited during start-up; last lines of $RUN/server.log:" >&2
    tail -n 40 "$RUN/server.log" >&2
    exit 1
  fi
  if (( SECONDS - started >= TIMEOUT_S )); then
    echo "kafka: not answering on 127.0.0.1:$PORT after ${TIMEOUT_S}s; last lines of $RUN/server.log:" >&2
    tail -n 40 "$RUN/server.log" >&2
    exit 1
  fi
  if (( (SECONDS - started) % 10 == 0 )); then echo "kafka: waiting for the broker ($((SECONDS - started))s)"; fi
  sleep 1
done
echo "kafka: ready on 127.0.0.1:$PORT after $((SECONDS - started))s (pid $(cat "$RUN/kafka.pid"))"
