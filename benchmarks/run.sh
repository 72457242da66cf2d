#!/usr/bin/env bash
# Measures, in ONE run on a generated 100,000-file / 1,000-component repository, `octo-orchestrate affected --json`
# (the Native AOT binary and the JIT build) against raw `git diff --name-only --no-renames` over the same ranges, and the
# peers turbo (`ls --filter=...[BASE]`) and nx (`show projects --affected`, daemon warm) pinned in
# benchmarks/package.json (installed with `npm ci`) on the same repository; then a no-op `ci` rerun and a one-component
# `ci` run on the sample with their phase breakdown. Writes the figures into BENCHMARKS.md.
#
# Usage: benchmarks/run.sh [--runs N] [--ci-runs N] [--baseline GIT-REF] [--no-peers] [--no-ci] [--no-write] [--dry-run]
#   --runs N        timed runs per affected command and range (default 20), after 3 warm-up runs each
#   --ci-runs N     timed runs of each `ci` scenario (default 5)
#   --baseline REF  also publishes the AOT CLI as of REF (git archive, no checkout) and measures it in the same run
#   --no-peers      skips turbo and nx (no npm)
#   --no-ci         skips the `ci` timings on the sample
#   --no-write      prints the results instead of updating BENCHMARKS.md
#   --dry-run       checks the arguments, prints the plan and exits (what .ci/run checks; nothing is built or measured)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$root/benchmarks/.work
runs=20
ci_runs=5
baseline=""
write=1
peers=1
ci=1
dry_run=0
usage="Usage: benchmarks/run.sh [--runs N] [--ci-runs N] [--baseline GIT-REF] [--no-peers] [--no-ci] [--no-write] [--dry-run]"
count_arg() { # count_arg FLAG VALUE: a positive whole number, or exit 2 naming the flag
    [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: $1 needs a positive whole number (got '${2:-}'), e.g. $1 20. $usage" >&2; exit 2; }
}
while (($#)); do
    case $1 in
        --runs) count_arg "$1" "${2:-}"; runs=$2; shift 2 ;;
        --ci-runs) count_arg "$1" "${2:-}"; ci_runs=$2; shift 2 ;;
        --baseline) [[ -n ${2:-} ]] || { echo "run.sh: --baseline needs a git revision, e.g. --baseline main. $usage" >&2; exit 2; }; baseline=$2; shift 2 ;;
        --no-peers) peers=0; shift ;;
        --no-ci) ci=0; shift ;;
        --no-write) write=0; shift ;;
        --dry-run) dry_run=1; shift ;;
        *) echo "run.sh: unknown argument '$1'. $usage" >&2; exit 2 ;;
    esac
done
if ((dry_run)); then
    echo "run.sh: would measure affected (AOT, JIT${baseline:+, AOT @ $baseline}$( ((peers)) && echo ", turbo, nx")) against git diff: $runs runs per command on HEAD~100..HEAD and HEAD~1..HEAD"
    ((ci)) && echo "run.sh: would time a no-op ci rerun and a one-component ci run on the sample: $ci_runs runs each"
    ((write)) && echo "run.sh: would write BENCHMARKS.md" || echo "run.sh: would print the results only"
    exit 0
fi

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

publish_jit() { # publish_jit SOURCE-ROOT OUTPUT
    echo "Publishing the JIT CLI (ReadyToRun, framework-dependent) from $1..." >&2
    dotnet publish "$1/src/OctoOrchestrate.Cli" -c Release -r linux-x64 --self-contained false -p:PublishAot=false \
        -p:PublishReadyToRun=true -o "$2" -nologo -v quiet >&2
}

publish_aot() { # publish_aot SOURCE-ROOT OUTPUT
    echo "Publishing the Native AOT CLI from $1 (a few minutes)..." >&2
    dotnet publish "$1/src/OctoOrchestrate.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$2" -nologo -v quiet >&2
}

