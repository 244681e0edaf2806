// The messages between an app host and the core's worker thread. Everything is structured-clone data; the contract's
// payloads pass through untouched (the worker validates them, as a host in the same process would).
import type { MessagePort } from 'node:worker_threads';
import type { IpcResult } from '../../shared/ipc';
import type { CoreOptions } from '../core/createCore';
import type { LogFields } from '../../shared/logger';
import type { DevstackLaunchOptions, DevstackProcessOptions } from '../core/devstackHost';
import type { HostKind } from './types';

/** What the worker is started with (`workerData`). */
export interface CoreWorkerData {
  /** The serialisable part of `createCore`'s options. */
  core: Pick<CoreOptions, 'dataDir' | 'env' | 'overrides' | 'settingsFile' | 'embedded' | 'logLevel' | 'version' | 'monitor'>;
  host: HostKind;
  /** Passwords go through the host's secret store (Electron's safeStorage lives on the main thread only). */
  proxySecrets: boolean;
  /** How the worker starts the embedded stack itself (a child process); ignored when `proxyDevstack`. */
  devstack?: DevstackProcessOptions;
  /** The host starts the embedded stack (Electron's utility process can only be forked from the main thread). */
  proxyDevstack?: boolean;
  /** The module to run, for the tsx bootstrap of a source checkout; unused by a built worker. */
  entry?: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The worker asks the host to start (or close) the embedded stack; `id` names the stack in both. */
export type DevstackRequest =
  | { type: 'devstack'; id: number; op: 'start'; options: Omit<DevstackLaunchOptions, 'logger'> }
  | { type: 'devstack'; id: number; op: 'close' };

/** The host's answers about a stack, and the stack's log lines for the core's log. */
export type DevstackAnswer =
  | { type: 'devstack'; id: number; op: 'started'; kafka: string; cql: string }
  | { type: 'devstack'; id: number; op: 'failed'; message: string }
  | { type: 'devstack'; id: number; op: 'closed' }
  | { type: 'devstackLog'; id: number; level: LogLevel; fields: LogFields; message: string };

export type ToWorker =
  | { type: 'invoke'; id: number; channel: string; payload: unknown }
  | { type: 'autoStart'; id: number }
  | { type: 'close'; id: number }
  | { type: 'secret'; id: number; value: string | null; error?: string }
  | DevstackAnswer
  /** Host-only exports: to a file the host's save dialog picked, or as chunks pulled over `port` (portStream.ts). */
  | { type: 'exportFile'; id: number; path: string; request: unknown }
  | { type: 'exportStream'; id: number; request: unknown; port: MessagePort };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'done'; id: number }
  | { type: 'event'; channel: string; payload: unknown }
  /** A line for the host's log (the worker's process guard reports what it survived this way). */
  | { type: 'log'; level: 'warn' | 'error'; message: string; fields: Record<string, unknown> }
  | { type: 'secret'; id: number; op: 'get'; name: string }
  | { type: 'secret'; id: number; op: 'set'; name: string; value: string }
  | DevstackRequest;
