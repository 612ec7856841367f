#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL answers on 127.0.0.1:5432 with a `test` database; starts it if it is down.
set -euo pipefail
answers() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
if ! command -v pg_isready >/dev/null; then
  echo "postgres: pg_isready not found; install PostgreSQL (Debian: apt-get install postgresql)" >&2
  exit 1
fi
if ! answers; then
  echo "postgres: not answering on 127.0.0.1:5432; starting the local cluster"
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  [[ -n "$version" ]] || { echo "postgres: no cluster under /etc/postgresql" >&2; exit 1; }
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 60); do answers && break; sleep 1; done
  answers || { echo "postgres: still not answering after 60 s" >&2; exit 1; }
fi
if ! psql -h 127.0.0.1 -U postgres -d test -Atc 'select 1' >/dev/null 2>&1; then
  psql -h 127.0.0.1 -U postgres -d postgres -c 'create database test' >/dev/null
fi
echo "postgres: ready on 127.0.0.1:5432 (database test)"
