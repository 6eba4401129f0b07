"""confluent-kafka-python (Debian's python3-confluent-kafka, on librdkafka) against the embedded
broker. interop_common.py runs the scenarios both clients share through the calls below; the admin
ones are written here, in confluent-kafka's API. Usage: confluent_kafka_client.py COMMAND BOOTSTRAP PREFIX"""

import struct
import sys

import confluent_kafka
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic

from interop_common import CODECS, Failure, GroupMember, groups, produce, raw, refused_topics, run, text, wait_until

CLIENT = "confluent-kafka"
ADAPTER = sys.modules[__name__]  # this script, as the shared scenarios call it


def admin(bootstrap):
    return AdminClient({"bootstrap.servers": bootstrap, "client.id": "%s-admin" % CLIENT})


def producer(bootstrap, **config):
    settings = {"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 20, "client.id": "%s-producer" % CLIENT}
    settings.update({k.replace("_", "."): v for k, v in config.items()})
    return Producer(settings)


def close_producer(out):
    """A Producer has no close: send_all flushed it, and it goes with the object."""


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


def read_to_end(client, topic, partitions, what):
    reader = Reader(client)
    reader.read_to_end(topic, partitions, what)
    return reader.records


def commit(client):
    client.commit(asynchronous=False)


def committed(client, topic, partitions):
    return {p: tp.offset for p, tp in zip(partitions, client.committed([TopicPartition(topic, p) for p in partitions], timeout=10))}


def read_all(bootstrap, topic, partitions):
    """Every record of `topic` from offset 0, without a group."""
    client = consumer(bootstrap)
    try:
        client.assign([TopicPartition(topic, p, confluent_kafka.OFFSET_BEGINNING) for p in range(partitions)])
        return read_to_end(client, topic, range(partitions), "all of %s" % topic)
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
    if codec == "none":
        return None
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
        "codecs": {c: codec_unavailable(c) for c in CODECS},
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


class Member(GroupMember):
    """One group member consuming in its own thread, committing synchronously after every batch."""

    def __init__(self, bootstrap, group, topic, name):
        super().__init__(consumer(bootstrap, group, name), topic)
        self.reader = Reader(self.client)

    def poll(self):
        return self.reader.step()

    def commit(self, fresh):
        last = {}
        for r in fresh:
            last[r["partition"]] = r["offset"]
        self.client.commit(offsets=[TopicPartition(self.topic, p, o + 1) for p, o in last.items()], asynchronous=False)


def offset_for_time(client, topic, timestamp):
    (found,) = client.offsets_for_times([TopicPartition(topic, 0, timestamp)], timeout=10)
    if found.error:
        raise KafkaException(found.error)
    return None if found.offset < 0 else {"offset": found.offset}


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
    for label, name, partitions, configs in refused_topics(prefix, topic):
        try:
            errors[label] = error_name(client.create_topics([NewTopic(name, partitions, 1, config=configs)], request_timeout=10)[name])
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
    produced = produce(ADAPTER, bootstrap, topic, [{"partition": 4, "value": "in-new-partition"}])
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
    """An active group and an empty one: list them with their states, describe each; the empty one's
    offsets are what its member saw committed."""

    def inspect(active, empty, offsets):
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
        return {"listed": listed, "described": described, "offsets": {str(p): o for p, o in offsets.items()}}

    return groups(ADAPTER, bootstrap, prefix, inspect)


if __name__ == "__main__":
    run(ADAPTER)
