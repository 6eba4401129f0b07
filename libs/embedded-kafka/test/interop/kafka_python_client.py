"""kafka-python (Debian's python3-kafka) against the embedded broker, one scenario per command.

    /usr/bin/python3 kafka_python_client.py COMMAND BOOTSTRAP PREFIX

prints one JSON line with what the client observed; python-interop.spec.ts asserts on it."""

import threading

import kafka
import kafka.codec
import kafka.errors
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewPartitions, NewTopic

from interop_common import CODECS, Failure, raw, read_input, run, text, wait_until

CLIENT = "kafka-python"

CODEC_AVAILABLE = {
    "none": lambda: True,
    "gzip": kafka.codec.has_gzip,
    "snappy": kafka.codec.has_snappy,
    "lz4": kafka.codec.has_lz4,
    "zstd": kafka.codec.has_zstd,
}
CODEC_MODULE = {"snappy": "python3-snappy", "lz4": "python3-lz4", "zstd": "python3-zstandard"}


def kafka_name(error):
    """Kafka's name of a broker error (TOPIC_ALREADY_EXISTS, NONE, ...), as confluent-kafka reports it too."""
    cls = error if isinstance(error, type) else type(error)
    if getattr(cls, "errno", None) == 0:
        return "NONE"  # kafka-python calls it NO_ERROR
    return getattr(cls, "message", None) or cls.__name__


def admin(bootstrap):
    return KafkaAdminClient(bootstrap_servers=bootstrap, client_id="%s-admin" % CLIENT, request_timeout_ms=10000)


def producer(bootstrap, **config):
    config.setdefault("linger_ms", 20)
    return KafkaProducer(bootstrap_servers=bootstrap, acks="all", **config)


def consumer(bootstrap, group=None, **config):
    config.setdefault("client_id", "%s-%s" % (CLIENT, group or "reader"))
    return KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=6000,
        heartbeat_interval_ms=300,
        fetch_max_wait_ms=100,
        **config
    )


def create_topic(bootstrap, name, partitions, configs=None):
    client = admin(bootstrap)
    try:
        client.create_topics([NewTopic(name, partitions, 1, topic_configs=configs or {})])
    finally:
        client.close()


def record_of(message):
    return {
        "partition": message.partition,
        "offset": message.offset,
        "timestamp": message.timestamp,
        "key": text(message.key),
        "value": text(message.value),
        "headers": [[k, text(v)] for k, v in (message.headers or [])],
    }


def poll_into(client, records):
    def step():
        for messages in client.poll(timeout_ms=100).values():
            records.extend(record_of(m) for m in messages)

    return step


def read_to_end(client, partitions, records, what):
    """Polls until the client's position reached the high watermark of every one of `partitions`."""
    ends = client.end_offsets(partitions)
    wait_until(
        lambda: set(client.assignment()) >= set(partitions) and all(client.position(tp) >= ends[tp] for tp in partitions),
        what,
        step=poll_into(client, records),
    )


def read_all(bootstrap, topic, partitions):
    """Every record of `topic` from offset 0, without a group."""
    client = consumer(bootstrap)
    try:
        tps = [TopicPartition(topic, p) for p in range(partitions)]
        client.assign(tps)
        client.seek_to_beginning(*tps)
        records = []
        read_to_end(client, tps, records, "all of %s" % topic)
        return records
    finally:
        client.close()


def send_all(client, topic, records, partition=None):
    futures = [
        client.send(
            topic,
            key=raw(r.get("key")),
            value=raw(r.get("value")),
            headers=[(k, raw(v)) for k, v in r.get("headers", [])],
            partition=r.get("partition", partition),
            timestamp_ms=r.get("timestamp"),
        )
        for r in records
    ]
    client.flush()
    return [{"partition": f.get(10).partition, "offset": f.get(10).offset} for f in futures]


