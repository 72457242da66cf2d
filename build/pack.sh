#!/usr/bin/env bash
# Packs the NuGet packages into a local feed folder:
#   OctoOrchestrate.<v>.nupkg                  the library (README, XML docs, SourceLink, embedded symbols)
#   octo-orchestrate.<v>.nupkg                 the tool's pointer package (lists the RID packages below)
#   octo-orchestrate.linux-x64.<v>.nupkg       the Native AOT binary (built only on a linux-x64 host: AOT links natively)
#   octo-orchestrate.any.<v>.nupkg             framework-dependent fallback for every other platform
# Usage: build/pack.sh [--version V] [--output DIR]      (default: a fresh 0.1.0-local.<UTC time> version, artifacts/feed)
# Then:  dotnet tool install --tool-path DIR --add-source artifacts/feed --version V octo-orchestrate
# A fresh version per pack matters: NuGet caches a package by id and version, so a repack with the same version is not
# picked up by an install that already saw it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
feed="$root/artifacts/feed"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --version) version="${2:?--version needs a value, e.g. --version 1.2.3}"; shift 2 ;;
    --output) feed="$(mkdir -p "${2:?--output needs a folder}" && cd "$2" && pwd)"; shift 2 ;;
    *) echo "pack.sh: unknown argument '$1' (use --version V, --output DIR)" >&2; exit 2 ;;
  esac
done
mkdir -p "$feed"

host_rid=""
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) host_rid=linux-x64 ;;
esac

common=(-c Release -o "$feed" --nologo -p:Version="$version" -p:ContinuousIntegrationBuild=true)
step() { echo "pack.sh: $*" >&2; }

step "library OctoOrchestrate $version"
dotnet pack src/OctoOrchestrate "${common[@]}"
step "tool pointer package octo-orchestrate $version"
dotnet pack src/OctoOrchestrate.Cli "${common[@]}"
if [[ -n "$host_rid" ]]; then
  step "Native AOT tool package for $host_rid (takes a few minutes)"
  dotnet pack src/OctoOrchestrate.Cli -r "$host_rid" "${common[@]}"
else
  step "no Native AOT package on this host ($(uname -s)/$(uname -m)): only linux-x64 is built here; the 'any' package serves it"
fi
step "framework-dependent fallback package (any)"
dotnet pack src/OctoOrchestrate.Cli -r any -p:PublishAot=false "${common[@]}"

echo "$version" > "$feed/.version"
ls -1 "$feed"/*"$version".nupkg >&2
echo "$version"
