import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger';
import { createSettingsController } from './settingsController';
import { createSettingsStore, type SecretStore } from './settingsStore';

const SASL = { mechanism: 'plain', username: 'app', password: '' } as const;

async function setup(options: { env?: Record<string, string>; legacy?: unknown; embedded?: boolean } = {}) {
  const file = join(await mkdtemp(join(tmpdir(), 'controller-')), 'settings.json');
  if (options.legacy) await writeFile(file, JSON.stringify(options.legacy));
  const map = new Map<string, string>();
  const secrets: SecretStore = {
    get: async (n) => map.get(n) ?? null,
    set: async (n, v) => void (v ? map.set(n, v) : map.delete(n)),
  };
  const make = () =>
    createSettingsController({
      store: createSettingsStore(file, secrets),
      logger: silentLogger,
      ...(options.env ? { env: options.env } : {}),
      ...(options.embedded === undefined ? {} : { embedded: options.embedded }),
    });
  return { file, map, make, controller: await make() };
}

async function saved(controller: Awaited<ReturnType<typeof createSettingsController>>, input: object) {
  const prepared = controller.prepareSave(input);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.error));
  await prepared.value.commit();
  return prepared.value.settings;
}

describe('a stored secret belongs to where it was entered', () => {
  it('goes along only to the same hosts (any order or case), user and mechanism; otherwise the field asks again', async () => {
    const { controller, make } = await setup();
    await saved(controller, {
      kafka: { brokers: ['a:9092', 'b:9092'], sasl: { ...SASL, password: 'kafka-secret' } },
      cassandra: { contactPoints: ['c:9042'], credentials: { username: 'cass', password: 'cass-secret' } },
    });
    // A new core (a restart) finds both, bound.
    const next = await make();
    expect(next.effective().kafka.sasl.password).toBe('kafka-secret');
    expect(next.effective().cassandra.credentials.password).toBe('cass-secret');

    const same = next.testTarget({ kafka: { brokers: ['B:9092', ' a:9092'], sasl: SASL } });
    expect(same.ok && same.value.kafka.sasl.password).toBe('kafka-secret');

    const problem = (input: object) => {
      const r = next.testTarget(input);
      return r.ok ? null : r.error;
    };
    expect(problem({ kafka: { brokers: ['evil:9092'], sasl: SASL } })).toEqual([
      { field: 'kafka.sasl.password', message: 'enter the password again for the new host' },
    ]);
    expect(problem({ kafka: { brokers: ['a:9092'], sasl: SASL } })).toEqual([
      { field: 'kafka.sasl.password', message: 'enter the password again for the new host' },
    ]);
    expect(problem({ kafka: { sasl: { ...SASL, username: 'other' } } })).toEqual([
      { field: 'kafka.sasl.password', message: 'enter the password again for the new user' },
    ]);
    expect(problem({ kafka: { sasl: { ...SASL, mechanism: 'scram-sha-256' } } })).toEqual([
      { field: 'kafka.sasl.password', message: 'enter the password again for the new mechanism' },
    ]);
    expect(problem({ cassandra: { contactPoints: ['evil:9042'] } })).toEqual([
      { field: 'cassandra.credentials.password', message: 'enter the password again for the new host' },
    ]);
    // Save refuses the same way, and nothing is written.
    const refused = next.prepareSave({ kafka: { brokers: ['evil:9092'], sasl: SASL } });
    expect(refused.ok).toBe(false);
    // Typed again for the new host: it goes there, and is stored for it.
    const typed = next.testTarget({ kafka: { brokers: ['evil:9092'], sasl: { ...SASL, password: 'for-evil' } } });
    expect(typed.ok && typed.value.kafka.sasl.password).toBe('for-evil');
    await saved(next, {
      kafka: { brokers: ['evil:9092'], sasl: { ...SASL, password: 'for-evil' } },
      cassandra: { contactPoints: ['c:9042'], credentials: { username: 'cass', password: '' } },
    });
    expect((await make()).effective().kafka.sasl.password).toBe('for-evil');
  });

  it('turning authentication off forgets the secret', async () => {
    const { controller, map } = await setup();
    await saved(controller, { kafka: { sasl: { ...SASL, password: 'p' } } });
    expect(map.size).toBe(1);
    await saved(controller, {
      kafka: { brokers: ['elsewhere:9092'], sasl: { mechanism: 'none', username: '', password: '' } },
    });
    expect(map.size).toBe(0);
  });

  it('a password stored before secrets were bound is bound to the settings it was used with', async () => {
    const { map, make } = await setup({ legacy: { kafka: { brokers: ['old:9092'], sasl: SASL } } });
    map.set('kafka.sasl.password', 'legacy');
    const controller = await make();
    expect(controller.effective().kafka.sasl.password).toBe('legacy');
    expect(controller.book.view().profiles.map((p) => p.name)).toEqual(['Cluster', 'Embedded stack']);
    const moved = controller.testTarget({ kafka: { brokers: ['new:9092'] } });
    expect(moved.ok).toBe(false);
  });

  it('takes passwords from KAFKA_SASL_PASSWORD and CASSANDRA_PASSWORD', async () => {
    const { controller } = await setup({
      env: {
        KAFKA_SASL_MECHANISM: 'PLAIN',
        KAFKA_SASL_USERNAME: 'envuser',
        KAFKA_SASL_PASSWORD: 'env-kafka',
        CASSANDRA_USERNAME: 'cu',
        CASSANDRA_PASSWORD: 'env-cass',
      },
    });
    expect(controller.effective().kafka.sasl).toEqual({
      mechanism: 'plain',
      username: 'envuser',
      password: 'env-kafka',
    });
    expect(controller.effective().cassandra.credentials).toEqual({ username: 'cu', password: 'env-cass' });
  });

  it('an environment password goes only to the hosts, user and mechanism the run started with', async () => {
    const { controller } = await setup({
      env: { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'envuser', KAFKA_SASL_PASSWORD: 'env-kafka' },
      legacy: { kafka: { brokers: ['a:9092'] } },
    });
    const same = controller.testTarget({ kafka: { brokers: ['A:9092'] } });
    expect(same.ok && same.value.kafka.sasl.password).toBe('env-kafka');
    expect(controller.testTarget({ kafka: { brokers: ['evil:9092'] } })).toEqual({
      ok: false,
      error: [{ field: 'kafka.sasl.password', message: 'enter the password again for the new host' }],
    });
    // Typed for the new host, it goes there instead.
    const typed = controller.testTarget({ kafka: { brokers: ['evil:9092'], sasl: { password: 'typed' } } });
    expect(typed.ok && typed.value.kafka.sasl.password).toBe('typed');
  });
});

