// The pipeline's SASL settings against the embedded broker with SASL on (real kafkajs over TCP); Cassandra is our
// in-memory fake of the SinkConnector, as in pipeline.kafka.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaBroker } from '../devstack/kafka';
import { DLQ_HEADERS } from './deadLetter';
import { createPipeline } from './pipeline';
import { testKafkaConnection } from './testConnection';
import { createMemorySink } from './testing/memorySink';
import { makeMessages, produceValues, readTopic, testSettings } from './testing/fixtures';

const USER = { username: 'app', password: 'app-secret' };
let broker: Awaited<ReturnType<typeof createKafkaBroker>>;
let address: string;
beforeAll(async () => {
  broker = await createKafkaBroker({ host: '127.0.0.1', port: 0, sasl: { users: { [USER.username]: USER.password } } });
  address = `127.0.0.1:${broker.port}`;
});
afterAll(async () => {
  await broker?.close();
});

describe('pipeline with SASL', () => {
  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)(
    '%s: consumes and dead-letters on a broker that requires it',
    async (mechanism) => {
      const sasl = { mechanism, ...USER };
      const settings = testSettings(address, '127.0.0.1:1', { kafka: { sasl } });
      const { good, bad, ids } = makeMessages(300, 3, 11);
      await produceValues(address, settings.kafka.topic, [...good, ...bad], sasl);
      const memory = createMemorySink();
      const pipeline = createPipeline({ settings, connectSink: memory.connector });
      await pipeline.start();
      await expect.poll(() => memory.rows.size, { timeout: 30_000 }).toBe(ids.size);
      const dead = await readTopic(address, settings.pipeline.deadLetterTopic, 3, 30_000, sasl);
      expect(dead.map((d) => d.headers[DLQ_HEADERS.sourceTopic])).toEqual(Array(3).fill(settings.kafka.topic));
      await pipeline.close();
    },
    60_000,
  );

  it('a wrong password: the pipeline stops in error saying so, and Test Kafka answers auth_failed', async () => {
    const settings = testSettings(address, '127.0.0.1:1', {
      kafka: { sasl: { mechanism: 'scram-sha-256', username: USER.username, password: 'wrong' } },
    });
    const report = await testKafkaConnection(settings.kafka);
    expect(report).toMatchObject({ ok: false, code: 'auth_failed' });
    expect(report.message).toMatch(/^the Kafka brokers rejected the credentials: .*invalid credentials/);
    const right = await testKafkaConnection({
      ...settings.kafka,
      sasl: { ...settings.kafka.sasl, password: USER.password },
    });
    expect(right).toMatchObject({ ok: true, code: 'topic_missing' });

    const pipeline = createPipeline({ settings, connectSink: createMemorySink().connector });
    // No retry fixes a rejected password: start gives up at once and the state says why.
    await expect(pipeline.start()).rejects.toThrow(/invalid credentials/);
    expect(pipeline.status().state).toBe('error');
    expect(pipeline.status().reason).toMatch(/SASL SCRAM SHA256 authentication failed/);
    await pipeline.close();
  }, 60_000);
});
