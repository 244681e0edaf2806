// Several brokers in one process (README "Several brokers"): metadata naming all three, leaders spread, requests to
// the wrong broker refused as Kafka refuses them, kafkajs' multi-broker paths, and one broker stopped and started.
import { connect } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaCluster, type KafkaCluster } from './index';
import { ErrorCode } from './protocol/errorCodes';
import { buildRecordBatch } from './testing/buildRecordBatch';
import { tempDir, uniqueName } from './testing/fixtures';
import { kcat, kcatAvailable } from './testing/kcat';
import { connectRawClient, type RawClient } from './testing/rawClient';
import type { KafkaMessage } from './apis/types';

const rows = (value: unknown): KafkaMessage[] => value as KafkaMessage[];

function kafkaOn(cluster: KafkaCluster): Kafka {
  return new Kafka({
    clientId: 'cluster-test',
    brokers: cluster.brokers().map((b) => `${b.host}:${b.ports[0]}`),
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 50 },
  });
}

/** Resolves true when a TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('kafka cluster of three brokers in one process', () => {
  let cluster: KafkaCluster;
  const raw = new Map<number, RawClient>();
  const portOf = (nodeId: number): number => cluster.brokers().find((b) => b.nodeId === nodeId)?.ports[0] as number;
  const rawTo = async (nodeId: number): Promise<RawClient> => {
    const client = raw.get(nodeId) ?? (await connectRawClient(portOf(nodeId)));
    raw.set(nodeId, client);
    return client;
  };

  beforeAll(async () => {
    cluster = await createKafkaCluster({ port: 0, brokers: 3, logCleanerIntervalMs: 0 });
  });
  afterAll(async () => {
    for (const client of raw.values()) client.close();
    await cluster?.close();
  });

  it('lists three brokers and a controller, and spreads a topic’s leaders over all of them', async () => {
    const topic = uniqueName('cluster-meta');
    const client = await rawTo(2);
    await client.request(19, 3, {
      topics: [{ name: topic, numPartitions: 6, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 1000,
      validateOnly: false,
    });
    const meta = await client.request(3, 9, {
      topics: [{ name: topic }],
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
    const brokers = rows(meta.brokers).map((b) => [b.nodeId, b.port]);
    expect(brokers).toEqual(cluster.brokers().map((b) => [b.nodeId, b.ports[0]]));
    expect(meta.controllerId).toBe(1);
    const partitions = rows(rows(meta.topics)[0]?.partitions);
    expect(partitions).toHaveLength(6);
    for (const p of partitions) {
      const leader = cluster.leaderOf(topic, p.partitionIndex as number);
      expect(p).toMatchObject({ errorCode: 0, leaderId: leader, replicaNodes: [leader], isrNodes: [leader] });
    }
    expect(new Set(partitions.map((p) => p.leaderId))).toEqual(new Set([1, 2, 3]));
  });

  it('answers NOT_LEADER_OR_FOLLOWER to a produce, fetch or list offsets sent to another broker', async () => {
    const topic = uniqueName('cluster-wrong');
    const leader = cluster.leaderOf(topic, 0);
    const other = leader === 1 ? 2 : 1;
    const wrong = await rawTo(other);
    const right = await rawTo(leader);
    await right.request(19, 3, {
      topics: [{ name: topic, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 1000,
      validateOnly: false,
    });
    const produce = (client: RawClient) =>
      client.request(0, 7, {
        transactionalId: null,
        acks: -1,
        timeoutMs: 1000,
        topicData: [{ name: topic, partitionData: [{ index: 0, records: buildRecordBatch([{ value: 'x' }]) }] }],
      });
    const refusedProduce = await produce(wrong);
    expect(rows(rows(refusedProduce.responses)[0]?.partitionResponses)[0]).toMatchObject({
      index: 0,
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
    });
    const accepted = await produce(right);
    expect(rows(rows(accepted.responses)[0]?.partitionResponses)[0]).toMatchObject({ errorCode: 0, baseOffset: 0n });
    const fetch = await wrong.request(1, 11, {
      replicaId: -1,
      maxWaitMs: 5000,
      minBytes: 1,
      maxBytes: 1_000_000,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic,
          partitions: [
            { partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, logStartOffset: -1n, partitionMaxBytes: 100_000 },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    expect(rows(rows(fetch.responses)[0]?.partitions)[0]).toMatchObject({
      partitionIndex: 0,
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
    });
    const offsets = await wrong.request(2, 3, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -1n }] }],
    });
    expect(rows(rows(offsets.topics)[0]?.partitions)[0]).toMatchObject({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER });
    const latest = await right.request(2, 3, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -1n }] }],
    });
    expect(rows(rows(latest.topics)[0]?.partitions)[0]).toMatchObject({ errorCode: 0, offset: 1n });
  });

  it('names the group’s coordinator and refuses group requests elsewhere with NOT_COORDINATOR', async () => {
    const group = uniqueName('cluster-group');
    const owner = cluster.coordinatorOf(group);
    const other = owner === 3 ? 1 : owner + 1;
    const found = await (await rawTo(other)).request(10, 2, { key: group, keyType: 0 });
    expect(found).toMatchObject({ errorCode: 0, nodeId: owner, port: portOf(owner) });
    const heartbeat = await (
      await rawTo(other)
    ).request(12, 3, { groupId: group, generationId: 1, memberId: 'm', groupInstanceId: null });
    expect(heartbeat.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    const join = await (
      await rawTo(other)
    ).request(11, 5, {
      groupId: group,
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'x', metadata: Buffer.alloc(0) }],
    });
    expect(join.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  });

  it('serves a transactional id only on its coordinator: elsewhere InitProducerId, EndTxn and AddPartitionsToTxn get NOT_COORDINATOR', async () => {
    const txnId = uniqueName('cluster-txn');
    const owner = cluster.coordinatorOf(txnId);
    const other = owner === 3 ? 1 : owner + 1;
    const found = await (await rawTo(other)).request(10, 2, { key: txnId, keyType: 1 });
    expect(found).toMatchObject({ errorCode: 0, nodeId: owner, port: portOf(owner) });
    const init = { transactionalId: txnId, transactionTimeoutMs: 60_000 };
    const refusedInit = await (await rawTo(other)).request(22, 1, init);
    expect(refusedInit).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR, producerId: -1n });
    const { producerId, producerEpoch, errorCode } = await (await rawTo(owner)).request(22, 1, init);
    expect(errorCode).toBe(0);
    const add = await (
      await rawTo(other)
    ).request(24, 1, {
      v3AndBelowTransactionalId: txnId,
      v3AndBelowProducerId: producerId,
      v3AndBelowProducerEpoch: producerEpoch,
      v3AndBelowTopics: [{ name: 'any', partitions: [0, 1] }],
    });
    expect(add.resultsByTopicV3AndBelow).toEqual([
      expect.objectContaining({
        name: 'any',
        resultsByPartition: [
          { partitionIndex: 0, partitionErrorCode: ErrorCode.NOT_COORDINATOR },
          { partitionIndex: 1, partitionErrorCode: ErrorCode.NOT_COORDINATOR },
        ],
      }),
    ]);
    const end = { transactionalId: txnId, producerId, producerEpoch, committed: false };
    expect((await (await rawTo(other)).request(26, 1, end)).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    // An idempotent producer (no transactional id) may ask any broker.
    const idempotent = await (await rawTo(other)).request(22, 1, { transactionalId: null, transactionTimeoutMs: -1 });
    expect(idempotent.errorCode).toBe(0);
  });

  it('follows a manual replica assignment (one replica per partition, any broker) at create and when adding partitions', async () => {
    const admin = kafkaOn(cluster).admin();
    await admin.connect();
    const topic = uniqueName('cluster-assigned');
    await admin.createTopics({
      topics: [
        {
          topic,
          replicaAssignment: [
            { partition: 0, replicas: [3] },
            { partition: 1, replicas: [3] },
          ],
        },
      ],
    });
    await admin.createPartitions({ topicPartitions: [{ topic, count: 3, assignments: [[2]] }] });
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const leaders = meta.topics[0]?.partitions.sort((a, b) => a.partitionId - b.partitionId).map((p) => p.leader);
    expect(leaders).toEqual([3, 3, 2]);
    expect([0, 1, 2].map((p) => cluster.leaderOf(topic, p))).toEqual([3, 3, 2]);
    await expect(
      admin.createTopics({
        topics: [{ topic: uniqueName('cluster-nobody'), replicaAssignment: [{ partition: 0, replicas: [9] }] }],
      }),
    ).rejects.toThrow();
    await admin.disconnect();
  });

  it('describes a broker’s configs on that broker, by its own id', async () => {
    const client = await rawTo(2);
    const asked = (name: string) =>
      client.request(32, 2, {
        resources: [{ resourceType: 4, resourceName: name, configurationKeys: ['node.id'] }],
        includeSynonyms: false,
      });
    const own = rows((await asked('2')).results)[0];
    expect(own).toMatchObject({ errorCode: 0, resourceName: '2' });
    expect(rows(own?.configs)).toEqual([expect.objectContaining({ name: 'node.id', value: '2' })]);
    expect(rows((await asked('1')).results)[0]?.errorCode).not.toBe(0);
  });

  it('serves kafkajs producer, group consumer and admin across the three brokers', async () => {
    const kafka = kafkaOn(cluster);
    const topic = uniqueName('cluster-kafkajs');
    const group = uniqueName('cluster-kafkajs-group');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    const values = Array.from({ length: 300 }, (_, i) => `m${i}`);
    await producer.send({ topic, messages: values.map((value, i) => ({ key: `k${i}`, value })) });
    const consumer = kafka.consumer({ groupId: group, sessionTimeout: 6000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen = new Set<string>();
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.add(String(message.value));
          if (seen.size === values.length) resolve();
        },
      });
    });
    await done;
    expect(seen.size).toBe(300);
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((sum, o) => sum + Number(o.high), 0)).toBe(300);
    const listed = (await admin.listGroups()).groups.filter((g) => g.groupId === group);
    expect(listed).toHaveLength(1);
    await consumer.disconnect();
    await producer.disconnect();
    await admin.disconnect();
  });

  // kcat comes from Debian (CI installs it); without it this one cannot run.
  it.skipIf(!kcatAvailable)('kcat -L lists the three brokers and each partition’s leader', async () => {
    const topic = uniqueName('cluster-kcat');
    const first = cluster.brokers()[0];
    const { code, stdout, stderr } = await kcat(['-b', `127.0.0.1:${first?.ports[0]}`, '-L', '-t', topic]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(' 3 brokers:');
    for (const b of cluster.brokers())
      expect(stdout).toContain(`broker ${b.nodeId} at 127.0.0.1:${b.ports[0]}${b.nodeId === 1 ? ' (controller)' : ''}`);
    for (let p = 0; p < 3; p++) expect(stdout).toContain(`partition ${p}, leader ${cluster.leaderOf(topic, p)},`);
  });

  it('refuses connections to a stopped broker, reports its partitions leaderless, and serves them again after start', async () => {
    const topic = uniqueName('cluster-stop');
    const admin = kafkaOn(cluster).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const stopped = cluster.leaderOf(topic, 0);
    const port = portOf(stopped);
    raw.get(stopped)?.close();
    raw.delete(stopped);
    await cluster.stopBroker(stopped);
    expect(await refused(port)).toBe(true);
    const survivor = stopped === 1 ? 2 : 1;
    const meta = await (
      await rawTo(survivor)
    ).request(3, 9, {
      topics: [{ name: topic }],
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(rows(meta.brokers).map((b) => b.nodeId)).not.toContain(stopped);
    expect(rows(rows(meta.topics)[0]?.partitions).find((p) => p.partitionIndex === 0)).toMatchObject({
      errorCode: ErrorCode.LEADER_NOT_AVAILABLE,
      leaderId: -1,
      replicaNodes: [stopped],
      offlineReplicas: [stopped],
    });
    await cluster.startBroker(stopped);
    expect(cluster.brokers().find((b) => b.nodeId === stopped)).toMatchObject({ running: true, ports: [port] });
    const producer = kafkaOn(cluster).producer();
    await producer.connect();
    const sent = await producer.send({ topic, messages: [{ value: 'back', partition: 0 }] });
    expect(sent[0]).toMatchObject({ errorCode: 0, partition: 0 });
    await producer.disconnect();
  });
});

describe('kafka cluster on disk', () => {
  it('keeps a manual assignment across a restart, in topic.json', async () => {
    const dir = tempDir();
    try {
      const topic = uniqueName('cluster-kept');
      const first = await createKafkaCluster({ port: 0, brokers: 3, dataDir: dir.dir, logCleanerIntervalMs: 0 });
      const admin = kafkaOn(first).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, replicaAssignment: [{ partition: 0, replicas: [2] }] }] });
      await admin.disconnect();
      await first.close();
      const again = await createKafkaCluster({ port: 0, brokers: 3, dataDir: dir.dir, logCleanerIntervalMs: 0 });
      expect(again.leaderOf(topic, 0)).toBe(2);
      await again.close();
    } finally {
      dir.remove();
    }
  });
});
