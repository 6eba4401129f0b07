"""confluent-kafka-python (Debian's python3-confluent-kafka, on librdkafka) against the embedded
broker, one scenario per command.

    /usr/bin/python3 confluent_kafka_client.py COMMAND BOOTSTRAP PREFIX

prints one JSON line with what the client observed; python-interop.spec.ts asserts on it."""

import struct
import threading

import confluent_kafka
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic

from interop_common import CODECS, Failure, raw, read_input, run, text, wait_until

CLIENT = "confluent-kafka"


def admin(bootstrap):
    return AdminClient({"bootstrap.servers": bootstrap, "client.id": "%s-admin" % CLIENT})


def producer(bootstrap, **config):
    settings = {"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 20, "client.id": "%s-producer" % CLIENT}
    settings.update({k.replace("_", "."): v for k, v in config.items()})
    return Producer(settings)


def consumer(bootstrap, group=None, name=None):
    return Consumer(
        {
            "bootstrap.servers": bootstrap,
            # librdkafka wants a group.id even for assign(); a reader never joins or commits it.
            "group.id": group or "%s-reader" % CLIENT,
            "client.id": "%s-%s" % (CLIENT, name or group or "reader"),
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
            "enable.partition.eof": True,
            "session.timeout.ms": 6000,
            "heartbeat.interval.ms": 300,
            "fetch.wait.max.ms": 100,
        }
    )


def done(futures):
    """Waits for every admin future; raises the first error."""
    for future in futures.values():
        future.result(15)


def create_topic(bootstrap, name, partitions, configs=None):
    client = admin(bootstrap)  # held until the futures resolve: a collected client fails them with _DESTROY
    done(client.create_topics([NewTopic(name, partitions, 1, config=configs or {})], request_timeout=10))


def record_of(message):
    timestamp_type, timestamp = message.timestamp()
    return {
        "partition": message.partition(),
        "offset": message.offset(),
        "timestamp": timestamp,
        "key": text(message.key()),
        "value": text(message.value()),
        "headers": [[k, text(v)] for k, v in (message.headers() or [])],
    }


class Reader:
    """Collects records, and the end-of-partition events that tell how far each partition was read."""

    def __init__(self, client):
        self.client = client
        self.records = []
        self.eof = {}

    def step(self, timeout=0.1):
        batch = self.client.consume(num_messages=500, timeout=timeout)
        fresh = []
        for message in batch:
            if message.error() is None:
                fresh.append(record_of(message))
            elif message.error().code() == KafkaError._PARTITION_EOF:
                self.eof[message.partition()] = message.offset()
            else:
                raise KafkaException(message.error())
        self.records.extend(fresh)
        return fresh

    def read_to_end(self, topic, partitions, what):
        """Consumes until every partition reported its end at or past the high watermark seen now."""
        ends = {p: self.client.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1] for p in partitions}
        wait_until(lambda: all(self.eof.get(p, -1) >= ends[p] for p in partitions), what, step=self.step)


def read_all(bootstrap, topic, partitions):
    """Every record of `topic` from offset 0, without a group."""
    client = consumer(bootstrap)
    try:
        client.assign([TopicPartition(topic, p, confluent_kafka.OFFSET_BEGINNING) for p in range(partitions)])
        reader = Reader(client)
        reader.read_to_end(topic, range(partitions), "all of %s" % topic)
        return reader.records
    finally:
        client.close()


def send_all(client, topic, records, partition=None):
    delivered = [None] * len(records)

    def report(i):
        def on_delivery(error, message):
            delivered[i] = {"error": str(error)} if error else {"partition": message.partition(), "offset": message.offset()}

        return on_delivery

    for i, r in enumerate(records):
        extra = {}
        if r.get("timestamp") is not None:
            extra["timestamp"] = r["timestamp"]
        p = r.get("partition", partition)
        if p is not None:
            extra["partition"] = p
        client.produce(
            topic,
            key=raw(r.get("key")),
            value=raw(r.get("value")),
            headers=[(k, raw(v)) for k, v in r.get("headers", [])],
            on_delivery=report(i),
            **extra
        )
    remaining = client.flush(15)
    if remaining:
        raise Failure("%d of %d records to %s not delivered within 15 s" % (remaining, len(records), topic))
    failed = [d for d in delivered if "error" in d]
    if failed:
        raise Failure("delivery to %s failed: %s" % (topic, failed[0]["error"]))
    return delivered


