#!/usr/bin/env bash
# Counts the REST calls of a 4-component release-train promotion Test -> Staging against the Octopus simulator (real HTTP on
# 127.0.0.1), as our client counts them (promote --json: octopusRequests). Not timed. Prints the figure by route for BENCHMARKS.md.
#   benchmarks/octopus-train-requests.sh [runs]   (default 3 runs: task polling depends on how long the simulated deployments take)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-3}"
out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT
dotnet build tests/OctoOrchestrate.Tests -nologo -v q >/dev/null
for i in $(seq 1 "$runs"); do
  OO_BENCH_OUT="$out/run$i.json" dotnet test tests/OctoOrchestrate.Tests --no-build -nologo -v q \
    --filter "FullyQualifiedName~OctopusTrainRequestCountTests" >/dev/null
  echo "run $i:"; cat "$out/run$i.json"; echo
done
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"); $(dotnet --version)"
