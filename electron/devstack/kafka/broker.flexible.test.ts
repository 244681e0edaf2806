// The newest advertised version of every API, as Java 4.x and franz-go send them (flexible: compact types, tagged
// fields, header v2), through the raw protocol client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from './index';
import { buildRecordBatch } from './testing/buildRecordBatch';
import { startBroker, uniqueName } from './testing/fixtures';
import { connectRawClient, type RawClient } from './testing/rawClient';

type Row = Record<string, unknown>;
const rows = (value: unknown): Row[] => value as Row[];

describe('kafka broker at its newest (flexible) versions', () => {
  let broker: KafkaBroker;
  let raw: RawClient;
  beforeAll(async () => {
    broker = await startBroker();
    raw = await connectRawClient(broker.port);
  });
  afterAll(async () => {
    raw?.close();
    await broker?.close();
  });

  it('runs the topic lifecycle with ApiVersions v4, CreateTopics v7, Metadata v12, Produce v11, Fetch v12, ListOffsets v8, DeleteTopics v6', async () => {
    const versions = rows(
      (await raw.request(18, 4, { clientSoftwareName: 'flex-test', clientSoftwareVersion: '1.0' })).apiKeys,
    );
    const max = (key: number) => versions.find((v) => v.apiKey === key)?.maxVersion;
    expect([max(0), max(1), max(2), max(3), max(19), max(20), max(22), max(32), max(37)]).toEqual([
      11, 12, 8, 12, 7, 6, 5, 4, 3,
    ]);

    const topic = uniqueName('flex');
    const created = rows(
      (
        await raw.request(19, 7, {
          topics: [{ name: topic, numPartitions: -1, replicationFactor: -1, assignments: [], configs: [] }],
          timeoutMs: 1000,
          validateOnly: false,
        })
      ).topics,
    )[0];
    expect(created).toMatchObject({ name: topic, errorCode: 0, numPartitions: 3, replicationFactor: 1 });
    const topicId = created?.topicId as Buffer;
    expect(topicId.equals(Buffer.alloc(16))).toBe(false);

    const byId = await raw.request(3, 12, {
      topics: [{ topicId, name: null }],
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(rows(byId.topics)[0]).toMatchObject({ errorCode: 0, name: topic });
    expect(rows(rows(byId.topics)[0]?.partitions)).toHaveLength(3);
    expect(byId.controllerId).toBe(1);
    expect(rows(byId.brokers)[0]).toMatchObject({ nodeId: 1, host: '127.0.0.1', port: broker.port });

    const producerId = (
      await raw.request(22, 5, {
        transactionalId: null,
        transactionTimeoutMs: 60000,
        producerId: -1n,
        producerEpoch: -1,
      })
    ).producerId as bigint;
    expect(producerId > 0n).toBe(true);
    const batch = buildRecordBatch(
      [
        { value: 'flex-1', timestamp: 1000 },
        { value: 'flex-2', timestamp: 9000 },
      ],
      { producerId: Number(producerId), baseSequence: 0 },
    );
    const produced = await raw.request(0, 11, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 1000,
      topicData: [{ name: topic, partitionData: [{ index: 1, records: batch }] }],
    });
    expect(rows(rows(produced.responses)[0]?.partitionResponses)[0]).toMatchObject({
      index: 1,
      errorCode: 0,
      baseOffset: 0n,
    });

    const fetched = await raw.request(1, 12, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1_000_000,
      isolationLevel: 1,
      sessionId: 0,
      sessionEpoch: 0,
      topics: [
        {
          topic,
          partitions: [
            {
              partition: 1,
              currentLeaderEpoch: 0,
              fetchOffset: 0n,
              lastFetchedEpoch: -1,
              logStartOffset: -1n,
              partitionMaxBytes: 100_000,
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    expect(fetched).toMatchObject({ errorCode: 0, sessionId: 0 });
    const partition = rows(rows(fetched.responses)[0]?.partitions)[0];
    expect(partition).toMatchObject({
      errorCode: 0,
      highWatermark: 2n,
      lastStableOffset: 2n,
      logStartOffset: 0n,
      preferredReadReplica: -1,
    });
    expect((partition?.records as Buffer).toString('latin1')).toContain('flex-2');

    const offsets = await raw.request(2, 8, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [
        {
          name: topic,
          partitions: [-1, -2, -3, 5000].map((timestamp) => ({
            partitionIndex: 1,
            currentLeaderEpoch: -1,
            timestamp: BigInt(timestamp),
          })),
        },
      ],
    });
    expect(rows(rows(offsets.topics)[0]?.partitions).map((p) => p.offset)).toEqual([2n, 0n, 1n, 0n]);

    const deleted = await raw.request(20, 6, { topics: [{ name: null, topicId }], timeoutMs: 1000 });
    expect(rows(deleted.responses)[0]).toMatchObject({ name: topic, errorCode: 0 });
    const after = await raw.request(3, 12, {
      topics: [{ topicId: Buffer.alloc(16), name: topic }],
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(rows(after.topics)[0]).toMatchObject({ errorCode: 3 });
  });

  it('auto-creates on Metadata only when the request allows it', async () => {
    const topic = uniqueName('flex-auto');
    const refused = await raw.request(3, 12, {
      topics: [{ topicId: Buffer.alloc(16), name: topic }],
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(rows(refused.topics)[0]).toMatchObject({ errorCode: 3 });
    const allowed = await raw.request(3, 12, {
      topics: [{ topicId: Buffer.alloc(16), name: topic }],
      allowAutoTopicCreation: true,
      includeTopicAuthorizedOperations: false,
    });
    expect(rows(allowed.topics)[0]).toMatchObject({ errorCode: 0 });
    expect(rows(rows(allowed.topics)[0]?.partitions)).toHaveLength(3);
  });
});
