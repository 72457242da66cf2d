#!/usr/bin/env bash
# Bootstraps the build project (Nuke style) and runs a target; no target = the main job (`ci` on sample-monorepo).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
cd "$root"
# The build's own output only matters when it fails.
if ! log="$(dotnet build build/_build.csproj -c Release --nologo -v quiet 2>&1)"; then
  printf '%s\n' "$log" >&2
  exit 1
fi
exec dotnet build/bin/Release/net10.0/_build.dll "$@"
