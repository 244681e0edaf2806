// One of three brokers stopped mid-run and started again (issue 15 §6): the pipeline's group consumer rides it out and
// every user produced before, during and after the stop lands in the table. The stopped broker is the one that
// coordinates the pipeline's group and leads one of the topic's three partitions: the hardest of the three to lose.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createCqlServer } from '../devstack/cql';
import { createKafkaCluster } from '../devstack/kafka';
import { startOnStablePort } from '../devstack/testing/ports';
import { createPipeline } from './pipeline';
import { makeMessages, testSettings } from './testing/fixtures';
import { createUsersQuery } from './usersQuery';

/** Produces keyless values to a multi-broker cluster; retries long enough to outlast a short broker stop. */
async function produce(brokers: string[], topic: string, values: string[]): Promise<void> {
  const kafka = new Kafka({
    brokers,
    clientId: 'broker-stop-test',
    logLevel: logLevel.NOTHING,
    retry: { retries: 12, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    for (let i = 0; i < values.length; i += 500)
      await producer.send({ topic, acks: -1, messages: values.slice(i, i + 500).map((value) => ({ value })) });
  } finally {
    await producer.disconnect();
  }
}

describe('pipeline with three brokers', () => {
  it('rides out one broker stopped for 3 s and started again: every user lands', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'broker-stop-'));
    // Ports that stay ours while a broker is down (see devstack/testing/ports.ts).
    const cluster = await startOnStablePort((port) =>
      createKafkaCluster({ host: '127.0.0.1', port, brokers: 3, dataDir: join(dir, 'kafka') }),
    );
    const cql = await createCqlServer({ host: '127.0.0.1', port: 0 });
    const brokers = cluster.brokers().map((b) => `127.0.0.1:${b.ports[0]}`);
    const settings = testSettings(brokers[0] as string, `127.0.0.1:${cql.port}`, { kafka: { brokers } });
    const topic = settings.kafka.topic;
    const before = makeMessages(1_000, 0, 61);
    const during = makeMessages(1_000, 0, 62);
    const after = makeMessages(1_000, 0, 63);
    const pipeline = createPipeline({ settings });
    const users = createUsersQuery({ settings: settings.cassandra });
    try {
      await pipeline.start();
      await produce(brokers, topic, before.good);
      await expect.poll(() => users.countExactly(), { timeout: 60_000, interval: 500 }).toBe(before.ids.size);

      const victim = cluster.coordinatorOf(settings.kafka.groupId);
      await cluster.stopBroker(victim);
      const sending = produce(brokers, topic, during.good);
      await new Promise((r) => setTimeout(r, 3_000)); // the outage itself
      await cluster.startBroker(victim);
      await sending;
      await produce(brokers, topic, after.good);
      const total = new Set([...before.ids, ...during.ids, ...after.ids]).size;
      await expect.poll(() => users.countExactly(), { timeout: 90_000, interval: 500 }).toBe(total);
      await expect.poll(() => pipeline.status().state, { timeout: 30_000 }).toBe('running');
    } finally {
      await users.close();
      await pipeline.close();
      await cql.close();
      await cluster.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
