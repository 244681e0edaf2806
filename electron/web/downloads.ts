// Browser-mode exports: the page asks over its token-authorised socket (`users:export`) and gets a one-time URL; the
// GET on it streams the core's chunks straight into the HTTP response with backpressure (the core reads the next page
// only as the browser takes the bytes). A URL works once, within a minute. If the export fails or is cancelled the
// response is cut off mid-way, so the browser marks the download failed instead of keeping a short file.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IpcResult } from '../../shared/ipc';
import type { UsersExportStartView } from '../../shared/ipc/users';
import type { Logger } from '../../shared/logger';
import type { CoreBackend } from '../backend';
import { parseExportRequest } from '../backend/inProcess';
import { WEB_CSP } from './staticFiles';

/** Where download URLs live. */
export const DOWNLOAD_PATH = '/download/';
const TTL_MS = 60_000;
const MAX_PENDING = 16;

/** Mints one-time download URLs and serves them. */
export interface Downloads {
  /** Answers `users:export` from a page: a one-time URL for the browser to fetch. */
  start(payload: unknown): IpcResult<UsersExportStartView>;
  /** Serves `GET /download/<id>`; the caller has checked the Host header. */
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export function createDownloads({ backend, logger }: { backend: CoreBackend; logger: Logger }): Downloads {
  const pending = new Map<string, { request: unknown; expires: number }>();
  const prune = () => {
    const now = Date.now();
    for (const [id, p] of pending) if (p.expires < now) pending.delete(id);
  };
  return {
    start(payload) {
      const parsed = parseExportRequest(payload);
      if (!parsed.ok) return parsed;
      prune();
      if (pending.size >= MAX_PENDING)
        return { ok: false, error: { code: 'busy', message: 'too many exports waiting to start', retriable: true } };
      const id = randomBytes(24).toString('base64url');
      pending.set(id, { request: parsed.value, expires: Date.now() + TTL_MS });
      return { ok: true, value: { delivery: 'download', url: `${DOWNLOAD_PATH}${id}` } };
    },
    async serve(req, res) {
      res.setHeader('Content-Security-Policy', WEB_CSP);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('Cache-Control', 'no-store');
      if (req.method !== 'GET') {
        res.writeHead(405, { Allow: 'GET' }).end();
        return;
      }
      prune();
      const id = (req.url ?? '').slice(DOWNLOAD_PATH.length).split('?')[0] ?? '';
      const entry = pending.get(id);
      pending.delete(id);
      if (!entry) {
        res
          .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
          .end('this download link is used or expired');
        return;
      }
      const started = await backend.exportStream(entry.request);
      if (!started.ok) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end(started.error.message);
        return;
      }
      const { fileName, contentType, chunks } = started.value;
      res.writeHead(200, {
        'Content-Type': contentType,
        'Content-Disposition': `attachment; filename="${fileName}"`,
      });
      try {
        await pipeline(Readable.from(chunks, { objectMode: false }), res);
      } catch (error) {
        // pipeline has destroyed the response: the browser sees a failed download, never a short "complete" file.
        logger.info(
          { err: error instanceof Error ? error.message : String(error) },
          'web: export download ended early',
        );
      }
    },
  };
}
