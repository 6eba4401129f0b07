"""kafka-python (Debian's python3-kafka) against the embedded broker: the adapter through which the
shared scenarios of interop_common.py drive it, and the admin scenarios written in its own API.

    /usr/bin/python3 -B kafka_python_client.py COMMAND BOOTSTRAP PREFIX"""

import sys

import kafka
import kafka.codec
import kafka.errors
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewPartitions, NewTopic

from interop_common import CODECS, Failure, GroupMember, groups, produce, raw, refused_topics, run, text, wait_until

CLIENT = "kafka-python"
ADAPTER = sys.modules[__name__]  # this script, as the shared scenarios call it

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
    if config.get("compression_type") == "none":
        config["compression_type"] = None  # kafka-python's name for no codec
    return KafkaProducer(bootstrap_servers=bootstrap, acks="all", **config)


def close_producer(out):
    out.close()


def consumer(bootstrap, group=None, name=None):
    return KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group,
        client_id="%s-%s" % (CLIENT, name or group or "reader"),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=6000,
        heartbeat_interval_ms=300,
        fetch_max_wait_ms=100,
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


def poll(client):
    """One poll of `client`, as records."""
    return [record_of(m) for messages in client.poll(timeout_ms=100).values() for m in messages]


def read_to_end(client, topic, partitions, what):
    """Polls until the client holds every one of `partitions` and its position reached their high watermarks."""
    tps = [TopicPartition(topic, p) for p in partitions]
    ends = client.end_offsets(tps)
    records = []
    wait_until(
        lambda: set(client.assignment()) >= set(tps) and all(client.position(tp) >= ends[tp] for tp in tps),
        what,
        step=lambda: records.extend(poll(client)),
    )
    return records


def commit(client):
    client.commit()


def committed(client, topic, partitions):
    return {p: client.committed(TopicPartition(topic, p)) for p in partitions}


def read_all(bootstrap, topic, partitions):
    """Every record of `topic` from offset 0, without a group."""
    client = consumer(bootstrap)
    try:
        tps = [TopicPartition(topic, p) for p in range(partitions)]
        client.assign(tps)
        client.seek_to_beginning(*tps)
        return read_to_end(client, topic, range(partitions), "all of %s" % topic)
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


def codec_unavailable(codec):
    return None if CODEC_AVAILABLE[codec]() else "kafka-python lacks the %s module (Debian: %s)" % (codec, CODEC_MODULE[codec])


def offset_for_time(client, topic, timestamp):
    tp = TopicPartition(topic, 0)
    found = client.offsets_for_times({tp: timestamp})[tp]
    return None if found is None else {"offset": found.offset, "timestamp": found.timestamp}


def caps():
    return {
        "client": CLIENT,
        "version": kafka.__version__,
        "codecs": {c: codec_unavailable(c) for c in CODECS},
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


class Member(GroupMember):
    """One group member polling in its own thread, committing synchronously after every poll."""

    def __init__(self, bootstrap, group, topic, name):
        super().__init__(consumer(bootstrap, group, name), topic)

    def poll(self):
        return poll(self.client)

    def commit(self, fresh):
        self.client.commit()


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
        for label, name, partitions, configs in refused_topics(prefix, topic):
            try:
                client.create_topics([NewTopic(name, partitions, 1, topic_configs=configs)])
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
    produced = produce(ADAPTER, bootstrap, topic, [{"partition": 4, "value": "in-new-partition"}])
    return {"partitions": partitions, "shrinkError": shrink, "produced": produced, "read": read_all(bootstrap, topic, 5)}


def admin_groups(bootstrap, prefix):
    """An active group and an empty one: list, describe, fetch the empty one's offsets."""

    def inspect(active, empty, _committed):
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
        return {"listed": listed, "described": described, "offsets": offsets}

    return groups(ADAPTER, bootstrap, prefix, inspect)


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
    run(ADAPTER)
