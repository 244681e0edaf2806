# kafka-python (Debian python3-kafka 2.0.2) as a group consumer and group admin against the embedded broker.
# Usage: kafkaPythonGroup.py HOST:PORT TOPIC GROUP  -> prints one JSON line with what it saw.
import json
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition

broker, topic, group = sys.argv[1], sys.argv[2], sys.argv[3]

producer = KafkaProducer(bootstrap_servers=broker)
for i in range(30):
    producer.send(topic, value=f"v-{i}".encode(), partition=i % 3)
producer.flush()
producer.close()


def consume(expected):
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=broker,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=3000,
    )
    values = []
    for message in consumer:
        values.append(message.value.decode())
        if len(values) == expected:
            break
    consumer.commit()
    consumer.close()
    return values


first = consume(30)
second = consume(1)  # nothing new: ends after consumer_timeout_ms

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
