// Protocol v5 framing on the wire (fake engine): STARTUP unframed, then envelopes in checksummed segments, plain and
// lz4; envelopes larger than a segment both ways; a corrupt segment ends the connection with a clear log line.
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger, LogFields } from '../../../shared/logger';
import { crc24 } from './protocol/segments';
import { startCqlServer, type CqlServer } from './server';
import { createFakeEngine } from './testing/fakeEngine';
import { frame, longString, readError, shortString } from './testing/rawCqlClient';
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
    // USE_BETA (0x10) on a v5 envelope: v5 is not a beta version in Cassandra 4.x/5.0, so the flag changes nothing.
    c.send(frame(5, 3, 0x05, Buffer.alloc(0), 0x10));
    expect(await c.next()).toMatchObject({ stream: 3, opcode: 0x06 });
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

  it('uses the keyspace flag, names a result metadata id in PREPARED, and flags Metadata_changed on EXECUTE', async () => {
    const c = await client(await start());
    c.send(frame(5, 1, 0x07, query("CREATE KEYSPACE md WITH replication = {'class': 'SimpleStrategy'}")));
    await c.next();
    // PREPARE <query><flags: with keyspace><keyspace>: no USE on this connection.
    const flags = Buffer.alloc(4);
    flags.writeInt32BE(0x01);
    c.send(frame(5, 2, 0x09, Buffer.concat([longString('SELECT k, v FROM kv'), flags, shortString('md')])));
    const prepared = (await c.next())?.body as Buffer;
    expect(prepared.readInt32BE(0)).toBe(0x0004);
    const idLength = prepared.readUInt16BE(4);
    const id = prepared.subarray(6, 6 + idLength);
    const metaLength = prepared.readUInt16BE(6 + idLength);
    const metadataId = prepared.subarray(8 + idLength, 8 + idLength + metaLength);
    expect(metadataId.length).toBe(16);
    // EXECUTE <id><result_metadata_id><consistency><int flags: skip_metadata | with keyspace><keyspace>
    const execute = (stream: number, mdId: Buffer): Buffer => {
      const params = Buffer.alloc(6);
      params.writeUInt16BE(1, 0);
      params.writeInt32BE(0x02 | 0x80, 2);
      const len = (b: Buffer): Buffer => Buffer.from([b.length >> 8, b.length & 0xff]);
      return frame(5, stream, 0x0a, Buffer.concat([len(id), id, len(mdId), mdId, params, shortString('md')]));
    };
    c.send(execute(3, metadataId));
    const same = (await c.next())?.body as Buffer;
    expect(same.readInt32BE(4)).toBe(0x0004); // No_metadata, as skip_metadata asked
    c.send(execute(4, Buffer.alloc(16)));
    const changed = (await c.next())?.body as Buffer;
    expect(changed.readInt32BE(4)).toBe(0x0008 | 0x0001); // Metadata_changed with full (global table) metadata
    expect(changed.subarray(14, 30)).toEqual(metadataId);
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
