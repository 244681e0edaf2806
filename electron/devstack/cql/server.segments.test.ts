// Protocol v5 framing on the wire (fake engine): STARTUP unframed, then envelopes in checksummed segments, plain and
// lz4; envelopes larger than a segment both ways; a corrupt segment ends the connection with a clear log line.
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger, LogFields } from '../../../shared/logger';
import { crc24 } from './protocol/segments';
import { startCqlServer, type CqlServer } from './server';
import { createFakeEngine } from './testing/fakeEngine';
import { frame, longString, readError } from './testing/rawCqlClient';
import { openSegmentClient, type SegmentClient } from './testing/segmentClient';

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

function capturingLogger(lines: { level: string; fields: LogFields; message: string }[]): Logger {
  const method =
    (level: string) =>
    (a: LogFields | string, message?: string): void => {
      if (typeof a === 'string') lines.push({ level, fields: {}, message: a });
      else lines.push({ level, fields: a, message: message ?? '' });
    };
  const logger: Logger = {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    child: () => logger,
  };
  return logger;
}

async function start(logger?: Logger): Promise<CqlServer> {
  const server = await startCqlServer({ port: 0, logger }, async (o) => createFakeEngine(o.node));
  open.push(server);
  return server;
}

async function client(server: CqlServer, lz4 = false): Promise<SegmentClient> {
  const c = await openSegmentClient(server.port, lz4);
  open.push(c);
  return c;
}

/** v5 QUERY body: query, consistency ONE, [int] flags, optional values. */
function query(q: string, values: Buffer[] = []): Buffer {
  const flags = Buffer.alloc(4);
  flags.writeInt32BE(values.length > 0 ? 0x01 : 0);
  const parts = [longString(q), Buffer.from([0, 1]), flags];
  if (values.length > 0) {
    const n = Buffer.alloc(2);
    n.writeUInt16BE(values.length);
    parts.push(n);
    for (const v of values) {
      const len = Buffer.alloc(4);
      len.writeInt32BE(v.length);
      parts.push(len, v);
    }
  }
  return Buffer.concat(parts);
}

const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

describe('CQL protocol v5 segments', () => {
  it.each([false, true])('answers STARTUP unframed, then speaks in segments (lz4: %s)', async (lz4) => {
    const c = await client(await start(), lz4);
    expect(c.startup).toMatchObject({ version: 0x85, opcode: 0x02 });
    c.send(frame(5, 4, 0x05));
    const supported = await c.next();
    expect(supported).toMatchObject({ version: 0x85, stream: 4, opcode: 0x06 });
    expect(supported?.body.toString('latin1')).toContain('5/v5');
    // Two envelopes in one segment, answered in order of completion on their streams.
    c.send(
      frame(5, 1, 0x07, query("CREATE KEYSPACE seg WITH replication = {'class': 'SimpleStrategy'}")),
      frame(5, 2, 0x07, query('USE seg')),
    );
    const answers = [await c.next(), await c.next()];
    expect(answers.map((a) => a?.opcode)).toEqual([0x08, 0x08]);
  });

  it.each([false, true])('carries envelopes larger than one segment both ways (lz4: %s)', async (lz4) => {
    const c = await client(await start(), lz4);
    c.send(frame(5, 1, 0x07, query("CREATE KEYSPACE big WITH replication = {'class': 'SimpleStrategy'}")));
    c.send(frame(5, 2, 0x07, query('USE big')));
    await c.next();
    await c.next();
    // 300 KB of text that does not compress much: three segments or more each way.
    const value = Buffer.from(
      Array.from({ length: 300_000 }, (_, i) => String.fromCharCode(97 + ((i * 7919) % 26))).join(''),
    );
    c.send(frame(5, 3, 0x07, query('INSERT INTO kv (k, v) VALUES (?, ?)', [int32(1), value])));
    expect(await c.next()).toMatchObject({ stream: 3, opcode: 0x08 });
    // A query string of 200 KB (trailing blanks): one envelope over several incoming segments.
    c.send(frame(5, 4, 0x07, query(`SELECT k, v FROM kv${' '.repeat(200_000)}`)));
    const rows = await c.next();
    expect(rows).toMatchObject({ stream: 4, opcode: 0x08 });
    expect(rows?.body.length).toBeGreaterThan(300_000);
    expect(rows?.body.includes(value)).toBe(true);
  });

  it('ends the connection on a payload CRC mismatch, with an error and a warn line', async () => {
    const lines: { level: string; fields: LogFields; message: string }[] = [];
    const c = await client(await start(capturingLogger(lines)));
    const envelope = frame(5, 1, 0x05);
    const segment = Buffer.alloc(6 + envelope.length + 4);
    segment.writeUIntLE(envelope.length | 0x20000, 0, 3);
    segment.writeUIntLE(crc24(segment, 0, 3), 3, 3);
    envelope.copy(segment, 6);
    segment.writeUInt32LE(0xdeadbeef, 6 + envelope.length);
    c.write(segment);
    const error = await c.next();
    expect(error?.opcode).toBe(0x00);
    expect(readError(error?.body as Buffer)).toMatchObject({ code: 0x000a });
    expect(readError(error?.body as Buffer).message).toMatch(/^CRC mismatch on segment payload/);
    await c.closed;
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'cql server: closing connection',
        fields: expect.objectContaining({ reason: 'corrupt segment' }) as unknown,
      }),
    );
  });

  it('ends the connection on a header CRC mismatch', async () => {
    const lines: { level: string; fields: LogFields; message: string }[] = [];
    const c = await client(await start(capturingLogger(lines)));
    c.write(Buffer.from([9, 0, 2, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    const error = await c.next();
    expect(readError(error?.body as Buffer).message).toMatch(/^CRC mismatch on segment header/);
    await c.closed;
    expect(lines.some((l) => l.level === 'warn' && l.fields.reason === 'corrupt segment header')).toBe(true);
  });
});
