// The messages between an app host and the core's worker thread. Everything is structured-clone data; the contract's
// payloads pass through untouched (the worker validates them, as a host in the same process would).
import type { IpcResult } from '../../shared/ipc';
import type { CoreOptions } from '../core/createCore';
import type { DevstackProcessOptions } from '../core/devstackHost';
import type { HostKind } from './types';

/** What the worker is started with (`workerData`). */
export interface CoreWorkerData {
  /** The serialisable part of `createCore`'s options. */
  core: Pick<CoreOptions, 'dataDir' | 'env' | 'overrides' | 'settingsFile' | 'embedded' | 'logLevel' | 'version'>;
  host: HostKind;
  /** Passwords go through the host's secret store (Electron's safeStorage lives on the main thread only). */
  proxySecrets: boolean;
  devstack?: DevstackProcessOptions;
  /** The module to run, for the tsx bootstrap; unused by a bundled worker. */
  entry?: string;
}

export type ToWorker =
  | { type: 'invoke'; id: number; channel: string; payload: unknown }
  | { type: 'autoStart'; id: number }
  | { type: 'close'; id: number }
  | { type: 'secret'; id: number; value: string | null; error?: string };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'done'; id: number }
  | { type: 'event'; channel: string; payload: unknown }
  | { type: 'secret'; id: number; op: 'get'; name: string }
  | { type: 'secret'; id: number; op: 'set'; name: string; value: string };