# The peers, from benchmarks/package-lock.json. A failure is recorded (BENCHMARKS.md shows the error) and skips them.
peer_error=""
install_peers() {
    local lock_stamp
    lock_stamp=$(sha1sum "$root/benchmarks/package-lock.json" | cut -c1-40)
    if [[ -f $root/benchmarks/node_modules/.lock-stamp && $(cat "$root/benchmarks/node_modules/.lock-stamp") == "$lock_stamp" ]]; then return 0; fi
    echo "Installing turbo and nx (npm ci in benchmarks/)..." >&2
    if ! (cd "$root/benchmarks" && npm ci --no-audit --no-fund --loglevel=error) > "$work/npm-ci.log" 2>&1; then
        peer_error="\`npm ci\` in benchmarks/ failed: $(tail -5 "$work/npm-ci.log" | tr '\n' ' ')"
        echo "run.sh: $peer_error" >&2
        return 0
    fi
    echo "$lock_stamp" > "$root/benchmarks/node_modules/.lock-stamp"
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

# How many components each tool names (the answers must agree for the comparison to mean anything).
answer_count() { # answer_count NAME BASE
    case $1 in
        git) git diff --name-only --no-renames "$2" HEAD | wc -l ;;
        turbo) ${cmd[turbo]} 2>/dev/null | grep -c '^  pkg-' || true ;;
        nx) ${cmd[nx]} 2>/dev/null | grep -c '^pkg-' || true ;;
        *) ${cmd[$1]} | grep -c '^    {$' || true ;;
    esac
}

declare -A label_of=(
    [git]="raw git diff" [aot]="octo-orchestrate (Native AOT)" [aot-miss]="octo-orchestrate (AOT), manifest cache miss"
    [jit]="octo-orchestrate (JIT, ReadyToRun)" [baseline]="octo-orchestrate (AOT) @ \`$baseline\` (before)"
    [turbo]="turbo 2.11.11 \`ls --filter=...[BASE]\`" [nx]="nx 24.0.6 \`show projects --affected\` (daemon warm)"
)

timed() { # timed NAME: time_once of cmd[NAME] (measure's), the baseline with its own manifest cache
    if [[ $1 == baseline ]]; then OCTO_ORCHESTRATE_CACHE_DIR=$baseline_cache time_once ${cmd[$1]}; else time_once ${cmd[$1]}; fi
}

# measure LABEL BASE: warms up, then alternates every command RUNS times so drift hits all of them alike.
measure() {
    local label=$1 base=$2 i name
    local base_sha
    base_sha=$(git rev-parse "$base")
    local -A cmd=(
        [git]="git diff --name-only --no-renames $base HEAD"
        [aot]="$work/cli-aot/octo-orchestrate affected --json --base $base --head HEAD"
        [jit]="$work/cli/octo-orchestrate affected --json --base $base --head HEAD"
        [turbo]="$root/benchmarks/node_modules/.bin/turbo ls --filter=...[$base_sha]"
        [nx]="$root/benchmarks/node_modules/.bin/nx show projects --affected --base=$base_sha --head=HEAD"
    )
    # aot-miss is the same command right after its manifest cache was deleted (outside the timed span): the first run
    # after a manifest edit or a new build of the tool. It stores the entry again, so the next aot run hits.
    cmd[aot-miss]=${cmd[aot]}
    local order=(git aot aot-miss jit)
    if [[ -n $baseline ]]; then cmd[baseline]="$work/cli-baseline/octo-orchestrate affected --json --base $base --head HEAD"; order+=(baseline); fi
    if ((peers)) && [[ -z $peer_error ]]; then order+=(turbo nx); fi
    for name in "${order[@]}"; do : > "$work/times-$label-$name"; for i in 1 2 3; do forget_cache "$name"; timed "$name" > /dev/null; done; done
    for ((i = 0; i < runs; i++)); do
        for name in "${order[@]}"; do forget_cache "$name"; timed "$name" >> "$work/times-$label-$name"; done
    done
    local git_stats row_stats first=1
    git_stats=$(stats "$work/times-$label-git")
    for name in "${order[@]}"; do
        row_stats=$(stats "$work/times-$label-$name")
        if ((first)); then
            echo "| \`$base..HEAD\` | $(answer_count git "$base") | ${label_of[$name]} | – | ${row_stats// / | } | 1.0x |"
            first=0
        else
            echo "| | | ${label_of[$name]} | $(answer_count "$name" "$base") | ${row_stats// / | } | $(ratio "$row_stats" "$git_stats") |"
        fi
    done
    # The goals, from this run's medians (aot vs git, turbo, nx).
    local aot_stats
    aot_stats=$(stats "$work/times-$label-aot")
    goals+=("$label aot/git $(ratio "$aot_stats" "$git_stats")")
    if [[ " ${order[*]} " == *" turbo "* ]]; then
        goals+=("$label turbo/aot $(ratio "$(stats "$work/times-$label-turbo")" "$aot_stats")")
        goals+=("$label nx/aot $(ratio "$(stats "$work/times-$label-nx")" "$aot_stats")")
    fi
}

