#!/usr/bin/env bash
# Test step of the web component: serves the deployed site on a free port and checks the page and its configuration.
# Without an install folder on this machine (Octopus), it serves the packed site configured by this deploy step (installed.sh).
set -euo pipefail
source "$(dirname "$0")/../scripts/ports.sh"
source "$(dirname "$0")/../scripts/installed.sh"
use_install_dir OctoPetShop.Web
if [ -n "$scratch_dir" ]; then bash "$(dirname "$0")/deploy.sh" >/dev/null; fi
port=$(free_port)
bash "$OO_INSTALL_DIR/serve.sh" "$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; remove_scratch' EXIT
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/index.html" | grep -q "Octo Pet Shop" || { echo "index.html is not the Pet Shop page" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port/config.js" | grep -q "Written by the $OO_ENVIRONMENT deploy" || { echo "config.js was not written by the deploy step" >&2; exit 1; }
echo "ok   web $OO_VERSION serves index.html and the $OO_ENVIRONMENT config.js"
