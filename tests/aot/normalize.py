"""Normalizes one command's output for the AOT/JIT comparison: times and durations differ from run to run, nothing else may."""
import json
import re
import sys

STAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
VOLATILE = {"startedAt", "completedAt", "queuedAt", "createdAt", "duration", "requestedAt", "decidedAt"}


def scrub(value):
    if isinstance(value, dict):
        return {k: ("<time>" if k in VOLATILE and v is not None else scrub(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, str):
        return STAMP.sub("<time>", value)  # e.g. a reason naming when a deployment completed
    return value


text = sys.stdin.read()
try:
    doc = json.loads(text)
except json.JSONDecodeError:
    # Plain text (tables, --version): durations like 0.4s vary.
    sys.stdout.write(re.sub(r"\b\d+\.\d+s\b", "<s>", text))
    sys.exit(0)
if doc == {}:
    # The symptom this test exists for: reflection-free serialization of an unregistered type.
    sys.stdout.write("EMPTY JSON OBJECT\n")
    sys.exit(0)
json.dump(scrub(doc), sys.stdout, indent=2, sort_keys=True)
sys.stdout.write("\n")
