import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevstack, type Devstack } from '../devstack';
import { CLOSED_PORT } from '../devstack/testing/ports';
import { testCassandraConnection, testKafkaConnection } from './testConnection';
import { produceValues, testSettings } from './testing/fixtures';

let stack: Devstack;
beforeAll(async () => {
  stack = await startDevstack({});
});
afterAll(async () => {
  await stack?.close();
});

describe('test-connection answers', () => {
  it('Kafka: ok when the topic exists, topic_missing when not, unreachable when nothing listens', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const missing = await testKafkaConnection(settings.kafka);
    expect(missing).toMatchObject({ ok: true, code: 'topic_missing' });
    expect(missing.message).toContain(settings.kafka.topic);
    await produceValues(stack.kafka.address, settings.kafka.topic, ['{}']);
    expect(await testKafkaConnection(settings.kafka)).toMatchObject({
      ok: true,
      code: 'ok',
      details: { brokers: '1' },
    });
    const down = await testKafkaConnection({
      ...settings.kafka,
      brokers: [`127.0.0.1:${CLOSED_PORT}`],
      connectionTimeoutMs: 1000,
    });
    expect(down).toMatchObject({ ok: false, code: 'unreachable' });
  }, 60_000);

  it('Cassandra: keyspace_missing, unknown_dc naming the real ones, unreachable', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const missing = await testCassandraConnection(settings.cassandra);
    expect(missing).toMatchObject({ ok: true, code: 'keyspace_missing' });
    expect(missing.details.dataCenters).toBeTruthy();
    const wrongDc = await testCassandraConnection({ ...settings.cassandra, localDataCenter: 'nowhere' });
    expect(wrongDc.code).toBe('unknown_dc');
    expect(wrongDc.message).toContain(missing.details.dataCenters!);
    const ks = await testCassandraConnection({ ...settings.cassandra, keyspace: 'system' });
    expect(ks).toMatchObject({ ok: true, code: 'ok' });
    // The embedded store reports Cassandra 5.0: the message says search goes through SAI indexes.
    expect(ks.message).toMatch(/search through SAI indexes/);
    const down = await testCassandraConnection({ ...settings.cassandra, contactPoints: [`127.0.0.1:${CLOSED_PORT}`] });
    expect(down).toMatchObject({ ok: false, code: 'unreachable' });
  }, 60_000);

  it('TLS turned on against a server that does not speak it: tls_failed, on both sides', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address);
    const kafka = await testKafkaConnection({
      ...settings.kafka,
      ssl: { ...settings.kafka.ssl, enabled: true },
      connectionTimeoutMs: 10_000,
    });
    expect(kafka).toMatchObject({ ok: false, code: 'tls_failed' });
    expect(kafka.message).toMatch(/^TLS handshake with the Kafka brokers failed/);
    const cql = await testCassandraConnection({
      ...settings.cassandra,
      tls: { ...settings.cassandra.tls, enabled: true },
    });
    expect(cql).toMatchObject({ ok: false, code: 'tls_failed' });
    expect(cql.message).toMatch(/^TLS handshake with Cassandra failed/);
  }, 60_000);
});
