#!/usr/bin/env bash
# Stops and starts the broker, keeping its data: what the broker-restart tests call.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$HERE/stop.sh"
"$HERE/start.sh"
