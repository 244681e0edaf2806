import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createScramExchange, scramCredential, type ScramMechanism } from './scram';

// RFC 7677 §3: user "user", password "pencil", SCRAM-SHA-256, 4096 iterations.
const rfc = {
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  salt: Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'),
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal:
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

const rfcExchange = (password = 'pencil') => {
  const credential = scramCredential('SCRAM-SHA-256', password, rfc.salt);
  return createScramExchange('SCRAM-SHA-256', (user) => (user === 'user' ? credential : undefined), rfc.serverNonce);
};

/** An independent client side (RFC 5802 §3), to exercise SHA-512, for which no RFC vector exists. */
function clientFinal(mechanism: ScramMechanism, password: string, clientFirstBare: string, serverFirst: string) {
  const hash = mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512';
  const fields = Object.fromEntries(serverFirst.split(',').map((p) => [p[0], p.slice(2)]));
  const salted = pbkdf2Sync(
    password,
    Buffer.from(fields.s ?? '', 'base64'),
    Number(fields.i),
    hash === 'sha256' ? 32 : 64,
    hash,
  );
  const clientKey = createHmac(hash, salted).update('Client Key').digest();
  const storedKey = createHash(hash).update(clientKey).digest();
  const withoutProof = `c=biws,r=${fields.r}`;
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = createHmac(hash, storedKey).update(authMessage).digest();
  const proof = Buffer.from(clientKey.map((b, i) => b ^ (signature[i] as number)));
  const serverKey = createHmac(hash, salted).update('Server Key').digest();
  return {
    message: `${withoutProof},p=${proof.toString('base64')}`,
    expectedServerFinal: `v=${createHmac(hash, serverKey).update(authMessage).digest('base64')}`,
  };
}

describe('SCRAM server exchange', () => {
  it('reproduces the RFC 7677 SCRAM-SHA-256 test vector', () => {
    const exchange = rfcExchange();
    expect(exchange.first(rfc.clientFirst)).toEqual({ ok: true, reply: rfc.serverFirst, user: 'user' });
    expect(exchange.final(rfc.clientFinal)).toEqual({ ok: true, reply: rfc.serverFinal, user: 'user' });
  });

  it('rejects the RFC proof when the stored password differs', () => {
    const exchange = rfcExchange('not-pencil');
    expect(exchange.first(rfc.clientFirst).ok).toBe(true);
    expect(exchange.final(rfc.clientFinal)).toMatchObject({ ok: false, reason: expect.stringMatching(/proof/) });
  });

  it('rejects an unknown user, a changed nonce, a missing proof and channel binding', () => {
    expect(rfcExchange().first('n,,n=someone,r=abc')).toMatchObject({ ok: false });
    expect(rfcExchange().first('p=tls-unique,,n=user,r=abc')).toMatchObject({ ok: false });
    const wrongNonce = rfcExchange();
    wrongNonce.first(rfc.clientFirst);
    expect(wrongNonce.final(rfc.clientFinal.replace('k0,p=', 'k1,p='))).toMatchObject({ ok: false });
    const noProof = rfcExchange();
    noProof.first(rfc.clientFirst);
    expect(noProof.final(rfc.clientFinal.split(',p=')[0] as string)).toMatchObject({ ok: false });
    expect(rfcExchange().final(rfc.clientFinal)).toMatchObject({ ok: false, reason: /out of order/ });
  });

  it.each(['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)('%s: a client with the right password is accepted', (mech) => {
    const credential = scramCredential(mech, 'sécret,=pw');
    const exchange = createScramExchange(mech, (user) => (user === 'a,b=c' ? credential : undefined));
    const bare = 'n=a=2Cb=3Dc,r=clientnonce123';
    const first = exchange.first(`n,,${bare}`);
    if (!first.ok) throw new Error(first.reason);
    expect(first.reply).toMatch(/^r=clientnonce123.+,s=.+,i=4096$/);
    const { message, expectedServerFinal } = clientFinal(mech, 'sécret,=pw', bare, first.reply);
    expect(exchange.final(message)).toEqual({ ok: true, reply: expectedServerFinal, user: 'a,b=c' });
  });

  it('the credential for SHA-512 is 64 bytes and salts differ per call', () => {
    const a = scramCredential('SCRAM-SHA-512', 'pw');
    const b = scramCredential('SCRAM-SHA-512', 'pw');
    expect(a.storedKey).toHaveLength(64);
    expect(a.salt.equals(b.salt)).toBe(false);
    expect(a.storedKey.equals(b.storedKey)).toBe(false);
  });
});
