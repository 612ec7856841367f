#!/usr/bin/env bash
# Stops the broker infra/kafka/secure/start.sh started, keeping its data, users and certificates.
# KAFKA_SECURE_RUN_DIR selects its run dir, as for start.sh.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_RUN_DIR="${KAFKA_SECURE_RUN_DIR:-$(cd "$HERE/../.." && pwd)/.run/kafka-secure}" exec bash "$HERE/../stop.sh"
