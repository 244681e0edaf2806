"""kafka-python (Debian's python3-kafka, a pure-Python client independent of kafkajs and librdkafka) against the
embedded broker. Usage: kafkaPythonClient.py <host:port> <topic>. Prints one JSON object with what it saw."""
import json
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

bootstrap, topic = sys.argv[1], sys.argv[2]
result = {}
admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="py-admin")
admin.create_topics([NewTopic(topic, 2, 1)])
result["listed"] = topic in admin.list_topics()
for codec in [None, "gzip"]:
    producer = KafkaProducer(bootstrap_servers=bootstrap, compression_type=codec)
    for i in range(5):
        producer.send(topic, value=f"{codec or 'none'}-{i}".encode(), partition=0).get(timeout=10)
    producer.close()
consumer = KafkaConsumer(bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False)
partition = TopicPartition(topic, 0)
consumer.assign([partition])
consumer.seek_to_beginning(partition)
# Read until all ten arrived or 20 s passed (an idle timeout would also count the first connect on a busy machine).
consumed = []
deadline = time.monotonic() + 20
while len(consumed) < 10 and time.monotonic() < deadline:
    for records in consumer.poll(timeout_ms=500).values():
        consumed.extend(r.value.decode() for r in records)
result["consumed"] = consumed
result["endOffset"] = consumer.end_offsets([partition])[partition]
consumer.close()
admin.delete_topics([topic])
result["deleted"] = topic not in admin.list_topics()
admin.close()
print(json.dumps(result))
