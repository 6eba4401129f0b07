#!/bin/sh
# The compose stack's one-shot job `connect-register` (curlimages/curl: busybox sh, awk, curl):
# waits for Kafka Connect's REST API, registers the connector file's "config" object under its
# "name" with PUT /connectors/<name>/config (creates or replaces: running it again leaves the same
# connector with the same config), then waits until the connector and its tasks are RUNNING.
# The file is docker/connect/orders-sink.json itself, mounted read-only; its ${env:…} placeholders
# are resolved by the worker (EnvVarConfigProvider), so no credential passes through here.
#
#   CONNECT_URL=http://connect:8083 CONNECTOR_FILE=/connectors/orders-sink.json register-connector.sh
#   CONNECTOR_FILE=docker/connect/orders-sink.json register-connector.sh --print   # what it would PUT, and where
set -eu

CONNECTOR_FILE="${CONNECTOR_FILE:?CONNECTOR_FILE must name the connector JSON file}"
TIMEOUT_S="${TIMEOUT_S:-180}"

fail() {
  echo "connect-register: $*" >&2
  exit 1
}

# Prints the value of a top-level key of a JSON object file: an object as its source text, a
# string without its quotes (escapes kept). A small scanner rather than jq, which the image lacks;
# it skips strings, so braces inside values (the ${env:…} placeholders) do not count.
json_member() {
  awk -v key="$1" '
    { text = text $0 "\n" }
    END {
      n = length(text); depth = 0; inString = 0; escaped = 0; token = ""; lastString = ""; expectValue = 0; start = 0
      for (i = 1; i <= n; i++) {
        c = substr(text, i, 1)
        if (inString) {
          if (escaped) { escaped = 0 }
          else if (c == "\\") { escaped = 1 }
          else if (c == "\"") {
            inString = 0
            if (expectValue == 2) { print token; found = 1; exit }
            lastString = token
            continue
          }
          token = token c
          continue
        }
        if (c == " " || c == "\t" || c == "\n" || c == "\r") continue
        if (c == "\"") { inString = 1; token = ""; if (expectValue == 1) expectValue = 2; continue }
        if (c == ":") { if (depth == 1 && lastString == key) expectValue = 1; lastString = ""; continue }
        if (c == "{" || c == "[") {
          depth++
          if (expectValue == 1 && depth == 2 && c == "{") { start = i; target = depth }
          expectValue = 0
          continue
        }
        if (c == "}" || c == "]") {
          if (start && depth == target) { print substr(text, start, i - start + 1); found = 1; exit }
          depth--
          continue
        }
        expectValue = 0; lastString = ""
      }
    }
    END { if (!found) exit 1 }
  ' "$CONNECTOR_FILE"
}

[ -r "$CONNECTOR_FILE" ] || fail "cannot read $CONNECTOR_FILE"
name="$(json_member name)" || fail "$CONNECTOR_FILE has no top-level \"name\" string"
config="$(json_member config)" || fail "$CONNECTOR_FILE has no top-level \"config\" object"
if [ "${1:-}" = "--print" ]; then
  printf 'PUT /connectors/%s/config\n%s\n' "$name" "$config"
  exit 0
fi
CONNECT_URL="${CONNECT_URL:?CONNECT_URL must name the Connect REST API, e.g. http://connect:8083}"

deadline=$(($(date +%s) + TIMEOUT_S))
until curl -fsS -o /dev/null "$CONNECT_URL/connectors"; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "Kafka Connect at $CONNECT_URL did not answer within ${TIMEOUT_S}s"
  sleep 2
done

body="$(mktemp)"
status="$(printf '%s' "$config" | curl -sS -o "$body" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
  --data-binary @- "$CONNECT_URL/connectors/$name/config")" || fail "PUT $CONNECT_URL/connectors/$name/config failed"
case "$status" in
  200) echo "connect-register: connector $name updated (PUT $CONNECT_URL/connectors/$name/config: 200)" ;;
  201) echo "connect-register: connector $name created (PUT $CONNECT_URL/connectors/$name/config: 201)" ;;
  *) fail "PUT $CONNECT_URL/connectors/$name/config answered $status: $(cat "$body")" ;;
esac

# RUNNING, or the reason it is not: a wrong password or a missing grant shows up here, not later.
while :; do
  state="$(curl -fsS "$CONNECT_URL/connectors/$name/status" 2>/dev/null || true)"
  states="$(printf '%s' "$state" | grep -o '"state":"[A-Z]*"' | sort -u | tr '\n' ' ')"
  case "$state" in
    *'"state":"FAILED"'*) fail "connector $name failed: $state" ;;
  esac
  case "$state" in
    *'"tasks":[{'*)
      if [ "$states" = '"state":"RUNNING" ' ]; then
        echo "connect-register: connector $name and its tasks are RUNNING"
        exit 0
      fi
      ;;
  esac
  [ "$(date +%s)" -lt "$deadline" ] || fail "connector $name not RUNNING within ${TIMEOUT_S}s: ${state:-no status}"
  sleep 2
done
