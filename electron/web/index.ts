import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { channelName, createEventBatcher, WIRE_MAX_BYTES, WIRE_PATH, type WireMessage } from '../../shared/ipc';
import { silentLogger, type Logger } from '../../shared/logger';
import type { CoreBackend } from '../backend';
import { servedNames } from './hostNames';
import { relayRequests } from './requestRelay';
import { createDownloads, DOWNLOAD_PATH } from './downloads';
import { serveStatic } from './staticFiles';

/** Options of `startWebHost`. */
export interface WebHostOptions {
  /** The contract's answers: a core in a worker thread (`startCoreWorker`) or in process (tests). */
  backend: CoreBackend;
  /** Interface to listen on; loopback by default. */
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  logger?: Logger;
  /** Fixed token, for tests; random per run otherwise. */
  token?: string;
  /** Event flush interval (default 100 ms: at most 10 frames a second). */
  eventIntervalMs?: number;
  /** Start the pipeline (and, on the embedded stack, the demo producer) once listening; default true. */
  autoStart?: boolean;
}

/** The running browser-mode host. */
export interface WebHost {
  /** Open this in a browser on this machine; it carries the session token. */
  url: string;
  /** The same for other machines, by host name and interface address (empty when bound to loopback). */
  remoteUrls: string[];
  port: number;
  token: string;
  /** Frames of events sent so far (for the bench). */
  stats(): { eventFrames: number; clients: number };
  close(): Promise<void>;
}

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const EXPORT_CHANNEL = channelName('users', 'export');

/**
 * Serves the built renderer over http and the IPC contract over a WebSocket at `/api`, so the same renderer runs in a
 * plain browser. The socket requires the per-run token, a Host we listen on (against DNS rebinding) and an Origin equal
 * to our own address; every frame is checked before the core sees it (`relayRequests`); events go out batched, at most
 * one frame per interval.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  if (!options.backend) throw new Error('startWebHost: options.backend is required');
  if (typeof options.rendererDir !== 'string' || !existsSync(join(options.rendererDir, 'index.html'))) {
    throw new Error(
      `startWebHost: options.rendererDir has no index.html (${String(options.rendererDir)}); run "npm run build" first`,
    );
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('startWebHost: options.port must be 0-65535');
  const logger = options.logger ?? silentLogger;
  const token = options.token ?? randomBytes(24).toString('base64url');
  const { backend } = options;
  const clients = new Set<WebSocket>();
  let eventFrames = 0;

  const downloads = createDownloads({ backend, logger });
  /** What sockets talk to: the core, except `users:export`, which is ours (a one-time URL; the core streams on GET). */
  const relayed: CoreBackend = {
    ...backend,
    invoke: (channel, payload) =>
      channel === EXPORT_CHANNEL ? Promise.resolve(downloads.start(payload)) : backend.invoke(channel, payload),
  };
  const server = createServer((req, res) => {
    if ((req.url ?? '').startsWith(DOWNLOAD_PATH)) {
      // The one-time id was handed out over the token-authorised socket; the Host check stops DNS rebinding.
      if (!names.hosts.has((req.headers.host ?? '').toLowerCase())) {
        res.writeHead(403).end();
        return;
      }
      void downloads.serve(req, res);
      return;
    }
    void serveStatic(options.rendererDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: WIRE_MAX_BYTES });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ready());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const names = servedNames(host, actualPort);

  const allowed = (req: IncomingMessage): string | null => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== WIRE_PATH) return 'wrong path';
    if (!sameToken(url.searchParams.get('token') ?? '', token)) return 'bad token';
    const hostHeader = req.headers.host ?? '';
    if (!names.hosts.has(hostHeader.toLowerCase())) return `host ${hostHeader} not served here`;
    if (req.headers.origin !== `http://${hostHeader}`) return `origin ${String(req.headers.origin)} not allowed`;
    return null;
  };

  server.on('upgrade', (req, socket, head) => {
    const refused = allowed(req);
    if (refused) {
      logger.warn({ reason: refused }, 'web: refused a WebSocket');
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    // Oversized frames (1009) and invalid UTF-8 (1007) close that socket with an error; only that socket.
    ws.on('error', (error) => logger.warn({ err: error.message }, 'web: socket error'));
    relayRequests(ws, { backend: relayed, logger });
  });

  const batcher = createEventBatcher({
    intervalMs: options.eventIntervalMs ?? 100,
    flush: (events) => {
      eventFrames++;
      const frame = JSON.stringify({ events } satisfies WireMessage);
      for (const ws of clients) {
        // A client that can't keep up skips frames rather than growing our memory; the next frame brings it current.
        if (ws.readyState === ws.OPEN && ws.bufferedAmount < 4 * 1024 * 1024) ws.send(frame);
      }
    },
  });
  const unsubscribe = backend.onEvent((channel, payload) => batcher.push(channel, payload));

  if (options.autoStart !== false) void backend.autoStart();

  const urlOf = (name: string) => `http://${name}:${actualPort}/#token=${token}`;
  const url = urlOf(names.local);
  logger.info({ url: url.replace(token, '…') }, 'web: serving');
  let closing: Promise<void> | null = null;
  return {
    url,
    remoteUrls: names.remote.map(urlOf),
    port: actualPort,
    token,
    stats: () => ({ eventFrames, clients: clients.size }),
    close() {
      return (closing ??= (async () => {
        unsubscribe();
        batcher.close();
        for (const ws of clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((done) => server.close(() => done()));
      })());
    },
  };
}

export { embeddedOnFirstRun } from './firstRun';