def caps():
    return {
        "client": CLIENT,
        "version": kafka.__version__,
        "codecs": {
            c: None if CODEC_AVAILABLE[c]() else "kafka-python lacks the %s module (Debian: %s)" % (c, CODEC_MODULE[c]) for c in CODECS
        },
        "admin": {
            "create_topics": hasattr(KafkaAdminClient, "create_topics"),
            "describe_configs": hasattr(KafkaAdminClient, "describe_configs"),
            "alter_configs": hasattr(KafkaAdminClient, "alter_configs"),
            "incremental_alter_configs": hasattr(KafkaAdminClient, "incremental_alter_configs"),
            "create_partitions": hasattr(KafkaAdminClient, "create_partitions"),
            "list_groups": hasattr(KafkaAdminClient, "list_consumer_groups"),
            # ListGroups v4's states filter: kafka-python 2.0.2 sends ListGroups v0-v2 only.
            "list_groups_states_filter": False,
            "describe_groups": hasattr(KafkaAdminClient, "describe_consumer_groups"),
            "delete_groups": hasattr(KafkaAdminClient, "delete_consumer_groups"),
            "delete_records": hasattr(KafkaAdminClient, "delete_records"),
            "delete_group_offsets": hasattr(KafkaAdminClient, "delete_consumer_group_offsets"),
        },
    }


def codecs(bootstrap, prefix):
    """Produces the given records once per codec (one batch, partition 0) and reads them back."""
    records = read_input()["records"]
    report = {}
    for codec in CODECS:
        if not CODEC_AVAILABLE[codec]():
            continue
        topic = "%s-%s" % (prefix, codec)
        create_topic(bootstrap, topic, 1)
        client = producer(bootstrap, compression_type=None if codec == "none" else codec, linger_ms=200)
        try:
            produced = send_all(client, topic, records, partition=0)
        finally:
            client.close()
        report[codec] = {"topic": topic, "produced": produced, "consumed": read_all(bootstrap, topic, 1)}
    return report


class Member(threading.Thread):
    """One group member polling in its own thread, committing synchronously after every poll."""

    def __init__(self, bootstrap, group, topic, name):
        super().__init__(daemon=True)
        self.records = []
        self.assigned = []
        self.error = None
        self.started = threading.Event()
        self.stopping = threading.Event()
        self.client = consumer(bootstrap, group, client_id="%s-%s" % (CLIENT, name))
        self.client.subscribe([topic])

    def run(self):
        try:
            while not self.stopping.is_set():
                polled = self.client.poll(timeout_ms=100)
                for messages in polled.values():
                    self.records.extend(record_of(m) for m in messages)
                if polled:
                    self.client.commit()
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
        c = consumer(bootstrap, name, client_id="%s-c" % CLIENT)
        try:
            c.subscribe([topic])
            resumed = []
            tps = [TopicPartition(topic, p) for p in range(4)]
            read_to_end(c, tps, resumed, "member c to catch up")
            c.commit()
            committed = {p: c.committed(TopicPartition(topic, p)) for p in range(4)}
        finally:
            c.close()
        return {"a": a.records, "b": b.records, "split": split, "c": resumed, "committed": committed}
    finally:
        for m in members:
            m.stopping.set()
        out.close()


def restart_before(bootstrap, prefix):
    """Reads 2 x 10 records in a group and commits; then 2 x 3 more are produced that nobody reads."""
    topic, name = "%s-topic" % prefix, "%s-group" % prefix
    create_topic(bootstrap, topic, 2)
    out = producer(bootstrap)
    try:
        send_all(out, topic, [{"partition": p, "key": "k%d" % i, "value": "read-p%d-%d" % (p, i)} for i in range(10) for p in range(2)])
        c = consumer(bootstrap, name)
        try:
            c.subscribe([topic])
            consumed = []
            read_to_end(c, [TopicPartition(topic, p) for p in range(2)], consumed, "the group to read 20 records")
            c.commit()
            committed = {p: c.committed(TopicPartition(topic, p)) for p in range(2)}
        finally:
            c.close()
        unread = send_all(out, topic, [{"partition": p, "key": "k%d" % i, "value": "unread-p%d-%d" % (p, i)} for i in range(3) for p in range(2)])
    finally:
        out.close()
    return {"consumed": consumed, "committed": committed, "unread": unread}


