// The Electron main process only wires: ready → core → IPC → window; quit → the same in reverse. Every rule it applies
// lives in a plain module beside it (policy, appProtocol, windowState, secretStore, firstRun, ipcBridge); lockDown.ts
// attaches the security rules to Electron's hooks.
import { app, BrowserWindow, safeStorage, screen } from 'electron';
import { dirname, join } from 'node:path';
import { startCoreWorker, type CoreBackend } from '../backend';
import { builtEntries } from '../backend/builtEntries';
import { LOG_FILE } from '../core';
import { consoleLogger } from './consoleLogger';
import { embeddedOnFirstRun } from '../web/firstRun';
import { registerIpc } from './ipcBridge';
import { installMenu } from './menu';
import { createExternalOpener, lockDown, registerAppScheme } from './lockDown';
import { keychainEncryption, rendererLocation, SECURE_WEB_PREFERENCES } from './policy';
import { createSafeSecretStore } from './secretStore';
import { createUtilityDevstackLauncher } from './utilityDevstack';
import { fitBounds, loadBounds, saveBounds } from './windowState';

const entries = builtEntries(import.meta.dirname);
const dataDir = process.env.USERSTREAM_DATA_DIR ?? app.getPath('userData');
// ELECTRON_RENDERER_URL (electron-vite's dev server) counts only in an unpackaged app, and only on this machine.
const location = rendererLocation({ packaged: app.isPackaged, devUrl: process.env.ELECTRON_RENDERER_URL });
const boundsFile = join(dataDir, 'window.json');

let backend: CoreBackend | null = null;
let closeIpc: (() => void) | null = null;
let window: BrowserWindow | null = null;
let quitting = false;

const openExternalGuarded = createExternalOpener(() => (window && !window.isDestroyed() ? window : null));
const openExternal = (url: string) => void openExternalGuarded(url);

function createWindow(): BrowserWindow {
  const bounds = fitBounds(
    loadBounds(boundsFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Userstream',
    backgroundColor: '#111418',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(import.meta.dirname, '../preload/index.cjs') },
  });
  if (bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const remember = () => {
    if (!win.isDestroyed()) saveBounds(boundsFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
  };
  win.on('close', remember);
  void win.loadURL(location.url);
  return win;
}

async function start(): Promise<void> {
  lockDown({ location, rendererDir: entries.rendererDir, openExternal });
  const settingsFile = join(dataDir, 'settings.json');
  // Passwords go to the OS keychain only when it really encrypts; otherwise the core keeps them for this run, and
  // its settings view says so (secretStorage: 'memory').
  const encryption = keychainEncryption({
    platform: process.platform,
    available: safeStorage.isEncryptionAvailable(),
    backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
  });
  if (!encryption.ok) console.warn(`Userstream: passwords are kept for this run only: ${encryption.reason}.`);
  // The core (pipeline, producer, queries) runs in a worker thread, so this event loop only relays IPC and events.
  backend = await startCoreWorker({
    core: {
      dataDir,
      env: { ...process.env },
      embedded: embeddedOnFirstRun(settingsFile, process.env),
      version: app.getVersion(),
    },
    host: 'electron',
    bundledEntry: entries.coreWorker,
    // The embedded stack runs in a utility process, never on this event loop; only this thread can fork one, so the
    // core's worker asks here when it wants the stack.
    devstackLauncher: createUtilityDevstackLauncher({ script: entries.devstack }),
    logger: consoleLogger({ component: 'core' }),
    ...(encryption.ok
      ? { secretStore: createSafeSecretStore({ file: join(dataDir, 'secrets.json'), cipher: safeStorage }) }
      : {}),
  });
  closeIpc = registerIpc({
    backend,
    app: location,
    targets: () => (window && !window.isDestroyed() ? [window.webContents] : []),
    logger: consoleLogger({ component: 'ipc' }),
  });
  installMenu({ openExternal, logDir: dirname(join(dataDir, LOG_FILE)) });
  window = createWindow();
  await backend.autoStart();
}

/** Reverse order of start: stop listening, then let the core stop the producer, drain the pipeline, close the stack. */
async function shutdown(): Promise<void> {
  closeIpc?.();
  closeIpc = null;
  await backend?.close();
  backend = null;
}

registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (backend && BrowserWindow.getAllWindows().length === 0) window = createWindow();
  });
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    void shutdown().finally(() => app.quit());
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error('Userstream could not start:', error);
    app.exit(1);
  });
}
