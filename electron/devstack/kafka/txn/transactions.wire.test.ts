// The transaction APIs on a raw socket: error codes by version (fencing, unknown ids, INVALID_TXN_STATE), markers in
// the log, the last stable offset and the aborted-transactions list in Fetch, ListOffsets read_committed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/errorCodes';
import type { KafkaBroker } from '../index';
import { buildRecordBatch } from '../testing/buildRecordBatch';
import { startBroker, tempDir, uniqueName } from '../testing/fixtures';
import { connectRawClient, type RawClient } from '../testing/rawClient';
import type { KafkaMessage } from '../apis/types';

const first = (value: unknown): KafkaMessage => (value as KafkaMessage[])[0] as KafkaMessage;

describe('transaction APIs on the wire', () => {
  let broker: KafkaBroker;
  let client: RawClient;

  beforeAll(async () => {
    broker = await startBroker({ defaultPartitions: 1 });
    client = await connectRawClient(broker.port);
  });
  afterAll(async () => {
    client?.close();
    await broker?.close();
  });

  const createTopic = async (name: string): Promise<void> => {
    const body = await client.request(19, 3, {
      topics: [{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
      validateOnly: false,
    });
    expect(first(body.topics).errorCode).toBe(0);
  };
  const init = async (transactionalId: string, version = 1, timeoutMs = 60_000) =>
    client.request(22, version, {
      transactionalId,
      transactionTimeoutMs: timeoutMs,
      producerId: -1n,
      producerEpoch: -1,
    });
  const addPartitions = async (transactionalId: string, producerId: bigint, producerEpoch: number, topic: string) => {
    const body = await client.request(24, 1, {
      v3AndBelowTransactionalId: transactionalId,
      v3AndBelowProducerId: producerId,
      v3AndBelowProducerEpoch: producerEpoch,
      v3AndBelowTopics: [{ name: topic, partitions: [0] }],
    });
    return first(first(body.resultsByTopicV3AndBelow).resultsByPartition).partitionErrorCode as number;
  };
  const produce = async (topic: string, batch: Buffer) => {
    const body = await client.request(0, 7, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 5000,
      topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
    });
    return first(first(body.responses).partitionResponses);
  };
  const endTxn = async (
    transactionalId: string,
    producerId: bigint,
    producerEpoch: number,
    committed: boolean,
    version = 1,
  ) =>
    (await client.request(26, version, { transactionalId, producerId, producerEpoch, committed })).errorCode as number;
  const fetch = async (topic: string, isolationLevel: number) => {
    const body = await client.request(1, 11, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 1_000_000,
      isolationLevel,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic,
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: -1,
              fetchOffset: 0n,
              logStartOffset: -1n,
              partitionMaxBytes: 1_000_000,
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    return first(first(body.responses).partitions);
  };
  const latest = async (topic: string, isolationLevel: number) => {
    const body = await client.request(2, 3, {
      replicaId: -1,
      isolationLevel,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -1n }] }],
    });
    return Number(first(first(body.topics).partitions).offset);
  };
  const batchOffsets = (records: unknown): number[] => {
    const out: number[] = [];
    const buf = Buffer.isBuffer(records) ? records : Buffer.concat((records as Buffer[] | null) ?? []);
    for (let at = 0; at + 12 <= buf.length; at += 12 + buf.readInt32BE(at + 8))
      out.push(Number(buf.readBigInt64BE(at)));
    return out;
  };

  it('keeps the producer id per transactional id, bumps the epoch on each init, fences older epochs', async () => {
    const id = uniqueName('txn-id');
    const a = await init(id);
    const b = await init(id);
    expect(a.errorCode).toBe(0);
    expect(b.producerId).toBe(a.producerId);
    expect(b.producerEpoch).toBe((a.producerEpoch as number) + 1);
    const topic = uniqueName('txn-fence');
    await createTopic(topic);
    // The old epoch is INVALID_PRODUCER_EPOCH before v2 and PRODUCER_FENCED from v2 (KafkaApis' version rule).
    expect(await addPartitions(id, a.producerId as bigint, a.producerEpoch as number, topic)).toBe(
      ErrorCode.INVALID_PRODUCER_EPOCH,
    );
    expect(await endTxn(id, a.producerId as bigint, a.producerEpoch as number, true, 3)).toBe(
      ErrorCode.PRODUCER_FENCED,
    );
    expect(await endTxn(id, 12345n, b.producerEpoch as number, true)).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    expect(await endTxn('nobody', 12345n, 0, true)).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    // Nothing added yet: no transaction to end.
    expect(await endTxn(id, b.producerId as bigint, b.producerEpoch as number, true)).toBe(ErrorCode.INVALID_TXN_STATE);
    // v3+ with a stale id/epoch is a zombie trying to resume.
    const stale = await client.request(22, 4, {
      transactionalId: id,
      transactionTimeoutMs: 60_000,
      producerId: a.producerId,
      producerEpoch: a.producerEpoch,
    });
    expect(stale.errorCode).toBe(ErrorCode.PRODUCER_FENCED);
    expect((await init(id, 1, 2_000_000)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
  });

  it('refuses transactional batches to partitions outside the transaction and from older epochs', async () => {
    const id = uniqueName('txn-id');
    const topic = uniqueName('txn-state');
    await createTopic(topic);
    const { producerId, producerEpoch } = await init(id);
    const batch = (epoch: number, seq: number) =>
      buildRecordBatch([{ value: 'v' }], {
        producerId: Number(producerId),
        producerEpoch: epoch,
        baseSequence: seq,
        transactional: true,
      });
    expect((await produce(topic, batch(producerEpoch as number, 0))).errorCode).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(await addPartitions(id, producerId as bigint, producerEpoch as number, topic)).toBe(0);
    expect((await produce(topic, batch(producerEpoch as number, 0))).errorCode).toBe(0);
    expect((await produce(topic, batch((producerEpoch as number) - 1, 1))).errorCode).toBe(
      ErrorCode.INVALID_PRODUCER_EPOCH,
    );
    const unknown = await client.request(24, 1, {
      v3AndBelowTransactionalId: id,
      v3AndBelowProducerId: producerId,
      v3AndBelowProducerEpoch: producerEpoch,
      v3AndBelowTopics: [
        { name: topic, partitions: [0] },
        { name: 'no-such-topic', partitions: [0] },
      ],
    });
    const codes = (unknown.resultsByTopicV3AndBelow as KafkaMessage[]).map(
      (t) => first(t.resultsByPartition).partitionErrorCode,
    );
    expect(codes).toEqual([ErrorCode.OPERATION_NOT_ATTEMPTED, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(await endTxn(id, producerId as bigint, producerEpoch as number, false)).toBe(0);
    // A retried abort is fine, a commit of what was aborted is not.
    expect(await endTxn(id, producerId as bigint, producerEpoch as number, false)).toBe(0);
    expect(await endTxn(id, producerId as bigint, producerEpoch as number, true)).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  it('holds read_committed at the last stable offset and lists aborted transactions', async () => {
    const topic = uniqueName('txn-lso');
    await createTopic(topic);
    const id = uniqueName('txn-id');
    const { producerId, producerEpoch } = await init(id);
    const pid = producerId as bigint;
    const epoch = producerEpoch as number;
    const txnBatch = (seq: number) =>
      buildRecordBatch([{ value: `t${seq}` }], {
        producerId: Number(pid),
        producerEpoch: epoch,
        baseSequence: seq,
        transactional: true,
      });
    expect((await produce(topic, buildRecordBatch([{ value: 'plain-0' }]))).errorCode).toBe(0); // offset 0
    await addPartitions(id, pid, epoch, topic);
    expect((await produce(topic, txnBatch(0))).errorCode).toBe(0); // offset 1, opens the transaction
    expect((await produce(topic, buildRecordBatch([{ value: 'plain-2' }]))).errorCode).toBe(0); // offset 2

    let committed = await fetch(topic, 1);
    expect(Number(committed.highWatermark)).toBe(3);
    expect(Number(committed.lastStableOffset)).toBe(1);
    expect(batchOffsets(committed.records)).toEqual([0]);
    expect(await latest(topic, 1)).toBe(1);
    expect(await latest(topic, 0)).toBe(3);
    expect(batchOffsets((await fetch(topic, 0)).records)).toEqual([0, 1, 2]);

    expect(await endTxn(id, pid, epoch, false)).toBe(0); // ABORT marker at 3
    committed = await fetch(topic, 1);
    expect(Number(committed.lastStableOffset)).toBe(4);
    expect(batchOffsets(committed.records)).toEqual([0, 1, 2, 3]);
    expect(committed.abortedTransactions).toEqual([{ producerId: pid, firstOffset: 1n }]);
    const uncommitted = await fetch(topic, 0);
    expect(uncommitted.abortedTransactions).toEqual([]);
    expect(await latest(topic, 1)).toBe(4);
  });
  it('keeps TxnOffsetCommit offsets pending (UNSTABLE for requireStable) until the commit, drops them on abort', async () => {
    const topic = uniqueName('txn-offsets');
    await createTopic(topic);
    const groupId = uniqueName('txn-group');
    const fetchOffset = async (requireStable: boolean) => {
      const body = await client.request(9, 7, {
        groupId,
        topics: [{ name: topic, partitionIndexes: [0] }],
        requireStable,
      });
      const p = first(first(body.topics).partitions);
      return [Number(p.committedOffset), p.errorCode];
    };
    const round = async (offset: bigint, committed: boolean) => {
      const id = uniqueName('txn-id');
      const { producerId, producerEpoch } = await init(id);
      const ref = { transactionalId: id, producerId, producerEpoch };
      expect((await client.request(25, 1, { ...ref, groupId })).errorCode).toBe(0);
      const sent = await client.request(28, 1, {
        ...ref,
        groupId,
        topics: [
          { name: topic, partitions: [{ partitionIndex: 0, committedOffset: offset, committedMetadata: null }] },
        ],
      });
      expect(first(first(sent.topics).partitions).errorCode).toBe(0);
      return () => endTxn(id, producerId as bigint, producerEpoch as number, committed);
    };
    const end = await round(5n, true);
    expect(await fetchOffset(false)).toEqual([-1, 0]);
    expect(await fetchOffset(true)).toEqual([-1, ErrorCode.UNSTABLE_OFFSET_COMMIT]);
    expect(await end()).toBe(0);
    expect(await fetchOffset(true)).toEqual([5, 0]);
    const abort = await round(9n, false);
    expect(await abort()).toBe(0);
    expect(await fetchOffset(true)).toEqual([5, 0]);
  });
});

describe('transaction state across a restart with a data dir', () => {
  it('keeps the producer id and the open transaction, which the producer then commits', async () => {
    const data = tempDir();
    const topic = uniqueName('txn-restart');
    const id = uniqueName('txn-id');
    let broker = await startBroker({ dataDir: data.dir, defaultPartitions: 1 });
    let client = await connectRawClient(broker.port);
    await client.request(19, 3, {
      topics: [{ name: topic, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
      validateOnly: false,
    });
    const init = () =>
      client.request(22, 1, { transactionalId: id, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
    const { producerId, producerEpoch } = await init();
    const added = await client.request(24, 1, {
      v3AndBelowTransactionalId: id,
      v3AndBelowProducerId: producerId,
      v3AndBelowProducerEpoch: producerEpoch,
      v3AndBelowTopics: [{ name: topic, partitions: [0] }],
    });
    expect(first(first(added.resultsByTopicV3AndBelow).resultsByPartition).partitionErrorCode).toBe(0);
    const batch = buildRecordBatch([{ value: 'v' }], {
      producerId: Number(producerId),
      producerEpoch: producerEpoch as number,
      baseSequence: 0,
      transactional: true,
    });
    const produced = await client.request(0, 7, {
      transactionalId: id,
      acks: -1,
      timeoutMs: 5000,
      topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
    });
    expect(first(first(produced.responses).partitionResponses).errorCode).toBe(0);
    client.close();
    await broker.close();

    broker = await startBroker({ dataDir: data.dir, defaultPartitions: 1 });
    client = await connectRawClient(broker.port);
    const lso = async () => {
      const body = await client.request(2, 3, {
        replicaId: -1,
        isolationLevel: 1,
        topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -1n }] }],
      });
      return Number(first(first(body.topics).partitions).offset);
    };
    expect(await lso()).toBe(0); // still open: the restarted coordinator knows it
    const ended = await client.request(26, 1, { transactionalId: id, producerId, producerEpoch, committed: true });
    expect(ended.errorCode).toBe(0);
    expect(await lso()).toBe(2); // the data and its COMMIT marker
    const again = await init();
    expect(again.producerId).toBe(producerId);
    expect(again.producerEpoch).toBe((producerEpoch as number) + 1);
    client.close();
    await broker.close();
    data.remove();
  });
});
