// Fuzz through the whole store: mutated frames and random CQL text reach the real engine's parser over a bare
// socket while a cassandra-driver client keeps writing and reading. Nothing may escape as an uncaught exception
// (vitest fails the run on those) and every acknowledged write must be readable afterwards.
import cassandra from 'cassandra-driver';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';
import { frame, longString, openRawClient, stringMap } from './testing/rawCqlClient';

let server: CqlServer;
let client: cassandra.Client;

beforeAll(async () => {
  server = await createCqlServer({ port: 0, maxFrameBytes: 64 * 1024 });
  client = new cassandra.Client({ contactPoints: [`127.0.0.1:${server.port}`], localDataCenter: 'datacenter1' });
  await client.execute("CREATE KEYSPACE fz WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE fz.t (id int PRIMARY KEY, v text, l list<int>, m map<text, int>)');
  // The driver's own writes go to names the fuzzer's word list cannot spell: random text can (rarely) form
  // `DROP KEYSPACE fz` or `TRUNCATE fz.t`, which the store must execute, not survive.
  await client.execute("CREATE KEYSPACE kept WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE kept.acked (id int PRIMARY KEY, v text)');
});

afterAll(async () => {
  await client?.shutdown();
  await server?.close();
});

const STARTUP = frame(4, 0, 0x01, stringMap({ CQL_VERSION: '3.0.0' }));
const query = (q: string, tail: number[] = [0, 1, 0]) =>
  frame(4, 1, 0x07, Buffer.concat([longString(q), Buffer.from(tail)]));

const cqlWords = fc.constantFrom(
  'SELECT',
  'INSERT',
  'INTO',
  'UPDATE',
  'DELETE',
  'FROM',
  'WHERE',
  'AND',
  'SET',
  'VALUES',
  'IF',
  'NOT',
  'EXISTS',
  'USING',
  'TTL',
  'TIMESTAMP',
  'LIMIT',
  'ORDER',
  'BY',
  'token(id)',
  'IN',
  '(',
  ')',
  ',',
  '?',
  ':x',
  '*',
  '=',
  '>',
  '<=',
  'fz.t',
  't',
  'id',
  'v',
  'l',
  'm',
  '1',
  "'a'",
  '[1,2]',
  "{'k': 1}",
  '-1',
  '2147483648',
  'null',
  ';',
  'CREATE',
  'TABLE',
  'KEYSPACE',
  'DROP',
  'TRUNCATE',
  'BATCH',
  'BEGIN',
  'APPLY',
  'COUNT(*)',
  'ALLOW',
  'FILTERING',
  '"Quoted"',
  'frozen<',
  'list<int>',
  '>',
  'PRIMARY',
  'KEY',
  'WITH',
  'replication',
  '{}',
  'USE',
  'fz',
  '0x00ff',
  'uuid()',
  'now()',
);
const cqlText = fc.array(cqlWords, { maxLength: 14 }).map((w) => w.join(' '));

async function throwAt(bytes: Buffer): Promise<void> {
  const c = await openRawClient(server.port);
  c.write(bytes);
  // Wait for the server's reaction (an answer or a close), bounded because some inputs are incomplete frames.
  await Promise.race([c.closed, c.next(), new Promise((resolve) => setTimeout(resolve, 50))]);
  await c.close();
}

describe('fuzz through the real engine', () => {
  it('survives random CQL text, mutated frames and random values while the driver keeps working', async () => {
    let k = 0;
    const mutatedQuery = fc
      .tuple(cqlText, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }))
      .map(([q, edits]) => {
        const f = query(q);
        for (const [at, byte] of edits) f[9 + (at % (f.length - 9))] = byte;
        return Buffer.concat([STARTUP, f]);
      });
    const randomValues = fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 })).map(([a, b]) => {
      const values = Buffer.alloc(2 + 8 + a.length + b.length);
      values.writeUInt16BE(2, 0);
      values.writeInt32BE(a.length, 2);
      Buffer.from(a).copy(values, 6);
      values.writeInt32BE(b.length, 6 + a.length);
      Buffer.from(b).copy(values, 10 + a.length);
      return Buffer.concat([STARTUP, query('INSERT INTO fz.t (id, v) VALUES (?, ?)', [0, 1, 0x01, ...values])]);
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
          mutatedQuery,
          cqlText.map((q) => Buffer.concat([STARTUP, query(q)])),
          randomValues,
        ),
        async (bytes) => {
          await throwAt(bytes);
          k++;
          await client.execute('INSERT INTO kept.acked (id, v) VALUES (?, ?)', [k, `v${k}`], { prepare: true });
        },
      ),
      { numRuns: 300 },
    );
    const back = await client.execute('SELECT id, v FROM kept.acked', [], { fetchSize: 1000 });
    const acked = back.rows.map((r) => ({ id: r.get('id') as number, v: r.get('v') as string }));
    expect(acked.sort((a, b) => a.id - b.id)).toEqual(
      Array.from({ length: k }, (_, i) => ({ id: i + 1, v: `v${i + 1}` })),
    );
  });
});
