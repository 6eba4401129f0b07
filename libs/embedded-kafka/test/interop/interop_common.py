"""Shared plumbing of the Python interop scripts: argument handling, the one JSON line they print,
readable failures and condition waits. Each script runs one scenario against a live broker and
reports what it observed; the Jest spec (python-interop.spec.ts) holds the expectations."""

import json
import os
import sys
import time
import traceback

CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]


class Failure(Exception):
    """A scenario step that did not go as a Kafka client user would expect."""


def text(value):
    """bytes -> str for the JSON report (None stays None)."""
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8")
    return value


def raw(value):
    """str -> bytes for a client (None stays None)."""
    return None if value is None else value.encode("utf-8")


def wait_until(condition, what, timeout_s=20.0, step=None):
    """Calls `step` (a poll of the client, if any) and checks `condition` until it holds."""
    deadline = time.monotonic() + timeout_s
    while True:
        if step is not None:
            step()
        if condition():
            return
        if time.monotonic() > deadline:
            raise Failure("timed out after %.0f s waiting for %s" % (timeout_s, what))
        if step is None:
            time.sleep(0.02)


def read_input():
    """The scenario's input (records to produce, ...) as JSON on stdin; {} when none was given."""
    data = sys.stdin.read()
    return json.loads(data) if data.strip() else {}


def run(commands):
    """`script.py COMMAND BOOTSTRAP PREFIX [ARGS...]`: prints one JSON line, or exits 1 with a readable line."""
    name = os.path.basename(sys.argv[0])
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print("usage: %s {%s} BOOTSTRAP PREFIX [ARGS...]" % (name, "|".join(sorted(commands))), file=sys.stderr)
        sys.exit(2)
    command = sys.argv[1]
    try:
        result = commands[command](*sys.argv[2:])
    except Exception as error:  # noqa: BLE001 - every failure becomes one readable line
        traceback.print_exc(file=sys.stderr)
        print("%s %s failed: %s: %s" % (name, command, type(error).__name__, error), file=sys.stderr)
        sys.exit(1)
    sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")
    sys.stdout.flush()
