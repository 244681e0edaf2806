// The core's thread: createCore, the contract handlers and the core's events, driven by messages from the host
// (startCoreWorker). Nothing here touches the host's event loop; a crash here is reported to the host as data.
import { parentPort, workerData } from 'node:worker_threads';
import { createCore, createDevstackProcessLauncher } from '../core';
import type { IpcResult } from '../../shared/ipc';
import type { Logger, LogFields } from '../../shared/logger';
import type { SecretStore } from '../core/settingsStore';
import { createDevstackRelayWorker } from './devstackRelay';
import { createInProcessBackend } from './inProcess';
import { installProcessGuard } from './processGuard';
import { serveChunks } from './portStream';
import type { CoreBackend } from './types';
import type { CoreWorkerData, FromWorker, ToWorker } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('workerEntry runs in a worker thread (startCoreWorker)');
const data = workerData as CoreWorkerData;
const post = (message: FromWorker) => port.postMessage(message);

/** Log lines for the host's logger: the guard's reports survive even when the core never came up. */
const hostLog = (level: 'warn' | 'error') => (fields: LogFields | string, message?: string) =>
  typeof fields === 'string'
    ? post({ type: 'log', level, message: fields, fields: {} })
    : post({ type: 'log', level, message: message ?? '', fields });
const hostLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: hostLog('warn'),
  error: hostLog('error'),
  child: () => hostLogger,
};
// One request's uncaught error must not end the core (and the pipeline) with no drain.
const guard = installProcessGuard({ logger: hostLogger });

/** Secrets asked of the host, one round trip each (a few per settings load or save). */
const pendingSecrets = new Map<number, { resolve(value: string | null): void; reject(error: Error): void }>();
let nextSecret = 1;
const ask = (message: { op: 'get'; name: string } | { op: 'set'; name: string; value: string }) =>
  new Promise<string | null>((resolve, reject) => {
    const id = nextSecret++;
    pendingSecrets.set(id, { resolve, reject });
    post({ type: 'secret', id, ...message });
  });
const secretStore: SecretStore = {
  get: (name) => ask({ op: 'get', name }),
  set: async (name, value) => void (await ask({ op: 'set', name, value })),
};

/** When the host starts the embedded stack (Electron's utility process), launches are asked of it. */
const devstackRelay = data.proxyDevstack ? createDevstackRelayWorker(post) : null;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Posts an answer; one structured clone refuses (a bug in a handler) becomes an error answer instead of a throw. */
const answer = (id: number, result: IpcResult<unknown>) => {
  try {
    post({ type: 'result', id, result });
  } catch (error) {
    post({
      type: 'result',
      id,
      result: {
        ok: false,
        error: { code: 'internal', message: `answer not sendable: ${messageOf(error)}`, retriable: false },
      },
    });
  }
};

let backend: CoreBackend | null = null;
port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'secret': {
      // Answers may arrive while createCore is still loading the settings.
      const pending = pendingSecrets.get(message.id);
      pendingSecrets.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.value);
      return;
    }
    case 'devstack':
    case 'devstackLog':
      devstackRelay?.answer(message);
      return;
    case 'invoke':
      void Promise.resolve()
        .then(() => backend!.invoke(message.channel, message.payload))
        .catch((error: unknown): IpcResult<unknown> => ({
          ok: false,
          error: { code: 'internal', message: messageOf(error), retriable: false },
        }))
        .then((result) => answer(message.id, result));
      return;
    case 'exportFile':
      void backend!
        .exportToFile(message.path, message.request)
        .then((result) => post({ type: 'result', id: message.id, result }));
      return;
    case 'exportStream':
      void backend!.exportStream(message.request).then((result) => {
        if (!result.ok) {
          message.port.close();
          return post({ type: 'result', id: message.id, result });
        }
        serveChunks(message.port, result.value.chunks);
        const { fileName, contentType } = result.value;
        post({ type: 'result', id: message.id, result: { ok: true, value: { fileName, contentType } } });
      });
      return;
    case 'autoStart':
      void backend!.autoStart().finally(() => post({ type: 'done', id: message.id }));
      return;
    case 'close':
      guard.shuttingDown();
      void backend!.close().finally(() => {
        post({ type: 'done', id: message.id });
        port.close();
      });
      return;
  }
});

try {
  const core = await createCore({
    ...data.core,
    ...(data.proxySecrets ? { secretStore } : {}),
    ...(devstackRelay
      ? { devstackLauncher: devstackRelay.launcher }
      : data.devstack
        ? { devstackLauncher: createDevstackProcessLauncher(data.devstack) }
        : {}),
  });
  backend = createInProcessBackend({ core, host: data.host });
  backend.onEvent((channel, payload) => post({ type: 'event', channel, payload }));
  // The host sends nothing but secret answers before this.
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', message: messageOf(error) });
}
