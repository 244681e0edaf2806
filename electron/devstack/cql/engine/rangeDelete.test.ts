// DELETE of clustering ranges through the CqlEngine interface: slices, prefixes, DESC order, what later writes do
// (newer timestamps survive, older stay deleted), and the tombstones kept across a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace, type Session } from './testSupport';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function withTable(ddl: string, dataDir?: string): Promise<Session> {
  const s = await openSession(dataDir ? { dataDir } : {});
  await s.run(simpleKeyspace('ks'));
  await s.run('USE ks');
  await s.run(ddl);
  return s;
}

const cks = async (s: Session, q: string) => (await s.run(q)).rows.map((r) => `${String(r.a)}/${String(r.b)}`);

describe('CQL engine: DELETE of clustering ranges', () => {
  it('deletes slices and prefixes, in either clustering order', async () => {
    const s = await withTable(
      'CREATE TABLE t (k int, a int, b int, v int, PRIMARY KEY (k, a, b)) WITH CLUSTERING ORDER BY (a ASC, b DESC)',
    );
    for (let a = 1; a <= 3; a++)
      for (let b = 1; b <= 4; b++) await s.run(`INSERT INTO t (k, a, b, v) VALUES (1, ${a}, ${b}, 0)`);
    await s.run('DELETE FROM t WHERE k = 1 AND a = 1 AND b > 1 AND b <= 3');
    expect(await cks(s, 'SELECT a, b FROM t WHERE k = 1 AND a = 1')).toEqual(['1/4', '1/1']);
    await s.run('DELETE FROM t WHERE k = 1 AND a = 2');
    await s.run('DELETE FROM t WHERE k = 1 AND a >= 3');
    expect(await cks(s, 'SELECT a, b FROM t WHERE k = 1')).toEqual(['1/4', '1/1']);
    const fail = async (q: string) => (await s.failure(q)).message;
    expect(await fail('DELETE v FROM t WHERE k = 1 AND a > 1')).toBe(
      'Range deletions are not supported for specific columns',
    );
    expect(await fail('DELETE FROM t WHERE k = 1 AND b = 1')).toBe(
      'PRIMARY KEY column "b" cannot be restricted as preceding column "a" is not restricted',
    );
    expect(await fail('DELETE FROM t WHERE k = 1 AND a > 1 IF EXISTS')).toContain(
      'must restrict all PRIMARY KEY columns',
    );
  });

  it('lets later writes with newer timestamps through, keeps older ones deleted, also after replaying the log and a snapshot', async () => {
    // Write timestamps near the clock: tombstones are kept for gc_grace_seconds from theirs.
    const base = BigInt(Date.now()) * 1000n;
    const at = (n: number) => String(base + BigInt(n));
    const dir = mkdtempSync(join(tmpdir(), 'cql-range-'));
    dirs.push(dir);
    let s = await withTable('CREATE TABLE t (k int, a int, b int, v int, PRIMARY KEY (k, a, b))', dir);
    await s.run(`INSERT INTO t (k, a, b, v) VALUES (1, 1, 1, 1) USING TIMESTAMP ${at(100)}`);
    await s.run(`DELETE FROM t USING TIMESTAMP ${at(200)} WHERE k = 1 AND a < 5`);
    await s.run(`INSERT INTO t (k, a, b, v) VALUES (1, 2, 2, 2) USING TIMESTAMP ${at(150)}`);
    await s.run(`INSERT INTO t (k, a, b, v) VALUES (1, 3, 3, 3) USING TIMESTAMP ${at(250)}`);
    await s.run(`INSERT INTO t (k, a, b, v) VALUES (1, 7, 7, 7) USING TIMESTAMP ${at(150)}`);
    expect(await cks(s, 'SELECT a, b FROM t WHERE k = 1')).toEqual(['3/3', '7/7']);
    // As after kill -9: a second engine replays the commit log the first one is still writing.
    const replayed = await openSession({ dataDir: dir });
    await replayed.run('USE ks');
    await replayed.run(`INSERT INTO t (k, a, b, v) VALUES (1, 4, 4, 4) USING TIMESTAMP ${at(150)}`);
    expect(await cks(replayed, 'SELECT a, b FROM t WHERE k = 1')).toEqual(['3/3', '7/7']);
    await s.engine.close();
    s = await openSession({ dataDir: dir });
    await s.run('USE ks');
    expect(await cks(s, 'SELECT a, b FROM t WHERE k = 1')).toEqual(['3/3', '7/7']);
    // The snapshot written at close keeps the tombstone (younger than gc_grace_seconds): late writes stay deleted.
    await s.run(`INSERT INTO t (k, a, b, v) VALUES (1, 4, 1, 4) USING TIMESTAMP ${at(120)}`);
    await s.run(`DELETE FROM t USING TIMESTAMP ${at(300)} WHERE k = 2`);
    await s.engine.close();
    s = await openSession({ dataDir: dir });
    await s.run('USE ks');
    await s.run(`INSERT INTO t (k, a, b, v) VALUES (2, 1, 1, 1) USING TIMESTAMP ${at(290)}`);
    expect(await cks(s, 'SELECT a, b FROM t WHERE k IN (1, 2)')).toEqual(['3/3', '7/7']);
    await s.engine.close();
  });
});
