// Integration-test helpers: the broker as users get it (group coordinator plugged in) on port 0, and kafkajs helpers.
import { Kafka, logLevel, type Consumer, type EachMessagePayload } from 'kafkajs';
import { createKafkaBroker, type KafkaBroker, type KafkaBrokerOptions } from '../../index';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export { tempDir, uniqueName } from '../../testing/fixtures';

export function startGroupBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  return createKafkaBroker({ host: '127.0.0.1', port: 0, ...options });
}

export function kafkaFor(broker: { host: string; port: number }, clientId = 'groups-test'): Kafka {
  return new Kafka({
    clientId,
    brokers: [`${broker.host}:${broker.port}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 50 },
  });
}

/** Consumer settings that keep rebalances quick: short session and heartbeat interval, short fetch waits. */
export const fastConsumer = {
  sessionTimeout: 6000,
  rebalanceTimeout: 10_000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 100,
} as const;

/** Produces `count` messages whose value is "<partition>:<sequence within partition>", in batches. */
export async function produceSequenced(
  kafka: Kafka,
  topic: string,
  partitions: number,
  count: number,
  start: number[] = new Array<number>(partitions).fill(0),
): Promise<number[]> {
  const next = [...start];
  const producer = kafka.producer();
  await producer.connect();
  const batchSize = 2000;
  for (let sent = 0; sent < count; sent += batchSize) {
    const messages = Array.from({ length: Math.min(batchSize, count - sent) }, (_, i) => {
      const partition = (sent + i) % partitions;
      const seq = next[partition] ?? 0;
      next[partition] = seq + 1;
      return { partition, value: `${partition}:${seq}` };
    });
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  return next;
}

/** Parses a value written by produceSequenced. */
export function parseSequenced(payload: EachMessagePayload): { partition: number; seq: number } {
  const [partition, seq] = (payload.message.value?.toString() ?? '').split(':').map(Number);
  return { partition: partition ?? -1, seq: seq ?? -1 };
}

/** Stops a consumer, swallowing nothing: a failing disconnect fails the test. */
export async function stopAll(consumers: Consumer[]): Promise<void> {
  await Promise.all(consumers.map((c) => c.disconnect()));
}
