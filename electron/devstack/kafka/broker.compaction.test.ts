// Log compaction (cleanup.policy=compact): the newest value per key survives, offsets are never reused, tombstones go
// after delete.retention.ms, and a fetch from any offset still gets the data after it. A worker-registry-like topic
// (heartbeats per worker id, as the fleet's userstream.workers) read from the start gives each worker once, newest.
import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from './index';
import { kafkaFor, startBroker, tempDir, uniqueName } from './testing/fixtures';
import { connectRawClient } from './testing/rawClient';
import { kcat, kcatAvailable } from './testing/kcat';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

interface Seen {
  offset: number;
  key: string;
  value: string | null;
}

/** Reads partition 0 from the start to the high watermark with a kafkajs group consumer. */
async function readAll(kafka: Kafka, topic: string, high: number): Promise<Seen[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('compact-reader'), maxWaitTimeInMs: 50 });
  const seen: Seen[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push({
        offset: Number(message.offset),
        key: message.key?.toString() ?? '',
        value: message.value === null ? null : message.value.toString(),
      });
      if (Number(message.offset) >= high - 1) done();
    },
  });
  await finished;
  await consumer.disconnect();
  return seen;
}

for (const mode of ['memory', 'disk'] as const) {
  describe(`kafka broker log compaction (${mode}, kafkajs)`, () => {
    const data = tempDir();
    let broker: KafkaBroker;
    let kafka: Kafka;
    let admin: Admin;
    let producer: Producer;

    beforeAll(async () => {
      broker = await startBroker({ dataDir: mode === 'disk' ? data.dir : undefined, logCleanerIntervalMs: 0 });
      kafka = kafkaFor(broker);
      admin = kafka.admin();
      producer = kafka.producer();
      await Promise.all([admin.connect(), producer.connect()]);
    });

    afterAll(async () => {
      await Promise.all([admin?.disconnect(), producer?.disconnect()]);
      await broker?.close();
      data.remove();
    });

    it('keeps the newest value per key, offsets increasing with gaps, tombstones until delete.retention.ms', async () => {
      const topic = uniqueName('compact');
      await admin.createTopics({
        topics: [
          {
            topic,
            numPartitions: 1,
            configEntries: [
              { name: 'cleanup.policy', value: 'compact' },
              // Every batch fills a segment, so only the newest batch is in the active (never cleaned) segment.
              { name: 'segment.bytes', value: '100' },
              { name: 'delete.retention.ms', value: '300' },
            ],
          },
        ],
      });
      const keys = Array.from({ length: 10 }, (_, i) => `worker-${i}`);
      for (let round = 0; round < 20; round++) {
        await producer.send({
          topic,
          messages: keys.map((key) => ({ key, value: JSON.stringify({ key, round }) })),
        });
      }
      // worker-0 and worker-1 leave (tombstones), then one more round for the others so the tombstones are sealed.
      await producer.send({
        topic,
        messages: [
          { key: 'worker-0', value: null },
          { key: 'worker-1', value: null },
        ],
      });
      await producer.send({
        topic,
        messages: keys.slice(2).map((key) => ({ key, value: JSON.stringify({ key, round: 20 }) })),
      });
      const high = 20 * 10 + 2 + 8;
      await expect(producer.send({ topic, messages: [{ value: 'no key' }] })).rejects.toMatchObject({
        type: 'INVALID_RECORD',
      });

      broker.maintainLogs(true);
      const seen = await readAll(kafka, topic, high);
      const offsets = seen.map((s) => s.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      expect(new Set(seen.map((s) => s.key)).size).toBe(seen.length);
      expect(seen.length).toBe(10);
      expect(offsets[offsets.length - 1]).toBe(high - 1);
      for (const s of seen) {
        if (s.key === 'worker-0' || s.key === 'worker-1') expect(s.value).toBeNull();
        else expect(JSON.parse(s.value ?? '{}')).toEqual({ key: s.key, round: 20 });
      }
      expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '0', high: String(high) });

      // A fetch from any offset still gets a batch that reaches at or past it (no dead end in a gap).
      const client = await connectRawClient(broker.port);
      try {
        for (let offset = 0; offset < high; offset += 7) {
          const body = await client.request(1, 11, {
            replicaId: -1,
            maxWaitMs: 0,
            minBytes: 1,
            maxBytes: 1_000_000,
            isolationLevel: 0,
            sessionId: 0,
            sessionEpoch: -1,
            topics: [
              {
                topic,
                partitions: [
                  {
                    partition: 0,
                    currentLeaderEpoch: -1,
                    fetchOffset: BigInt(offset),
                    logStartOffset: -1n,
                    partitionMaxBytes: 1_000_000,
                  },
                ],
              },
            ],
            forgottenTopicsData: [],
            rackId: '',
          });
          const records = (body.responses as Array<{ partitions: Array<{ records: Buffer | null }> }>)[0]?.partitions[0]
            ?.records;
          expect(records?.length ?? 0).toBeGreaterThan(0);
          const last = Number(records?.readBigInt64BE(0)) + (records?.readInt32BE(23) ?? 0);
          expect(last).toBeGreaterThanOrEqual(offset);
        }
      } finally {
        client.close();
      }

      // After delete.retention.ms the next cleaning removes the tombstones; the offsets stay.
      const deadline = Date.now() + 5000;
      let left: Seen[] = seen;
      while (Date.now() < deadline && left.some((s) => s.value === null)) {
        await new Promise((r) => setTimeout(r, 100));
        broker.maintainLogs(true);
        left = await readAll(kafka, topic, high);
      }
      expect(left.map((s) => s.key).sort()).toEqual(keys.slice(2).sort());
      expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ high: String(high) });
      await producer.send({ topic, messages: [{ key: 'worker-3', value: 'after' }] });
      expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ high: String(high + 1) });
    });

    it.skipIf(!kcatAvailable)('kcat reads the compacted log', async () => {
      const topic = uniqueName('compact-kcat');
      await admin.createTopics({
        topics: [
          {
            topic,
            numPartitions: 1,
            configEntries: [
              { name: 'cleanup.policy', value: 'compact' },
              { name: 'segment.bytes', value: '1024' },
            ],
          },
        ],
      });
      for (let round = 0; round < 5; round++)
        await producer.send({
          topic,
          messages: ['a', 'b', 'c'].map((key) => ({ key, value: `${key}${round}`.padEnd(400, '.') })),
        });
      await producer.send({ topic, messages: [{ key: 'z', value: 'seal' }] });
      broker.maintainLogs(true);
      const out = await kcat([
        '-b',
        `${broker.host}:${broker.port}`,
        '-C',
        '-t',
        topic,
        '-p',
        '0',
        '-o',
        'beginning',
        '-e',
        '-f',
        '%o %k %s\n',
      ]);
      expect(out.code).toBe(0);
      // Segments of 1024 bytes hold one batch each, so every batch but the last is cleaned.
      expect(
        out.stdout
          .trim()
          .split('\n')
          .map((line) => line.replace(/\.+$/, '')),
      ).toEqual(['12 a a4', '13 b b4', '14 c c4', '15 z seal']);
    });
  });
}
