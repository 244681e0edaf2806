import { CompressionTypes, type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from './index';
import { kafkaFor, startBroker, uniqueName } from './testing/fixtures';
import { buildRecordBatch } from './testing/buildRecordBatch';
import { connectRawClient } from './testing/rawClient';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

interface FetchedPartition {
  partitionIndex: number;
  errorCode: number;
  highWatermark: bigint;
  lastStableOffset: bigint;
  logStartOffset: bigint;
  preferredReadReplica: number;
  records: Buffer | null;
}

function fetchedPartition(body: Record<string, unknown>): FetchedPartition {
  const topics = body.responses as Array<{ partitions: FetchedPartition[] }>;
  return topics[0]?.partitions[0] as FetchedPartition;
}

/** Base offsets of the batches in a fetched record set. */
function batchBaseOffsets(records: Buffer | null): number[] {
  const out: number[] = [];
  let at = 0;
  while (records && at + 12 <= records.length) {
    out.push(Number(records.readBigInt64BE(at)));
    at += 12 + records.readInt32BE(at + 8);
  }
  return out;
}

function fetchRequest(
  topic: string,
  partition: number,
  fetchOffset: number,
  options: { maxWaitMs?: number; partitionMaxBytes?: number } = {},
) {
  return {
    replicaId: -1,
    maxWaitMs: options.maxWaitMs ?? 0,
    minBytes: 1,
    maxBytes: 10_000_000,
    isolationLevel: 1,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic,
        partitions: [
          {
            partition,
            currentLeaderEpoch: -1,
            fetchOffset: BigInt(fetchOffset),
            logStartOffset: -1n,
            partitionMaxBytes: options.partitionMaxBytes ?? 1_000_000,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
}

describe('kafka broker with kafkajs 2.2.4 (in memory)', () => {
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
    await broker?.close(); // idempotent
  });

  it('advertises the real port', () => {
    expect(broker.port).toBeGreaterThan(0);
  });

  it('creates, lists, grows and deletes topics through the admin client', async () => {
    const topic = uniqueName('admin');
    await expect(admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })).resolves.toBe(true);
    await expect(admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })).resolves.toBe(false);
    expect(await admin.listTopics()).toContain(topic);
    await admin.createPartitions({ topicPartitions: [{ topic, count: 5 }] });
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3, 4]);
    await expect(admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] })).rejects.toThrow();
    await admin.deleteTopics({ topics: [topic] });
    expect(await admin.listTopics()).not.toContain(topic);
  });

  it('describes topic and broker configs', async () => {
    const topic = uniqueName('configs');
    await admin.createTopics({ topics: [{ topic }] });
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: 2, name: topic },
        { type: 4, name: '1' },
      ],
    });
    expect(resources.find((r) => r.resourceName === topic)?.configEntries).toEqual(
      expect.arrayContaining([expect.objectContaining({ configName: 'cleanup.policy', configValue: 'delete' })]),
    );
    expect(resources.find((r) => r.resourceName === '1')?.configEntries).toEqual(
      expect.arrayContaining([expect.objectContaining({ configName: 'num.partitions', configValue: '3' })]),
    );
  });

  it('rejects a replication factor above one and an invalid topic name', async () => {
    await expect(admin.createTopics({ topics: [{ topic: uniqueName('rf'), replicationFactor: 3 }] })).rejects.toThrow();
    await expect(admin.createTopics({ topics: [{ topic: 'bad name!' }] })).rejects.toThrow();
  });

  it('stores produced messages per partition with consecutive offsets (plain and gzip)', async () => {
    const topic = uniqueName('produce');
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    const plain = await producer.send({
      topic,
      messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, value: `m${i}` })),
    });
    expect(plain.map((r) => r.baseOffset).sort()).toEqual(['0', '0', '0']);
    const gzip = await producer.send({
      topic,
      compression: CompressionTypes.GZIP,
      messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, value: `z${i}` })),
    });
    expect(gzip.map((r) => r.baseOffset).sort()).toEqual(['10', '10', '10']);
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.map((o) => [o.partition, o.high, o.low]).sort()).toEqual([
      [0, '20', '0'],
      [1, '20', '0'],
      [2, '20', '0'],
    ]);
  });

  it('auto-creates a topic on first produce with the default partition count', async () => {
    const topic = uniqueName('auto');
    await producer.send({ topic, messages: [{ value: 'x' }] });
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
  });

  it('applies acks=0 produce without answering it', async () => {
    const topic = uniqueName('acks0');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await producer.send({ topic, acks: 0, messages: [{ value: 'fire' }, { value: 'forget' }] });
    await expect.poll(async () => (await admin.fetchTopicOffsets(topic))[0]?.high).toBe('2');
  });

  it('serves an idempotent producer', async () => {
    const topic = uniqueName('idem');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const idempotent = kafkaFor(broker).producer({ idempotent: true, maxInFlightRequests: 1 });
    await idempotent.connect();
    await idempotent.send({ topic, messages: [{ value: 'a' }] });
    await idempotent.send({ topic, messages: [{ value: 'b' }, { value: 'c' }] });
    await idempotent.disconnect();
    expect((await admin.fetchTopicOffsets(topic))[0]?.high).toBe('3');
  });

  it('answers a retried idempotent batch with its original offset and refuses a sequence gap', async () => {
    const topic = uniqueName('dedup');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const raw = await connectRawClient(broker.port);
    const produce = async (records: Buffer) => {
      const body = await raw.request(0, 7, {
        transactionalId: null,
        acks: -1,
        timeoutMs: 1000,
        topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
      });
      return (body.responses as Array<{ partitionResponses: Array<{ errorCode: number; baseOffset: bigint }> }>)[0]
        ?.partitionResponses[0];
    };
    expect(
      await produce(buildRecordBatch([{ value: 'a' }, { value: 'b' }], { producerId: 77, baseSequence: 0 })),
    ).toMatchObject({ errorCode: 0, baseOffset: 0n });
    expect(
      await produce(buildRecordBatch([{ value: 'a' }, { value: 'b' }], { producerId: 77, baseSequence: 0 })),
    ).toMatchObject({ errorCode: 0, baseOffset: 0n });
    expect(await produce(buildRecordBatch([{ value: 'c' }], { producerId: 77, baseSequence: 5 }))).toMatchObject({
      errorCode: 45,
    });
    expect(await produce(buildRecordBatch([{ value: 'c' }], { producerId: 77, baseSequence: 2 }))).toMatchObject({
      errorCode: 0,
      baseOffset: 2n,
    });
    const corrupt = buildRecordBatch([{ value: 'd' }]);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 1) ^ 0xff, corrupt.length - 1);
    expect(await produce(corrupt)).toMatchObject({ errorCode: 2 });
    expect((await admin.fetchTopicOffsets(topic))[0]?.high).toBe('3');
    raw.close();
  });

  it('answers ListOffsets by timestamp from the batch timestamps', async () => {
    const topic = uniqueName('bytime');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await producer.send({ topic, messages: [{ value: 'old', timestamp: '1000' }] });
    await producer.send({ topic, messages: [{ value: 'new', timestamp: '5000' }] });
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, 3000)).toEqual([{ partition: 0, offset: '1' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, 500)).toEqual([{ partition: 0, offset: '0' }]);
  });

  it('serves stored batches to Fetch v11 and v12 (flexible) with watermarks and preferred replica -1', async () => {
    const topic = uniqueName('fetch');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await producer.send({ topic, messages: [{ value: 'one' }, { value: 'two' }] });
    await producer.send({ topic, messages: [{ value: 'three' }] });
    const raw = await connectRawClient(broker.port);
    for (const version of [4, 11, 12]) {
      const partition = fetchedPartition(await raw.request(1, version, fetchRequest(topic, 0, 0)));
      expect(partition.errorCode).toBe(0);
      expect(partition.highWatermark).toBe(3n);
      expect(partition.lastStableOffset).toBe(3n);
      expect(batchBaseOffsets(partition.records)).toEqual([0, 2]);
      expect(partition.records?.toString('latin1')).toContain('three');
      if (version >= 11) expect(partition.preferredReadReplica).toBe(-1);
    }
    raw.close();
  });

  it('returns at least one whole batch even when it exceeds the partition limit, and OFFSET_OUT_OF_RANGE past the end', async () => {
    const topic = uniqueName('kip74');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await producer.send({ topic, messages: [{ value: 'x'.repeat(2000) }] });
    await producer.send({ topic, messages: [{ value: 'y'.repeat(2000) }] });
    const raw = await connectRawClient(broker.port);
    const small = fetchedPartition(await raw.request(1, 11, fetchRequest(topic, 0, 0, { partitionMaxBytes: 10 })));
    expect(batchBaseOffsets(small.records)).toEqual([0]);
    const beyond = fetchedPartition(await raw.request(1, 11, fetchRequest(topic, 0, 7)));
    expect(beyond.errorCode).toBe(1);
    raw.close();
  });

  it('holds a fetch at the high watermark until a produce arrives', async () => {
    const topic = uniqueName('longpoll');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const raw = await connectRawClient(broker.port);
    // A 50 s max wait: the test times out long before unless the produce wakes the fetch.
    const pending = raw.request(1, 11, fetchRequest(topic, 0, 0, { maxWaitMs: 50_000 }));
    await producer.send({ topic, messages: [{ value: 'wake up' }] });
    const partition = fetchedPartition(await pending);
    expect(partition.records?.toString('latin1')).toContain('wake up');
    raw.close();
  }, 20_000);
});
