#!/usr/bin/env bash
# Installs what the test suite needs that npm cannot: the independent Kafka clients the broker
# tests cross-check against. kcat (librdkafka's CLI), and for test/python-interop.spec.ts
# kafka-python and confluent-kafka-python with kafka-python's codec modules, all from Debian,
# imported by /usr/bin/python3 (not a pyenv python3 on PATH). And Debian's docker-compose (1.29, with
# python3-yaml), the real Compose implementation tools/compose/test checks docker/compose.yaml with:
# no Docker engine runs here, `docker-compose config` only parses and resolves the files. Installed
# without its Recommends (the docker.io engine, which could not run anyway).
set -euo pipefail

PYTHON_PACKAGES="python3-kafka python3-confluent-kafka python3-snappy python3-lz4 python3-zstandard"
PYTHON_CHECK='import kafka, confluent_kafka, snappy, lz4, zstandard'

missing=""
command -v kcat >/dev/null 2>&1 || missing="kcat"
if ! /usr/bin/python3 -c "$PYTHON_CHECK" >/dev/null 2>&1; then missing="$missing $PYTHON_PACKAGES"; fi
missing="${missing# }"
compose_missing=""
if ! command -v docker-compose >/dev/null 2>&1 || ! /usr/bin/python3 -c 'import yaml' >/dev/null 2>&1; then compose_missing="docker-compose"; fi
[ -z "$missing" ] && [ -z "$compose_missing" ] && exit 0
all_missing="${missing:+$missing }$compose_missing"

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing $all_missing with apt-get" >&2
  if [ -n "$missing" ]; then
    # shellcheck disable=SC2086 # one word per package
    (apt-get install -y $missing >/dev/null 2>&1) || (apt-get update >/dev/null && apt-get install -y $missing >/dev/null)
  fi
  if [ -n "$compose_missing" ]; then
    (apt-get install -y --no-install-recommends docker-compose >/dev/null 2>&1) ||
      (apt-get update >/dev/null && apt-get install -y --no-install-recommends docker-compose >/dev/null)
  fi
  if ! /usr/bin/python3 -c "$PYTHON_CHECK" >/dev/null 2>&1 || ! command -v kcat >/dev/null 2>&1; then
    echo "apt-get installed $all_missing, but kcat or /usr/bin/python3 -c '$PYTHON_CHECK' still fails" >&2
    exit 1
  fi
  if ! command -v docker-compose >/dev/null 2>&1 || ! /usr/bin/python3 -c 'import yaml' >/dev/null 2>&1; then
    echo "apt-get installed $all_missing, but docker-compose or /usr/bin/python3 -c 'import yaml' still fails" >&2
    exit 1
  fi
else
  hint="${missing:+sudo apt-get install -y $missing}"
  [ -n "$compose_missing" ] && hint="${hint:+$hint && }sudo apt-get install -y --no-install-recommends docker-compose"
  echo "missing test tools: install them (Debian/Ubuntu: $hint)" >&2
  exit 1
fi
