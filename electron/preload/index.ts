// The only thing the window gets: `window.api`, built mechanically from the contract. No ipcRenderer, no generic
// invoke, no event objects cross the bridge; a listener receives the payload alone.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi, EVENT_CHANNELS, METHOD_CHANNELS, type IpcResult } from '../../shared/ipc';

const api = buildApi({
  invoke(channel, payload) {
    if (!METHOD_CHANNELS.has(channel))
      return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: channel, retriable: false } });
    return ipcRenderer.invoke(channel, payload) as Promise<IpcResult<unknown>>;
  },
  subscribe(channel, listener) {
    if (!EVENT_CHANNELS.has(channel)) throw new Error(`unknown event channel: ${channel}`);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => ipcRenderer.removeListener(channel, forward);
  },
});

contextBridge.exposeInMainWorld('api', api);
