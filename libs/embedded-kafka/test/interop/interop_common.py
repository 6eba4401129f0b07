"""Shared plumbing of the Python interop scripts: argument handling, the one JSON line they print,
readable failures and condition waits, and the scenarios both clients run. Each script runs one
scenario against a live broker and reports what it observed; the Jest spec (python-interop.spec.ts)
holds the expectations.

A shared scenario talks to its client through an adapter, the client script itself, which spells
these calls in its client's API:

    create_topic(bootstrap, name, partitions, configs=None)
    producer(bootstrap, **config) -> a producer (config as kafka-python names it: linger_ms, compression_type)
    close_producer(producer)
    send_all(producer, topic, records, partition=None) -> [{partition, offset}], one a record, once all are delivered
    consumer(bootstrap, group=None, name=None) -> a consumer (subscribe and close as both clients spell them)
    read_to_end(consumer, topic, partitions, what) -> the records it read until each partition's high watermark
    commit(consumer): commits what it read, synchronously
    committed(consumer, topic, partitions) -> {partition: the group's committed offset}
    read_all(bootstrap, topic, partitions) -> every record from offset 0, without a group
    Member(bootstrap, group, topic, name) -> a GroupMember
    codec_unavailable(codec) -> None where the client can use the codec, else why not
    offset_for_time(consumer, topic, timestamp) -> None past the last record of partition 0, else {offset, ...}"""

import functools
import json
import os
import sys
import threading
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


class GroupMember(threading.Thread):
    """One group member polling in its own thread, committing synchronously after every batch it read.
    The client's subclass gives `poll()` (one batch, as records) and `commit(fresh)` (those records)."""

    def __init__(self, client, topic):
        super().__init__(daemon=True)
        self.records = []
        self.assigned = []
        self.error = None
        self.stopping = threading.Event()
        self.topic = topic
        self.client = client
        self.client.subscribe([topic])

    def run(self):
        try:
            while not self.stopping.is_set():
                fresh = self.poll()
                if fresh:
                    self.commit(fresh)
                self.records.extend(fresh)  # once committed: a member that joins after these were seen starts past them
                self.assigned = sorted(tp.partition for tp in self.client.assignment())
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            self.error = error
        finally:
            self.client.close()

    def stop(self):
        self.stopping.set()
        self.join(15)
        if self.error is not None:
            raise self.error


def produce(client, bootstrap, topic, records, partition=None, **config):
    """Sends `records` with a producer of their own; returns where each was delivered."""
    out = client.producer(bootstrap, **config)
    try:
        return client.send_all(out, topic, records, partition)
    finally:
        client.close_producer(out)


def read_in_group(client, bootstrap, group, topic, partitions, what, name=None, at_start=False):
    """A consumer of `group` subscribes to `topic`, reads it to the end and commits synchronously.
    Returns (the committed offsets before it subscribed if `at_start`, else None; the records; the committed offsets after)."""
    c = client.consumer(bootstrap, group, name)
    try:
        # committed() asks the coordinator, so it shows what the group had before this member read anything.
        before = client.committed(c, topic, partitions) if at_start else None
        c.subscribe([topic])
        records = client.read_to_end(c, topic, partitions, what)
        client.commit(c)
        return before, records, client.committed(c, topic, partitions)
    finally:
        c.close()


def codecs(client, bootstrap, prefix):
    """Produces the given records once per codec the client has (one batch, partition 0) and reads them back."""
    records = read_input()["records"]
    report = {}
    for codec in CODECS:
        if client.codec_unavailable(codec):
            continue
        topic = "%s-%s" % (prefix, codec)
        client.create_topic(bootstrap, topic, 1)
        # One batch: librdkafka sends a batch uncompressed when compressing does not make it smaller.
        produced = produce(client, bootstrap, topic, records, 0, compression_type=codec, linger_ms=200)
        report[codec] = {"topic": topic, "produced": produced, "consumed": client.read_all(bootstrap, topic, 1)}
    return report


def group(client, bootstrap, prefix):
    """A alone reads 20 records; B joins and the 4 partitions are split; 20 more are shared;
    then C, a third member of the group, resumes after 8 more records were produced."""
    topic, name = "%s-topic" % prefix, "%s-group" % prefix
    client.create_topic(bootstrap, topic, 4)
    out = client.producer(bootstrap)
    batch = lambda tag, n: [{"partition": p, "value": "%s-p%d-%d" % (tag, p, i)} for i in range(n) for p in range(4)]
    members = []
    try:
        client.send_all(out, topic, batch("first", 5))
        a = client.Member(bootstrap, name, topic, "a")
        members.append(a)
        a.start()
        wait_until(lambda: a.error or (a.assigned == [0, 1, 2, 3] and len(a.records) == 20), "member a to read the first 20 records")
        b = client.Member(bootstrap, name, topic, "b")
        members.append(b)
        b.start()
        wait_until(
            lambda: a.error or b.error or (a.assigned and b.assigned and sorted(a.assigned + b.assigned) == [0, 1, 2, 3]),
            "the rebalance to split the partitions between a and b",
        )
        split = {"a": a.assigned, "b": b.assigned}
        client.send_all(out, topic, batch("second", 5))
        wait_until(lambda: a.error or b.error or len(a.records) + len(b.records) >= 40, "a and b to read the second 20 records")
        for m in members:
            m.stop()
        members = []
        client.send_all(out, topic, batch("third", 2))
        _, resumed, committed = read_in_group(client, bootstrap, name, topic, range(4), "member c to catch up", name="c")
        return {"a": a.records, "b": b.records, "split": split, "c": resumed, "committed": committed}
    finally:
        for m in members:
            m.stopping.set()
        client.close_producer(out)