def restart_after(bootstrap, prefix):
    """After the broker restarted: the group resumes, and the whole topic is read again without one."""
    topic, name = "%s-topic" % prefix, "%s-group" % prefix
    c = consumer(bootstrap, name)
    try:
        c.subscribe([topic])
        resumed = []
        tps = [TopicPartition(topic, p) for p in range(2)]
        before = None
        # committed() asks the coordinator, so it shows what survived the restart before any new commit.
        before = {p: c.committed(TopicPartition(topic, p)) for p in range(2)}
        read_to_end(c, tps, resumed, "the group to resume")
        c.commit()
        after = {p: c.committed(TopicPartition(topic, p)) for p in range(2)}
    finally:
        c.close()
    return {"committedAtStart": before, "resumed": resumed, "committed": after, "all": read_all(bootstrap, topic, 2)}


def timestamps(bootstrap, prefix):
    """Per codec: one batch of records with the given CreateTimes, then offsets_for_times of each query."""
    given = read_input()
    report = {}
    for codec in given["codecs"]:
        topic = "%s-%s" % (prefix, codec)
        create_topic(bootstrap, topic, 1)
        out = producer(bootstrap, compression_type=None if codec == "none" else codec, linger_ms=200)
        try:
            send_all(out, topic, [{"value": "at-%d" % t, "timestamp": t} for t in given["timestamps"]], partition=0)
        finally:
            out.close()
        c = consumer(bootstrap)
        try:
            tp = TopicPartition(topic, 0)
            lookups = []
            for query in given["queries"]:
                found = c.offsets_for_times({tp: query})[tp]
                lookups.append(None if found is None else {"offset": found.offset, "timestamp": found.timestamp})
        finally:
            c.close()
        report[codec] = {"lookups": lookups, "read": [{"offset": r["offset"], "timestamp": r["timestamp"]} for r in read_all(bootstrap, topic, 1)]}
    return report


def config_entries(client, topic, names=None):
    response = client.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic, configs=names)])[0]
    (error_code, error_message, _type, resource_name, entries) = response.resources[0]
    if error_code != 0:
        raise Failure("describe_configs %s: %s %s" % (resource_name, kafka_name(kafka.errors.for_code(error_code)), error_message))
    result = {}
    for entry in entries:
        # v0: (name, value, read_only, is_default, is_sensitive); v1+: (name, value, read_only, config_source, is_sensitive, synonyms)
        result[entry[0]] = {"value": entry[1], "readOnly": entry[2], "sensitive": entry[4]}
        result[entry[0]]["source" if response.API_VERSION >= 1 else "isDefault"] = entry[3]
    return {"version": response.API_VERSION, "entries": result}


def admin_create_topics(bootstrap, prefix):
    topic = "%s-created" % prefix
    client = admin(bootstrap)
    try:
        client.create_topics([NewTopic(topic, 3, 1, topic_configs={"retention.ms": "3600000"})])
        errors = {}
        for label, new in [
            ("duplicate", NewTopic(topic, 3, 1)),
            ("zeroPartitions", NewTopic("%s-zero" % prefix, 0, 1)),
            ("unknownConfig", NewTopic("%s-badconfig" % prefix, 1, 1, topic_configs={"no.such.config": "1"})),
        ]:
            try:
                client.create_topics([new])
                errors[label] = "NONE"
            except kafka.errors.KafkaError as error:
                errors[label] = kafka_name(error)
        described = client.describe_topics([topic])[0]
        topics = client.list_topics()
    finally:
        client.close()
    return {
        "partitions": sorted(p["partition"] for p in described["partitions"]),
        "errors": errors,
        "listed": sorted(t for t in topics if t.startswith(prefix)),
    }


def admin_describe_configs(bootstrap, prefix):
    topic = "%s-configured" % prefix
    create_topic(bootstrap, topic, 1, {"retention.ms": "3600000", "cleanup.policy": "compact", "max.message.bytes": "65536"})
    client = admin(bootstrap)
    try:
        every = config_entries(client, topic)
        only = config_entries(client, topic, {"retention.ms": None, "segment.bytes": None})
    finally:
        client.close()
    return {"all": every, "only": only}


def admin_alter_configs(bootstrap, prefix):
    """AlterConfigs (not incremental) replaces the topic's whole set of overrides."""
    topic = "%s-altered" % prefix
    create_topic(bootstrap, topic, 1, {"retention.ms": "3600000", "cleanup.policy": "compact"})
    client = admin(bootstrap)
    try:
        response = client.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic, configs={"retention.ms": "7200000"})])
        altered = [[kafka_name(kafka.errors.for_code(r[0])), r[3]] for r in response.resources]
        after = config_entries(client, topic)
    finally:
        client.close()
    return {"altered": altered, "after": after}


