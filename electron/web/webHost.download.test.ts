// Browser-mode exports: a one-time URL from the token-authorised socket, the file streamed over HTTP by the host from
// the core's chunks, and a cancelled export cut off mid-way (the browser then marks the download failed).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildApi, createWsTransport, type WebSocketLike } from '../../shared/ipc';
import { createInProcessBackend } from '../backend';
import { createFakeCore } from './fakeCore';
import { startWebHost, type WebHost } from './index';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: { seedUsers: number; scanPageDelayMs?: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'us-dl-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Userstream</title>');
  const core = createFakeCore({ tickMs: 60_000, ...options });
  await core.stop();
  const host = await startWebHost({ backend: createInProcessBackend({ core, host: 'web' }), rendererDir: dir });
  cleanups.push(
    () => core.close(),
    () => host.close(),
  );
  const transport = createWsTransport({
    url: `ws://127.0.0.1:${host.port}/api?token=${host.token}`,
    createSocket: (url) => new WebSocket(url, { origin: `http://127.0.0.1:${host.port}` }) as unknown as WebSocketLike,
  });
  cleanups.push(() => transport.close());
  return { host, api: buildApi(transport) };
}

/** GETs a path; resolves with status, headers, body and whether the body ended normally. */
function get(host: WebHost, path: string, onData?: (text: string) => void) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string; complete: boolean }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path, headers: { host: `127.0.0.1:${host.port}` } });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (text: string) => {
          body += text;
          onData?.(text);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, complete: true }));
        res.on('aborted', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, complete: false }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, complete: false }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('export downloads from the web host', () => {
  it('streams the CSV from a one-time URL: header + one line per user; the URL then is spent', async () => {
    const { host, api } = await setup({ seedUsers: 2500 });
    const started = await api.users.export({ format: 'csv' });
    if (!started.ok || started.value.delivery !== 'download') throw new Error('no download url');
    const url = started.value.url;
    expect(url).toMatch(/^\/download\/[\w-]{32}$/);
    const res = await get(host, url);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="users-.*\.csv"$/);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'id,first_name,last_name,dob,gender,address,postal_code,username,email,phone,registered_date,picture',
    );
    expect(lines).toHaveLength(2500 + 1);
    expect((await get(host, url)).status).toBe(404);
    await expect
      .poll(async () => (await api.users.jobs()).ok && (await api.users.jobs()))
      .toMatchObject({
        value: [{ kind: 'export', state: 'done', rows: 2500 }],
      });
  });

  it('refuses an unknown id, a wrong Host, and a request that fails validation', async () => {
    const { host, api } = await setup({ seedUsers: 10 });
    expect((await get(host, '/download/nope')).status).toBe(404);
    const started = await api.users.export({ format: 'csv' });
    if (!started.ok || started.value.delivery !== 'download') throw new Error('no download url');
    const wrongHost = await new Promise<number>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port: host.port,
        path: started.value.delivery === 'download' ? started.value.url : '',
        headers: { host: 'evil.example:80' },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.end();
    });
    expect(wrongHost).toBe(403);
    const bad = await api.users.export({ format: 'xml' } as never);
    expect(bad.ok).toBe(false);
  });

  it('Cancel cuts the download off mid-way and records the export as cancelled', async () => {
    const { host, api } = await setup({ seedUsers: 5000, scanPageDelayMs: 100 });
    const started = await api.users.export({ format: 'jsonl' });
    if (!started.ok || started.value.delivery !== 'download') throw new Error('no download url');
    let cancelled = false;
    const res = await get(host, started.value.url, () => {
      if (cancelled) return;
      cancelled = true;
      void api.users.jobs().then((jobs) => {
        const running = jobs.ok ? jobs.value.find((j) => j.state === 'running') : undefined;
        if (running) void api.users.cancelJob({ id: running.id });
      });
    });
    expect(res.status).toBe(200);
    expect(res.complete).toBe(false);
    expect(res.body.split('\n').length).toBeLessThan(5000);
    await expect
      .poll(async () => {
        const jobs = await api.users.jobs();
        return jobs.ok ? jobs.value.find((j) => j.kind === 'export')?.state : null;
      })
      .toBe('cancelled');
  });
});
