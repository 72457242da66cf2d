#!/usr/bin/env bash
# Runs build.cake (Cake + the Cake.OctoOrchestrate add-in) on the sample, after packing the add-in and the library it depends on
# into a local feed. Arguments go to Cake: ./build-cake.sh --target=Status
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
feed="$here/.addins-feed"
version=1.0.0   # the version on build.cake's #addin line
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet pack "$root/src/OctoOrchestrate" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet
dotnet pack "$root/src/Cake.OctoOrchestrate" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet
# Cake keeps an installed add-in in tools/Addins and would not look at a repacked same version while that copy is there.
rm -rf "$here"/tools/Addins/Cake.OctoOrchestrate.* "$here"/tools/Addins/OctoOrchestrate.*
cd "$here"
dotnet tool restore
# The feed next to nuget.org: the add-in's own dependencies (YamlDotNet, SQLite) come from there.
exec dotnet cake build.cake "--nuget_source=https://api.nuget.org/v3/index.json;$feed" "$@"
