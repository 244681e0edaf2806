// SASL over real TCP: kafkajs producer and group consumer with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512; wrong
// passwords fail the way kafkajs reports them; the wire rules (nothing before authentication but ApiVersions and the
// SASL APIs, unsupported mechanisms, out-of-order requests) through the raw client.
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from './index';
import { ErrorCode } from './protocol/errorCodes';
import { startBroker, uniqueName } from './testing/fixtures';
import { connectRawClient } from './testing/rawClient';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const users = { alice: 'alice-secret', 'bob,=x': 'p@ss word' };
const METADATA = 3;
const API_VERSIONS = 18;
const SASL_HANDSHAKE = 17;
const SASL_AUTHENTICATE = 36;

function kafkaWith(broker: KafkaBroker, sasl: SASLOptions): Kafka {
  return new Kafka({
    clientId: 'sasl-test',
    brokers: [`${broker.host}:${broker.port}`],
    logLevel: logLevel.NOTHING,
    sasl,
    retry: { retries: 2, initialRetryTime: 50 },
  });
}

describe('kafka broker with SASL', () => {
  let broker: KafkaBroker;
  beforeAll(async () => {
    broker = await startBroker({ sasl: { users } });
  });
  afterAll(async () => {
    await broker?.close();
  });

  const mechanisms = [
    { mechanism: 'plain', username: 'alice', password: 'alice-secret' },
    { mechanism: 'scram-sha-256', username: 'bob,=x', password: 'p@ss word' },
    { mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' },
  ] as const;

  it.each(mechanisms)('kafkajs produces and consumes in a group with $mechanism', async (sasl) => {
    const kafka = kafkaWith(broker, sasl);
    const topic = uniqueName(`sasl-${sasl.mechanism}`);
    const producer = kafka.producer();
    await producer.connect();
    const values = Array.from({ length: 20 }, (_, i) => `${sasl.mechanism}-${i}`);
    await producer.send({ topic, messages: values.map((value) => ({ value })) });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('sasl-group'), maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            seen.push(message.value?.toString() ?? '');
            if (seen.length === values.length) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    expect(seen.sort()).toEqual([...values].sort());
  });

  it.each([
    ['plain', 'SASL PLAIN authentication failed: Authentication failed: Invalid username or password'],
    [
      'scram-sha-256',
      'SASL SCRAM SHA256 authentication failed: Authentication failed during authentication due to invalid ' +
        'credentials with SASL mechanism SCRAM-SHA-256',
    ],
    [
      'scram-sha-512',
      'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid ' +
        'credentials with SASL mechanism SCRAM-SHA-512',
    ],
  ] as const)(
    'a wrong %s password fails with the authentication error kafkajs surfaces',
    async (mechanism, message) => {
      const admin = kafkaWith(broker, { mechanism, username: 'alice', password: 'wrong' } as SASLOptions).admin();
      const connected = admin.connect();
      await expect(connected).rejects.toThrow(message);
      await expect(connected).rejects.toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
      await admin.disconnect();
    },
  );

  it('an unknown SCRAM user fails like a wrong password', async () => {
    const admin = kafkaWith(broker, { mechanism: 'scram-sha-256', username: 'mallory', password: 'x' }).admin();
    await expect(admin.connect()).rejects.toThrow(/invalid credentials with SASL mechanism SCRAM-SHA-256/);
    await admin.disconnect();
  });

  it('advertises the SASL APIs and closes the connection on Metadata before authentication', async () => {
    const client = await connectRawClient(broker.port);
    const versions = await client.request(API_VERSIONS, 3, {});
    expect(versions.apiKeys).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ apiKey: SASL_HANDSHAKE, minVersion: 0, maxVersion: 1 }),
        expect.objectContaining({ apiKey: SASL_AUTHENTICATE, minVersion: 0, maxVersion: 2 }),
      ]),
    );
    await expect(client.request(METADATA, 4, { topics: null, allowAutoTopicCreation: false })).rejects.toThrow(
      /connection closed/,
    );
    await client.closed;
  });

  it('answers an unsupported mechanism with the enabled list, then closes', async () => {
    const client = await connectRawClient(broker.port);
    const answer = await client.request(SASL_HANDSHAKE, 1, { mechanism: 'GSSAPI' });
    expect(answer).toEqual({
      errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM,
      mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
    });
    await client.closed;
  });

  it('refuses SaslAuthenticate before the handshake with ILLEGAL_SASL_STATE, then closes', async () => {
    const client = await connectRawClient(broker.port);
    const answer = await client.request(SASL_AUTHENTICATE, 2, { authBytes: Buffer.from('\0alice\0alice-secret') });
    expect(answer.errorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
    await client.closed;
  });

  it('serves Metadata after PLAIN over SaslAuthenticate v2 (flexible), and refuses a second handshake', async () => {
    const client = await connectRawClient(broker.port);
    expect(await client.request(SASL_HANDSHAKE, 1, { mechanism: 'PLAIN' })).toMatchObject({ errorCode: 0 });
    const auth = await client.request(SASL_AUTHENTICATE, 2, { authBytes: Buffer.from('alice\0alice\0alice-secret') });
    expect(auth).toMatchObject({ errorCode: 0, errorMessage: null, sessionLifetimeMs: 0n });
    const metadata = await client.request(METADATA, 12, { topics: null, allowAutoTopicCreation: false });
    expect(metadata.brokers).toEqual([expect.objectContaining({ nodeId: 1, port: broker.port })]);
    const again = await client.request(SASL_HANDSHAKE, 1, { mechanism: 'PLAIN' });
    expect(again.errorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
    expect(await client.request(METADATA, 12, { topics: null, allowAutoTopicCreation: false })).toHaveProperty(
      'brokers',
    );
    client.close();
  });

  it('answers a wrong PLAIN password with SASL_AUTHENTICATION_FAILED (58) and closes', async () => {
    const client = await connectRawClient(broker.port);
    await client.request(SASL_HANDSHAKE, 1, { mechanism: 'PLAIN' });
    const auth = await client.request(SASL_AUTHENTICATE, 1, { authBytes: Buffer.from('\0alice\0nope') });
    expect(auth).toMatchObject({
      errorCode: 58,
      errorMessage: 'Authentication failed: Invalid username or password',
    });
    await client.closed;
  });

  it('legacy v0 flow: a wrong bare PLAIN token gets no answer, only the connection closed', async () => {
    const client = await connectRawClient(broker.port);
    expect(await client.request(SASL_HANDSHAKE, 0, { mechanism: 'PLAIN' })).toMatchObject({ errorCode: 0 });
    const token = Buffer.from('\0alice\0nope');
    const size = Buffer.alloc(4);
    size.writeInt32BE(token.length, 0);
    client.writeRaw(Buffer.concat([size, token]));
    await client.closed;
  });
});

