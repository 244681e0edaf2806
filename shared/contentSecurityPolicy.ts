// The renderer's Content-Security-Policy, built in one place for every host that serves it (Electron's app:// handler,
// the browser-mode server, the page's own meta tag), so they cannot drift apart.

/** How the policy reaches the page: a response header, or the page's `<meta http-equiv>` (which ignores framing rules). */
export type CspDelivery = 'header' | 'meta';

/** Options of `rendererCsp`. */
export interface RendererCspOptions {
  delivery?: CspDelivery;
  /** Exact origins the page may also connect to (e.g. `wss://host:443`); its own origin ('self') always can. */
  connect?: readonly string[];
}

/** One exact origin: scheme, host and optional port; no path, no wildcard. */
const ORIGIN = /^(https?|wss?):\/\/(\[[0-9a-f:.]+\]|[a-z0-9-]+(\.[a-z0-9-]+)*)(:\d{1,5})?$/i;

/**
 * The renderer's policy: its own scripts only (no eval, no inline), styles from itself (React sets inline styles),
 * pictures from itself, data: and https (the users' pictures), connections to its own origin (the browser mode's
 * WebSocket, the dev server's hot reload) and the named origins only, no plugins, no `<base>`, no form posts, no
 * workers or frames, and (as a header) no framing by others. Throws on a connect source that is not one exact origin (`ws:`, `*`, `https://*.x`).
 */
export function rendererCsp(options: RendererCspOptions = {}): string {
  const connect = options.connect ?? [];
  for (const origin of connect)
    if (!ORIGIN.test(origin)) throw new Error(`rendererCsp: connect source "${origin}" is not one exact origin`);
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'https:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...connect],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['worker-src', "'none'"],
    ['frame-src', "'none'"],
  ];
  if ((options.delivery ?? 'header') === 'header') directives.push(['frame-ancestors', "'none'"]);
  return directives.map((d) => d.join(' ')).join('; ');
}
