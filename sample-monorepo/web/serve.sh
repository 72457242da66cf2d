#!/usr/bin/env bash
# Serves the deployed site: serve.sh [port] (python3's static file server; any web server works).
cd "$(dirname "$0")" && exec python3 -m http.server "${1:-8080}" --bind 127.0.0.1
