#!/usr/bin/env bash
# Measures `octo-orchestrate affected --json` against raw `git diff --name-only --no-renames` over the same ranges,
# in one run, on a generated 100,000-file / 1,000-component repository. Writes the figures into BENCHMARKS.md.
#
# Usage: benchmarks/run.sh [--runs N] [--baseline GIT-REF] [--no-write]
#   --baseline REF  also publishes the CLI as of REF (git archive, no checkout) and measures it in the same run
#   --no-write      prints the results instead of updating BENCHMARKS.md
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$root/benchmarks/.work
runs=20
baseline=""
write=1
while (($#)); do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --baseline) baseline=$2; shift 2 ;;
        --no-write) write=0; shift ;;
        *) echo "run.sh: unknown argument '$1'. Usage: benchmarks/run.sh [--runs N] [--baseline GIT-REF] [--no-write]" >&2; exit 2 ;;
    esac
done

components=1000
commits=300
repo=$work/repo
mkdir -p "$work"

generate_repo() {
    local stamp
    stamp="$(sha1sum "$root/benchmarks/generate-repo.awk" | cut -c1-40) $components $commits"
    if [[ -f $work/repo.stamp && $(cat "$work/repo.stamp") == "$stamp" ]]; then return; fi
    echo "Generating $components components x 100 files, $commits commits..." >&2
    local started=$EPOCHREALTIME
    rm -rf "$repo" "$work/repo.stamp"
    git init -q -b main "$repo"
    awk -v COMPONENTS=$components -v COMMITS=$commits -v SEED=42 -f "$root/benchmarks/generate-repo.awk" |
        git -C "$repo" fast-import --quiet
    git -C "$repo" reset -q --hard
    git -C "$repo" commit-graph write --reachable 2>/dev/null
    echo "$stamp" > "$work/repo.stamp"
    echo "Generated in $(micros_to_ms $(($(micros $EPOCHREALTIME) - $(micros $started)))) ms" >&2
}

publish() { # publish SOURCE-ROOT OUTPUT
    echo "Publishing ReadyToRun CLI from $1..." >&2
    dotnet publish "$1/src/OctoOrchestrate.Cli" -c Release -r linux-x64 --self-contained false \
        -p:PublishReadyToRun=true -o "$2" -nologo -v quiet >&2
}

micros() { local t=${1/./}; echo $((10#$t)); }
micros_to_ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }

# Times one process in microseconds; bash's EPOCHREALTIME avoids forking `date` inside the measured span.
time_once() {
    local start=$EPOCHREALTIME
    "$@" > /dev/null 2>&1 < /dev/null || { echo "run.sh: '$*' failed" >&2; exit 1; }
    local end=$EPOCHREALTIME
    echo $(($(micros "$end") - $(micros "$start")))
}

stats() { # stats FILE -> "median mean min"
    sort -n "$1" | awk '{ v[NR] = $1; sum += $1 } END {
        median = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.1f %.1f %.1f", median / 1000, sum / NR / 1000, v[1] / 1000 }'
}

# measure LABEL BASE: warms up, then alternates every command RUNS times so drift hits all of them alike.
measure() {
    local label=$1 base=$2 i name
    local -A cmd=(
        [git]="git diff --name-only --no-renames $base HEAD"
        [cli]="$work/cli/octo-orchestrate affected --json --base $base --head HEAD"
    )
    # cli-miss is the same command right after its manifest cache was deleted (outside the timed span): the first run
    # after a manifest edit or a new build of the tool. It stores the entry again, so the next cli run hits.
    cmd[cli-miss]=${cmd[cli]}
    local order=(git cli cli-miss)
    if [[ -n $baseline ]]; then cmd[baseline]="$work/cli-baseline/octo-orchestrate affected --json --base $base --head HEAD"; order+=(baseline); fi
    for name in "${order[@]}"; do : > "$work/times-$label-$name"; for i in 1 2 3; do forget_cache "$name"; time_once ${cmd[$name]} > /dev/null; done; done
    for ((i = 0; i < runs; i++)); do
        for name in "${order[@]}"; do forget_cache "$name"; time_once ${cmd[$name]} >> "$work/times-$label-$name"; done
    done
    local changed affected removed git_stats cli_stats miss_stats
    changed=$(git diff --name-only --no-renames "$base" HEAD | wc -l)
    affected=$("$work/cli/octo-orchestrate" affected --json --base "$base" --head HEAD | grep -c '^    {$' || true)
    git_stats=$(stats "$work/times-$label-git")
    cli_stats=$(stats "$work/times-$label-cli")
    miss_stats=$(stats "$work/times-$label-cli-miss")
    echo "| \`$base..HEAD\` | $changed | $affected | raw git | ${git_stats// / | } | 1.0x |"
    echo "| | | | octo-orchestrate | ${cli_stats// / | } | $(ratio "$cli_stats" "$git_stats") |"
    echo "| | | | octo-orchestrate, manifest cache miss | ${miss_stats// / | } | $(ratio "$miss_stats" "$git_stats") |"
    if [[ -n $baseline ]]; then
        local base_stats
        base_stats=$(stats "$work/times-$label-baseline")
        echo "| | | | octo-orchestrate @ \`$baseline\` (before) | ${base_stats// / | } | $(ratio "$base_stats" "$git_stats") |"
    fi
}

# The manifest cache lives outside any git checkout (it is not used inside one, so not under $work); the benchmark gives
# it its own folder so a miss can be forced.
export OCTO_ORCHESTRATE_CACHE_DIR=${TMPDIR:-/tmp}/octo-orchestrate-benchmark-manifest-cache
forget_cache() { if [[ $1 == cli-miss ]]; then rm -rf "$OCTO_ORCHESTRATE_CACHE_DIR"; fi; }

ratio() { awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { printf "%.1fx", a / b }'; }

machine() {
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, CPU $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
    echo "- $(git --version), .NET SDK $(cd "$root" && dotnet --version), runtime $(dotnet --list-runtimes | awk '/NETCore.App/ { v = $2 } END { print v }')"
    echo "- Repository: $(git -C "$repo" ls-files | wc -l) files, $components components, $(git -C "$repo" rev-list --count HEAD) commits (linear)"
    echo "- CLI: \`dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true\`, run through its apphost"
    echo "- Method: 3 warm-up runs each, then $runs alternating runs per command, stdout to /dev/null, warm page cache; times in ms"
    echo "- Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
}

generate_repo
publish "$root" "$work/cli"
if [[ -n $baseline ]]; then
    rm -rf "$work/baseline-src" && mkdir -p "$work/baseline-src"
    git -C "$root" archive "$baseline" | tar -x -C "$work/baseline-src"
    publish "$work/baseline-src" "$work/cli-baseline"
fi

cd "$repo"
results=$(
    machine
    echo
    echo "| Range | Changed files | Affected components | Command | Median | Mean | Min | Median vs git |"
    echo "|---|---:|---:|---|---:|---:|---:|---:|"
    measure range100 HEAD~100
    measure range1 HEAD~1
    echo
    echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
)

if ((write == 0)); then echo "$results"; exit 0; fi
target=$root/BENCHMARKS.md
[[ -f $target ]] || printf '# Benchmarks\n\n<!-- results:begin -->\n<!-- results:end -->\n' > "$target"
awk -v results="$results" '
    /<!-- results:begin -->/ { print; print results; skip = 1; next }
    /<!-- results:end -->/ { skip = 0 }
    !skip' "$target" > "$target.tmp" && mv "$target.tmp" "$target"
echo "$results"
