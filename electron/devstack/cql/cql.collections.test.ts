// Several changes to one collection in one UPDATE or one BATCH (issue 14 §1: they all apply, in order, as Cassandra
// applies them), Cassandra's refusal of two plain settings of one column, and element deletions — through the real
// cassandra-driver over TCP.
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCqlServer, type CqlServer } from './index';

let server: CqlServer;
let client: cassandra.Client;
let id = 0;

beforeAll(async () => {
  server = await createCqlServer({ port: 0 });
  client = new cassandra.Client({
    contactPoints: [`127.0.0.1:${server.port}`],
    localDataCenter: 'datacenter1',
    keyspace: undefined,
  });
  await client.connect();
  await client.execute("CREATE KEYSPACE app WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE app.c (k int PRIMARY KEY, l list<text>, s set<text>, m map<text, int>, v int)');
});

afterAll(async () => {
  await client?.shutdown();
  await server?.close();
});

async function row(k: number) {
  return (await client.execute('SELECT l, s, m, v FROM app.c WHERE k = ?', [k], { prepare: true })).first();
}

async function fresh(): Promise<number> {
  const k = ++id;
  await client.execute("INSERT INTO app.c (k, l, s, m) VALUES (?, ['x'], {'x'}, {'x': 1})", [k], { prepare: true });
  return k;
}

describe('CQL store collection changes (cassandra-driver)', () => {
  it('applies every change to one collection in one UPDATE, in order', async () => {
    const k = await fresh();
    await client.execute("UPDATE app.c SET l = l + ['b'], l = ['a'] + l WHERE k = ?", [k], { prepare: true });
    expect((await row(k)).get('l')).toEqual(['a', 'x', 'b']);
    await client.execute(
      'UPDATE app.c SET l = l + ?, l = l + ?, s = s + ?, s = s - ? WHERE k = ?',
      [['c'], ['d'], ['y', 'z'], ['x'], k],
      { prepare: true },
    );
    const r = await row(k);
    expect(r.get('l')).toEqual(['a', 'x', 'b', 'c', 'd']);
    expect(r.get('s')).toEqual(['y', 'z']);
    await client.execute("UPDATE app.c SET m['a'] = 2, m = m + {'b': 3}, m['x'] = null WHERE k = ?", [k], {
      prepare: true,
    });
    expect((await row(k)).get('m')).toEqual({ a: 2, b: 3 });
  });

  it('refuses a plain setting combined with another change to the same column, as Cassandra does', async () => {
    for (const q of [
      'UPDATE app.c SET v = 1, v = 2 WHERE k = 1',
      "UPDATE app.c SET l = ['a'], l = l + ['b'] WHERE k = 1",
      "UPDATE app.c SET m['a'] = 1, m = {} WHERE k = 1",
    ]) {
      const error = await client.execute(q).then(
        () => null,
        (e: unknown) => e as { code: number; message: string },
      );
      expect(error?.code, q).toBe(0x2000);
      expect(error?.message, q).toMatch(/^Multiple incompatible setting of column [vlm]$/);
    }
  });

  it('applies two appends to one list in one BATCH, prepared and as CQL text', async () => {
    const k = await fresh();
    await client.batch(
      [
        { query: 'UPDATE app.c SET l = l + ? WHERE k = ?', params: [['a'], k] },
        { query: 'UPDATE app.c SET l = l + ? WHERE k = ?', params: [['b'], k] },
        { query: 'UPDATE app.c SET l = ? + l, s = s + ? WHERE k = ?', params: [['z'], ['n'], k] },
        { query: 'UPDATE app.c SET v = ? WHERE k = ?', params: [7, k] },
      ],
      { prepare: true },
    );
    let r = await row(k);
    expect(r.get('l')).toEqual(['z', 'x', 'a', 'b']);
    expect(r.get('s')).toEqual(['n', 'x']);
    expect(r.get('v')).toBe(7);
    await client.execute(
      `BEGIN BATCH UPDATE app.c SET l = l + ['c'] WHERE k = ${k}; UPDATE app.c SET l = l + ['d'] WHERE k = ${k}; ` +
        `DELETE l[0] FROM app.c WHERE k = ${k}; APPLY BATCH`,
    );
    r = await row(k);
    expect(r.get('l')).toEqual(['x', 'a', 'b', 'c', 'd']);
  });

  it('deletes list elements by index, map entries by key and set elements', async () => {
    const k = await fresh();
    await client.execute("UPDATE app.c SET l = l + ['a', 'b'], m = m + {'y': 2}, s = s + {'y'} WHERE k = ?", [k], {
      prepare: true,
    });
    await client.execute('DELETE l[1] FROM app.c WHERE k = ?', [k], { prepare: true });
    await client.execute('DELETE m[?], s[?] FROM app.c WHERE k = ?', ['x', 'y', k], { prepare: true });
    const r = await row(k);
    expect(r.get('l')).toEqual(['x', 'b']);
    expect(r.get('m')).toEqual({ y: 2 });
    expect(r.get('s')).toEqual(['x']);
    await expect(client.execute('DELETE l[5] FROM app.c WHERE k = ?', [k], { prepare: true })).rejects.toThrow(
      'List index 5 out of bound, list has size 2',
    );
    // Index operations address the elements the list had before the statement, as Cassandra's list cells do.
    await client.execute('DELETE l[0], l[0] FROM app.c WHERE k = ?', [k], { prepare: true });
    expect((await row(k)).get('l')).toEqual(['b']);
    await client.execute("UPDATE app.c SET l = ['q'] + l, l[0] = 'w' WHERE k = ?", [k], { prepare: true });
    expect((await row(k)).get('l')).toEqual(['q', 'w']);
    await client.execute('DELETE l[1] FROM app.c WHERE k = ?', [k], { prepare: true });
    expect((await row(k)).get('l')).toEqual(['q']);
  });
});
