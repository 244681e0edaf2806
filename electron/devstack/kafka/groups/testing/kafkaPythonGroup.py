# kafka-python (Debian python3-kafka 2.0.2) as a group consumer and group admin against the embedded broker.
# Usage: kafkaPythonGroup.py HOST:PORT TOPIC GROUP  -> prints one JSON line with what it saw.
import json
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition

broker, topic, group = sys.argv[1], sys.argv[2], sys.argv[3]

producer = KafkaProducer(bootstrap_servers=broker)
for i in range(30):
    producer.send(topic, value=f"v-{i}".encode(), partition=i % 3)
producer.flush()
producer.close()


def consume(expected, idle_s):
    """Reads until `expected` values arrived, or until nothing came for `idle_s` after the consumer got partitions.
    The join is not counted as idle: on a busy machine the first rebalance alone can take seconds."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=broker,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    values = []
    deadline = time.monotonic() + 20
    idle_since = None
    while len(values) < expected and time.monotonic() < deadline:
        for records in consumer.poll(timeout_ms=500).values():
            values.extend(r.value.decode() for r in records)
            idle_since = None
        if consumer.assignment():
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since >= idle_s:
                break
    consumer.commit()
    consumer.close()
    return values


first = consume(30, idle_s=10)
second = consume(1, idle_s=3)  # nothing new: ends after 3 s of owning the partitions with nothing to read

admin = KafkaAdminClient(bootstrap_servers=broker)
offsets = admin.list_consumer_group_offsets(group)
described = admin.describe_consumer_groups([group])[0]
listed = admin.list_consumer_groups()
admin.close()

print(
    json.dumps(
        {
            "first": sorted(first),
            "second": second,
            "offsets": {str(tp.partition): meta.offset for tp, meta in offsets.items() if tp.topic == topic},
            "state": described.state,
            "protocolType": described.protocol_type,
            "listed": [g for g in listed if g[0] == group],
        }
    )
)
