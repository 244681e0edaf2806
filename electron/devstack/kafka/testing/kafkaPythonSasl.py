"""kafka-python 2.0 (Debian's python3-kafka) against a SASL broker. It uses the legacy flow: SaslHandshake v0, then
bare size-prefixed SASL tokens instead of SaslAuthenticate requests. Usage:
kafkaPythonSasl.py <host:port> <topic> <mechanism> <user> <password>. Prints one JSON object with what it saw."""
import json
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

bootstrap, topic, mechanism, user, password = sys.argv[1:6]
sasl = dict(
    bootstrap_servers=bootstrap,
    security_protocol="SASL_PLAINTEXT",
    sasl_mechanism=mechanism,
    sasl_plain_username=user,
    sasl_plain_password=password,
)
values = [f"{mechanism}-{i}" for i in range(5)]
producer = KafkaProducer(**sasl)
for value in values:
    producer.send(topic, value=value.encode(), partition=0).get(timeout=10)
producer.close()
consumer = KafkaConsumer(auto_offset_reset="earliest", enable_auto_commit=False, **sasl)
partition = TopicPartition(topic, 0)
consumer.assign([partition])
consumer.seek_to_beginning(partition)
consumed = []
deadline = time.monotonic() + 20
while len(consumed) < len(values) and time.monotonic() < deadline:
    for records in consumer.poll(timeout_ms=500).values():
        consumed.extend(record.value.decode() for record in records)
consumer.close()
print(json.dumps({"consumed": consumed}))
