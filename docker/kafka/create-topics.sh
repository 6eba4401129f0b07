#!/bin/bash
# The compose stack's one-shot job `kafka-topics` (apache/kafka image): creates every topic the
# system uses before anything produces, since the brokers do not auto-create topics. Idempotent
# (--if-not-exists); an existing topic with another partition count or replication factor is
# reported and fails the job rather than being silently accepted.
#
#   BOOTSTRAP_SERVERS  kafka-1:19092[,…]
#   TOPICS             "name:partitions …"   (cleanup.policy=delete, the default)
#   COMPACTED_TOPICS   "name:partitions …"   (cleanup.policy=compact: Kafka Connect's internal topics)
#   REPLICATION_FACTOR 1 (single broker) or 3 (cluster)
#   MIN_INSYNC_REPLICAS 1 or 2: with acks=all a write needs this many replicas in sync
set -euo pipefail

: "${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS must list the brokers}"
: "${TOPICS:?TOPICS must list name:partitions pairs}"
: "${REPLICATION_FACTOR:?REPLICATION_FACTOR must be set}"
: "${MIN_INSYNC_REPLICAS:?MIN_INSYNC_REPLICAS must be set}"
COMPACTED_TOPICS="${COMPACTED_TOPICS:-}"
KAFKA_TOPICS=/opt/kafka/bin/kafka-topics.sh
ATTEMPTS="${ATTEMPTS:-30}"

fail() {
  echo "kafka-topics: $*" >&2
  exit 1
}

# create NAME PARTITIONS CLEANUP_POLICY: retried while the brokers are still registering (a
# replication factor of 3 needs all three).
create() {
  local name="$1" partitions="$2" policy="$3" attempt
  for ((attempt = 1; attempt <= ATTEMPTS; attempt++)); do
    if "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists --topic "$name" \
      --partitions "$partitions" --replication-factor "$REPLICATION_FACTOR" \
      --config "cleanup.policy=$policy" --config "min.insync.replicas=$MIN_INSYNC_REPLICAS"; then
      return 0
    fi
    echo "kafka-topics: creating $name failed (attempt $attempt of $ATTEMPTS), retrying in 2 s" >&2
    sleep 2
  done
  fail "could not create $name"
}

# check NAME PARTITIONS: the topic as it is now (it may have existed before this run).
check() {
  local name="$1" partitions="$2" description
  description="$("$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVERS" --describe --topic "$name")"
  echo "$description" | head -n 1
  grep -q "PartitionCount: $partitions	" <<<"$description" ||
    fail "$name exists with another partition count than $partitions: $(head -n 1 <<<"$description")"
  grep -q "ReplicationFactor: $REPLICATION_FACTOR	" <<<"$description" ||
    fail "$name exists with another replication factor than $REPLICATION_FACTOR: $(head -n 1 <<<"$description")"
}

specs=()
for spec in $TOPICS; do specs+=("$spec:delete"); done
for spec in $COMPACTED_TOPICS; do specs+=("$spec:compact"); done
for spec in "${specs[@]}"; do
  IFS=: read -r name partitions policy <<<"$spec"
  [[ -n "$name" && "$partitions" =~ ^[1-9][0-9]*$ ]] || fail "bad topic spec \"$spec\" (want name:partitions)"
  create "$name" "$partitions" "$policy"
done
for spec in "${specs[@]}"; do
  IFS=: read -r name partitions _ <<<"$spec"
  check "$name" "$partitions"
done
echo "kafka-topics: ${#specs[@]} topics ready (replication factor $REPLICATION_FACTOR, min.insync.replicas $MIN_INSYNC_REPLICAS)"