describe('kafka broker SASL options', () => {
  it('offers only the configured mechanisms', async () => {
    const broker = await startBroker({ sasl: { users, mechanisms: ['SCRAM-SHA-512'] } });
    const client = await connectRawClient(broker.port);
    const answer = await client.request(SASL_HANDSHAKE, 1, { mechanism: 'PLAIN' });
    expect(answer).toEqual({ errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: ['SCRAM-SHA-512'] });
    await client.closed;
    await broker.close();
  });

  it('does not advertise the SASL APIs without the option', async () => {
    const broker = await startBroker();
    const client = await connectRawClient(broker.port);
    const versions = await client.request(API_VERSIONS, 3, {});
    const keys = (versions.apiKeys as { apiKey: number }[]).map((api) => api.apiKey);
    expect(keys).not.toContain(SASL_HANDSHAKE);
    expect(keys).not.toContain(SASL_AUTHENTICATE);
    client.close();
    await broker.close();
  });
});

describe('kafka broker with per-mechanism SCRAM passwords', () => {
  it('scramUsers overrides users for that mechanism only, as kafka-configs sets SCRAM credentials', async () => {
    const broker = await startBroker({
      sasl: { users: { app: 'plain-pw' }, scramUsers: { 'SCRAM-SHA-512': { app: 'pw-512' } } },
    });
    try {
      const connects = async (mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512', password: string) => {
        const admin = kafkaWith(broker, { mechanism, username: 'app', password }).admin();
        try {
          await admin.connect();
          return true;
        } catch {
          return false;
        } finally {
          await admin.disconnect();
        }
      };
      expect(await connects('scram-sha-512', 'pw-512')).toBe(true);
      expect(await connects('scram-sha-512', 'plain-pw')).toBe(false);
      expect(await connects('scram-sha-256', 'plain-pw')).toBe(true);
      expect(await connects('plain', 'plain-pw')).toBe(true);
    } finally {
      await broker.close();
    }
  });
});
