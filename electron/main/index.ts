// The Electron main process only wires: ready → core → IPC → window; quit → the same in reverse. Every rule it applies
// lives in a plain module beside it (policy, windowState, secretStore, firstRun, ipcBridge).
import { app, BrowserWindow, safeStorage, screen, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startCoreWorker, type CoreBackend } from '../backend';
import { builtEntries } from '../backend/builtEntries';
import { LOG_FILE } from '../core';
import { consoleLogger } from './consoleLogger';
import { embeddedOnFirstRun } from '../web/firstRun';
import { registerIpc } from './ipcBridge';
import { installMenu } from './menu';
import { APP_CSP, isSafeExternalUrl, navigationDecision, type AppLocation } from './policy';
import { createSafeSecretStore } from './secretStore';
import { createUtilityDevstackLauncher } from './utilityDevstack';
import { fitBounds, loadBounds, saveBounds } from './windowState';

const entries = builtEntries(import.meta.dirname);
const dataDir = process.env.USERSTREAM_DATA_DIR ?? app.getPath('userData');
const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const location: AppLocation = {
  url: rendererUrl ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href,
};
const boundsFile = join(dataDir, 'window.json');

let backend: CoreBackend | null = null;
let closeIpc: (() => void) | null = null;
let window: BrowserWindow | null = null;
let quitting = false;

/** The one guarded way out to the OS browser. */
function openExternal(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

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
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const remember = () => {
    if (!win.isDestroyed()) saveBounds(boundsFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
  };
  win.on('close', remember);
  if (rendererUrl) void win.loadURL(rendererUrl);
  else void win.loadURL(location.url);
  return win;
}

/** Every web contents: no new windows, no navigation away, no webviews, no permissions. */
function lockDown(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      const decision = navigationDecision(url, location);
      if (decision === 'allow') return;
      event.preventDefault();
      if (decision === 'open-external') openExternal(url);
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

async function start(): Promise<void> {
  lockDown();
  const settingsFile = join(dataDir, 'settings.json');
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
    secretStore: createSafeSecretStore({
      file: join(dataDir, 'secrets.json'),
      cipher: safeStorage,
      onUnavailable: () =>
        console.warn('Userstream: the OS offers no encryption; passwords are kept for this run only.'),
    }),
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
