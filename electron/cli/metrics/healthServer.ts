import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Readiness } from '../../../shared/readiness';

/** Options of `startHealthServer`. */
export interface HealthServerOptions {
  host: string;
  /** 0 = any free port (the returned address says which). */
  port: number;
  registry: Registry;
  readiness(): Readiness;
}

/** The metrics and health endpoints of a running worker. */
export interface HealthServer {
  /** `http://host:port`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `/metrics` (Prometheus text), `/healthz` (the process answers) and `/readyz` (200 while consuming, 503 with
 * the reason as text otherwise) with node:http: three read-only routes need no framework.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const text = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed\n');
    if (path === '/healthz') return text(200, 'ok\n');
    if (path === '/readyz') {
      const r = options.readiness();
      return text(r.ready ? 200 : 503, `${r.reason}\n`);
    }
    if (path === '/metrics') {
      options.registry.metrics().then(
        (body) => text(200, body, options.registry.contentType),
        (error: unknown) => text(500, `${error instanceof Error ? error.message : String(error)}\n`),
      );
      return;
    }
    text(404, 'not found: try /metrics, /healthz or /readyz\n');
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
