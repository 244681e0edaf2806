import { contextBridge } from 'electron';

// Placeholder until the IPC contract lands: exposes an empty, frozen api object.
contextBridge.exposeInMainWorld('api', Object.freeze({}));
