import type { IpcResult } from '../../shared/ipc';

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
  /** What a fresh app start does: start the pipeline and, on the embedded stack, the demo producer. */
  autoStart(): Promise<void>;
  /** Stops the producer, drains the pipeline and stops the embedded stack; idempotent. */
  close(): Promise<void>;
}
