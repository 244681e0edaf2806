// Transactions on a cluster of three brokers in one process: the transaction coordinator is found by hash like a
// group's, the partitions of one transaction are led by different brokers, and markers reach every one of them.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaCluster, type KafkaCluster } from '../index';
import { uniqueName } from '../testing/fixtures';
import { readValues } from './testing/readTopic';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

describe('kafkajs transactions on three brokers', () => {
  let cluster: KafkaCluster;
  let kafka: Kafka;

  beforeAll(async () => {
    cluster = await createKafkaCluster({ port: 0, brokers: 3, defaultPartitions: 6 });
    kafka = new Kafka({
      clientId: 'txn-cluster-test',
      brokers: cluster.brokers().map((b) => `${b.host}:${b.ports[0]}`),
      logLevel: logLevel.NOTHING,
      retry: { retries: 8, initialRetryTime: 50 },
    });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('commits and aborts across partitions led by different brokers', async () => {
    const topic = uniqueName('txn-cluster');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }] });
    const leaders = new Set(Array.from({ length: 6 }, (_, p) => cluster.leaderOf(topic, p)));
    expect(leaders.size).toBe(3);
    const producer = kafka.producer({ transactionalId: uniqueName('txn'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const messages = (prefix: string) =>
      Array.from({ length: 6 }, (_, partition) => ({ partition, value: `${prefix}-${partition}` }));
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: messages('aborted') });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic, messages: messages('committed') });
    await committed.commit();
    await producer.disconnect();

    const values = await readValues(kafka, topic, { until: (v) => v.length === 6 });
    expect(values.sort()).toEqual(messages('committed').map((m) => m.value));
    // read_committed latest = the log end on every partition: no transaction left open anywhere.
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.map((o) => o.offset)).toEqual(Array(6).fill('4'));
    await admin.disconnect();
  }, 30_000);
});
