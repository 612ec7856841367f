#!/usr/bin/env bash
# Stops the brokers infra/up.sh started (their data stays under infra/.run/). PostgreSQL is the machine's: left running.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/pulsar/stop.sh" || true
bash "$HERE/kafka/stop.sh" || true