def codec_unavailable(codec):
    try:
        Producer({"compression.type": codec, "log_level": 0})
        return None
    except KafkaException as error:
        return "librdkafka %s was built without %s: %s" % (confluent_kafka.libversion()[0], codec, error)


def caps():
    has = lambda name: hasattr(AdminClient, name)
    return {
        "client": CLIENT,
        "version": confluent_kafka.version()[0],
        "librdkafka": confluent_kafka.libversion()[0],
        "codecs": {c: None if c == "none" else codec_unavailable(c) for c in CODECS},
        "admin": {
            "create_topics": has("create_topics"),
            "describe_configs": has("describe_configs"),
            "alter_configs": has("alter_configs"),
            "incremental_alter_configs": has("incremental_alter_configs"),
            "create_partitions": has("create_partitions"),
            "list_groups": has("list_groups") or has("list_consumer_groups"),
            "list_groups_states_filter": has("list_consumer_groups"),
            # list_groups(group=...) describes one group (DescribeGroups) in every version.
            "describe_groups": has("list_groups") or has("describe_consumer_groups"),
            "delete_groups": has("delete_consumer_groups"),
            "delete_records": has("delete_records"),
            "delete_group_offsets": has("delete_consumer_group_offsets"),
        },
    }


def codecs(bootstrap, prefix):
    """Produces the given records once per codec (partition 0) and reads them back."""
    records = read_input()["records"]
    report = {}
    for codec in CODECS:
        if codec != "none" and codec_unavailable(codec):
            continue
        topic = "%s-%s" % (prefix, codec)
        create_topic(bootstrap, topic, 1)
        # One batch: librdkafka sends a batch uncompressed when compressing does not make it smaller.
        client = producer(bootstrap, compression_type=codec, linger_ms=200)
        produced = send_all(client, topic, records, partition=0)
        report[codec] = {"topic": topic, "produced": produced, "consumed": read_all(bootstrap, topic, 1)}
    return report


class Member(threading.Thread):
    """One group member consuming in its own thread, committing synchronously after every batch."""

    def __init__(self, bootstrap, group, topic, name):
        super().__init__(daemon=True)
        self.records = []
        self.assigned = []
        self.error = None
        self.stopping = threading.Event()
        self.client = consumer(bootstrap, group, name)
        self.client.subscribe([topic])
        self.reader = Reader(self.client)

    def run(self):
        try:
            while not self.stopping.is_set():
                fresh = self.reader.step()
                if fresh:
                    last = {}
                    for r in fresh:
                        last[r["partition"]] = r["offset"]
                    topic = self.client.assignment()[0].topic if self.client.assignment() else None
                    self.client.commit(offsets=[TopicPartition(topic, p, o + 1) for p, o in last.items()], asynchronous=False)
                self.records = self.reader.records
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


def committed(client, topic, partitions):
    return {p: tp.offset for p, tp in zip(partitions, client.committed([TopicPartition(topic, p) for p in partitions], timeout=10))}


def group(bootstrap, prefix):
    """A alone reads 20 records; B joins and the 4 partitions are split; 20 more are shared;
    then C, a third member of the group, resumes after 8 more records were produced."""
    topic, name = "%s-topic" % prefix, "%s-group" % prefix
    create_topic(bootstrap, topic, 4)
    out = producer(bootstrap)
    batch = lambda tag, n: [{"partition": p, "value": "%s-p%d-%d" % (tag, p, i)} for i in range(n) for p in range(4)]
    members = []
    try:
        send_all(out, topic, batch("first", 5))
        a = Member(bootstrap, name, topic, "a")
        members.append(a)
        a.start()
        wait_until(lambda: a.error or (a.assigned == [0, 1, 2, 3] and len(a.records) == 20), "member a to read the first 20 records")
        b = Member(bootstrap, name, topic, "b")
        members.append(b)
        b.start()
        wait_until(
            lambda: a.error or b.error or (a.assigned and b.assigned and sorted(a.assigned + b.assigned) == [0, 1, 2, 3]),
            "the rebalance to split the partitions between a and b",
        )
        split = {"a": a.assigned, "b": b.assigned}
        send_all(out, topic, batch("second", 5))
        wait_until(lambda: a.error or b.error or len(a.records) + len(b.records) >= 40, "a and b to read the second 20 records")
        for m in members:
            m.stop()
        members = []
        send_all(out, topic, batch("third", 2))
        c = consumer(bootstrap, name, "c")
        try:
            c.subscribe([topic])
            reader = Reader(c)
            reader.read_to_end(topic, range(4), "member c to catch up")
            c.commit(asynchronous=False)
            after = committed(c, topic, range(4))
        finally:
            c.close()
        return {"a": a.records, "b": b.records, "split": split, "c": reader.records, "committed": after}
    finally:
        for m in members:
            m.stopping.set()


