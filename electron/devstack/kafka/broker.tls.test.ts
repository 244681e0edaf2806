// The broker as an SSL (and SASL_SSL) listener over real TCP with kafkajs: produce and consume with the certificate
// as CA; a client that does not trust it, a plaintext client on the TLS port and a TLS client on a plaintext port each
// fail alone while the broker keeps serving; close() does not wait for a client stuck in its handshake.
import { connect } from 'node:net';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCert, type SelfSignedCert } from '../testing/selfSignedCert';
import type { KafkaBroker } from './index';
import { startBroker, uniqueName } from './testing/fixtures';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

let cert: SelfSignedCert;
let otherCert: SelfSignedCert;
let broker: KafkaBroker;
beforeAll(async () => {
  cert = selfSignedCert();
  otherCert = selfSignedCert();
  broker = await startBroker({ tls: { key: cert.key, cert: cert.cert } });
});
afterAll(async () => {
  await broker?.close();
  cert?.remove();
  otherCert?.remove();
});

const kafka = (target: KafkaBroker, extra: Partial<KafkaConfig> = {}): Kafka =>
  new Kafka({
    clientId: 'tls-test',
    brokers: [`${target.host}:${target.port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 10_000,
    retry: { retries: 0 },
    ...extra,
  });

/** Metadata through a client that trusts the certificate: the broker still serves. */
async function stillServes(): Promise<void> {
  const admin = kafka(broker, { ssl: { ca: [cert.cert] } }).admin();
  await admin.connect();
  expect((await admin.describeCluster()).brokers).toHaveLength(1);
  await admin.disconnect();
}

describe('kafka broker with TLS', () => {
  it('kafkajs with the certificate as CA produces and consumes', async () => {
    const client = kafka(broker, { ssl: { ca: [cert.cert] }, retry: { retries: 5, initialRetryTime: 50 } });
    const topic = uniqueName('tls');
    const producer = client.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    const values = Array.from({ length: 50 }, (_, i) => `tls-${i}`);
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
    await producer.disconnect();

    const consumer = client.consumer({ groupId: uniqueName('tls-group'), maxWaitTimeInMs: 100 });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(message.value?.toString() ?? '');
      },
    });
    try {
      await expect.poll(() => seen.length, { timeout: 30_000 }).toBe(values.length);
      expect(new Set(seen)).toEqual(new Set(values));
    } finally {
      await consumer.disconnect();
    }
  });

  it('a client trusting another CA fails its handshake; the broker keeps serving', async () => {
    const admin = kafka(broker, { ssl: { ca: [otherCert.cert] } }).admin();
    await expect(admin.connect()).rejects.toThrow(/self[- ]signed certificate|unable to verify/);
    await admin.disconnect();
    await stillServes();
  });

  it('a plaintext client on the TLS port gets nothing; the broker keeps serving', async () => {
    const admin = kafka(broker).admin();
    await expect(admin.connect()).rejects.toThrow();
    await admin.disconnect();
    await stillServes();
  });

  it('a TLS client on a plaintext broker fails; that broker keeps serving plaintext', async () => {
    const plain = await startBroker();
    try {
      const admin = kafka(plain, { ssl: { ca: [cert.cert] } }).admin();
      await expect(admin.connect()).rejects.toThrow();
      await admin.disconnect();
      const ok = kafka(plain).admin();
      await ok.connect();
      expect((await ok.describeCluster()).brokers).toHaveLength(1);
      await ok.disconnect();
    } finally {
      await plain.close();
    }
  });

  it('SASL over TLS (SASL_SSL): kafkajs authenticates inside the TLS session', async () => {
    const both = await startBroker({ tls: { key: cert.key, cert: cert.cert }, sasl: { users: { app: 'app-secret' } } });
    try {
      const sasl = { mechanism: 'scram-sha-512', username: 'app', password: 'app-secret' } as const;
      const admin = kafka(both, { ssl: { ca: [cert.cert] }, sasl: { ...sasl } }).admin();
      await admin.connect();
      const topic = uniqueName('sasl-ssl');
      await admin.createTopics({ topics: [{ topic }] });
      expect(await admin.listTopics()).toContain(topic);
      await admin.disconnect();
      const wrong = kafka(both, { ssl: { ca: [cert.cert] }, sasl: { ...sasl, password: 'no' } }).admin();
      await expect(wrong.connect()).rejects.toThrow(/invalid credentials/);
      await wrong.disconnect();
    } finally {
      await both.close();
    }
  });

  it('close() ends a connection that never finishes its handshake', async () => {
    const other = await startBroker({ tls: { key: cert.key, cert: cert.cert } });
    const socket = connect(other.port, other.host);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    // One more turn of the loop, so the server has accepted the socket (both sides live in this process).
    await new Promise((resolve) => setImmediate(resolve));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    // Without ending the half-open handshake, close() would wait for the server's 120 s handshake timeout.
    await other.close();
    await ended;
  }, 20_000);
});