def admin_create_partitions(bootstrap, prefix):
    topic = "%s-grown" % prefix
    create_topic(bootstrap, topic, 2)
    client = admin(bootstrap)
    try:
        client.create_partitions({topic: NewPartitions(5)})
        try:
            client.create_partitions({topic: NewPartitions(3)})
            shrink = "NONE"
        except kafka.errors.KafkaError as error:
            shrink = kafka_name(error)
        partitions = sorted(p["partition"] for p in client.describe_topics([topic])[0]["partitions"])
    finally:
        client.close()
    out = producer(bootstrap)
    try:
        produced = send_all(out, topic, [{"partition": 4, "value": "in-new-partition"}])
    finally:
        out.close()
    return {"partitions": partitions, "shrinkError": shrink, "produced": produced, "read": read_all(bootstrap, topic, 5)}


def admin_groups(bootstrap, prefix):
    """An active group (a member polling) and an empty one (offsets committed, member gone):
    list, describe, fetch their offsets."""
    topic, active, empty = "%s-topic" % prefix, "%s-active" % prefix, "%s-empty" % prefix
    create_topic(bootstrap, topic, 2)
    out = producer(bootstrap)
    try:
        send_all(out, topic, [{"partition": p, "value": "v%d" % i} for i in range(3) for p in range(2)])
    finally:
        out.close()
    gone = consumer(bootstrap, empty)
    try:
        gone.subscribe([topic])
        read_to_end(gone, [TopicPartition(topic, p) for p in range(2)], [], "the empty group's member to read")
        gone.commit()
    finally:
        gone.close()
    member = Member(bootstrap, active, topic, "active-member")
    member.start()
    try:
        wait_until(lambda: member.error or member.assigned == [0, 1], "the active group's member to be assigned both partitions")
        client = admin(bootstrap)
        try:
            listed = sorted([g[0], g[1]] for g in client.list_consumer_groups() if g[0].startswith(prefix))
            described = {}
            for info in client.describe_consumer_groups([active, empty]):
                described[info.group] = {
                    "error": kafka_name(kafka.errors.for_code(info.error_code)),
                    "state": info.state,
                    "protocolType": info.protocol_type,
                    "protocol": info.protocol,
                    "members": [
                        {
                            "clientId": m.client_id,
                            "subscription": list(m.member_metadata.subscription),
                            "assignment": sorted([t, sorted(ps)] for t, ps in m.member_assignment.assignment),
                        }
                        for m in info.members
                    ],
                }
            offsets = {str(tp.partition): o.offset for tp, o in client.list_consumer_group_offsets(empty).items()}
        finally:
            client.close()
    finally:
        member.stop()
    return {"listed": listed, "described": described, "offsets": offsets}


def admin_delete_groups(bootstrap, prefix):
    """DeleteGroups: an empty group goes, with its offsets; one with a live member stays."""
    topic, active, empty = "%s-topic" % prefix, "%s-active" % prefix, "%s-empty" % prefix
    create_topic(bootstrap, topic, 1)
    gone = consumer(bootstrap, empty)
    try:
        gone.assign([TopicPartition(topic, 0)])
        gone.commit({TopicPartition(topic, 0): kafka.OffsetAndMetadata(0, "")})
    finally:
        gone.close()
    member = Member(bootstrap, active, topic, "active-member")
    member.start()
    try:
        wait_until(lambda: member.error or member.assigned == [0], "the active group's member to be assigned")
        client = admin(bootstrap)
        try:
            before = sorted(g[0] for g in client.list_consumer_groups() if g[0].startswith(prefix))
            deleted = {g: kafka_name(error) for g, error in client.delete_consumer_groups([empty, active])}
            after = sorted(g[0] for g in client.list_consumer_groups() if g[0].startswith(prefix))
            offsets = {str(tp.partition): o.offset for tp, o in client.list_consumer_group_offsets(empty).items()}
        finally:
            client.close()
    finally:
        member.stop()
    return {"listedBefore": before, "deleted": deleted, "listedAfter": after, "offsetsAfter": offsets}


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
            "admin-delete-groups": admin_delete_groups,
        }
    )