def restart_before(bootstrap, prefix):
    """Reads 2 x 10 records in a group and commits; then 2 x 3 more are produced that nobody reads."""
    topic, name = "%s-topic" % prefix, "%s-group" % prefix
    create_topic(bootstrap, topic, 2)
    out = producer(bootstrap)
    send_all(out, topic, [{"partition": p, "key": "k%d" % i, "value": "read-p%d-%d" % (p, i)} for i in range(10) for p in range(2)])
    c = consumer(bootstrap, name)
    try:
        c.subscribe([topic])
        reader = Reader(c)
        reader.read_to_end(topic, range(2), "the group to read 20 records")
        c.commit(asynchronous=False)
        after = committed(c, topic, range(2))
    finally:
        c.close()
    unread = send_all(out, topic, [{"partition": p, "key": "k%d" % i, "value": "unread-p%d-%d" % (p, i)} for i in range(3) for p in range(2)])
    return {"consumed": reader.records, "committed": after, "unread": unread}


def restart_after(bootstrap, prefix):
    """After the broker restarted: the group resumes, and the whole topic is read again without one."""
    topic, name = "%s-topic" % prefix, "%s-group" % prefix
    c = consumer(bootstrap, name)
    try:
        before = committed(c, topic, range(2))
        c.subscribe([topic])
        reader = Reader(c)
        reader.read_to_end(topic, range(2), "the group to resume")
        c.commit(asynchronous=False)
        after = committed(c, topic, range(2))
    finally:
        c.close()
    return {"committedAtStart": before, "resumed": reader.records, "committed": after, "all": read_all(bootstrap, topic, 2)}


def timestamps(bootstrap, prefix):
    """Per codec: one batch of records with the given CreateTimes, then offsets_for_times of each query."""
    given = read_input()
    report = {}
    for codec in given["codecs"]:
        topic = "%s-%s" % (prefix, codec)
        create_topic(bootstrap, topic, 1)
        out = producer(bootstrap, compression_type=codec, linger_ms=200)
        send_all(out, topic, [{"value": "at-%d" % t, "timestamp": t} for t in given["timestamps"]], partition=0)
        c = consumer(bootstrap)
        try:
            lookups = []
            for query in given["queries"]:
                found = c.offsets_for_times([TopicPartition(topic, 0, query)], timeout=10)[0]
                if found.error:
                    raise KafkaException(found.error)
                lookups.append(None if found.offset < 0 else {"offset": found.offset})
        finally:
            c.close()
        report[codec] = {"lookups": lookups, "read": [{"offset": r["offset"], "timestamp": r["timestamp"]} for r in read_all(bootstrap, topic, 1)]}
    return report


def error_name(future):
    """Kafka's name of the error a future failed with (TOPIC_ALREADY_EXISTS, ...), "NONE" on success."""
    try:
        future.result(15)
        return "NONE"
    except KafkaException as error:
        return error.args[0].name()


def config_entries(client, topic):
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic)
    entries = client.describe_configs([resource], request_timeout=10)[resource].result(15)
    return {
        "entries": {
            name: {"value": e.value, "source": e.source.value if hasattr(e.source, "value") else e.source, "readOnly": e.is_read_only, "sensitive": e.is_sensitive}
            for name, e in entries.items()
        }
    }


def admin_create_topics(bootstrap, prefix):
    topic = "%s-created" % prefix
    client = admin(bootstrap)
    done(client.create_topics([NewTopic(topic, 3, 1, config={"retention.ms": "3600000"})], request_timeout=10))
    errors = {}
    for label, new in [
        ("duplicate", NewTopic(topic, 3, 1)),
        ("zeroPartitions", NewTopic("%s-zero" % prefix, 0, 1)),
        ("unknownConfig", NewTopic("%s-badconfig" % prefix, 1, 1, config={"no.such.config": "1"})),
    ]:
        try:
            errors[label] = error_name(client.create_topics([new], request_timeout=10)[new.topic])
        except ValueError as error:  # refused by the client before anything is sent
            errors[label] = "client: %s" % error
    metadata = client.list_topics(timeout=10)
    return {
        "partitions": sorted(metadata.topics[topic].partitions),
        "errors": errors,
        "listed": sorted(t for t in metadata.topics if t.startswith(prefix)),
    }


