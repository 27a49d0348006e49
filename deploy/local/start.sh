#!/usr/bin/env bash
# Starts the whole platform on this machine: builds it if needed, then PostgreSQL, Kafka, registry, gateway and the
# six services. Options: --fresh (wipe .local-data first), --data-dir=PATH, --no-build.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=1
args=()
for arg in "$@"; do
  if [[ "$arg" == "--no-build" ]]; then build=0; else args+=("$arg"); fi
done
if [[ $build == 1 ]]; then
  echo "[local] building (./mvnw -DskipTests install)…"
  ./mvnw -q -B -DskipTests install
fi
exec java -cp "deploy/local/target/eldercare-local.jar:deploy/local/target/lib/*" io.eldercare.local.LocalStack "${args[@]+"${args[@]}"}"
