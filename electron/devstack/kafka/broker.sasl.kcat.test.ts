// librdkafka (Debian's kcat) against a SASL broker: metadata, produce and consume with PLAIN and SCRAM, and the
// error it reports for a wrong password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaBroker } from './index';
import { startBroker, uniqueName } from './testing/fixtures';
import { kcat, kcatAvailable, kcatVersion } from './testing/kcat';

const saslArgs = (mechanism: string, username: string, password: string): string[] => [
  '-X',
  'security.protocol=SASL_PLAINTEXT',
  '-X',
  `sasl.mechanisms=${mechanism}`,
  '-X',
  `sasl.username=${username}`,
  '-X',
  `sasl.password=${password}`,
];

// Without kcat, or a build without SASL, these tests cannot run at all.
describe.skipIf(!kcatAvailable || !kcatVersion.includes('sasl_scram'))('kafka broker with SASL and kcat', () => {
  let broker: KafkaBroker;
  let address: string;
  beforeAll(async () => {
    broker = await startBroker({ sasl: { users: { alice: 'alice-secret' } } });
    address = `${broker.host}:${broker.port}`;
  });
  afterAll(async () => {
    await broker?.close();
  });

  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])('%s: -L, -P and -C -e', async (mechanism) => {
    const sasl = saslArgs(mechanism, 'alice', 'alice-secret');
    const topic = uniqueName(`kcat-sasl-${mechanism}`);
    const lines = Array.from({ length: 10 }, (_, i) => `${mechanism}-${i}`);
    const produced = await kcat(['-b', address, ...sasl, '-P', '-t', topic, '-p', '0'], lines.join('\n') + '\n');
    expect(produced.code, produced.stderr).toBe(0);
    const listed = await kcat(['-b', address, ...sasl, '-L', '-t', topic]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`broker 1 at ${address} (controller)`);
    expect(listed.stdout).toContain(`topic "${topic}" with 3 partitions`);
    const consumed = await kcat(['-b', address, ...sasl, '-C', '-t', topic, '-p', '0', '-o', 'beginning', '-e']);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.trim().split('\n')).toEqual(lines);
  });

  it.each([
    ['PLAIN', 'Authentication failed: Invalid username or password'],
    [
      'SCRAM-SHA-256',
      'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
    ],
  ])('%s with a wrong password: kcat reports the broker’s authentication error', async (mechanism, message) => {
    // -m 3: give up on metadata after three seconds instead of retrying the login for the default 5 s.
    const listed = await kcat(['-b', address, ...saslArgs(mechanism, 'alice', 'wrong'), '-L', '-m', '3']);
    expect(listed.code).not.toBe(0);
    expect(listed.stderr).toContain(`SASL authentication error: ${message}`);
  });

  it('a client without SASL is disconnected before it gets metadata', async () => {
    const listed = await kcat(['-b', address, '-L', '-m', '3']);
    expect(listed.code).not.toBe(0);
    expect(listed.stdout).not.toContain('broker 1 at');
  });
});
