"""Rewrites a copy of the sample's manifest so build/deploy/test are quick shell lines (the parity test checks the
orchestrator, not the sample's dotnet builds). Components, paths, uses and deployAfter stay as they are."""
import re
import sys

path = sys.argv[1]
text = open(path, encoding="utf-8").read()
build = 'build: mkdir -p "$OO_OUTPUT" && cp -R "$OO_COMPONENT/." "$OO_OUTPUT/" && echo "$OO_VERSION" > "$OO_OUTPUT/version.txt"'
deploy = 'deploy: test -f "$OO_INSTALL_DIR/version.txt" && echo "$OO_COMPONENT $OO_VERSION" >> "$OO_ENVIRONMENT_DIR/deployed.txt"'
test = 'test: grep -qx "$OO_VERSION" "$OO_INSTALL_DIR/version.txt"'
out = []
for line in text.splitlines():
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    if stripped.startswith("build:"):
        out.append(indent + build)
    elif stripped.startswith("deploy:"):
        out.append(indent + deploy)
    elif stripped.startswith("test:"):
        out.append(indent + test)
    else:
        out.append(line)
open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")
