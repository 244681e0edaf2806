// The window's pages come from `app://userstream/…`, a privileged scheme answered from the built renderer, instead of
// file:// (where any file on disk is same-origin with the app and no response header, so no header CSP, applies).
// Plain functions over Request/Response (no electron import): index.ts registers them, the tests call them directly.
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { rendererCsp } from '../../shared/contentSecurityPolicy';

export const APP_SCHEME = 'app';
export const APP_HOST = 'userstream';
/** The page the window opens. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** What `protocol.registerSchemesAsPrivileged` gets: a standard, secure origin whose modules load like https ones. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
} as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The file under `rootDir` an app:// URL names (`/` is index.html), or null: another scheme or host, a port or
 * credentials, an undecodable or NUL-carrying path, or one that resolves outside `rootDir` (`..`, encoded slashes).
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return null;
  }
  if (target.protocol !== `${APP_SCHEME}:` || target.hostname.toLowerCase() !== APP_HOST) return null;
  if (target.port || target.username || target.password) return null;
  let path: string;
  try {
    path = decodeURIComponent(target.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path === '' || path === '/') path = '/index.html';
  const root = resolve(rootDir);
  const full = resolve(root, `.${path}`);
  return full.startsWith(root + sep) ? full : null;
}

/** The headers of every answer: the renderer's CSP, no sniffing, no referrer (the page never links out with one). */
export function appResponseHeaders(file: string | null): Record<string, string> {
  return {
    'Content-Type': (file && TYPES[extname(file)]) || 'text/plain; charset=utf-8',
    'Content-Security-Policy': rendererCsp(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** The `protocol.handle` callback: GET of a file under `rootDir`, 404 for anything else. */
export function createAppRequestHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = request.method === 'GET' || request.method === 'HEAD' ? resolveAppFile(rootDir, request.url) : null;
    if (file) {
      try {
        const body = await readFile(file);
        return new Response(request.method === 'HEAD' ? null : body, { headers: appResponseHeaders(file) });
      } catch {
        // missing or a directory: the same answer as a path we refuse
      }
    }
    return new Response('not found', { status: 404, headers: appResponseHeaders(null) });
  };
}
