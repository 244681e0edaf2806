import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSafeSecretStore, type Cipher } from './secretStore';

// A stand-in for safeStorage: reversible, and visibly not plain text.
const cipher = (available = true): Cipher => ({
  isEncryptionAvailable: () => available,
  encryptString: (s) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
  decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
});

describe('safe secret store', () => {
  it('stores passwords encrypted, never in plain text, and reads them back', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'us-sec-')), 'secrets.json');
    const store = createSafeSecretStore({ file, cipher: cipher() });
    await store.set('cassandra.credentials.password', 'hunter2-secret');
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
    expect(await createSafeSecretStore({ file, cipher: cipher() }).get('cassandra.credentials.password')).toBe(
      'hunter2-secret',
    );
  });

  it('keeps passwords in memory only when the OS has no encryption', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'us-sec-')), 'secrets.json');
    let warned = 0;
    const store = createSafeSecretStore({ file, cipher: cipher(false), onUnavailable: () => warned++ });
    await store.set('kafka.sasl.password', 'pw');
    expect(await store.get('kafka.sasl.password')).toBe('pw');
    expect(() => readFileSync(file)).toThrow();
    expect(warned).toBe(1);
  });
});
