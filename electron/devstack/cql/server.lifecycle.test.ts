// Options validation, idempotent close, host id persistence and engine hand-off, with a fake engine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CqlEngineOptions, NodeIdentity } from './engine/types';
import { startCqlServer } from './server';
import { createFakeEngine } from './testing/fakeEngine';
import { frame, openRawClient } from './testing/rawCqlClient';

describe('createCqlServer options', () => {
  it.each([
    [{ port: -1 }, /option "port" must be an integer from 0 to 65535/],
    [{ port: 1.5 }, /option "port"/],
    [{ host: '' }, /option "host" must be a non-empty string/],
    [{ dataDir: 42 }, /option "dataDir"/],
    [{ auth: { username: 'u' } }, /option "auth.password"/],
    [{ dataCenter: '' }, /option "dataCenter"/],
    [{ maxFrameBytes: 10 }, /option "maxFrameBytes" must be an integer from 1024/],
    [{ logger: {} }, /option "logger"/],
  ])('rejects %j naming the option', async (options, message) => {
    await expect(startCqlServer(options as never, async (o) => createFakeEngine(o.node))).rejects.toThrow(message);
  });
});

describe('CQL server lifecycle', () => {
  it('gives the engine the real port and a host id that survives a restart on the same data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cql-life-'));
    try {
      const seen: NodeIdentity[] = [];
      const factory = async (o: CqlEngineOptions) => {
        expect(o.dataDir).toBe(dataDir);
        return createFakeEngine(() => {
          const n = o.node();
          seen.push(n);
          return n;
        });
      };
      const first = await startCqlServer({ port: 0, dataDir }, factory);
      const c = await openRawClient(first.port);
      c.write(
        frame(4, 0, 0x01, Buffer.from([0, 1, 0, 11, ...Buffer.from('CQL_VERSION'), 0, 5, ...Buffer.from('3.0.0')])),
      );
      await c.next();
      c.write(frame(4, 1, 0x07, Buffer.from([0, 0, 0, 26, ...Buffer.from('SELECT * FROM system.local'), 0, 1, 0])));
      await c.next();
      await c.close();
      await first.close();
      const second = await startCqlServer({ port: 0, dataDir, dataCenter: 'dc9' }, factory);
      const c2 = await openRawClient(second.port);
      c2.write(
        frame(4, 0, 0x01, Buffer.from([0, 1, 0, 11, ...Buffer.from('CQL_VERSION'), 0, 5, ...Buffer.from('3.0.0')])),
      );
      await c2.next();
      c2.write(frame(4, 1, 0x07, Buffer.from([0, 0, 0, 26, ...Buffer.from('SELECT * FROM system.local'), 0, 1, 0])));
      await c2.next();
      await c2.close();
      await second.close();
      expect(seen[0]?.port).toBe(first.port);
      expect(seen[1]?.port).toBe(second.port);
      expect(seen[1]?.dataCenter).toBe('dc9');
      expect(seen[0]?.hostId).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen[1]?.hostId).toBe(seen[0]?.hostId);
      expect(seen[0]).toMatchObject({
        address: '127.0.0.1',
        rack: 'rack1',
        releaseVersion: expect.stringMatching(/^5\.0\./),
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('closes connections and the engine once, however often close is called', async () => {
    let engineCloses = 0;
    const server = await startCqlServer({ port: 0 }, async (o) => {
      const engine = createFakeEngine(o.node);
      return { ...engine, close: async () => void engineCloses++ };
    });
    const c = await openRawClient(server.port);
    c.write(frame(4, 0, 0x05));
    await c.next();
    await Promise.all([server.close(), server.close()]);
    await server.close();
    await c.closed;
    expect(engineCloses).toBe(1);
  });

  it('closes the engine when the port is taken', async () => {
    const holder = await startCqlServer({ port: 0 }, async (o) => createFakeEngine(o.node));
    let closed = false;
    await expect(
      startCqlServer({ port: holder.port }, async (o) => ({
        ...createFakeEngine(o.node),
        close: async () => void (closed = true),
      })),
    ).rejects.toThrow(/EADDRINUSE/);
    expect(closed).toBe(true);
    await holder.close();
  });
});
