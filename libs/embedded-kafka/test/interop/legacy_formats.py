"""kafka-python (Debian's python3-kafka 2.0) forced to the old protocol versions, for
test/legacy-formats.spec.ts: api_version (0, 9) writes and reads magic 0 message sets (Produce v1,
Fetch v1), (0, 10, 1) magic 1 (Produce v2, Fetch v3). The broker stores RecordBatch v2 only, so it
must up-convert what this produces and down-convert what it fetches.

    legacy_formats.py produce API BOOTSTRAP TOPIC CODEC   stdin {"records": [{key, value, timestamp?}]}
    legacy_formats.py consume API BOOTSTRAP TOPIC OFFSET COUNT

API is "0.9" or "0.10.1", CODEC "none" or a kafka-python codec name. Each prints ONE JSON line:
produce {"offsets": [...]} (one per record, from the broker's acknowledgements), consume
{"records": [{offset, key, value, timestamp, timestampType}], "batches": [{magic, codec, offset}]},
where "batches" lists every message set entry the client parsed from the broker's Fetch
responses (its magic byte and codec), so the spec can check that no magic-2 byte reached it.
A failure exits 1 with one readable line on stderr.
"""

import json
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.record import memory_records

API_VERSIONS = {"0.9": (0, 9), "0.10.1": (0, 10, 1)}
CODEC_NAMES = {0: "none", 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd"}

seen_batches = []
_next_batch = memory_records.MemoryRecords.next_batch


def _recording_next_batch(self, *args, **kwargs):
    """MemoryRecords.next_batch, noting each entry's magic byte, codec and offset as parsed."""
    batch = _next_batch(self, *args, **kwargs)
    if batch is not None:
        magic = batch.magic if hasattr(batch, "magic") and not callable(batch.magic) else batch._magic
        offset = batch.base_offset if magic >= 2 else batch._offset
        seen_batches.append({"magic": magic, "codec": CODEC_NAMES.get(batch.compression_type), "offset": offset})
    return batch


memory_records.MemoryRecords.next_batch = _recording_next_batch


def text(value):
    return None if value is None else bytes(value).decode("utf-8")


def raw(value):
    return None if value is None else value.encode("utf-8")


def produce(api, bootstrap, topic, codec):
    records = json.loads(sys.stdin.read() or "{}").get("records", [])
    producer = KafkaProducer(
        bootstrap_servers=bootstrap,
        api_version=API_VERSIONS[api],
        compression_type=None if codec == "none" else codec,
        acks=1,
        retries=0,
        linger_ms=60_000,  # one batch (one compressed wrapper) for all records: flush() sends it
        batch_size=1 << 20,
        max_block_ms=20_000,
        request_timeout_ms=20_000,
    )
    try:
        futures = [
            producer.send(topic, key=raw(r.get("key")), value=raw(r.get("value")), partition=0, timestamp_ms=r.get("timestamp"))
            for r in records
        ]
        producer.flush(timeout=20)
        return {"offsets": [f.get(timeout=20).offset for f in futures]}
    finally:
        producer.close(timeout=5)


def consume(api, bootstrap, topic, offset, count):
    offset, count = int(offset), int(count)
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        api_version=API_VERSIONS[api],
        group_id=None,
        enable_auto_commit=False,
        fetch_max_wait_ms=100,
        request_timeout_ms=20_000,
        check_crcs=True,
    )
    try:
        partition = TopicPartition(topic, 0)
        consumer.assign([partition])
        consumer.seek(partition, offset)
        received = []
        deadline = time.monotonic() + 20
        while len(received) < count:
            if time.monotonic() > deadline:
                raise RuntimeError("timed out with %d of %d records from offset %d" % (len(received), count, offset))
            for messages in consumer.poll(timeout_ms=200).values():
                received.extend(messages)
        return {
            "records": [
                {
                    "offset": m.offset,
                    "key": text(m.key),
                    "value": text(m.value),
                    "timestamp": m.timestamp,
                    "timestampType": m.timestamp_type,
                    "headers": [[k, text(v)] for k, v in (m.headers or [])],
                }
                for m in received
            ],
            "batches": seen_batches,
        }
    finally:
        consumer.close(autocommit=False)


def main():
    commands = {"produce": produce, "consume": consume}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print("usage: legacy_formats.py {produce|consume} API BOOTSTRAP TOPIC ...", file=sys.stderr)
        sys.exit(2)
    try:
        print(json.dumps(commands[sys.argv[1]](*sys.argv[2:])))
    except Exception as error:  # one readable line for the spec's failure message
        print("legacy_formats.py %s failed: %s: %s" % (sys.argv[1], type(error).__name__, error), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
