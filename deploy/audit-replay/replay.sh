#!/usr/bin/env bash
# The auditors' replay: reads every eldercare.*.events topic from offset 0 into a fresh database, rebuilds every
# wallet's balance and every month's statement totals, prints a SHA-256 per rebuilt table and every difference with the
# live system (elder, month, order). Exit 0 when everything reconciles, 1 when anything differs.
#   ./deploy/audit-replay/replay.sh --kafka=localhost:9092 --postgres=jdbc:postgresql://localhost:5432/ \
#       [--user=postgres] [--password=postgres] [--replay-database=NAME]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ ! -f deploy/audit-replay/target/eldercare-audit-replay.jar ]]; then
  ./mvnw -q -B -DskipTests -pl deploy/audit-replay -am package
fi
exec java -cp "deploy/audit-replay/target/eldercare-audit-replay.jar:deploy/audit-replay/target/lib/*" \
  io.eldercare.audit.AuditReplay "$@"
