#!/usr/bin/env bash
# Build step of a .NET component: publishes one project framework-dependent into $OO_OUTPUT, stamped with $OO_VERSION.
set -euo pipefail
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
project="$1"
dotnet publish "$project" -c Release -o "$OO_OUTPUT" --nologo -v minimal \
  -p:Version="${OO_VERSION:-0.0.0.1}" -p:SourceRevisionId="${OO_COMMIT:-local}"
