#!/usr/bin/env bash
# Installs what the test suite needs that npm cannot: the independent Kafka clients the broker
# tests cross-check against. kcat (librdkafka's CLI), and for test/python-interop.spec.ts
# kafka-python and confluent-kafka-python with kafka-python's codec modules, all from Debian,
# imported by /usr/bin/python3 (not a pyenv python3 on PATH).
set -euo pipefail

PYTHON_PACKAGES="python3-kafka python3-confluent-kafka python3-snappy python3-lz4 python3-zstandard"
PYTHON_CHECK='import kafka, confluent_kafka, snappy, lz4, zstandard'

missing=""
command -v kcat >/dev/null 2>&1 || missing="kcat"
if ! /usr/bin/python3 -c "$PYTHON_CHECK" >/dev/null 2>&1; then missing="$missing $PYTHON_PACKAGES"; fi
missing="${missing# }"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing $missing with apt-get" >&2
  # shellcheck disable=SC2086 # one word per package
  (apt-get install -y $missing >/dev/null 2>&1) || (apt-get update >/dev/null && apt-get install -y $missing >/dev/null)
  if ! /usr/bin/python3 -c "$PYTHON_CHECK" >/dev/null 2>&1 || ! command -v kcat >/dev/null 2>&1; then
    echo "apt-get installed $missing, but kcat or /usr/bin/python3 -c '$PYTHON_CHECK' still fails" >&2
    exit 1
  fi
else
  echo "missing test tools: install them (Debian/Ubuntu: sudo apt-get install -y $missing)" >&2
  exit 1
fi
