// Consistency levels checked as Cassandra checks them, through cassandra-driver: ANY only for writes, SERIAL and
// LOCAL_SERIAL only for conditional updates (and reads), a conditional update's serial level one of those two.
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';

const { consistencies } = cassandra.types;
let server: CqlServer;
let client: cassandra.Client;

beforeAll(async () => {
  server = await createCqlServer({ port: 0 });
  client = new cassandra.Client({ contactPoints: [`127.0.0.1:${server.port}`], localDataCenter: 'datacenter1' });
  await client.connect();
  await client.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE app.kv (k int PRIMARY KEY, v int)');
});

afterAll(async () => {
  await client?.shutdown();
  await server?.close();
});

describe('CQL store consistency checks (cassandra-driver)', () => {
  it('accepts ANY for writes (cassandra-driver sends ONE for a QUERY or EXECUTE at ANY: see engine/consistency.test.ts)', async () => {
    await client.batch([{ query: 'INSERT INTO app.kv (k, v) VALUES (?, ?)', params: [1, 1] }], {
      consistency: consistencies.any,
      prepare: true,
    });
    const read = await client.execute('SELECT v FROM app.kv WHERE k = 1');
    expect(read.first().get('v')).toBe(1);
  });

  it('allows SERIAL and LOCAL_SERIAL only for conditional updates and reads', async () => {
    for (const consistency of [consistencies.serial, consistencies.localSerial]) {
      for (const prepare of [false, true])
        await expect(
          client.execute('INSERT INTO app.kv (k, v) VALUES (?, ?)', [2, 2], { consistency, prepare }),
        ).rejects.toThrow('You must use conditional updates for serializable writes');
      await expect(
        client.batch([{ query: 'INSERT INTO app.kv (k, v) VALUES (?, ?)', params: [3, 3] }], {
          consistency,
          prepare: true,
        }),
      ).rejects.toThrow('You must use conditional updates for serializable writes');
      await expect(
        client.execute('INSERT INTO app.kv (k, v) VALUES (?, ?) IF NOT EXISTS', [4, 4], { consistency, prepare: true }),
      ).rejects.toThrow(/is not supported as conditional update commit consistency/);
      const read = await client.execute('SELECT v FROM app.kv WHERE k = 1', [], { consistency, prepare: true });
      expect(read.first().get('v')).toBe(1);
    }
    const applied = await client.execute('INSERT INTO app.kv (k, v) VALUES (?, ?) IF NOT EXISTS', [5, 5], {
      prepare: true,
      serialConsistency: consistencies.localSerial,
    });
    expect(applied.wasApplied()).toBe(true);
    await expect(
      client.execute('INSERT INTO app.kv (k, v) VALUES (?, ?) IF NOT EXISTS', [6, 6], {
        prepare: true,
        serialConsistency: consistencies.quorum,
      }),
    ).rejects.toThrow('Invalid consistency for conditional update. Must be one of SERIAL or LOCAL_SERIAL');
  });
});
