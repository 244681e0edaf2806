// Test helper: reads a topic from the beginning with a fresh kafkajs consumer group until a condition holds.
import type { Kafka } from 'kafkajs';
import { uniqueName } from '../../testing/fixtures';

const fast = { sessionTimeout: 6000, rebalanceTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 };

/**
 * The values read from `topic` (every partition, in arrival order) once `until(values)` is true. read_committed
 * unless `readUncommitted` (kafkajs' own default is read_committed).
 */
export async function readValues(
  kafka: Kafka,
  topic: string,
  options: { readUncommitted?: boolean; until: (values: string[]) => boolean },
): Promise<string[]> {
  const consumer = kafka.consumer({
    groupId: uniqueName('reader'),
    readUncommitted: options.readUncommitted ?? false,
    ...fast,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const values: string[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            values.push(message.value?.toString() ?? '');
            if (options.until(values)) resolve();
          },
        })
        .catch(reject);
    });
    return values;
  } finally {
    await consumer.disconnect();
  }
}
