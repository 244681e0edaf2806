// Fetch through a real kafkajs group consumer (needs the group coordinator from ./groups): everything produced,
// plain and gzip, comes back once and in order per partition, from memory and from disk after a restart.
import { CompressionTypes, type Consumer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { KafkaBroker } from './index';
import { kafkaFor, startBroker, tempDir, uniqueName } from './testing/fixtures';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

async function produceNumbered(broker: KafkaBroker, topic: string, count: number): Promise<void> {
  const producer = kafkaFor(broker).producer();
  await producer.connect();
  for (let sent = 0; sent < count; sent += 250) {
    const messages = Array.from({ length: Math.min(250, count - sent) }, (_, i) => ({
      key: String((sent + i) % 3),
      value: String(sent + i),
    }));
    await producer.send({
      topic,
      messages,
      compression: sent % 500 === 0 ? CompressionTypes.GZIP : CompressionTypes.None,
    });
  }
  await producer.disconnect();
}

/** Consumes until `count` messages arrived; returns the values seen per partition in arrival order. */
async function consumeAll(broker: KafkaBroker, topic: string, count: number): Promise<Map<number, number[]>> {
  const consumer: Consumer = kafkaFor(broker).consumer({ groupId: uniqueName('group'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = new Map<number, number[]>();
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          const list = seen.get(partition) ?? [];
          list.push(Number(message.value?.toString()));
          seen.set(partition, list);
          if (++total === count) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return seen;
}

function expectOncePerMessageInOrder(seen: Map<number, number[]>, count: number): void {
  const all = [...seen.values()].flat();
  expect(all).toHaveLength(count);
  expect(new Set(all).size).toBe(count);
  for (const values of seen.values()) expect(values).toEqual([...values].sort((a, b) => a - b));
}

describe('kafka broker Fetch with a kafkajs consumer', () => {
  it('delivers every produced message once, in order per partition', async () => {
    const broker = await startBroker();
    const topic = uniqueName('consume');
    await produceNumbered(broker, topic, 3000);
    expectOncePerMessageInOrder(await consumeAll(broker, topic, 3000), 3000);
    await broker.close();
  });

  it('serves the same messages from disk after a restart', async () => {
    const data = tempDir();
    const topic = uniqueName('consume-disk');
    const first = await startBroker({ dataDir: data.dir });
    await produceNumbered(first, topic, 2000);
    await first.close();
    const second = await startBroker({ dataDir: data.dir });
    expectOncePerMessageInOrder(await consumeAll(second, topic, 2000), 2000);
    await second.close();
    data.remove();
  });
});
