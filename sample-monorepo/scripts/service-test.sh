#!/usr/bin/env bash
# Test step of a service: starts the deployed build from $OO_INSTALL_DIR on a free 127.0.0.1 port, checks its endpoints, stops it.
# Without an install folder on this machine (Octopus), it starts the packed build against a scratch database (installed.sh).
# Usage: service-test.sh <packageId, also the assembly name> [--get PATH EXPECTED | --post PATH JSON EXPECTED]...
set -euo pipefail
source "$(dirname "$0")/ports.sh"
source "$(dirname "$0")/installed.sh"
dll="$1.dll"
use_install_dir "$1"; shift
seed_scratch_database
port=$(free_port)
url="http://127.0.0.1:$port"
log="$(mktemp)"
cd "$OO_INSTALL_DIR"
dotnet "$dll" --urls "$url" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"; remove_scratch' EXIT
for _ in $(seq 1 100); do
  curl -fsS "$url/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "$dll exited before answering:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.2
done
expect() { # body expected what
  if [[ "$1" != *"$2"* ]]; then echo "FAIL $3: expected '$2' in: $1" >&2; exit 1; fi
  echo "ok   $3"
}
expect "$(curl -fsS "$url/health")" '"status":"ok"' "GET /health"
while [ $# -gt 0 ]; do
  case "$1" in
    --get) expect "$(curl -fsS "$url$2")" "$3" "GET $2"; shift 3 ;;
    --post) expect "$(curl -fsS -X POST -H 'Content-Type: application/json' -d "$3" "$url$2")" "$4" "POST $2"; shift 4 ;;
    *) echo "service-test.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
