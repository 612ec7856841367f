#!/usr/bin/env bash
# Fetches and starts everything the integration and end-to-end tests need, on 127.0.0.1:
# PostgreSQL (the machine's own), Kafka (KRaft, from Maven Central jars) and Pulsar standalone (likewise).
# Each step is idempotent; a broker that does not start fails this script, and so the test run.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
started=$SECONDS
bash "$HERE/postgres.sh"
bash "$HERE/kafka/start.sh"
bash "$HERE/pulsar/start.sh"
echo "infra: all up in $((SECONDS - started)) s"
