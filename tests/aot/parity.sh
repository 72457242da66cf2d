#!/usr/bin/env bash
# AOT parity: packs the packages (build/pack.sh: the Native AOT tool package included), installs octo-orchestrate from
# that local feed into a tool path, checks that what got installed is the native binary, then runs the same commands
# with it and with the JIT build on the same copy of sample-monorepo/ (recreated at the same path for each, with fixed
# commit dates, so commits, versions and paths agree) and compares stdout and exit codes, times and durations aside.
# Usage: tests/aot/parity.sh [--feed DIR | --binary PATH]
#   --feed DIR     reuse packages already packed there (skip packing)
#   --binary PATH  compare an AOT binary published before (dotnet publish -r linux-x64), skip packing and installing
# Prints the pack time (the AOT compile is most of it) so CI logs show it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work="$(mktemp -d)"
# OO_PARITY_KEEP=1 keeps the outputs (jit/, aot/: stdout, stderr, exit, normalized) for a look after a difference.
trap '[[ "${OO_PARITY_KEEP:-}" == 1 ]] && echo "aot-parity: outputs kept in $work" >&2 || rm -rf "$work"' EXIT
feed="$work/feed"
binary=""
case "${1:-}" in
  --feed) feed="$(cd "${2:?--feed needs a folder}" && pwd)" ;;
  --binary) binary="$(readlink -f "${2:?--binary needs a path}")" ;;
  "") ;;
  *) echo "parity.sh: unknown argument '$1' (use --feed DIR or --binary PATH)" >&2; exit 2 ;;
esac

fail() { echo "aot-parity: FAIL: $*" >&2; exit 1; }

if [[ -z "$binary" && "${1:-}" != "--feed" ]]; then
  start=$SECONDS
  "$root/build/pack.sh" --output "$feed" >"$work/pack.log" 2>&1 || { cat "$work/pack.log" >&2; fail "build/pack.sh failed"; }
  echo "aot-parity: packed in $((SECONDS - start)) s (library, tool pointer, linux-x64 Native AOT, any)"
fi
# 1. Install from the local feed; the command must be the native binary, not a managed apphost.
if [[ -n "$binary" ]]; then
  aot="$binary"
else
  version="$(cat "$feed/.version")"
  dotnet tool install --tool-path "$work/tool" --add-source "$feed" --version "$version" octo-orchestrate >"$work/install.log" 2>&1 \
    || { cat "$work/install.log" >&2; fail "dotnet tool install from $feed"; }
  aot="$work/tool/octo-orchestrate"
fi
native="$(readlink -f "$aot")"
[[ -x "$native" ]] || fail "no executable at $aot"
[[ -e "$(dirname "$native")/octo-orchestrate.dll" ]] && fail "$native sits next to octo-orchestrate.dll: the framework-dependent package was installed, not the Native AOT one"
head -c 4 "$native" | grep -q $'\x7fELF' || fail "$native is not an ELF binary"
"$aot" --version >"$work/aot-version.txt" || fail "$aot --version failed"
echo "aot-parity: installed $native ($(du -h "$native" | cut -f1)), --version: $(cat "$work/aot-version.txt")"

# 2. The JIT build of the same source.
dotnet build "$root/src/OctoOrchestrate.Cli" -c Release -nologo -v quiet -o "$work/jit" >"$work/jit-build.log" 2>&1 \
  || { cat "$work/jit-build.log" >&2; fail "JIT build"; }
jit=(dotnet "$work/jit/octo-orchestrate.dll")

# 3. The sample, as a git repository with two commits (the second changes product-service), at one fixed path.
repo="$work/sample"
make_repo() {
  rm -rf "$repo"
  cp -R "$root/sample-monorepo" "$repo"
  rm -rf "$repo/.octo-orchestrate" "$repo/artifacts"
  python3 "$root/tests/aot/light-commands.py" "$repo/octo-orchestrate.yaml"
  export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
  local g=(git -C "$repo" -c user.name=parity -c user.email=parity@example.invalid -c commit.gpgsign=false)
  "${g[@]}" init -q -b main
  "${g[@]}" add -A
  "${g[@]}" commit -q -m "sample"
  echo "// parity change" >> "$repo/product-service/Program.cs"
  "${g[@]}" commit -qam "product-service: a change"
}

run_all() { # $1 = label, rest = the command
  local label="$1"; shift
  local out="$work/$label"
  mkdir -p "$out"
  make_repo
  local step=0
  run() {
    step=$((step + 1))
    local name
    name="$(printf '%02d-%s' "$step" "$(echo "$*" | tr -c 'a-z0-9-' '_' | cut -c1-60)")"
    set +e
    (cd "$repo" && "${cli[@]}" "$@") >"$out/$name.stdout" 2>"$out/$name.stderr"
    echo "exit $?" >"$out/$name.exit"
    set -e
    python3 "$root/tests/aot/normalize.py" <"$out/$name.stdout" >"$out/$name.norm"
  }
  cli=("$@")
  run --version
  run affected --json --base HEAD~1
  run affected --json
  run version --json
  run status --json
  run ci --json
  run status --json
  run ci --json
  run status --json --state octo-orchestrate.yaml
  run affected --json --no-such-flag
}

run_all jit "${jit[@]}"
run_all aot "$aot"

status=0
for file in "$work/jit"/*.norm "$work/jit"/*.exit; do
  name="$(basename "$file")"
  # --version is the build's stamp (pack sets the package version, a JIT build says 1.0.0), not behaviour: checked above, not compared.
  [[ "$name" == *---version_* ]] && continue
  other="$work/aot/$name"
  if ! diff -u "$file" "$other" >"$work/diff.txt"; then
    echo "aot-parity: DIFFERENT $name (JIT vs AOT):" >&2
    head -40 "$work/diff.txt" >&2
    status=1
  fi
done
for file in "$work/aot"/*.norm; do
  if grep -q "EMPTY JSON OBJECT" "$file"; then echo "aot-parity: $(basename "$file") printed {}" >&2; status=1; fi
done
# The runs must have done real work: a ci that failed the same way in both would agree too.
grep -q '"succeeded": true' "$work/aot/06-"*.norm || { echo "aot-parity: the AOT ci run did not succeed:" >&2; cat "$work/aot/06-"*.stderr >&2; status=1; }
grep -q "exit 0" "$work/aot/06-"*.exit || status=1
grep -q '"product-service"' "$work/aot/02-"*.norm || { echo "aot-parity: affected did not report product-service" >&2; status=1; }
grep -q '"code": 2' "$work/aot/09-"*.norm || { echo "aot-parity: the error JSON is missing" >&2; status=1; }

[[ $status -eq 0 ]] && echo "aot-parity: OK: $(ls "$work/aot"/*.norm | wc -l) commands print the same in the AOT and the JIT build"
exit $status
