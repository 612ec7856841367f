#!/usr/bin/env bash
# A private PostgreSQL cluster for tests that stop, restart or lock down the server, apart from the machine's
# shared one on 5432 (which other engineers' tests use and nobody may restart).
#
#   bash infra/postgres/private.sh start|stop|restart|status
#
# Env:
#   PG_PRIVATE_PORT   TCP port on 127.0.0.1 (default 15432); it listens nowhere else and has no Unix socket
#   PG_PRIVATE_DIR    where the cluster lives (default infra/.run/postgres-private): data/, tls/, postgres.log
#   PG_PRIVATE_TLS=1  serve TLS with the certificates of infra/certs/make-test-certs.sh (made if missing)
#   PG_PRIVATE_CERTS  where those certificates are (default infra/.run/certs)
#   PG_PRIVATE_TLS_PASSWORD  password of the role tls_only (default cadenza-tls-test)
#   PG_BIN            PostgreSQL's bin directory (default: the newest /usr/lib/postgresql/<version>/bin)
#
# Database `test`. Who may connect (pg_hba.conf, rewritten at each start):
#   postgres, any other role  trust, with or without TLS
#   tls_only                  password (scram) and only over TLS; refused without it
#   cadenza                   only over TLS with a client certificate whose CN is cadenza (auth method `cert`)
# Without PG_PRIVATE_TLS the server speaks no TLS, so tls_only and cadenza cannot log in at all.
#
# Data survives stop/start/restart. `restart` is a fast shutdown then a start, as chaos tests use it. Every
# command exits non-zero, with the tail of the server log, when it fails; `status` exits 3 when stopped.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
port=${PG_PRIVATE_PORT:-15432}
dir=${PG_PRIVATE_DIR:-$root/infra/.run/postgres-private}
certs=${PG_PRIVATE_CERTS:-$root/infra/.run/certs}
tls=${PG_PRIVATE_TLS:-0}
tls_password=${PG_PRIVATE_TLS_PASSWORD:-cadenza-tls-test}
# Absolute: the server resolves relative paths in its config against the data directory, not against ours.
dir=$(realpath -m "$dir")
certs=$(realpath -m "$certs")
data=$dir/data
log=$dir/postgres.log

fail() { echo "postgres-private: $*" >&2; exit 1; }
die() { # fail, with what the server said
  echo "postgres-private: $*" >&2
  if [[ -s "$log" ]]; then echo "--- last lines of $log ---" >&2; tail -n 25 "$log" >&2; fi
  exit 1
}

bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[[ -x "$bin/initdb" && -x "$bin/pg_ctl" ]] || fail "no PostgreSQL binaries (looked in ${bin:-/usr/lib/postgresql/*/bin}; Debian: apt-get install postgresql)"

# initdb refuses to run as root, so as root the cluster belongs to, and runs as, the postgres OS user.
if [[ $(id -u) -eq 0 ]]; then
  owner=postgres
  id "$owner" >/dev/null 2>&1 || fail "running as root, but there is no OS user postgres to run the server as"
  as_owner() { runuser -u "$owner" -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

running() { [[ -f "$data/PG_VERSION" ]] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }
sql() { "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

init() {
  mkdir -p "$dir"
  chown "$owner" "$dir"
  as_owner test -w "$dir" -a -x "$dir" || fail "the OS user $owner cannot write $dir (is a parent directory closed to others?); set PG_PRIVATE_DIR"
  [[ -f "$data/PG_VERSION" ]] && return 0
  rm -rf "$data"
  as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed in $data"; }
  echo "include_if_exists = 'cadenza.conf'" >>"$data/postgresql.conf"
}

configure() {
  local ssl=off
  if [[ "$tls" == 1 ]]; then
    bash "$root/infra/certs/make-test-certs.sh" "$certs" >/dev/null
    mkdir -p "$dir/tls"
    cp "$certs/server.crt" "$certs/server.key" "$certs/ca.crt" "$dir/tls/"
    chown -R "$owner" "$dir/tls"
    chmod 600 "$dir/tls/server.key" # the server refuses a key that others can read
    ssl=on
  fi
  cat >"$data/cadenza.conf" <<CONF
# Written by infra/postgres/private.sh at each start; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 60
shared_buffers = 32MB
ssl = $ssl
ssl_cert_file = '$dir/tls/server.crt'
ssl_key_file = '$dir/tls/server.key'
ssl_ca_file = '$dir/tls/ca.crt'
CONF
  if [[ "$tls" == 1 ]]; then
    cat >"$data/pg_hba.conf" <<HBA
# Written by infra/postgres/private.sh at each start. The first line that matches decides.
hostssl all tls_only 127.0.0.1/32 scram-sha-256
host    all tls_only 127.0.0.1/32 reject
hostssl all cadenza  127.0.0.1/32 cert
host    all cadenza  127.0.0.1/32 reject
host    all all      127.0.0.1/32 trust
HBA
  else
    cat >"$data/pg_hba.conf" <<HBA
# Written by infra/postgres/private.sh at each start. No TLS: the roles meant for TLS are refused.
host    all tls_only 127.0.0.1/32 reject
host    all cadenza  127.0.0.1/32 reject
host    all all      127.0.0.1/32 trust
HBA
  fi
  chown "$owner" "$data/cadenza.conf" "$data/pg_hba.conf"
}

provision() { # idempotent: the roles and the test database
  sql -d postgres -v pw="$tls_password" <<'SQL' || die "could not create the roles and the test database"
SELECT 'CREATE ROLE tls_only LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tls_only') \gexec
SELECT 'CREATE ROLE cadenza LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cadenza') \gexec
ALTER ROLE tls_only PASSWORD :'pw';
SELECT 'CREATE DATABASE test' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'test') \gexec
GRANT ALL ON DATABASE test TO tls_only, cadenza;
SQL
}

start() {
  if running; then echo "postgres-private: already running on 127.0.0.1:$port ($data)"; return 0; fi
  if "$bin/pg_isready" -h 127.0.0.1 -p "$port" -q 2>/dev/null; then fail "port $port is taken by another server; set PG_PRIVATE_PORT"; fi
  init
  configure
  : >"$log"
  chown "$owner" "$log"
  as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 30 start >/dev/null || die "did not start on 127.0.0.1:$port"
  provision
  echo "postgres-private: ready on 127.0.0.1:$port (database test, TLS $([[ "$tls" == 1 ]] && echo on || echo off))"
}

stop() {
  if ! running; then echo "postgres-private: not running ($data)"; return 0; fi
  as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null || die "did not stop"
  echo "postgres-private: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop && start ;;
  status)
    if running; then
      "$bin/pg_isready" -h 127.0.0.1 -p "$port" -q || die "running but not answering on 127.0.0.1:$port"
      echo "postgres-private: running on 127.0.0.1:$port ($data)"
    else
      echo "postgres-private: stopped ($data)"
      exit 3
    fi
    ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
