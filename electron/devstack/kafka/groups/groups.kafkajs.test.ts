// A real kafkajs 2.2.4 consumer group against the broker over TCP: bulk consumption in per-partition order, and
// resuming at the committed offset after the consumer restarts.
import { describe, expect, it } from 'vitest';
import {
  fastConsumer,
  kafkaFor,
  parseSequenced,
  produceSequenced,
  startGroupBroker,
  uniqueName,
} from './testing/groupBroker';

describe('kafkajs consumer group', () => {
  it('consumes 100k messages over 3 partitions in order, then resumes at the committed offset', async () => {
    const broker = await startGroupBroker();
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName('bulk');
    const groupId = uniqueName('bulk-group');
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    const total = 100_000;
    const produced = await produceSequenced(kafka, topic, 3, total);

    const seen = [[], [], []] as number[][];
    let received = 0;
    const consumer = kafka.consumer({ groupId, ...fastConsumer });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let done!: () => void;
    const allReceived = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const [partition, seq] = (message.value?.toString() ?? '').split(':').map(Number);
          expect(partition).toBe(batch.partition);
          seen[batch.partition]?.push(seq ?? -1);
        }
        received += batch.messages.length;
        if (received >= total) done();
      },
    });
    await allReceived;
    for (let p = 0; p < 3; p++) expect(seen[p]).toEqual(Array.from({ length: produced[p] ?? 0 }, (_, i) => i));
    await consumer.stop(); // commits what was consumed
    await consumer.disconnect();

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed[0]?.partitions.sort((a, b) => a.partition - b.partition)).toEqual(
      [0, 1, 2].map((partition) => ({ partition, offset: String(produced[partition]), metadata: null })),
    );

    // More messages while nobody consumes; a restarted consumer gets exactly those.
    const after = await produceSequenced(kafka, topic, 3, 300, produced);
    const resumed = kafka.consumer({ groupId, ...fastConsumer });
    await resumed.connect();
    await resumed.subscribe({ topic, fromBeginning: true });
    const firstSeen = new Map<number, number>();
    const late: number[][] = [[], [], []];
    let lateCount = 0;
    await new Promise<void>((resolve) => {
      void resumed.run({
        eachMessage: async (payload) => {
          const { partition, seq } = parseSequenced(payload);
          if (!firstSeen.has(partition)) firstSeen.set(partition, seq);
          late[partition]?.push(seq);
          if (++lateCount === 300) resolve();
        },
      });
    });
    for (let p = 0; p < 3; p++) {
      expect(firstSeen.get(p)).toBe(produced[p]);
      expect(late[p]).toEqual(
        Array.from({ length: (after[p] ?? 0) - (produced[p] ?? 0) }, (_, i) => (produced[p] ?? 0) + i),
      );
    }
    await resumed.disconnect();
    await admin.disconnect();
    await broker.close();
  }, 120_000);
});
