import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildApi, createWsTransport, type WebSocketLike } from '../../shared/ipc';
import { startCoreWorker, type CoreBackend } from '../backend';
import { startWebHost, type WebHost } from './index';

// The browser-mode host over the real core (in its worker thread) and embedded stack: what `userstream web --embedded`
// runs.
describe('web host over the real core', () => {
  let backend: CoreBackend;
  let host: WebHost;
  const closers: (() => unknown)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('first run: the pipeline and demo producer start by themselves and users arrive over the socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'us-webcore-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Userstream</title>');
    backend = await startCoreWorker({ core: { dataDir: join(dir, 'data'), embedded: true, env: {} }, host: 'web' });
    closers.push(() => backend.close());
    host = await startWebHost({ backend, rendererDir: dir });
    closers.push(() => host.close());
    const transport = createWsTransport({
      url: `ws://127.0.0.1:${host.port}/api?token=${host.token}`,
      createSocket: (url) =>
        new WebSocket(url, { origin: `http://127.0.0.1:${host.port}` }) as unknown as WebSocketLike,
    });
    closers.push(() => transport.close());
    const api = buildApi(transport);
    const users: string[] = [];
    api.pipeline.onUsers((batch) => users.push(...batch.map((u) => u.row.id)));
    await expect.poll(() => users.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const info = await api.app.info();
    expect(info.ok && info.value.embedded).toBe(true);
    const status = await api.pipeline.status();
    expect(status.ok && status.value.state).toBe('running');
    const page = await api.users.page({ pageSize: 5, pageState: null });
    expect(page.ok && page.value.rows.length).toBeGreaterThan(0);
    const producer = await api.producer.status();
    expect(producer.ok && producer.value.running).toBe(true);
  });
});
