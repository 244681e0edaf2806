import type { IpcResult } from '../../shared/ipc';
import type { UsersJob } from '../../shared/usersJobs';

/** An export streamed to the host: pull `chunks` (it asks the core for more only as they are consumed). */
export interface ExportStreamView {
  fileName: string;
  contentType: string;
  /** Stopping early (`return()`, a throw) cancels the export in the core. */
  chunks: AsyncGenerator<Uint8Array, void, undefined>;
}

/** Which app host serves the renderer; `app:info` reports it. */
export type HostKind = 'electron' | 'web';

/**
 * What an app host (the Electron main process, the browser-mode server) talks to: the IPC contract at channel level.
 * The core behind it runs either on the host's own event loop (`createInProcessBackend`, for tests and fakes) or in a
 * worker thread (`startCoreWorker`, what the app uses), so a busy pipeline never stalls the host.
 */
export interface CoreBackend {
  /** Validates `payload` against the contract and answers; never throws, errors come back as data. */
  invoke(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
  /** Every core event as (contract event channel, payload); each kind arrives at most ~10 times a second. */
  onEvent(listener: (channel: string, payload: unknown) => void): () => void;
  /**
   * Host-only, never a renderer's request: the core writes an export to `path` (from the host's save dialog) under a
   * temporary name, renamed when complete. `request` is validated against the contract's export schema.
   */
  exportToFile(path: string, request: unknown): Promise<IpcResult<UsersJob>>;
  /** Host-only: an export as chunks for the host to stream (a browser download). */
  exportStream(request: unknown): Promise<IpcResult<ExportStreamView>>;
  /** What a fresh app start does: start the pipeline and, on the embedded stack, the demo producer. */
  autoStart(): Promise<void>;
  /** Stops the producer, drains the pipeline and stops the embedded stack; idempotent. */
  close(): Promise<void>;
}
