#!/usr/bin/env bash
# Starts a private single-node Kafka (KRaft) broker that only speaks SASL_SSL, for the adapter's security
# tests: TLS with a server certificate from infra/certs/make-test-certs.sh, SCRAM-SHA-256 and -512 users
# created when the storage is formatted, and an authorizer that refuses users without ACLs.
#
#   infra/kafka/secure/start.sh          certificates, users and storage the first time; start; wait
#   infra/kafka/secure/stop.sh           stop it (data kept); `rm -rf` the run dir to start afresh
#
# Listeners: SASL_SSL on KAFKA_SECURE_PORT; the controller (plaintext) on the next port; on the one after,
# SASL_SSL that also requires a client certificate signed by the test CA (client.crt, SCRAM-SHA-512 only).
# Env: KAFKA_SECURE_PORT (default 19392),
# KAFKA_SECURE_RUN_DIR (default infra/.run/kafka-secure), and whatever infra/kafka/start.sh reads.
#
# Writes into the run dir: certs/ (ca.crt, untrusted-ca.crt, ...: see make-test-certs.sh) and users.json, the
# throwaway SCRAM users (mode 600), random per run dir:
#   cadenza   SCRAM-SHA-256 and SCRAM-SHA-512, a super user
#   intruder  SCRAM-SHA-512, valid credentials but no ACL: authorization refuses everything it asks
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
INFRA="$(cd "$HERE/../.." && pwd)"
PORT="${KAFKA_SECURE_PORT:-19392}"
RUN="${KAFKA_SECURE_RUN_DIR:-$INFRA/.run/kafka-secure}"
mkdir -p "$RUN"
RUN="$(cd "$RUN" && pwd)"

# Another process on the port would be taken for this broker, with other certificates and users.
if { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") || (exec 3<>"/dev/tcp/127.0.0.1/$((PORT + 2))"); } 2>/dev/null \
  && ! { [[ -f "$RUN/kafka.pid" ]] && kill -0 "$(cat "$RUN/kafka.pid")" 2>/dev/null; }; then
  echo "kafka-secure: 127.0.0.1:$PORT is taken by a process this run dir ($RUN) did not start;" \
    "stop it or pick another KAFKA_SECURE_PORT" >&2
  exit 1
fi
command -v openssl >/dev/null || { echo "kafka-secure: openssl not found" >&2; exit 1; }
bash "$INFRA/certs/make-test-certs.sh" "$RUN/certs" >/dev/null

# Users are made once per run dir, together with the storage they are formatted into.
if [[ ! -f "$RUN/data/meta.properties" || ! -s "$RUN/users.json" ]]; then
  rm -rf "$RUN/data"
  secret() { openssl rand -hex 16; }
  broker_password=$(secret) cadenza_password=$(secret) intruder_password=$(secret)
  (umask 077; printf '{ "broker": "%s", "cadenza": "%s", "intruder": "%s" }\n' \
    "$broker_password" "$cadenza_password" "$intruder_password" > "$RUN/users.json")
fi
password() { sed -n "s/.*\"$1\": \"\([0-9a-f]*\)\".*/\1/p" "$RUN/users.json"; }
broker_password=$(password broker) cadenza_password=$(password cadenza) intruder_password=$(password intruder)
[[ -n "$broker_password" && -n "$cadenza_password" && -n "$intruder_password" ]] \
  || { echo "kafka-secure: $RUN/users.json is unreadable; remove $RUN and start again" >&2; exit 1; }

# Java properties: one logical line per PEM, its line breaks written as \n.
pem_line() { awk 'NF { printf "%s\\\\n", $0 }' "$1"; }
(umask 077; sed -e "s#@BROKER_PASSWORD@#$broker_password#g" -e "s#@MTLS_PORT@#$((PORT + 2))#g" \
  -e "s#@SERVER_CERT@#$(pem_line "$RUN/certs/server.crt")#" \
  -e "s#@SERVER_KEY@#$(pem_line "$RUN/certs/server.key")#" \
  "$HERE/server.properties.template" > "$RUN/server.properties.template")

scram="--add-scram SCRAM-SHA-512=[name=broker,password=$broker_password]"
scram+=" --add-scram SCRAM-SHA-256=[name=cadenza,password=$cadenza_password]"
scram+=" --add-scram SCRAM-SHA-512=[name=cadenza,password=$cadenza_password]"
scram+=" --add-scram SCRAM-SHA-512=[name=intruder,password=$intruder_password]"

KAFKA_PORT="$PORT" KAFKA_CONTROLLER_PORT="$((PORT + 1))" KAFKA_RUN_DIR="$RUN" \
  KAFKA_TEMPLATE="$RUN/server.properties.template" KAFKA_FORMAT_ARGS="$scram" \
  exec bash "$INFRA/kafka/start.sh"
