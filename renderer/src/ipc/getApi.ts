import { buildApi, createWsTransport, WIRE_PATH, type Api, type WebSocketLike } from '../../../shared/ipc';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser mode. */
    api?: Api;
  }
}

const TOKEN_KEY = 'userstream.token';

/** Takes the token from `#token=…` once, keeps it for reloads in this tab, and leaves the address bar clean. */
export function readToken(location: Location, storage: Storage): string | null {
  const match = /token=([\w-]+)/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', `${location.pathname}${location.search}#/dashboard`);
    return match[1];
  }
  return storage.getItem(TOKEN_KEY);
}

/**
 * The host api: Electron's preload object when present, otherwise the same contract over the browser-mode WebSocket.
 * `onConnection` reports the socket going up and down (always up under Electron).
 */
export function getApi(onConnection: (connected: boolean) => void): Api {
  if (window.api) {
    onConnection(true);
    return window.api;
  }
  const token = readToken(window.location, window.sessionStorage) ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = createWsTransport({
    url: `${scheme}://${window.location.host}${WIRE_PATH}?token=${encodeURIComponent(token)}`,
    createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    onConnectionChange: onConnection,
  });
  return buildApi(transport);
}