describe('settings that tell the truth', () => {
  it('tests what the form holds, not the environment; a Save keeps the file value of an environment-set field', async () => {
    const { controller, file } = await setup({ env: { KAFKA_BROKER: 'envhost:9092', KAFKA_TOPIC: 'env_topic' } });
    expect(controller.effective().kafka.brokers).toEqual(['envhost:9092']);
    const tested = controller.testTarget({ kafka: { brokers: ['typed:9092'] } });
    expect(tested.ok && tested.value.kafka.brokers).toEqual(['typed:9092']);
    const settings = await saved(controller, {
      kafka: { brokers: ['envhost:9092'], topic: 'env_topic', groupId: 'g' },
    });
    expect(settings.kafka).toMatchObject({ brokers: ['envhost:9092'], topic: 'env_topic', groupId: 'g' });
    const written = JSON.parse(await readFile(file, 'utf8')) as { profiles: { settings: { kafka: object } }[] };
    expect(written.profiles[0]!.settings.kafka).toEqual({ groupId: 'g' });
  });
});

describe('connection profiles', () => {
  it('each profile keeps its own settings and secrets; export and import carry no password', async () => {
    const { controller, make } = await setup({ embedded: true });
    expect(controller.book.view()).toEqual({
      active: 'embedded',
      profiles: [{ id: 'embedded', name: 'Embedded stack', embedded: true }],
    });
    const created = controller.book.create({ name: 'Staging', embedded: false });
    if (!created.ok) throw new Error('create');
    await controller.saveBook();
    const switched = await controller.prepareSwitch(created.value.id);
    if (!switched.ok) throw new Error('switch');
    await switched.value.commit();
    await saved(controller, { kafka: { brokers: ['staging:9092'], sasl: { ...SASL, password: 'staging-pw' } } });

    const restarted = await make();
    expect(restarted.book.view().active).toBe(created.value.id);
    expect(restarted.effective().kafka.sasl.password).toBe('staging-pw');
    const back = await restarted.prepareSwitch('embedded');
    if (!back.ok) throw new Error('switch back');
    await back.value.commit();
    expect(restarted.effective().kafka.sasl.password).toBe('');
    expect(restarted.effective().devstack.enabled).toBe(true);

    const exported = restarted.book.exportOf(created.value.id);
    expect(JSON.stringify(exported)).not.toContain('staging-pw');
    expect(exported).toMatchObject({
      ok: true,
      value: { name: 'Staging', settings: { kafka: { brokers: ['staging:9092'] } } },
    });
    if (!exported.ok) return;
    const withPassword = structuredClone(exported.value) as unknown as {
      settings: { kafka: { sasl: { password?: string } } };
    };
    withPassword.settings.kafka.sasl.password = 'smuggled';
    const imported = restarted.book.importFrom(JSON.stringify(withPassword));
    expect(imported).toMatchObject({ ok: true, value: { name: 'Staging (2)', embedded: false } });
    if (!imported.ok) return;
    expect(JSON.stringify(restarted.book.file())).not.toContain('smuggled');
    expect(restarted.book.importFrom('{"userstreamProfile":1,"settings":{"kafka":{"topic":".."}}}')).toMatchObject({
      ok: false,
      error: [{ field: 'kafka.topic' }],
    });
    expect(restarted.book.remove('embedded')).toMatchObject({ ok: false });
  });
});
