// The Electron window's security rules as plain functions (no electron import), so they are unit-tested here and the
// main process only wires them to events.

/** The Content-Security-Policy of the packaged window: our own code only, no eval, pictures over https. */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** Where the renderer is loaded from: the dev server's origin, or the packaged index.html. */
export interface AppLocation {
  /** e.g. `http://localhost:5173` (dev) or `file:///…/out/renderer/index.html`. */
  url: string;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Whether `url` is the app itself (same dev-server origin, or the same packaged file), ignoring the hash route. */
export function isAppUrl(url: string, app: AppLocation): boolean {
  const target = parse(url);
  const home = parse(app.url);
  if (!target || !home) return false;
  if (home.protocol === 'file:') return target.protocol === 'file:' && target.pathname === home.pathname;
  return target.origin === home.origin;
}

/** IPC is answered only for frames showing the app: a navigated-away or embedded frame gets nothing. */
export function isTrustedSender(frameUrl: string | undefined, app: AppLocation): boolean {
  return typeof frameUrl === 'string' && isAppUrl(frameUrl, app);
}

/** The one way out to the OS browser: plain http(s) links with a host, no credentials, of sane length. */
export function isSafeExternalUrl(url: string): boolean {
  if (url.length > 2048) return false;
  const target = parse(url);
  if (!target) return false;
  return (
    (target.protocol === 'https:' || target.protocol === 'http:') &&
    target.hostname.length > 0 &&
    !target.username &&
    !target.password
  );
}

/** What to do with a navigation: stay (the app's own hash routes) or refuse (and maybe open outside). */
export function navigationDecision(url: string, app: AppLocation): 'allow' | 'open-external' | 'deny' {
  if (isAppUrl(url, app)) return 'allow';
  return isSafeExternalUrl(url) ? 'open-external' : 'deny';
}
