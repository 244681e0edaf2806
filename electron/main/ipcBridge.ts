import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { channelName, createEventBatcher, METHOD_CHANNELS, validateRequest, type IpcResult } from '../../shared/ipc';
import type { UsersExportStartView } from '../../shared/ipc/users';
import { exportFileName } from '../../shared/userExport';
import type { UsersExportRequest } from '../../shared/usersJobs';
import type { Logger } from '../../shared/logger';
import type { CoreBackend } from '../backend';
import { isTrustedSender, type AppLocation } from './policy';

/** Options of `registerIpc`. */
export interface IpcBridgeOptions {
  /** The core in its worker thread: requests and events cross to it, the work stays off this event loop. */
  backend: CoreBackend;
  app: AppLocation;
  /** The window(s) to send events to, looked up at send time. */
  targets(): WebContents[];
  logger: Logger;
}

const EXPORT_CHANNEL = channelName('users', 'export');

/** `users:export`: the save dialog picks the file (a renderer never names a path), then the core writes it. */
async function exportWithDialog(
  backend: CoreBackend,
  event: IpcMainInvokeEvent,
  payload: unknown,
): Promise<IpcResult<UsersExportStartView>> {
  const valid = validateRequest(EXPORT_CHANNEL, payload);
  if (!valid.ok) return valid;
  const request = valid.value as UsersExportRequest;
  const options = {
    title: 'Export users',
    defaultPath: exportFileName(request.format, Date.now()).fileName,
    filters: [
      request.format === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'JSON Lines', extensions: ['jsonl'] },
    ],
  };
  const window = BrowserWindow.fromWebContents(event.sender);
  const choice = await (window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options));
  if (choice.canceled || !choice.filePath) return { ok: true, value: { delivery: 'none' } };
  const started = await backend.exportToFile(choice.filePath, request);
  return started.ok ? { ok: true, value: { delivery: 'file', path: choice.filePath, job: started.value } } : started;
}

/**
 * Answers every contract channel with `ipcMain.handle` (sender frame checked, payload validated by the dispatcher) and
 * sends core events to the window batched, at most 10 per second per channel. Returns an idempotent close.
 */
export function registerIpc({ backend, app, targets, logger }: IpcBridgeOptions): () => void {
  for (const channel of METHOD_CHANNELS.keys()) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url, app)) {
        logger.warn({ channel, frame: event.senderFrame?.url }, 'ipc: refused a request from an untrusted frame');
        return { ok: false, error: { code: 'forbidden', message: 'not allowed from this frame', retriable: false } };
      }
      if (channel === EXPORT_CHANNEL) return exportWithDialog(backend, event, payload);
      return backend.invoke(channel, payload);
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
  const unsubscribe = backend.onEvent((channel, payload) => batcher.push(channel, payload));
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    batcher.close();
    for (const channel of METHOD_CHANNELS.keys()) ipcMain.removeHandler(channel);
  };
}
