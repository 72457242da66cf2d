#!/usr/bin/env bash
# Bootstraps the build project (Nuke style) and runs a target; no target = the main job (`ci` on sample-monorepo).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
cd "$root"
dotnet build build/_build.csproj -c Release --nologo -v quiet "-clp:ErrorsOnly;NoSummary" >&2
exec dotnet build/bin/Release/net10.0/_build.dll "$@"
