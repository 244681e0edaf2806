import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchDevstackProcess, type DevstackLauncher } from '../core';
import type { LogFields, Logger } from '../../shared/logger';
import type { SecretStore } from '../core/settingsStore';
import { startCoreWorker } from './startCoreWorker';
import type { CoreBackend } from './types';

const backends: CoreBackend[] = [];
afterEach(async () => {
  for (const b of backends.splice(0)) await b.close();
});

const tempDir = () => mkdtempSync(join(tmpdir(), 'us-worker-'));

/** A secret store on the host side, as Electron's safeStorage would be. */
function memorySecrets() {
  const values = new Map<string, string>();
  const store: SecretStore = {
    get: async (name) => values.get(name) ?? null,
    set: async (name, value) => void values.set(name, value),
  };
  return { store, values };
}

async function start(options: Partial<Parameters<typeof startCoreWorker>[0]> = {}) {
  const dataDir = tempDir();
  const backend = await startCoreWorker({ core: { dataDir, env: {} }, host: 'electron', ...options });
  backends.push(backend);
  return { backend, dataDir };
}

// The app hosts run the core this way; the embedded-stack path with live events is covered by webHost.core.test.ts.
describe('startCoreWorker', () => {
  it('answers the contract from the worker: info, validation errors as data', async () => {
    const { backend, dataDir } = await start();
    const info = await backend.invoke('app:info', undefined);
    expect(info).toMatchObject({ ok: true, value: { host: 'electron', dataDir, embedded: false } });
    const bad = await backend.invoke('users:page', { pageSize: 'ten' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(bad.ok === false && bad.error.message).toMatch(/pageSize/);
  });

  it('answers a payload the worker channel cannot copy as data, and keeps answering', async () => {
    const { backend } = await start();
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    // Structured clone recurses and throws RangeError on this; a function it refuses outright.
    expect(await backend.invoke('settings:save', { x: deep })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: /settings:save: Maximum call stack/ },
    });
    expect(await backend.invoke('users:byId', { id: () => 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await backend.invoke('app:info', undefined)).toMatchObject({ ok: true });
  });

  it("survives an uncaught error in the worker, logged by the host's logger without the error's options", async () => {
    const lines: { fields: LogFields; message: string }[] = [];
    const log = (fields: LogFields | string, message?: string) =>
      void lines.push(
        typeof fields === 'string' ? { fields: {}, message: fields } : { fields, message: message ?? '' },
      );
    const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
    const { backend } = await start({ bundledEntry: resolve('electron/backend/testing/faultyWorker.mjs'), logger });
    await expect
      .poll(() => lines.filter((l) => l.message === 'core worker: uncaught error; kept running').length)
      .toBe(2);
    expect(JSON.stringify(lines)).toContain('a rejection nobody awaits');
    expect(JSON.stringify(lines)).not.toContain('hunter2');
    expect(await backend.invoke('app:info', undefined)).toMatchObject({ ok: true });
  });

  it("keeps passwords in the host's secret store, never in the settings file", async () => {
    const secrets = memorySecrets();
    const { backend, dataDir } = await start({ secretStore: secrets.store });
    const saved = await backend.invoke('settings:save', {
      kafka: { brokers: ['kafka.example:9092'], sasl: { mechanism: 'plain', username: 'app', password: 's3cret' } },
      devstack: { enabled: false },
    });
    expect(saved).toMatchObject({ ok: true, value: { passwordSet: { kafka: true, cassandra: false } } });
    // Stored per profile, with the hosts, user and mechanism it was entered for.
    expect(JSON.parse(secrets.values.get('profiles/default/kafka') ?? '{}')).toMatchObject({ password: 's3cret' });
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).not.toContain('s3cret');
    const got = await backend.invoke('settings:get', undefined);
    expect(got).toMatchObject({
      ok: true,
      value: { passwordSet: { kafka: true }, settings: { kafka: { sasl: { password: '' } } } },
    });
  });

  it('rejects with the reason when the core cannot start', async () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    await expect(startCoreWorker({ core: { dataDir: file, env: {} }, host: 'web' })).rejects.toThrow(/EEXIST|ENOTDIR/);
  });

  it('answers core_exited once closed, instead of hanging', async () => {
    const { backend } = await start();
    await backend.close();
    await backend.close();
    expect(await backend.invoke('app:info', undefined)).toMatchObject({ ok: false, error: { code: 'core_exited' } });
  });

  it('a worker that dies shows as the pipeline in error, and requests answer core_exited', async () => {
    const backend = await startCoreWorker({
      core: { dataDir: tempDir(), env: {} },
      host: 'web',
      bundledEntry: resolve('electron/backend/testing/dyingWorker.mjs'),
    });
    backends.push(backend);
    const statuses: { state: string; reason?: string }[] = [];
    backend.onEvent((channel, payload) => {
      if (channel === 'pipeline:status') statuses.push(payload as { state: string; reason?: string });
    });
    expect(await backend.invoke('app:info', undefined)).toMatchObject({ ok: false, error: { code: 'core_exited' } });
    await expect.poll(() => statuses.at(-1)?.state).toBe('error');
    expect(statuses.at(-1)?.reason).toMatch(/the core stopped \(worker exited with code 3\)/);
    expect(await backend.invoke('pipeline:status', undefined)).toMatchObject({
      ok: false,
      error: { code: 'core_exited' },
    });
  });

  it('starts the embedded stack on the host when given a launcher (Electron: a utility process), logs to the core', async () => {
    const onHost: string[] = [];
    const launcher: DevstackLauncher = async (options) => {
      const stack = await launchDevstackProcess(options);
      onHost.push(stack.kafka);
      return stack;
    };
    const dataDir = tempDir();
    const { backend } = await start({
      core: { dataDir, env: {}, embedded: true },
      devstackLauncher: launcher,
    });
    expect(onHost).toHaveLength(1);
    const info = await backend.invoke('app:info', undefined);
    expect(info).toMatchObject({ ok: true, value: { embedded: true, devstack: { kafka: onHost[0] } } });
    const [host, port] = onHost[0]!.split(':');
    const reachable = () =>
      new Promise<boolean>((done) => {
        const socket = connect(Number(port), host, () => done(!!socket.end()));
        socket.on('error', () => done(false));
      });
    expect(await reachable()).toBe(true);
    await backend.close();
    // The core closed its stack through the host; the stack's own log lines went to the core's log file.
    expect(await reachable()).toBe(false);
    expect(readFileSync(join(dataDir, 'logs/userstream.log'), 'utf8')).toMatch(/embedded dev stack ready/);
  }, 60_000);

  const bundled = resolve('out/main/coreWorker.js');
  it.skipIf(!existsSync(bundled))(
    'the bundled worker Electron loads (out/main/coreWorker.js, made by npm run build) starts and answers',
    async () => {
      const { backend } = await start({ bundledEntry: bundled });
      expect(await backend.invoke('app:info', undefined)).toMatchObject({ ok: true, value: { host: 'electron' } });
    },
  );
});
