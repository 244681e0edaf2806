import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSettingsStore, type SecretStore } from './settingsStore';

const tempFile = async () => join(await mkdtemp(join(tmpdir(), 'settings-')), 'settings.json');

function memorySecrets() {
  const map = new Map<string, string>();
  const store: SecretStore = {
    get: async (n) => map.get(n) ?? null,
    set: async (n, v) => void (v ? map.set(n, v) : map.delete(n)),
  };
  return { map, store };
}

describe('settings store', () => {
  it('never writes passwords to the file; secrets keep their binding, per profile', async () => {
    const file = await tempFile();
    const secrets = memorySecrets();
    const store = createSettingsStore(file, secrets.store);
    await store.save({
      active: 'prod',
      profiles: [
        {
          id: 'prod',
          name: 'Production',
          settings: {
            kafka: { brokers: ['k:9092'], sasl: { mechanism: 'plain', username: 'u', password: 'hunter2' } },
            cassandra: { credentials: { username: 'c', password: 's3cret' } },
          },
        },
        { id: 'embedded', name: 'Embedded stack', settings: { devstack: { enabled: true } } },
      ],
    });
    await store.setSecret('prod', 'kafka', { password: 'hunter2', boundTo: 'k' });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('s3cret');
    // The active profile also sits at the top level, where a version before profiles reads its settings.
    expect(JSON.parse(text)).toMatchObject({ version: 2, active: 'prod', kafka: { brokers: ['k:9092'] } });
    const again = createSettingsStore(file, secrets.store);
    expect(await again.load()).toMatchObject({
      active: 'prod',
      profiles: [{ id: 'prod', name: 'Production' }, { id: 'embedded' }],
    });
    expect(await again.getSecret('prod', 'kafka')).toEqual({ password: 'hunter2', boundTo: 'k' });
    expect(await again.getSecret('embedded', 'kafka')).toBeNull();
    await again.setSecret('prod', 'kafka', null);
    expect(secrets.map.size).toBe(0);
  });

  it('reads a settings file from before profiles as the active profile, with its secrets unbound', async () => {
    const file = await tempFile();
    await writeFile(file, JSON.stringify({ kafka: { brokers: ['old:9092'], topic: 'legacy' } }));
    const secrets = memorySecrets();
    secrets.map.set('kafka.sasl.password', 'old-password');
    const store = createSettingsStore(file, secrets.store);
    expect(await store.load()).toEqual({
      active: 'default',
      profiles: [{ id: 'default', name: '', settings: { kafka: { brokers: ['old:9092'], topic: 'legacy' } } }],
    });
    expect(await store.getSecret('default', 'kafka')).toEqual({ password: 'old-password', boundTo: null });
    // Stored again under the profile's name, the old entry goes.
    await store.setSecret('default', 'kafka', { password: 'old-password', boundTo: 'b' });
    expect([...secrets.map.keys()]).toEqual(['profiles/default/kafka']);
  });

  it('loads null when the file is missing; without a secret store, secrets last for this run only', async () => {
    const store = createSettingsStore(join(tmpdir(), 'does-not-exist', 'settings.json'), null);
    expect(await store.load()).toBeNull();
    expect(store.persistentSecrets).toBe(false);
    await store.setSecret('p', 'cassandra', { password: 'x', boundTo: 'b' });
    expect(await store.getSecret('p', 'cassandra')).toEqual({ password: 'x', boundTo: 'b' });
    expect(await createSettingsStore(null, null).getSecret('p', 'cassandra')).toBeNull();
  });
});