def admin_describe_configs(bootstrap, prefix):
    topic = "%s-configured" % prefix
    create_topic(bootstrap, topic, 1, {"retention.ms": "3600000", "cleanup.policy": "compact", "max.message.bytes": "65536"})
    client = admin(bootstrap)
    return {"all": config_entries(client, topic)}


def admin_alter_configs(bootstrap, prefix):
    """AlterConfigs (not incremental) replaces the topic's whole set of overrides."""
    topic = "%s-altered" % prefix
    create_topic(bootstrap, topic, 1, {"retention.ms": "3600000", "cleanup.policy": "compact"})
    client = admin(bootstrap)
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic, set_config={"retention.ms": "7200000"})
    altered = [[error_name(f), r.name] for r, f in client.alter_configs([resource], request_timeout=10).items()]
    return {"altered": altered, "after": config_entries(client, topic)}


def admin_create_partitions(bootstrap, prefix):
    topic = "%s-grown" % prefix
    create_topic(bootstrap, topic, 2)
    client = admin(bootstrap)
    done(client.create_partitions([NewPartitions(topic, 5)], request_timeout=10))
    shrink = error_name(client.create_partitions([NewPartitions(topic, 3)], request_timeout=10)[topic])
    partitions = sorted(client.list_topics(topic, timeout=10).topics[topic].partitions)
    out = producer(bootstrap)
    produced = send_all(out, topic, [{"partition": 4, "value": "in-new-partition"}])
    return {"partitions": partitions, "shrinkError": shrink, "produced": produced, "read": read_all(bootstrap, topic, 5)}


def assignment_of(data):
    """ConsumerProtocolAssignment: version int16, [topic string, [partition int32]], user data bytes."""
    if not data:
        return []
    (count,) = struct.unpack_from(">i", data, 2)
    at, topics = 6, []
    for _ in range(count):
        (length,) = struct.unpack_from(">h", data, at)
        name = data[at + 2 : at + 2 + length].decode()
        at += 2 + length
        (n,) = struct.unpack_from(">i", data, at)
        partitions = list(struct.unpack_from(">%di" % n, data, at + 4))
        at += 4 + 4 * n
        topics.append([name, sorted(partitions)])
    return sorted(topics)


def admin_groups(bootstrap, prefix):
    """An active group (a member polling) and an empty one (offsets committed, member gone):
    list them with their states, describe each."""
    topic, active, empty = "%s-topic" % prefix, "%s-active" % prefix, "%s-empty" % prefix
    create_topic(bootstrap, topic, 2)
    out = producer(bootstrap)
    send_all(out, topic, [{"partition": p, "value": "v%d" % i} for i in range(3) for p in range(2)])
    gone = consumer(bootstrap, empty)
    try:
        gone.subscribe([topic])
        Reader(gone).read_to_end(topic, range(2), "the empty group's member to read")
        gone.commit(asynchronous=False)
        offsets = committed(gone, topic, range(2))
    finally:
        gone.close()
    member = Member(bootstrap, active, topic, "active-member")
    member.start()
    try:
        wait_until(lambda: member.error or member.assigned == [0, 1], "the active group's member to be assigned both partitions")
        client = admin(bootstrap)
        listed = sorted([g.id, g.protocol_type, g.state] for g in client.list_groups(timeout=10) if g.id.startswith(prefix))
        described = {}
        for name in (active, empty):
            (info,) = client.list_groups(group=name, timeout=10)
            described[name] = {
                "error": info.error.name() if info.error else "NONE",
                "state": info.state,
                "protocolType": info.protocol_type,
                "protocol": info.protocol,
                "members": [{"clientId": m.client_id, "assignment": assignment_of(m.assignment)} for m in info.members],
            }
    finally:
        member.stop()
    return {"listed": listed, "described": described, "offsets": {str(p): o for p, o in offsets.items()}}


if __name__ == "__main__":
    run(
        {
            "caps": caps,
            "codecs": codecs,
            "group": group,
            "restart-before": restart_before,
            "restart-after": restart_after,
            "timestamps": timestamps,
            "admin-create-topics": admin_create_topics,
            "admin-describe-configs": admin_describe_configs,
            "admin-alter-configs": admin_alter_configs,
            "admin-create-partitions": admin_create_partitions,
            "admin-groups": admin_groups,
        }
    )
