#!/usr/bin/env bash
# Throwaway TLS material for tests on this machine, made with openssl. Never for production, never committed.
#
#   bash infra/certs/make-test-certs.sh [DIR]        (DIR defaults to infra/.run/certs)
#
# Writes into DIR (PEM; keys are unencrypted PKCS#8, EC P-256):
#   ca.crt, ca.key                   a test CA that signs the two certificates below
#   server.crt, server.key           server certificate: CN=localhost, SAN DNS:localhost, IP:127.0.0.1, IP:::1
#   client.crt, client.key           client certificate: CN=$CERTS_CLIENT_CN (default cadenza), for servers that
#                                    check client certificates (PostgreSQL maps the CN to a role of that name)
#   untrusted-ca.crt, untrusted-ca.key  a second CA, the "wrong CA" of negative tests; it signs only:
#   untrusted-client.crt, .key       a client certificate like client.crt, but from untrusted-ca: a server
#                                    that trusts ca.crt must refuse it
#
# Any broker's TLS tests (PostgreSQL, Kafka, Pulsar) can point at the same files. Idempotent: when every file is
# there, the certificates chain to ca.crt and none expires within a day, nothing changes; otherwise all of it is
# made anew. Safe to run concurrently (a lock file in DIR). Env: CERTS_DAYS validity (default 30).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir=${1:-$root/infra/.run/certs}
client_cn=${CERTS_CLIENT_CN:-cadenza}
days=${CERTS_DAYS:-30}
files=(ca.crt ca.key server.crt server.key client.crt client.key untrusted-ca.crt untrusted-ca.key untrusted-client.crt untrusted-client.key)

command -v openssl >/dev/null || { echo "certs: openssl not found (Debian: apt-get install openssl)" >&2; exit 1; }
mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9

usable() {
  local f
  for f in "${files[@]}"; do [[ -s "$dir/$f" ]] || return 1; done
  for f in ca.crt server.crt client.crt untrusted-ca.crt untrusted-client.crt; do
    openssl x509 -in "$dir/$f" -noout -checkend 86400 >/dev/null 2>&1 || return 1
  done
  openssl verify -CAfile "$dir/ca.crt" "$dir/server.crt" "$dir/client.crt" >/dev/null 2>&1 || return 1
  openssl verify -CAfile "$dir/untrusted-ca.crt" "$dir/untrusted-client.crt" >/dev/null 2>&1 || return 1
  openssl x509 -in "$dir/client.crt" -noout -subject 2>/dev/null | grep -q "CN *= *$client_cn\$" || return 1
}

if usable; then
  echo "certs: up to date in $dir"
  exit 0
fi

work=$(mktemp -d "$dir/.new.XXXXXX")
trap 'rm -rf "$work"' EXIT
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$1.key" 2>/dev/null; }

ca() { # name, CN: a self-signed CA
  key "$1"
  openssl req -x509 -new -key "$work/$1.key" -sha256 -days "$days" -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$work/$1.crt" 2>/dev/null
}

leaf() { # name, CN, extensions, signing CA
  key "$1"
  openssl req -new -key "$work/$1.key" -subj "/CN=$2" -out "$work/$1.csr" 2>/dev/null
  printf '%s\n' "$3" >"$work/$1.ext"
  openssl x509 -req -in "$work/$1.csr" -CA "$work/$4.crt" -CAkey "$work/$4.key" -CAcreateserial -sha256 \
    -days "$days" -extfile "$work/$1.ext" -out "$work/$1.crt" 2>/dev/null
}

ca ca "Cadenza test CA"
ca untrusted-ca "Cadenza untrusted test CA"
leaf server localhost "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" ca
client_ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
leaf client "$client_cn" "$client_ext" ca
leaf untrusted-client "$client_cn" "$client_ext" untrusted-ca

openssl verify -CAfile "$work/ca.crt" "$work/server.crt" "$work/client.crt" >/dev/null
openssl verify -CAfile "$work/untrusted-ca.crt" "$work/untrusted-client.crt" >/dev/null
chmod 600 "$work"/*.key
chmod 644 "$work"/*.crt
for f in "${files[@]}"; do mv -f "$work/$f" "$dir/$f"; done
echo "certs: made in $dir (CA, server for localhost/127.0.0.1, client CN=$client_cn, untrusted CA and client)"
