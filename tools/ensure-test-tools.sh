#!/usr/bin/env bash
# Installs what the test suite needs that npm cannot: kcat (librdkafka's CLI), the independent
# Kafka client the broker tests cross-check against. Then checks MariaDB is reachable.
set -euo pipefail

if ! command -v kcat >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing kcat with apt-get" >&2
    (apt-get install -y kcat >/dev/null 2>&1) || (apt-get update >/dev/null && apt-get install -y kcat >/dev/null)
  else
    echo "kcat is missing: install it (Debian/Ubuntu: sudo apt-get install -y kcat)" >&2
    exit 1
  fi
fi
