// Large Produce requests span several TCP reads and may be pipelined on one connection: every value must still be
// stored intact, in memory and on disk.
import { describe, expect, it } from 'vitest';
import { kafkaFor, startBroker, tempDir, uniqueName } from './testing/fixtures';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

describe.each([
  ['memory', false],
  ['disk', true],
])('large pipelined produce (%s)', (_mode, onDisk) => {
  it('delivers every value of concurrent large sends unchanged', async () => {
    const dir = onDisk ? tempDir() : undefined;
    const broker = await startBroker(dir ? { dataDir: dir.dir } : {});
    const kafka = kafkaFor(broker);
    const topic = uniqueName('large-produce');
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: uniqueName('large-produce-group') });
    try {
      await producer.connect();
      const sends = 6;
      const perSend = 200;
      const valueOf = (send: number, i: number): string => `${send}:${i}:`.padEnd(1000, String.fromCharCode(97 + send));
      // Sent together, so the requests are pipelined on one connection, each frame spanning several TCP reads.
      await Promise.all(
        Array.from({ length: sends }, (_, send) =>
          producer.send({
            topic,
            messages: Array.from({ length: perSend }, (_, i) => ({ partition: 0, value: valueOf(send, i) })),
          }),
        ),
      );
      const seen = new Set<string>();
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.add(message.value?.toString() ?? '');
        },
      });
      await expect.poll(() => seen.size, { timeout: 20_000 }).toBe(sends * perSend);
      for (let send = 0; send < sends; send++)
        for (let i = 0; i < perSend; i++) expect(seen.has(valueOf(send, i))).toBe(true);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await broker.close();
      dir?.remove();
    }
  });
});
