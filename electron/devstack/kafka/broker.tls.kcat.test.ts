// librdkafka (Debian's kcat) against the broker as an SSL listener: metadata, produce and consume with the certificate
// as CA (librdkafka also checks the broker's address against the certificate); another CA and plaintext both fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCert, type SelfSignedCert } from '../testing/selfSignedCert';
import type { KafkaBroker } from './index';
import { startBroker, uniqueName } from './testing/fixtures';
import { kcat, kcatAvailable, kcatVersion } from './testing/kcat';

const ssl = (caFile: string): string[] => ['-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${caFile}`];

// Without kcat, or a build without SSL, these tests cannot run at all.
describe.skipIf(!kcatAvailable || !/\bssl\b/.test(kcatVersion))('kafka broker with TLS and kcat', () => {
  let cert: SelfSignedCert;
  let otherCert: SelfSignedCert;
  let broker: KafkaBroker;
  let address: string;
  beforeAll(async () => {
    cert = selfSignedCert();
    otherCert = selfSignedCert();
    broker = await startBroker({ tls: { key: cert.key, cert: cert.cert } });
    address = `${broker.host}:${broker.port}`;
  });
  afterAll(async () => {
    await broker?.close();
    cert?.remove();
    otherCert?.remove();
  });

  it('-L, -P and -C -e with the certificate as CA', async () => {
    const topic = uniqueName('kcat-tls');
    const lines = Array.from({ length: 10 }, (_, i) => `tls-${i}`);
    const produced = await kcat(
      ['-b', address, ...ssl(cert.certFile), '-P', '-t', topic, '-p', '0'],
      lines.join('\n') + '\n',
    );
    expect(produced.code, produced.stderr).toBe(0);
    const listed = await kcat(['-b', address, ...ssl(cert.certFile), '-L', '-t', topic]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`broker 1 at ${address} (controller)`);
    expect(listed.stdout).toContain(`topic "${topic}" with 3 partitions`);
    const consumed = await kcat([
      '-b',
      address,
      ...ssl(cert.certFile),
      '-C',
      '-t',
      topic,
      '-p',
      '0',
      '-o',
      'beginning',
      '-e',
    ]);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.trim().split('\n')).toEqual(lines);
  });

  it('another CA: the handshake fails on certificate verification, and the broker keeps serving', async () => {
    const listed = await kcat(['-b', address, ...ssl(otherCert.certFile), '-L', '-m', '3']);
    expect(listed.code).not.toBe(0);
    expect(listed.stderr).toMatch(/certificate verify failed/);
    const again = await kcat(['-b', address, ...ssl(cert.certFile), '-L']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`broker 1 at ${address}`);
  });

  it('a plaintext kcat on the TLS port gets no metadata', async () => {
    const listed = await kcat(['-b', address, '-L', '-m', '3']);
    expect(listed.code).not.toBe(0);
    expect(listed.stdout).not.toContain('broker 1 at');
  });
});
