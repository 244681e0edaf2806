"""librdkafka's transactional producer (Debian python3-confluent-kafka over librdkafka 2.0.2) against the broker.

Usage: librdkafkaTxn.py HOST:PORT TOPIC GROUP. Commits c1, aborts a1, commits c2 with the group's offset 7 sent in
that transaction, then reads TOPIC with isolation.level=read_committed and read_uncommitted. Prints one JSON line.
"""
import json
import sys

from confluent_kafka import Consumer, Producer, TopicPartition

bootstrap, topic, group = sys.argv[1:4]
producer = Producer({"bootstrap.servers": bootstrap, "transactional.id": f"{topic}-txn", "linger.ms": 0})
producer.init_transactions(10)


def transaction(value, commit, offsets=None):
    producer.begin_transaction()
    producer.produce(topic, value.encode(), partition=0)
    producer.flush(10)  # in the log before the transaction ends, so an abort has something to hide
    if offsets is not None:
        metadata = Consumer({"bootstrap.servers": bootstrap, "group.id": group}).consumer_group_metadata()
        producer.send_offsets_to_transaction(offsets, metadata, 10)
    if commit:
        producer.commit_transaction(10)
    else:
        producer.abort_transaction(10)


transaction("c1", True)
transaction("a1", False)
transaction("c2", True, [TopicPartition(topic, 0, 7)])


def read(isolation):
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"{group}-{isolation}",
            "isolation.level": isolation,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    consumer.assign([TopicPartition(topic, 0, 0)])
    values = []
    while "c2" not in values:
        message = consumer.poll(10)
        if message is None:
            break
        if message.error() is None:
            values.append(message.value().decode())
    consumer.close()
    return values


checker = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "isolation.level": "read_committed"})
committed = checker.committed([TopicPartition(topic, 0)], 10)[0].offset
checker.close()
print(json.dumps({"committed": read("read_committed"), "uncommitted": read("read_uncommitted"), "offset": committed}))
