import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildApi, createWsTransport, type WebSocketLike } from '../../shared/ipc';
import { createInProcessBackend, type CoreBackend } from '../backend';
import { createFakeCore } from './fakeCore';
import { startWebHost, type WebHost } from './index';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: { host?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'us-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Userstream</title>');
  const core = createFakeCore({ tickMs: 50, seedUsers: 25 });
  const host = await startWebHost({
    backend: createInProcessBackend({ core, host: 'web' }),
    rendererDir: dir,
    port: 0,
    ...options,
  });
  cleanups.push(
    () => core.close(),
    () => host.close(),
  );
  return { host, core, dir };
}

function connect(host: WebHost, origin = `http://127.0.0.1:${host.port}`, token = host.token) {
  const transport = createWsTransport({
    url: `ws://127.0.0.1:${host.port}/api?token=${token}`,
    createSocket: (url) => new WebSocket(url, { origin }) as unknown as WebSocketLike,
  });
  cleanups.push(() => transport.close());
  return buildApi(transport);
}

function rawUpgrade(port: number, headers: Record<string, string>, path: string): Promise<number> {
  return new Promise((done) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    ws.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      done(101);
    });
    ws.on('error', () => undefined);
  });
}

describe('startWebHost', () => {
  it('serves the renderer and prints a loopback URL with a token', async () => {
    const { host } = await setup();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('Userstream');
    expect((await fetch(`http://127.0.0.1:${host.port}/..%2F..%2Fetc%2Fpasswd`)).status).toBeGreaterThanOrEqual(400);
  });

  it('answers the contract over the socket, the same api shape as Electron', async () => {
    const { host } = await setup();
    const api = connect(host);
    const status = await api.pipeline.status();
    expect(status.ok && status.value.state).toBe('running');
    const page = await api.users.page({ pageSize: 10, pageState: null });
    expect(page.ok && page.value.rows).toHaveLength(10);
    const bad = await api.users.page({ pageSize: -1, pageState: null });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const info = await api.app.info();
    expect(info.ok && info.value.host).toBe('web');
  });

  it('streams events batched', async () => {
    const { host } = await setup();
    const api = connect(host);
    const seen: number[] = [];
    api.pipeline.onMetrics((m) => seen.push(m.at));
    await expect.poll(() => seen.length, { timeout: 5000 }).toBeGreaterThan(2);
    expect(host.stats().eventFrames).toBeGreaterThan(0);
  });

  it('refuses sockets without the token, from another origin or for another host name', async () => {
    const { host } = await setup();
    const origin = `http://127.0.0.1:${host.port}`;
    expect(await rawUpgrade(host.port, { Origin: origin }, `/api?token=${host.token}`)).toBe(101);
    expect(await rawUpgrade(host.port, { Origin: origin }, '/api?token=wrong')).toBe(403);
    expect(await rawUpgrade(host.port, { Origin: 'http://evil.example' }, `/api?token=${host.token}`)).toBe(403);
    expect(
      await rawUpgrade(
        host.port,
        { Origin: 'http://evil.example:80', Host: `evil.example:${host.port}` },
        `/api?token=${host.token}`,
      ),
    ).toBe(403);
  });

  it('bound to every interface: the printed URL, the host name and the loopback names open a socket', async () => {
    const { host } = await setup({ host: '0.0.0.0' });
    const printed = new URL(host.url);
    const upgrade = (name: string) =>
      rawUpgrade(
        host.port,
        { Host: `${name}:${host.port}`, Origin: `http://${name}:${host.port}` },
        `/api?token=${host.token}`,
      );
    // Before: the host accepted only "0.0.0.0:port", so the URL it printed (127.0.0.1) answered 403.
    expect(await upgrade(printed.hostname)).toBe(101);
    expect(await upgrade('localhost')).toBe(101);
    expect(await upgrade(hostname().toLowerCase())).toBe(101);
    expect(host.remoteUrls.length).toBeGreaterThan(0);
    for (const url of host.remoteUrls) expect(await upgrade(new URL(url).hostname)).toBe(101);
    expect(await upgrade('evil.example')).toBe(403);
    const api = connect(host);
    expect(await api.app.info()).toMatchObject({ ok: true, value: { host: 'web' } });
  });

  it('answers a flood past 256 waiting requests with busy, and a backend that throws as data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'us-web-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const stuck: (() => void)[] = [];
    const backend: CoreBackend = {
      invoke: (channel) =>
        channel === 'app:info'
          ? Promise.reject(new Error('a bug below the contract'))
          : new Promise((done) => stuck.push(() => done({ ok: true, value: null }))),
      onEvent: () => () => undefined,
      exportToFile: async () => ({ ok: false, error: { code: 'internal', message: 'not here', retriable: false } }),
      exportStream: async () => ({ ok: false, error: { code: 'internal', message: 'not here', retriable: false } }),
      autoStart: async () => undefined,
      close: async () => undefined,
    };
    const host = await startWebHost({ backend, rendererDir: dir, autoStart: false });
    cleanups.push(() => host.close());
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, {
      origin: `http://127.0.0.1:${host.port}`,
    });
    const answers: { id: number; result: { ok: boolean; error?: { code: string } } }[] = [];
    ws.on('message', (data: Buffer) => answers.push(JSON.parse(data.toString()) as (typeof answers)[number]));
    await new Promise((open) => ws.once('open', open));
    for (let id = 1; id <= 300; id++) ws.send(JSON.stringify({ id, channel: 'pipeline:status' }));
    ws.send(JSON.stringify({ id: 301, channel: 'app:info' }));
    await expect.poll(() => answers.length).toBe(45);
    expect(answers.slice(0, 44).every((a) => a.result.error?.code === 'busy' && a.id > 256)).toBe(true);
    expect(answers[44]).toMatchObject({ id: 301, result: { ok: false, error: { code: 'busy' } } });
    stuck.splice(0).forEach((release) => release());
    await expect.poll(() => answers.length).toBe(301);
    ws.send(JSON.stringify({ id: 302, channel: 'app:info' }));
    await expect
      .poll(() => answers.at(-1))
      .toMatchObject({
        id: 302,
        result: { ok: false, error: { code: 'internal', message: 'a bug below the contract' } },
      });
    ws.close();
  });

  it('validates its options', async () => {
    const core = createFakeCore();
    cleanups.push(() => core.close());
    await expect(
      startWebHost({ backend: createInProcessBackend({ core, host: 'web' }), rendererDir: '/nonexistent' }),
    ).rejects.toThrow(/rendererDir/);
  });
});