def restart_before(client, bootstrap, prefix):
    """Reads 2 x 10 records in a group and commits; then 2 x 3 more are produced that nobody reads."""
    topic, name = "%s-topic" % prefix, "%s-group" % prefix
    client.create_topic(bootstrap, topic, 2)
    keyed = lambda tag, n: [{"partition": p, "key": "k%d" % i, "value": "%s-p%d-%d" % (tag, p, i)} for i in range(n) for p in range(2)]
    out = client.producer(bootstrap)
    try:
        client.send_all(out, topic, keyed("read", 10))
        _, consumed, committed = read_in_group(client, bootstrap, name, topic, range(2), "the group to read 20 records")
        unread = client.send_all(out, topic, keyed("unread", 3))
    finally:
        client.close_producer(out)
    return {"consumed": consumed, "committed": committed, "unread": unread}


def restart_after(client, bootstrap, prefix):
    """After the broker restarted: the group resumes, and the whole topic is read again without one."""
    topic, name = "%s-topic" % prefix, "%s-group" % prefix
    before, resumed, after = read_in_group(client, bootstrap, name, topic, range(2), "the group to resume", at_start=True)
    return {"committedAtStart": before, "resumed": resumed, "committed": after, "all": client.read_all(bootstrap, topic, 2)}


def timestamps(client, bootstrap, prefix):
    """Per codec: one batch of records with the given CreateTimes, then the offset for each queried time."""
    given = read_input()
    report = {}
    for codec in given["codecs"]:
        topic = "%s-%s" % (prefix, codec)
        client.create_topic(bootstrap, topic, 1)
        records = [{"value": "at-%d" % t, "timestamp": t} for t in given["timestamps"]]
        produce(client, bootstrap, topic, records, 0, compression_type=codec, linger_ms=200)
        c = client.consumer(bootstrap)
        try:
            lookups = [client.offset_for_time(c, topic, query) for query in given["queries"]]
        finally:
            c.close()
        report[codec] = {"lookups": lookups, "read": [{"offset": r["offset"], "timestamp": r["timestamp"]} for r in client.read_all(bootstrap, topic, 1)]}
    return report


def refused_topics(prefix, created):
    """What CreateTopics must refuse once `created` (3 partitions) exists, by label: (name, partitions, configs)."""
    return [
        ("duplicate", created, 3, {}),
        ("zeroPartitions", "%s-zero" % prefix, 0, {}),
        ("unknownConfig", "%s-badconfig" % prefix, 1, {"no.such.config": "1"}),
    ]


def groups(client, bootstrap, prefix, inspect):
    """An active group (a member polling) and an empty one (offsets committed, member gone): what
    `inspect(active, empty, offsets)` finds while the active group's member holds both partitions,
    `offsets` being those the empty group's member committed."""
    topic, active, empty = "%s-topic" % prefix, "%s-active" % prefix, "%s-empty" % prefix
    client.create_topic(bootstrap, topic, 2)
    produce(client, bootstrap, topic, [{"partition": p, "value": "v%d" % i} for i in range(3) for p in range(2)])
    _, _, offsets = read_in_group(client, bootstrap, empty, topic, range(2), "the empty group's member to read")
    member = client.Member(bootstrap, active, topic, "active-member")
    member.start()
    try:
        wait_until(lambda: member.error or member.assigned == [0, 1], "the active group's member to be assigned both partitions")
        return inspect(active, empty, offsets)
    finally:
        member.stop()


SCENARIOS = {
    "codecs": codecs,
    "group": group,
    "restart-before": restart_before,
    "restart-after": restart_after,
    "timestamps": timestamps,
}


# What a script runs on its own, where its client has the calls: the script's function of the same name ("-" as "_").
OWN_COMMANDS = [
    "caps",
    "admin-create-topics",
    "admin-describe-configs",
    "admin-alter-configs",
    "admin-create-partitions",
    "admin-groups",
    "admin-delete-groups",
]


def run(client):
    """`script.py COMMAND BOOTSTRAP PREFIX [ARGS...]`, COMMAND one of the shared SCENARIOS, run with `client` (the
    script's adapter), or of the OWN_COMMANDS the script has: prints one JSON line, or exits 1 with a readable line."""
    commands = {command: functools.partial(scenario, client) for command, scenario in SCENARIOS.items()}
    for command in OWN_COMMANDS:
        if hasattr(client, command.replace("-", "_")):
            commands[command] = getattr(client, command.replace("-", "_"))
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
