#!/usr/bin/env bash
# Regenerates src/OctoOrchestrate/PublicAPI.Unshipped.txt from the code: every public symbol not in PublicAPI.Shipped.txt
# (RS0016) is listed, every shipped symbol that is gone (RS0017) is marked *REMOVED*. Run it after a deliberate change
# to the library's public surface (or after a merge that adds some), review `git diff`, commit.
#   build/public-api.sh           regenerate
#   build/public-api.sh --check   fail (exit 1) when the file is not up to date, change nothing
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
project=src/OctoOrchestrate/OctoOrchestrate.csproj
unshipped=src/OctoOrchestrate/PublicAPI.Unshipped.txt
check=false
[[ "${1:-}" == "--check" ]] && check=true

backup="$(mktemp)"; log="$(mktemp)"; fresh="$(mktemp)"
trap 'rm -f "$backup" "$log" "$fresh"' EXIT
cp "$unshipped" "$backup"
restore() { cp "$backup" "$unshipped"; }

# Start from an empty Unshipped list, so the analyzers report the whole difference to Shipped.
printf '#nullable enable\n' > "$unshipped"
set +e
dotnet build "$project" -nologo -clp:NoSummary -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= \
  -p:RunAnalyzersDuringBuild=true --no-incremental >"$log" 2>&1
set -e
restore

# Anything but RS0016/RS0017 failing the build is a real compile error: show it, change nothing.
if grep -E ': error ' "$log" | grep -vE 'error RS001[67]:' | grep -q .; then
  grep -E ': error ' "$log" | grep -vE 'error RS001[67]:' | sort -u >&2
  echo "public-api: the library does not compile; fix that first ($unshipped unchanged)" >&2
  exit 2
fi

{
  printf '#nullable enable\n'
  {
    grep -oE "RS0016: Symbol '.*' is not part of the declared public API" "$log" \
      | sed -E "s/^RS0016: Symbol '(.*)' is not part of the declared public API$/\1/" || true
    grep -oE "RS0017: Symbol '.*' is part of the declared API, but is either not public or could not be found" "$log" \
      | sed -E "s/^RS0017: Symbol '(.*)' is part of the declared API.*/*REMOVED*\1/" || true
  } | LC_ALL=C sort -u
} > "$fresh"

if $check; then
  if diff -u "$unshipped" "$fresh"; then echo "public-api: $unshipped is up to date"; exit 0; fi
  echo "public-api: $unshipped is out of date; run build/public-api.sh and commit the result" >&2
  exit 1
fi
cp "$fresh" "$unshipped"
echo "public-api: $(($(wc -l < "$unshipped") - 1)) entries in $unshipped"