# The manifest cache lives outside any git checkout (it is not used inside one, so not under $work); the benchmark gives
# it its own folder so a miss can be forced.
export OCTO_ORCHESTRATE_CACHE_DIR=${TMPDIR:-/tmp}/octo-orchestrate-benchmark-manifest-cache
forget_cache() { if [[ $1 == aot-miss ]]; then rm -rf "$OCTO_ORCHESTRATE_CACHE_DIR"; fi; }
# Each build of the tool keeps one cache entry per manifest path and rewrites it when another build wrote it last: the
# baseline gets its own cache folder, or alternating it with the current build would make every run of both a miss.
baseline_cache=${TMPDIR:-/tmp}/octo-orchestrate-benchmark-manifest-cache-baseline
# The peers: no telemetry, no cloud, nx with its daemon (started by the warm-up runs, stopped at the end).
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 NX_NO_CLOUD=true NX_DAEMON=true NX_TUI=false NX_SKIP_NX_CACHE=false

ratio() { awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { printf "%.1fx", a / b }'; }

goal_line() { # goal_line TEXT KEY LIMIT le|ge
    local key=$2 value
    value=$(printf '%s\n' "${goals[@]}" | awk -v k="$key" '$1 " " $2 == k { sub("x", "", $3); print $3 }')
    [[ -n $value ]] || { echo "- $1: not measured"; return; }
    if awk -v v="$value" -v l="$3" -v op="$4" 'BEGIN { exit !(op == "le" ? v <= l : v >= l) }'; then
        echo "- $1: **holds** (${value}x)"
    else
        echo "- $1: **does not hold** (${value}x)"
    fi
}

# ci on the sample: a copy with quick build/deploy/test lines (tests/aot/light-commands.py, as the parity test), the
# embedded release server. "no-op" is a rerun with nothing changed; "one component" commits a change to product-service
# first (outside the timed span). The phase breakdown is the `ci` summary's own "phases:" line on stderr.
ci_timings() {
    local sample=$work/sample cli=$work/cli-aot/octo-orchestrate i
    rm -rf "$sample" && cp -R "$root/sample-monorepo" "$sample" && rm -rf "$sample/.octo-orchestrate" "$sample/artifacts"
    python3 "$root/tests/aot/light-commands.py" "$sample/octo-orchestrate.yaml"
    local g=(git -C "$sample" -c user.name=bench -c user.email=bench@example.invalid -c commit.gpgsign=false)
    "${g[@]}" init -q -b main && "${g[@]}" add -A && "${g[@]}" commit -q -m sample
    (cd "$sample" && "$cli" ci > /dev/null 2> "$work/ci-first.err") || { echo "run.sh: the first ci run on the sample failed:" >&2; cat "$work/ci-first.err" >&2; exit 1; }
    : > "$work/times-ci-noop"; : > "$work/times-ci-one"; : > "$work/phases-ci-noop"; : > "$work/phases-ci-one"
    for ((i = 0; i < ci_runs; i++)); do
        ci_once noop
        echo "// benchmark change $i" >> "$sample/product-service/Program.cs"
        "${g[@]}" commit -qam "product-service: change $i"
        ci_once one
    done
    echo "| Scenario | Median | Mean | Min | Phases (median of each, ms) |"
    echo "|---|---:|---:|---:|---|"
    echo "| no-op rerun (nothing changed) | $(stats "$work/times-ci-noop" | sed 's/ / | /g') | $(phase_medians "$work/phases-ci-noop") |"
    echo "| one component changed (product-service) | $(stats "$work/times-ci-one" | sed 's/ / | /g') | $(phase_medians "$work/phases-ci-one") |"
}

ci_once() { # ci_once SCENARIO: one timed `ci` run on the sample, its phases appended to phases-ci-SCENARIO
    local start end
    start=$EPOCHREALTIME
    (cd "$work/sample" && CI=true "$work/cli-aot/octo-orchestrate" ci > /dev/null 2> "$work/ci.err") || { echo "run.sh: ci ($1) failed:" >&2; cat "$work/ci.err" >&2; exit 1; }
    end=$EPOCHREALTIME
    echo $(($(micros "$end") - $(micros "$start"))) >> "$work/times-ci-$1"
    sed -n 's/.*phases: //p' "$work/ci.err" | tail -1 >> "$work/phases-ci-$1"
}

phase_medians() { # "a 1 ms, b 2 ms" lines -> "a 1, b 2": the median of each phase, in the order of the first line
    python3 -c '
import statistics, sys
order, values = [], {}
for line in open(sys.argv[1]):
    for part in filter(None, line.strip().split(", ")):
        name, value = part.rsplit(" ", 2)[0], float(part.rsplit(" ", 2)[1])
        if name not in values: order.append(name); values[name] = []
        values[name].append(value)
print(", ".join(f"{name} {statistics.median(values[name]):.0f}" for name in order))' "$1"
}

machine() {
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, CPU $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
    echo "- $(git --version), .NET SDK $(cd "$root" && dotnet --version), runtime $(dotnet --list-runtimes | awk '/NETCore.App/ { v = $2 } END { print v }'), node $(node --version 2>/dev/null || echo missing)"
    echo "- Repository: $(git -C "$repo" ls-files | wc -l) files, $components components (each with a package.json mirroring \`uses\`), $(git -C "$repo" rev-list --count HEAD) commits (linear)"
    echo "- CLI: Native AOT \`dotnet publish -r linux-x64 -p:PublishAot=true\`; JIT \`dotnet publish -r linux-x64 --self-contained false -p:PublishReadyToRun=true\` through its apphost"
    echo "- Method: 3 warm-up runs each, then $runs alternating runs per command, stdout to /dev/null, warm page cache; times in ms"
    echo "- Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
}

generate_repo
publish_aot "$root" "$work/cli-aot"
publish_jit "$root" "$work/cli"
if [[ -n $baseline ]]; then
    rm -rf "$work/baseline-src" && mkdir -p "$work/baseline-src"
    git -C "$root" archive "$baseline" | tar -x -C "$work/baseline-src"
    publish_aot "$work/baseline-src" "$work/cli-baseline"
fi
if ((peers)); then
    install_peers
    # The peers find their own install through the repository's node_modules (git ignores it: the generated .gitignore).
    [[ -z $peer_error ]] && ln -sfn "$root/benchmarks/node_modules" "$repo/node_modules"
fi

goals=()
cd "$repo"
results=$(
    machine
    echo
    echo "| Range | Changed files | Command | Components | Median | Mean | Min | Median vs git |"
    echo "|---|---:|---|---:|---:|---:|---:|---:|"
    measure range100 HEAD~100
    measure range1 HEAD~1
    echo
    [[ -n $peer_error ]] && echo "Peers not measured: $peer_error" && echo
    echo "Goals (medians of this run):"
    echo
    goal_line "affected ≤ 2× git diff on the 100-commit range" "range100 aot/git" 2 le
    goal_line "affected ≤ 3× git diff on one commit" "range1 aot/git" 3 le
    goal_line "≥ 5× faster than turbo, 100-commit range (turbo time / AOT time)" "range100 turbo/aot" 5 ge
    goal_line "≥ 5× faster than turbo, one commit" "range1 turbo/aot" 5 ge
    goal_line "≥ 10× faster than nx with its daemon, 100-commit range" "range100 nx/aot" 10 ge
    goal_line "≥ 10× faster than nx with its daemon, one commit" "range1 nx/aot" 10 ge
    if ((ci)); then
        echo
        echo "\`ci\` on the sample (AOT binary, embedded release server, quick build/deploy/test lines; $ci_runs runs each):"
        echo
        ci_timings
    fi
    echo
    echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
)
if ((peers)) && [[ -z $peer_error ]]; then (cd "$repo" && "$root/benchmarks/node_modules/.bin/nx" daemon --stop > /dev/null 2>&1 || true); fi

if ((write == 0)); then echo "$results"; exit 0; fi
target=$root/BENCHMARKS.md
[[ -f $target ]] || printf '# Benchmarks\n\n<!-- results:begin -->\n<!-- results:end -->\n' > "$target"
awk -v results="$results" '
    /<!-- results:begin -->/ { print; print results; skip = 1; next }
    /<!-- results:end -->/ { skip = 0 }
    !skip' "$target" > "$target.tmp" && mv "$target.tmp" "$target"
echo "$results"
