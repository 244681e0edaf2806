// Frame-level behaviour with a bare socket: version negotiation answers, connection states, limits, concurrency.
import { afterEach, describe, expect, it } from 'vitest';
import { startCqlServer, type CqlServer } from './server';
import { createFakeEngine } from './testing/fakeEngine';
import { frame, longString, openRawClient, readError, stringMap, type RawCqlClient } from './testing/rawCqlClient';

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

async function start(options: Parameters<typeof startCqlServer>[0] = {}): Promise<CqlServer> {
  const server = await startCqlServer({ port: 0, ...options }, async (o) => createFakeEngine(o.node));
  open.push(server);
  return server;
}

async function raw(server: CqlServer): Promise<RawCqlClient> {
  const c = await openRawClient(server.port);
  open.push(c);
  return c;
}

const STARTUP = stringMap({ CQL_VERSION: '3.0.0' });
const queryBody = (q: string) => Buffer.concat([longString(q), Buffer.from([0, 1, 0])]);

describe('CQL wire protocol', () => {
  it.each([
    [0x06, 'v6-beta'],
    [0x42, 'DSE_V2 (cassandra-driver, python-driver)'],
    [0x41, 'DSE_V1'],
  ])('answers a %i STARTUP with a v5 protocol error the driver downgrades on, then closes (%s)', async (version) => {
    const c = await raw(await start());
    c.write(frame(version, 3, 0x01, STARTUP));
    const response = await c.next();
    expect(response).toMatchObject({ version: 0x85, stream: 3, opcode: 0x00 });
    const error = readError((response as { body: Buffer }).body);
    expect(error.code).toBe(0x000a);
    expect(error.message).toBe(
      `Invalid or unsupported protocol version (${version}); supported versions are (3/v3, 4/v4, 5/v5)`,
    );
    await c.closed;
  });

  it('answers a v2 client in its own 8-byte framing', async () => {
    const c = await raw(await start());
    const header = Buffer.from([0x02, 0, 7, 0x01, 0, 0, 0, 0]);
    header.writeInt32BE(STARTUP.length, 4);
    c.write(Buffer.concat([header, STARTUP]));
    const response = await c.next();
    expect(response).toMatchObject({ version: 0x82, stream: 7, opcode: 0x00 });
    expect(readError((response as { body: Buffer }).body).message).toContain('unsupported protocol version (2)');
  });

  it('answers OPTIONS before STARTUP, refuses other messages until STARTUP, then serves', async () => {
    const c = await raw(await start());
    c.write(frame(4, 1, 0x05));
    const supported = await c.next();
    expect(supported).toMatchObject({ version: 0x84, stream: 1, opcode: 0x06 });
    const text = (supported as { body: Buffer }).body.toString('latin1');
    expect(text).toContain('PROTOCOL_VERSIONS');
    expect(text).not.toContain('PRODUCT_TYPE');
    c.write(frame(4, 2, 0x07, queryBody('SELECT * FROM system.local')));
    const early = await c.next();
    expect(readError((early as { body: Buffer }).body)).toEqual({
      code: 0x000a,
      message: 'Unexpected message QUERY, expecting STARTUP or OPTIONS',
    });
    c.write(frame(4, 3, 0x01, STARTUP));
    expect(await c.next()).toMatchObject({ stream: 3, opcode: 0x02 });
    c.write(frame(4, 4, 0x07, queryBody("SELECT * FROM system.local WHERE key='local'")));
    const rows = await c.next();
    expect(rows).toMatchObject({ stream: 4, opcode: 0x08 });
    expect((rows as { body: Buffer }).body.readInt32BE(0)).toBe(2);
  });

  it('refuses an unknown compression in STARTUP, and compressed frames when none was agreed', async () => {
    const server = await start();
    const c = await raw(server);
    c.write(frame(4, 0, 0x01, stringMap({ CQL_VERSION: '3.0.0', COMPRESSION: 'zstd' })));
    const response = await c.next();
    expect(readError((response as { body: Buffer }).body)).toEqual({
      code: 0x000a,
      message: 'Unknown compression algorithm: zstd',
    });
    const d = await raw(server);
    d.write(frame(4, 0, 0x01, STARTUP));
    await d.next();
    d.write(frame(4, 1, 0x05, Buffer.alloc(0), 0x01));
    expect(readError(((await d.next()) as { body: Buffer }).body).message).toContain('no compression was agreed');
    await d.closed;
  });

  it('reads lz4-compressed requests once lz4 is agreed, and answers uncompressed', async () => {
    const c = await raw(await start());
    c.write(frame(4, 0, 0x01, stringMap({ CQL_VERSION: '3.0.0', COMPRESSION: 'lz4' })));
    expect(await c.next()).toMatchObject({ opcode: 0x02 });
    const body = queryBody('SELECT * FROM system.peers');
    // A literal-only LZ4 block: token 0xF0 + extended length, then the bytes.
    const block = Buffer.concat([Buffer.from([0xf0, body.length - 15]), body]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    c.write(frame(4, 2, 0x07, Buffer.concat([size, block]), 0x01));
    const rows = await c.next();
    expect(rows).toMatchObject({ stream: 2, opcode: 0x08, flags: 0 });
  });

  it('answers many in-flight stream ids on one connection', async () => {
    const c = await raw(await start());
    c.write(frame(4, 0, 0x01, STARTUP));
    await c.next();
    const streams = Array.from({ length: 500 }, (_, i) => i * 60);
    c.write(Buffer.concat(streams.map((s) => frame(4, s, 0x07, queryBody('SELECT * FROM system.peers')))));
    const answered: number[] = [];
    for (let i = 0; i < streams.length; i++) {
      const f = await c.next();
      expect(f?.opcode).toBe(0x08);
      answered.push(f?.stream as number);
    }
    expect(answered.sort((a, b) => a - b)).toEqual(streams);
  });

  it('answers a fast request before a slow one sent earlier on the same connection', async () => {
    const c = await raw(await start());
    c.write(frame(4, 0, 0x01, STARTUP));
    await c.next();
    c.write(Buffer.concat([frame(4, 10, 0x07, queryBody('SLEEP 1000')), frame(4, 11, 0x07, queryBody('SLEEP 0'))]));
    expect((await c.next())?.stream).toBe(11);
    expect((await c.next())?.stream).toBe(10);
  });

  it('ends a connection that sends an oversized frame, with a protocol error naming the limit', async () => {
    const server = await start({ maxFrameBytes: 4096 });
    const c = await raw(server);
    c.write(frame(4, 0, 0x01, STARTUP));
    await c.next();
    const header = frame(4, 9, 0x07);
    header.writeInt32BE(10_000_000, 5);
    c.write(header);
    const response = await c.next();
    expect(response?.stream).toBe(9);
    expect(readError((response as { body: Buffer }).body).message).toBe(
      'Request is too big: length 10000000 exceeds maximum allowed length 4096.',
    );
    await c.closed;
    const other = await raw(server);
    other.write(frame(4, 0, 0x05));
    expect(await other.next()).toMatchObject({ opcode: 0x06 });
  });

  it('ends a connection whose message body does not fit its layout', async () => {
    const c = await raw(await start());
    c.write(frame(4, 0, 0x01, STARTUP));
    await c.next();
    c.write(frame(4, 5, 0x07, Buffer.from([0, 0, 0, 100, 65, 65])));
    const response = await c.next();
    expect(response?.stream).toBe(5);
    expect(readError((response as { body: Buffer }).body).message).toMatch(/^Invalid QUERY message: truncated body/);
    await c.closed;
  });
});
