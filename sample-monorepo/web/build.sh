#!/usr/bin/env bash
# Build step of the web component: the site is static, so the package is the site plus its serve script.
set -euo pipefail
cp -R "$(dirname "$0")/site/." "$OO_OUTPUT/"
cp "$(dirname "$0")/serve.sh" "$OO_OUTPUT/serve.sh"
printf '%s\n' "$OO_VERSION" > "$OO_OUTPUT/version.txt"
