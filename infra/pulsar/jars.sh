#!/usr/bin/env bash
# Makes sure Pulsar's broker jars are in infra/.cache/pulsar/lib (resolved from Maven Central through pom.xml the
# first time) and prints that folder, for secure.sh (the private TLS standalone); start.sh resolves the same folder
# the same way. The folder is stamped with the pom's checksum: a changed pom (another Pulsar version) re-resolves it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lib="$(dirname "$here")/.cache/pulsar/lib"
stamp="$(sha1sum "$here/pom.xml" | cut -d' ' -f1)"
if [ "$(cat "$lib/.complete" 2>/dev/null)" != "$stamp" ]; then
  echo "pulsar: resolving broker jars from Maven Central into $lib..." >&2
  rm -rf "$lib"
  mkdir -p "$lib"
  mvn -B -q -s "$here/settings.xml" -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$lib" -DincludeScope=runtime >&2
  echo "$stamp" >"$lib/.complete"
fi
echo "$lib"
