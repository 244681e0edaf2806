// The Electron shell's security rules as plain functions (no electron import), so they are unit-tested here and the
// main process only wires them to events.
import { APP_ENTRY_URL } from './appProtocol';

/** Where the renderer is loaded from: the app:// page, or (development only) the dev server. */
export interface AppLocation {
  /** e.g. `app://userstream/index.html`, or `http://localhost:5173` in development. */
  url: string;
}

/**
 * The window's webPreferences apart from the preload's path: the renderer gets no Node, runs in Chromium's sandbox in
 * its own JavaScript world apart from the preload, and keeps the same-origin policy; no webviews, no insecure content,
 * no experimental or extra Blink features.
 */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const;

/** Hosts whose https pages open in the OS browser without asking (the Help menu's links). */
export const KNOWN_EXTERNAL_HOSTS: readonly string[] = ['kafka.apache.org', 'cassandra.apache.org'];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The page the window loads: app:// always in a packaged app; in development the dev server named by
 * `ELECTRON_RENDERER_URL`, if it is http(s) on this machine (anything else is ignored).
 */
export function rendererLocation({ packaged, devUrl }: { packaged: boolean; devUrl: string | undefined }): AppLocation {
  const dev = !packaged && devUrl ? parse(devUrl) : null;
  if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:') && LOOPBACK.has(dev.hostname)) {
    return { url: dev.href };
  }
  return { url: APP_ENTRY_URL };
}

/**
 * Whether `url` is the app itself (same scheme and host, ignoring path and hash route). Origins are compared by hand:
 * for a scheme Node does not know (app:) `URL.origin` is "null" for every host.
 */
export function isAppUrl(url: string, app: AppLocation): boolean {
  const target = parse(url);
  const home = parse(app.url);
  if (!target || !home) return false;
  if (home.protocol === 'file:') return target.protocol === 'file:' && target.pathname === home.pathname;
  return (
    target.protocol === home.protocol &&
    target.host.toLowerCase() === home.host.toLowerCase() &&
    !target.username &&
    !target.password
  );
}

/** IPC is answered only for frames showing the app: a navigated-away or embedded frame gets nothing. */
export function isTrustedSender(frameUrl: string | undefined, app: AppLocation): boolean {
  return typeof frameUrl === 'string' && isAppUrl(frameUrl, app);
}

/**
 * What a link out of the app may do: `open` (https to a known host), `confirm` (another http(s) page: the user is asked,
 * shown the address), or `deny` (other schemes such as file:, javascript: or smb:, credentials in the URL, absurd length).
 */
export function externalLinkDecision(url: string): 'open' | 'confirm' | 'deny' {
  if (url.length > 2048) return 'deny';
  const target = parse(url);
  if (!target || target.username || target.password || !target.hostname) return 'deny';
  if (target.protocol === 'https:' && !target.port && KNOWN_EXTERNAL_HOSTS.includes(target.hostname)) return 'open';
  return target.protocol === 'https:' || target.protocol === 'http:' ? 'confirm' : 'deny';
}

/** What to do with a navigation: stay (the app's own routes), hand it to the external-link rules, or refuse. */
export function navigationDecision(url: string, app: AppLocation): 'allow' | 'external' | 'deny' {
  if (isAppUrl(url, app)) return 'allow';
  return externalLinkDecision(url) === 'deny' ? 'deny' : 'external';
}

/**
 * Whether safeStorage really encrypts. Linux's `basic_text` backend (no keyring found) encrypts with a key written in
 * Chromium's source, so it protects nothing: passwords then stay in memory for this run, as when nothing is available.
 */
export function keychainEncryption({
  platform,
  available,
  backend,
}: {
  platform: NodeJS.Platform;
  available: boolean;
  /** `safeStorage.getSelectedStorageBackend()` (Linux only). */
  backend: string | undefined;
}): { ok: true } | { ok: false; reason: string } {
  if (!available) return { ok: false, reason: 'the OS offers no encryption' };
  if (platform === 'linux' && (backend === 'basic_text' || backend === 'unknown'))
    return { ok: false, reason: `no OS keyring (safeStorage backend "${backend}" has a fixed key)` };
  return { ok: true };
}
