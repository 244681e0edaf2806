// The way the pipeline consumes (electron/pipeline/session.ts): autoCommit off, eachBatch with several partitions in
// parallel, offsets committed on a timer with consumer.commitOffsets, stop = pause + final commit + disconnect. Two
// such workers share a topic, one stops and starts again, and a fresh worker later resumes exactly where they left.
import type { Consumer, Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fastConsumer, kafkaFor, produceSequenced, startGroupBroker, uniqueName } from './testing/groupBroker';

const PARTITIONS = 4;

interface Worker {
  consumer: Consumer;
  stop(): Promise<void>;
}

async function startWorker(kafka: Kafka, groupId: string, topic: string, seen: Set<string>[]): Promise<Worker> {
  const consumer = kafka.consumer({ groupId, ...fastConsumer });
  const processed = new Map<number, string>();
  const commit = async () => {
    const offsets = [...processed].map(([partition, offset]) => ({ topic, partition, offset }));
    processed.clear();
    if (offsets.length > 0) await consumer.commitOffsets(offsets).catch(() => undefined);
  };
  const timer = setInterval(() => void commit(), 50);
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 4,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const message of batch.messages) {
        seen[batch.partition]?.add(message.value?.toString() ?? '');
        resolveOffset(message.offset);
        processed.set(batch.partition, String(Number(message.offset) + 1));
      }
      await heartbeat();
    },
  });
  return {
    consumer,
    async stop() {
      consumer.pause([{ topic }]);
      clearInterval(timer);
      await commit();
      await consumer.disconnect();
    },
  };
}

describe('pipeline-style workers on one group', () => {
  it('share partitions, stop and restart, and a later worker resumes at the committed offsets', async () => {
    const broker = await startGroupBroker();
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName('workers');
    const groupId = uniqueName('workers-group');
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });
    const seen = Array.from({ length: PARTITIONS }, () => new Set<string>());
    const total = () => seen.reduce((n, s) => n + s.size, 0);

    let produced = await produceSequenced(kafka, topic, PARTITIONS, 4000);
    const a = await startWorker(kafka, groupId, topic, seen);
    const b = await startWorker(kafka, groupId, topic, seen);
    await expect.poll(total, { timeout: 30_000 }).toBe(4000);
    const members = async () => {
      const { groups } = await admin.describeGroups([groupId]);
      return groups[0]?.state === 'Stable' ? groups[0].members.length : -1;
    };
    await expect.poll(members, { timeout: 30_000 }).toBe(2);

    await a.stop();
    produced = await produceSequenced(kafka, topic, PARTITIONS, 2000, produced);
    await expect.poll(total, { timeout: 30_000 }).toBe(6000); // b took over a's partitions
    await expect.poll(members, { timeout: 30_000 }).toBe(1);
    const a2 = await startWorker(kafka, groupId, topic, seen);
    produced = await produceSequenced(kafka, topic, PARTITIONS, 2000, produced);
    await expect.poll(total, { timeout: 30_000 }).toBe(8000);
    await expect.poll(members, { timeout: 30_000 }).toBe(2);
    await Promise.all([a2.stop(), b.stop()]);

    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect([...(committed?.partitions ?? [])].sort((x, y) => x.partition - y.partition).map((p) => p.offset)).toEqual(
      produced.map(String),
    );
    const after = await produceSequenced(kafka, topic, PARTITIONS, 40, produced);
    const fresh = Array.from({ length: PARTITIONS }, () => new Set<string>());
    const c = await startWorker(kafka, groupId, topic, fresh);
    await expect.poll(() => fresh.reduce((n, s) => n + s.size, 0), { timeout: 30_000 }).toBe(40);
    for (let p = 0; p < PARTITIONS; p++)
      expect([...(fresh[p] ?? [])].sort()).toEqual(
        Array.from({ length: (after[p] ?? 0) - (produced[p] ?? 0) }, (_, i) => `${p}:${(produced[p] ?? 0) + i}`).sort(),
      );
    await c.stop();
    await admin.disconnect();
    await broker.close();
  }, 90_000);
});
