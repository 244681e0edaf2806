import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSettingsStore, type SecretStore } from './settingsStore';

describe('settings store', () => {
  it('never writes passwords to the file; the secret store gets them and load puts them back', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'settings-')), 'settings.json');
    const secrets = new Map<string, string>();
    const secretStore: SecretStore = {
      get: async (n) => secrets.get(n) ?? null,
      set: async (n, v) => void secrets.set(n, v),
    };
    const store = createSettingsStore(file, secretStore);
    await store.save({
      kafka: { brokers: ['k:9092'], sasl: { mechanism: 'plain', username: 'u', password: 'hunter2' } },
      cassandra: { credentials: { username: 'c', password: 's3cret' } },
    });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('s3cret');
    expect(text).toContain('k:9092');
    const loaded = await createSettingsStore(file, secretStore).load();
    expect(loaded.kafka?.sasl?.password).toBe('hunter2');
    expect(loaded.cassandra?.credentials?.password).toBe('s3cret');
  });

  it('loads {} when the file is missing', async () => {
    const store = createSettingsStore(join(tmpdir(), 'does-not-exist', 'settings.json'), null);
    expect(await store.load()).toEqual({});
  });
});
