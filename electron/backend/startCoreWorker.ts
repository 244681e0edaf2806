import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { IpcResult } from '../../shared/ipc';
import { silentLogger, type Logger } from '../../shared/logger';
import type { DevstackLauncher } from '../core';
import type { SecretStore } from '../core/settingsStore';
import { CORE_EVENT_CHANNELS } from './coreHandlers';
import { createDevstackRelayHost } from './devstackRelay';
import { readChunks } from './portStream';
import type { CoreBackend, ExportStreamView } from './types';
import type { CoreWorkerData, FromWorker, ToWorker } from './workerProtocol';

/** Options of `startCoreWorker`. */
export interface CoreWorkerOptions extends Omit<CoreWorkerData, 'proxySecrets' | 'proxyDevstack' | 'entry'> {
  /** Answers the worker's password reads and writes on this thread (Electron's safeStorage); absent = memory only. */
  secretStore?: SecretStore;
  /** Starts the embedded stack on this thread when the core asks (Electron's utilityProcess); absent = the worker does. */
  devstackLauncher?: DevstackLauncher;
  /** The built worker module (out/main/coreWorker.js); default, in a source checkout only: the TypeScript through tsx. */
  bundledEntry?: string;
  logger?: Logger;
}

/** The TypeScript source run through tsx, a development dependency (only when no built entry is given: tests). */
const sourceWorker = () => ({
  bootstrap: fileURLToPath(new URL('./workerBootstrap.mjs', import.meta.url)),
  entry: pathToFileURL(fileURLToPath(new URL('./workerEntry.ts', import.meta.url))).href,
});

const STATUS_CHANNEL = CORE_EVENT_CHANNELS.status;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Starts the core in a worker thread and resolves once it is up (or rejects with the reason it could not start), so
 * the pipeline's decoding, writes and metrics never run on the host's event loop. If the worker dies, every pending
 * and later request answers `core_exited` rather than hanging.
 */
export async function startCoreWorker(options: CoreWorkerOptions): Promise<CoreBackend> {
  const { secretStore, devstackLauncher, bundledEntry, logger = silentLogger, ...rest } = options;
  const source = bundledEntry ? null : sourceWorker();
  const data: CoreWorkerData = {
    ...rest,
    proxySecrets: secretStore !== undefined,
    proxyDevstack: devstackLauncher !== undefined,
    ...(source ? { entry: source.entry } : {}),
  };
  const worker = new Worker(bundledEntry ?? source!.bootstrap, { workerData: data, name: 'userstream-core' });
  const results = new Map<number, (result: IpcResult<unknown>) => void>();
  const dones = new Map<number, () => void>();
  const listeners = new Set<(channel: string, payload: unknown) => void>();
  let nextId = 1;
  let exited: string | null = null;
  let closing: Promise<void> | null = null;
  /** The last pipeline status the worker sent, so a crash can be shown as that status turned to `error`. */
  let lastStatus: Record<string, unknown> | null = null;

  const send = (message: ToWorker) => worker.postMessage(message);
  const devstacks = devstackLauncher ? createDevstackRelayHost({ launcher: devstackLauncher, send }) : null;
  const gone = (): IpcResult<unknown> => ({
    ok: false,
    error: { code: 'core_exited', message: `the core stopped: ${exited ?? 'unknown reason'}`, retriable: false },
  });

  const answerSecret = async (message: Extract<FromWorker, { type: 'secret' }>) => {
    try {
      if (message.op === 'get')
        send({ type: 'secret', id: message.id, value: (await secretStore?.get(message.name)) ?? null });
      else {
        await secretStore?.set(message.name, message.value);
        send({ type: 'secret', id: message.id, value: null });
      }
    } catch (error) {
      send({ type: 'secret', id: message.id, value: null, error: messageOf(error) });
    }
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          return resolve();
        case 'failed':
          return reject(new Error(message.message));
        case 'result':
          results.get(message.id)?.(message.result);
          results.delete(message.id);
          return;
        case 'done':
          dones.get(message.id)?.();
          dones.delete(message.id);
          return;
        case 'event':
          if (message.channel === STATUS_CHANNEL) lastStatus = message.payload as Record<string, unknown>;
          for (const listener of listeners) listener(message.channel, message.payload);
          return;
        case 'secret':
          void answerSecret(message);
          return;
        case 'devstack':
          devstacks?.handle(message);
          return;
        case 'log':
          logger[message.level](message.fields, `core worker: ${message.message}`);
          return;
      }
    });
    const end = (reason: string) => {
      if (exited) return;
      exited = reason;
      reject(new Error(reason));
      // A worker that dies on its own leaves the window showing a pipeline that no longer runs: say so.
      if (!closing && lastStatus) {
        const status = {
          ...lastStatus,
          state: 'error',
          reason: `the core stopped (${reason}); restart Userstream`,
          since: Date.now(),
        };
        for (const listener of listeners) listener(STATUS_CHANNEL, status);
      }
      for (const answer of results.values()) answer(gone());
      results.clear();
      for (const done of dones.values()) done();
      dones.clear();
      // A stack the dead core started must not outlive it.
      void devstacks?.closeAll();
    };
    worker.on('error', (error) => {
      logger.error({ err: error.message }, 'core worker failed');
      end(error.message);
    });
    worker.on('exit', (code) => end(`worker exited with code ${code}`));
  });
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  const request = (message: { type: 'autoStart' | 'close' }) =>
    new Promise<void>((resolve) => {
      if (exited) return resolve();
      const id = nextId++;
      dones.set(id, resolve);
      send({ ...message, id });
    });
  /** One request answered by a `result` message (the contract's invoke and the host-only exports). */
  const ask = (message: ToWorker, transfer: Transferable[] = []) =>
    new Promise<IpcResult<unknown>>((resolve) => {
      if (exited) return resolve(gone());
      results.set(message.id, resolve);
      worker.postMessage(message, transfer as never);
    });
  return {
    exportToFile: (path, request) =>
      ask({ type: 'exportFile', id: nextId++, path, request }) as ReturnType<CoreBackend['exportToFile']>,
    async exportStream(request) {
      const { port1, port2 } = new MessageChannel();
      const result = await ask({ type: 'exportStream', id: nextId++, request, port: port2 }, [port2]);
      if (!result.ok) {
        port1.close();
        return result;
      }
      const meta = result.value as Omit<ExportStreamView, 'chunks'>;
      return { ok: true, value: { ...meta, chunks: readChunks(port1) } };
    },
    invoke: (channel, payload) =>
      new Promise((resolve) => {
        if (exited) return resolve(gone());
        const id = nextId++;
        results.set(id, resolve);
        try {
          send({ type: 'invoke', id, channel, payload });
        } catch (error) {
          // A value structured clone refuses (too deep, a function): the caller gets data, not a rejected promise.
          results.delete(id);
          resolve({
            ok: false,
            error: { code: 'invalid_request', message: `${channel}: ${messageOf(error)}`, retriable: false },
          });
        }
      }),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    autoStart: () => request({ type: 'autoStart' }),
    close() {
      return (closing ??= (async () => {
        await request({ type: 'close' });
        listeners.clear();
        await worker.terminate();
        await devstacks?.closeAll();
      })());
    },
  };
}
