import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { createDispatcher, createEventBatcher, METHOD_CHANNELS } from '../../shared/ipc';
import type { Logger } from '../../shared/logger';
import type { Core } from '../core/types';
import { createCoreHandlers, forwardCoreEvents } from '../web/coreHandlers';
import { isTrustedSender, type AppLocation } from './policy';

/** Options of `registerIpc`. */
export interface IpcBridgeOptions {
  core: Core;
  app: AppLocation;
  /** The window(s) to send events to, looked up at send time. */
  targets(): WebContents[];
  logger: Logger;
}

/**
 * Answers every contract channel with `ipcMain.handle` (sender frame checked, payload validated by the dispatcher) and
 * sends core events to the window batched, at most 10 per second per channel. Returns an idempotent close.
 */
export function registerIpc({ core, app, targets, logger }: IpcBridgeOptions): () => void {
  const dispatch = createDispatcher(createCoreHandlers({ core, host: 'electron' }));
  for (const channel of METHOD_CHANNELS.keys()) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url, app)) {
        logger.warn({ channel, frame: event.senderFrame?.url }, 'ipc: refused a request from an untrusted frame');
        return { ok: false, error: { code: 'forbidden', message: 'not allowed from this frame', retriable: false } };
      }
      return dispatch(channel, payload);
    });
  }
  const batcher = createEventBatcher({
    intervalMs: 100,
    flush: (frames) => {
      for (const contents of targets()) {
        if (contents.isDestroyed()) continue;
        for (const [channel, payload] of frames) contents.send(channel, payload);
      }
    },
  });
  const unsubscribe = forwardCoreEvents(core, (channel, payload) => batcher.push(channel, payload));
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    batcher.close();
    for (const channel of METHOD_CHANNELS.keys()) ipcMain.removeHandler(channel);
  };
}
