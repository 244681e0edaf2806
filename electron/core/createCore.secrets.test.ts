// A stored password never reaches a host it was not entered for: a recording proxy in front of the embedded broker
// (SASL on) and the CQL store (password authentication on) is a "new host" holding no secret of its own.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer } from '../devstack/cql';
import { createKafkaBroker } from '../devstack/kafka';
import { createCore } from './createCore';
import { startRecordingProxy, type RecordingProxy } from './testing/recordingProxy';
import type { Core } from './types';

const KAFKA_USER = { username: 'app', password: 'kafka-stored-Zq81' };
const CQL_USER = { username: 'cass', password: 'cql-stored-Pw47' };

let broker: Awaited<ReturnType<typeof createKafkaBroker>>;
let cql: Awaited<ReturnType<typeof createCqlServer>>;
let kafkaProxy: RecordingProxy;
let cqlProxy: RecordingProxy;
let core: Core;
const direct = { kafka: '', cql: '' };

const kafkaInput = (brokers: string, password = '') => ({
  kafka: { brokers: [brokers], sasl: { mechanism: 'plain' as const, username: KAFKA_USER.username, password } },
});
const cqlInput = (contactPoint: string, password = '') => ({
  cassandra: { contactPoints: [contactPoint], credentials: { username: CQL_USER.username, password } },
});
const sawSecret = (proxy: RecordingProxy) =>
  proxy.received().includes(KAFKA_USER.password) || proxy.received().includes(CQL_USER.password);

beforeAll(async () => {
  broker = await createKafkaBroker({
    host: '127.0.0.1',
    port: 0,
    sasl: { users: { [KAFKA_USER.username]: KAFKA_USER.password } },
  });
  cql = await createCqlServer({ host: '127.0.0.1', port: 0, auth: CQL_USER });
  direct.kafka = `127.0.0.1:${broker.port}`;
  direct.cql = `127.0.0.1:${cql.port}`;
  kafkaProxy = await startRecordingProxy({ target: direct.kafka });
  cqlProxy = await startRecordingProxy({ target: direct.cql });
  core = await createCore({ dataDir: await mkdtemp(join(tmpdir(), 'core-secrets-')) });
  // Entered for the real hosts, and stored.
  const saved = await core.saveSettings({
    ...kafkaInput(direct.kafka, KAFKA_USER.password),
    ...cqlInput(direct.cql, CQL_USER.password),
  });
  expect(saved.ok).toBe(true);
}, 30_000);

afterAll(async () => {
  await core?.close();
  await kafkaProxy?.close();
  await cqlProxy?.close();
  await broker?.close();
  await cql?.close();
});

describe('stored secrets and a changed host', () => {
  it('Test sends the stored password to the host it was entered for', async () => {
    expect(await core.testKafka(kafkaInput(direct.kafka))).toMatchObject({ ok: true });
    expect(await core.testCassandra(cqlInput(direct.cql))).toMatchObject({ ok: true });
  }, 30_000);

  it('Test and Save aimed at another host ask for the password again; the proxy never sees the stored one', async () => {
    expect(await core.testKafka(kafkaInput(kafkaProxy.address))).toMatchObject({
      ok: false,
      code: 'invalid_settings',
      message: 'kafka.sasl.password: enter the password again for the new host',
    });
    expect(await core.testCassandra(cqlInput(cqlProxy.address))).toMatchObject({
      ok: false,
      code: 'invalid_settings',
      message: 'cassandra.credentials.password: enter the password again for the new host',
    });
    const saved = await core.saveSettings({ ...kafkaInput(kafkaProxy.address), ...cqlInput(cqlProxy.address) });
    expect(saved).toEqual({
      ok: false,
      error: [
        { field: 'kafka.sasl.password', message: 'enter the password again for the new host' },
        { field: 'cassandra.credentials.password', message: 'enter the password again for the new host' },
      ],
    });
    expect(sawSecret(kafkaProxy)).toBe(false);
    expect(sawSecret(cqlProxy)).toBe(false);
    // The stored secrets still belong to the real hosts.
    expect(await core.testKafka(kafkaInput(direct.kafka))).toMatchObject({ ok: true });
  }, 30_000);

  it('the proxy does record a password typed for it (so the test above can fail)', async () => {
    const kafka = await core.testKafka(kafkaInput(kafkaProxy.address, KAFKA_USER.password));
    expect(kafka).toMatchObject({ ok: true });
    const cassandra = await core.testCassandra(cqlInput(cqlProxy.address, CQL_USER.password));
    expect(cassandra).toMatchObject({ ok: true });
    expect(kafkaProxy.received().includes(KAFKA_USER.password)).toBe(true);
    expect(cqlProxy.received().includes(CQL_USER.password)).toBe(true);
  }, 30_000);

  it('a password from KAFKA_SASL_PASSWORD / CASSANDRA_PASSWORD does not follow a changed host either', async () => {
    const envCore = await createCore({
      dataDir: await mkdtemp(join(tmpdir(), 'core-secrets-env-')),
      env: {
        KAFKA_BROKER: direct.kafka,
        KAFKA_SASL_MECHANISM: 'PLAIN',
        KAFKA_SASL_USERNAME: KAFKA_USER.username,
        KAFKA_SASL_PASSWORD: KAFKA_USER.password,
        CASSANDRA_USERNAME: CQL_USER.username,
        CASSANDRA_PASSWORD: CQL_USER.password,
      },
      overrides: { cassandra: { contactPoints: [direct.cql] } },
    });
    try {
      expect(await envCore.testKafka({})).toMatchObject({ ok: true });
      expect(await envCore.testCassandra({})).toMatchObject({ ok: true });
      const before = kafkaProxy.received().length + cqlProxy.received().length;
      expect(await envCore.testKafka({ kafka: { brokers: [kafkaProxy.address] } })).toMatchObject({
        ok: false,
        message: 'kafka.sasl.password: enter the password again for the new host',
      });
      expect(await envCore.testCassandra({ cassandra: { contactPoints: [cqlProxy.address] } })).toMatchObject({
        ok: false,
        message: 'cassandra.credentials.password: enter the password again for the new host',
      });
      expect(kafkaProxy.received().length + cqlProxy.received().length).toBe(before);
    } finally {
      await envCore.close();
    }
  }, 30_000);
});
