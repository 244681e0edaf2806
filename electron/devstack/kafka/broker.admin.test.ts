// Admin behaviour clients check against Kafka: OffsetFetch metadata, manual replica assignments, ListOffsets v0.
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from './index';
import { ErrorCode } from './protocol/errorCodes';
import { kafkaFor, startBroker, uniqueName } from './testing/fixtures';
import { connectRawClient } from './testing/rawClient';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

describe('kafka broker admin semantics (kafkajs, raw v0)', () => {
  let broker: KafkaBroker;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    broker = await startBroker();
    const kafka = kafkaFor(broker);
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await Promise.all([admin?.disconnect(), producer?.disconnect()]);
    await broker?.close();
  });

  it('answers "" metadata for an offset committed without metadata', async () => {
    const topic = uniqueName('meta');
    const groupId = uniqueName('meta-group');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const client = await connectRawClient(broker.port);
    try {
      const commit = await client.request(8, 5, {
        groupId,
        generationIdOrMemberEpoch: -1,
        memberId: '',
        topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: 7n, committedMetadata: null }] }],
      });
      type Parts = Array<{ partitions: Array<{ errorCode: number; metadata?: string | null }> }>;
      expect((commit.topics as Parts)[0]?.partitions[0]?.errorCode).toBe(0);
      const fetched = await client.request(9, 4, { groupId, topics: [{ name: topic, partitionIndexes: [0] }] });
      expect((fetched.topics as Parts)[0]?.partitions[0]).toMatchObject({ committedOffset: 7n, metadata: '' });
      const all = await client.request(9, 4, { groupId, topics: null });
      expect((all.topics as Parts)[0]?.partitions[0]).toMatchObject({ committedOffset: 7n, metadata: '' });
    } finally {
      client.close();
    }
  });

  it('refuses replica assignments to brokers that do not exist (INVALID_REPLICA_ASSIGNMENT)', async () => {
    const topic = uniqueName('assign');
    await expect(
      admin.createTopics({ topics: [{ topic, replicaAssignment: [{ partition: 0, replicas: [2] }] }] }),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_REPLICA_ASSIGNMENT' })] });
    expect(await admin.listTopics()).not.toContain(topic);
    await expect(
      admin.createTopics({ topics: [{ topic, replicaAssignment: [{ partition: 0, replicas: [1, 1] }] }] }),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_REPLICA_ASSIGNMENT' })] });
    await expect(
      admin.createTopics({
        topics: [
          {
            topic,
            replicaAssignment: [
              { partition: 0, replicas: [1] },
              { partition: 1, replicas: [1] },
            ],
          },
        ],
      }),
    ).resolves.toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(2);
    await expect(
      admin.createPartitions({ topicPartitions: [{ topic, count: 3, assignments: [[0]] }] }),
    ).rejects.toMatchObject({ type: 'INVALID_REPLICA_ASSIGNMENT' });
    await expect(
      admin.createPartitions({ topicPartitions: [{ topic, count: 4, assignments: [[1]] }] }),
    ).rejects.toMatchObject({ type: 'INVALID_REPLICA_ASSIGNMENT' });
    await admin.createPartitions({ topicPartitions: [{ topic, count: 3, assignments: [[1]] }] });
    const grown = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(grown.topics[0]?.partitions).toHaveLength(3);
  });

  it('serves ListOffsets v0 and keeps the connection', async () => {
    const topic = uniqueName('v0');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
    const client = await connectRawClient(broker.port);
    try {
      const ask = async (timestamp: bigint, maxNumOffsets: number) => {
        const body = await client.request(2, 0, {
          replicaId: -1,
          topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp, maxNumOffsets }] }],
        });
        const topics = body.topics as Array<{ partitions: Array<{ errorCode: number; oldStyleOffsets: bigint[] }> }>;
        return topics[0]?.partitions[0];
      };
      expect(await ask(-1n, 1)).toMatchObject({ errorCode: 0, oldStyleOffsets: [3n] });
      expect(await ask(-2n, 1)).toMatchObject({ errorCode: 0, oldStyleOffsets: [0n] });
      expect(await ask(-1n, 10)).toMatchObject({ errorCode: 0, oldStyleOffsets: [3n, 0n] });
      const unknown = await client.request(2, 0, {
        replicaId: -1,
        topics: [{ name: uniqueName('nope'), partitions: [{ partitionIndex: 0, timestamp: -1n, maxNumOffsets: 1 }] }],
      });
      expect((unknown.topics as Array<{ partitions: Array<{ errorCode: number }> }>)[0]?.partitions[0]?.errorCode).toBe(
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      );
      // Still the same connection: a v1 request after the v0 ones is answered.
      const v1 = await client.request(2, 1, {
        replicaId: -1,
        topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -1n }] }],
      });
      expect((v1.topics as Array<{ partitions: Array<{ offset: bigint }> }>)[0]?.partitions[0]?.offset).toBe(3n);
    } finally {
      client.close();
    }
  });
});
