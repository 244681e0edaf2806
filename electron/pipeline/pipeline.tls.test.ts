// The pipeline's TLS settings end to end: the embedded stack serves TLS on both ports with a throw-away self-signed
// certificate, and the pipeline (real kafkajs and cassandra-driver over TCP) trusts it through kafka.ssl.ca and
// cassandra.tls.ca. Test Kafka / Test Cassandra answer as usual with that CA, and tls_failed with another one.
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevstack, type Devstack } from '../devstack';
import { selfSignedCert, type SelfSignedCert } from '../devstack/testing/selfSignedCert';
import type { Settings } from '../../shared/settings';
import { createPipeline } from './pipeline';
import { testCassandraConnection, testKafkaConnection } from './testConnection';
import { makeMessages, produceValues, testSettings } from './testing/fixtures';

let cert: SelfSignedCert;
let otherCert: SelfSignedCert;
let stack: Devstack;
beforeAll(async () => {
  cert = selfSignedCert();
  otherCert = selfSignedCert();
  stack = await startDevstack({ tls: { key: cert.key, cert: cert.cert } });
});
afterAll(async () => {
  await stack?.close();
  cert?.remove();
  otherCert?.remove();
});

/** Settings of the test's own that trust `ca` on both sides. */
const tlsSettings = (ca: string): Settings =>
  testSettings(stack.kafka.address, stack.cql.address, {
    kafka: { ssl: { enabled: true, ca }, connectionTimeoutMs: 10_000 },
    cassandra: { tls: { enabled: true, ca } },
  });

describe('pipeline over TLS', () => {
  it('300 good + 3 bad through TLS on both sides: 300 rows (read back over TLS) and 3 error records', async () => {
    const settings = tlsSettings(cert.cert);
    const { good, bad, ids } = makeMessages(300, 3, 13);
    await produceValues(stack.kafka.address, settings.kafka.topic, [...good, ...bad], undefined, { ca: [cert.cert] });
    const pipeline = createPipeline({ settings });
    const reader = new cassandra.Client({
      contactPoints: [stack.cql.address],
      localDataCenter: 'datacenter1',
      // The driver's own default is not to verify the certificate at all.
      sslOptions: { ca: [cert.cert], rejectUnauthorized: true },
    });
    try {
      await pipeline.start();
      expect(pipeline.status().state).toBe('running');
      const { keyspace, table } = settings.cassandra;
      const stored = async (): Promise<Set<string>> => {
        const rs = await reader.execute(`SELECT id FROM ${keyspace}.${table}`, [], { fetchSize: 1000 });
        return new Set(rs.rows.map((r) => String(r.get('id'))));
      };
      // The pipeline creates the table on start, so polling only starts once there is something to read.
      await expect.poll(async () => (await stored()).size, { timeout: 30_000, interval: 200 }).toBe(ids.size);
      expect(await stored()).toEqual(ids);
      await expect.poll(() => pipeline.listErrors({ limit: 100 }).length, { timeout: 30_000 }).toBe(3);
    } finally {
      await pipeline.close();
      await reader.shutdown();
    }
  }, 90_000);

  it('Test Kafka: topic_missing, then ok, with the right CA; tls_failed with another', async () => {
    const settings = tlsSettings(cert.cert);
    expect(await testKafkaConnection(settings.kafka)).toMatchObject({ ok: true, code: 'topic_missing' });
    await produceValues(stack.kafka.address, settings.kafka.topic, ['{}'], undefined, { ca: [cert.cert] });
    expect(await testKafkaConnection(settings.kafka)).toMatchObject({ ok: true, code: 'ok' });
    const wrong = await testKafkaConnection(tlsSettings(otherCert.cert).kafka);
    expect(wrong).toMatchObject({ ok: false, code: 'tls_failed' });
    expect(wrong.message).toMatch(/^TLS handshake with the Kafka brokers failed: .*self[- ]signed certificate/);
  }, 60_000);

  it('Test Cassandra: keyspace_missing, then ok, with the right CA; tls_failed with another', async () => {
    const settings = tlsSettings(cert.cert);
    expect(await testCassandraConnection(settings.cassandra)).toMatchObject({ ok: true, code: 'keyspace_missing' });
    const system = await testCassandraConnection({ ...settings.cassandra, keyspace: 'system' });
    expect(system).toMatchObject({ ok: true, code: 'ok' });
    const wrong = await testCassandraConnection(tlsSettings(otherCert.cert).cassandra);
    expect(wrong).toMatchObject({ ok: false, code: 'tls_failed' });
    expect(wrong.message).toMatch(/^TLS handshake with Cassandra failed: .*self[- ]signed certificate/);
  }, 60_000);
});
