// Random and mutated bytes at the socket cost only the connection that sent them: a well-behaved driver on the same
// server keeps working throughout, and nothing escapes as an uncaught exception (vitest fails the run on those).
import cassandra from 'cassandra-driver';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCqlServer, type CqlServer } from './server';
import { createFakeEngine } from './testing/fakeEngine';
import { frame, longString, openRawClient, stringMap } from './testing/rawCqlClient';

let server: CqlServer;
let client: cassandra.Client;

beforeAll(async () => {
  server = await startCqlServer({ port: 0, maxFrameBytes: 64 * 1024 }, async (o) => createFakeEngine(o.node));
  client = new cassandra.Client({ contactPoints: [`127.0.0.1:${server.port}`], localDataCenter: 'datacenter1' });
  await client.execute('CREATE KEYSPACE fuzz WITH replication = {}');
  await client.execute('USE fuzz');
});

afterAll(async () => {
  await client.shutdown();
  await server.close();
});

const valid: Buffer[] = [
  frame(4, 0, 0x01, stringMap({ CQL_VERSION: '3.0.0' })),
  frame(4, 1, 0x05),
  frame(4, 2, 0x07, Buffer.concat([longString('SELECT * FROM system.local'), Buffer.from([0, 1, 0x25, 0, 0])])),
  frame(4, 3, 0x09, longString('INSERT INTO kv (k, v) VALUES (?, ?)')),
  frame(4, 4, 0x0b, Buffer.from([0, 1, 0, 13, ...Buffer.from('SCHEMA_CHANGE')])),
  frame(4, 5, 0x0d, Buffer.from([0, 0, 1, 0, 0, 0, 0, 1, 65, 0, 0, 0, 1, 0])),
];

async function throwAt(bytes: Buffer): Promise<void> {
  const c = await openRawClient(server.port);
  c.write(bytes);
  // Wait for the server's reaction (an answer or a close), bounded because some inputs are just incomplete frames.
  await Promise.race([c.closed, c.next(), new Promise((resolve) => setTimeout(resolve, 20))]);
  await c.close();
}

describe('fuzzed frames', () => {
  it('survives random and mutated bytes while the driver keeps reading and writing', async () => {
    let k = 0;
    const mutated = fc
      .tuple(
        fc.constantFrom(...valid),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      )
      .map(([base, edits]) => {
        const copy = Buffer.from(base);
        for (const [at, byte] of edits) copy[at % copy.length] = byte;
        return copy;
      });
    const prefixed = fc
      .tuple(fc.constantFrom(...valid), fc.uint8Array({ maxLength: 300 }))
      .map(([start, rest]) => Buffer.concat([valid[0] as Buffer, start, Buffer.from(rest)]));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
          mutated,
          prefixed,
        ),
        async (bytes) => {
          await throwAt(bytes);
          k++;
          await client.execute('INSERT INTO kv (k, v) VALUES (?, ?)', [k, `v${k}`], { prepare: true });
        },
      ),
      { numRuns: 300 },
    );
    const rows = await client.execute('SELECT k, v FROM kv', [], { prepare: true });
    expect(rows.rowLength).toBe(k);
  });
});
