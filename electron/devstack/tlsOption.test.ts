// The `tls` option of both embedded servers: a bad value fails at start, naming the option.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer } from './cql';
import { createKafkaBroker } from './kafka';
import { selfSignedCert, type SelfSignedCert } from './testing/selfSignedCert';

let cert: SelfSignedCert;
let otherCert: SelfSignedCert;
beforeAll(() => {
  cert = selfSignedCert();
  otherCert = selfSignedCert();
});
afterAll(() => {
  cert?.remove();
  otherCert?.remove();
});

describe.each([
  ['createKafkaBroker', (tls: unknown) => createKafkaBroker({ port: 0, tls: tls as never })],
  ['createCqlServer', (tls: unknown) => createCqlServer({ port: 0, tls: tls as never })],
])('%s option "tls"', (factory, start) => {
  it.each([
    ['not an object', 'cert.pem', /must be an object \{ key, cert \}/],
    ['no key', () => ({ cert: cert.cert }), /needs "key"/],
    ['an empty cert', () => ({ key: cert.key, cert: '' }), /needs "cert"/],
    ['text that is not PEM', () => ({ key: 'key', cert: 'cert' }), /has no usable PEM key and certificate/],
    ['a key of another certificate', () => ({ key: otherCert.key, cert: cert.cert }), /has no usable PEM key/],
  ])('rejects %s', async (_, value, message) => {
    const tls = typeof value === 'function' ? value() : value;
    await expect(start(tls)).rejects.toThrow(`${factory}: option "tls"`);
    await expect(start(tls)).rejects.toThrow(message);
  });

  it('accepts PEM as strings or Buffers', async () => {
    const server = await start({ key: Buffer.from(cert.key), cert: cert.cert });
    await server.close();
  });
});
