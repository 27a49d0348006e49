#!/usr/bin/env bash
# What the caregiver's phone does at the door, for the walk-through: `phone.sh scan DOOR.png` prints the door's QR
# code; `phone.sh photo OUT.png` takes a photo (a new image each time). Needs the local stack built (start.sh does).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
exec java -Djava.awt.headless=true -cp "$root/deploy/local/target/eldercare-local.jar:$root/deploy/local/target/lib/*" \
  io.eldercare.local.Phone "$@"
