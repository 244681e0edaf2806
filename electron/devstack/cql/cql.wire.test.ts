// Wire details that drivers rarely exercise, checked with a bare socket against the real engine: prepared ids valid
// on every connection, UNPREPARED with its id, named values in QUERY and BATCH, skip_metadata, paging state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';
import { BodyReader } from './protocol/bodyReader';
import {
  frame,
  longString,
  openRawClient,
  readError,
  shortString,
  stringMap,
  type RawCqlClient,
} from './testing/rawCqlClient';

let server: CqlServer;
const clients: RawCqlClient[] = [];

beforeAll(async () => {
  server = await createCqlServer({ port: 0 });
  const c = await connect();
  await query(c, "CREATE KEYSPACE wire WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await query(c, 'CREATE TABLE wire.t (id int PRIMARY KEY, v text)');
  for (let i = 0; i < 5; i++) await query(c, `INSERT INTO wire.t (id, v) VALUES (${i}, 'v${i}')`);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await server?.close();
});

async function connect(): Promise<RawCqlClient> {
  const c = await openRawClient(server.port);
  clients.push(c);
  c.write(frame(4, 0, 0x01, stringMap({ CQL_VERSION: '3.0.0' })));
  expect((await c.next())?.opcode).toBe(0x02);
  return c;
}

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const value = (b: Buffer) => Buffer.concat([int32(b.length), b]);
const short = (n: number) => Buffer.from([n >> 8, n & 0xff]);

async function query(c: RawCqlClient, q: string, params: Buffer = Buffer.from([0, 1, 0])) {
  c.write(frame(4, 1, 0x07, Buffer.concat([longString(q), params])));
  const f = await c.next();
  if (f?.opcode === 0x00) throw new Error(readError(f.body).message);
  return f as { opcode: number; body: Buffer };
}

const skipTableSpec = (r: BodyReader) => {
  r.string();
  r.string();
};

/** Reads a Rows body: flags, column count, paging state, and the first column of each row as a buffer. */
function rows(body: Buffer) {
  const r = new BodyReader(body);
  expect(r.int()).toBe(2);
  const flags = r.int();
  const columns = r.int();
  const pagingState = flags & 0x02 ? r.bytes() : null;
  if (!(flags & 0x04)) {
    if (flags & 0x01) skipTableSpec(r);
    for (let i = 0; i < columns; i++) {
      if (!(flags & 0x01)) skipTableSpec(r);
      r.string();
      r.short();
    }
  }
  const count = r.int();
  const firsts: (Buffer | null)[] = [];
  for (let i = 0; i < count; i++) {
    firsts.push(r.bytes());
    for (let j = 1; j < columns; j++) r.bytes();
  }
  return { flags, columns, pagingState, firsts };
}

describe('CQL wire details on the real engine', () => {
  it('accepts a prepared id on a connection other than the one that prepared it, and names unknown ids', async () => {
    const a = await connect();
    a.write(frame(4, 3, 0x09, longString('SELECT v FROM wire.t WHERE id = ?')));
    const prepared = new BodyReader(((await a.next()) as { body: Buffer }).body);
    expect(prepared.int()).toBe(4);
    const id = prepared.shortBytes();
    const b = await connect();
    b.write(
      frame(4, 4, 0x0a, Buffer.concat([short(id.length), id, Buffer.from([0, 1, 0x01]), short(1), value(int32(3))])),
    );
    const result = (await b.next()) as { opcode: number; body: Buffer };
    expect(result.opcode).toBe(0x08);
    expect(rows(result.body).firsts.map((v) => v?.toString())).toEqual(['v3']);
    const unknown = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    b.write(frame(4, 5, 0x0a, Buffer.concat([short(16), unknown, Buffer.from([0, 1, 0])])));
    const error = ((await b.next()) as { body: Buffer }).body;
    expect(readError(error).code).toBe(0x2500);
    const r = new BodyReader(error, 4);
    r.string();
    expect(r.shortBytes().toString('hex')).toBe(unknown.toString('hex'));
  });

  it('binds named values in QUERY (flag 0x40) and in BATCH', async () => {
    const c = await connect();
    await query(
      c,
      'INSERT INTO wire.t (id, v) VALUES (:id, :v)',
      Buffer.concat([
        Buffer.from([0, 1, 0x41]),
        short(2),
        shortString('v'),
        value(Buffer.from('named')),
        shortString('id'),
        value(int32(10)),
      ]),
    );
    const batch = Buffer.concat([
      Buffer.from([0]),
      short(1),
      Buffer.from([0]),
      longString('INSERT INTO wire.t (id, v) VALUES (:id, :v)'),
      short(2),
      shortString('id'),
      value(int32(11)),
      shortString('v'),
      value(Buffer.from('batched')),
      short(1),
      Buffer.from([0x40]),
    ]);
    c.write(frame(4, 6, 0x0d, batch));
    expect((await c.next())?.opcode).toBe(0x08);
    const back = await query(c, 'SELECT v FROM wire.t WHERE id IN (10, 11)');
    expect(
      rows(back.body)
        .firsts.map((v) => v?.toString())
        .sort(),
    ).toEqual(['batched', 'named']);
  });

  it('pages with an opaque state and honours skip_metadata', async () => {
    const c = await connect();
    const seen: string[] = [];
    let state: Buffer | null = null;
    for (let page = 0; page < 10; page++) {
      const flags = 0x04 | 0x02 | (state ? 0x08 : 0);
      const params = Buffer.concat([Buffer.from([0, 1, flags]), int32(2), state ? value(state) : Buffer.alloc(0)]);
      const result = rows((await query(c, 'SELECT id FROM wire.t', params)).body);
      expect(result.flags & 0x04).toBe(0x04);
      expect(result.columns).toBe(1);
      seen.push(...result.firsts.map((v) => String(v?.readInt32BE(0))));
      state = result.pagingState;
      if (!state) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });
});
