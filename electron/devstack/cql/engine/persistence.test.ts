// Recovery from the data dir: clean close, crash without close, a torn commit-log tail, and snapshots.
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, simpleKeyspace, type Session } from './testSupport';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cql-engine-'));
  dirs.push(d);
  return d;
}

async function seed(s: Session, rows: number): Promise<void> {
  await s.run(simpleKeyspace('ks'));
  await s.run('CREATE TABLE ks.users (id int PRIMARY KEY, name text, tags list<text>)');
  for (let i = 0; i < rows; i++)
    await s.run('INSERT INTO ks.users (id, name, tags) VALUES (?, ?, ?)', [i, `user${i}`, ['a', String(i)]]);
}

/** The commit-log files, oldest first. */
function logs(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^commitlog-\d+\.bin$/.test(f))
    .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]))
    .map((f) => join(dir, f));
}

const ids = async (s: Session) =>
  (await s.run('SELECT id FROM ks.users')).rows.map((r) => r.id as number).sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('CQL engine persistence', () => {
  it('keeps schema and rows across a clean close (snapshot) and reopen', async () => {
    const dataDir = tempDir();
    const first = await openSession({ dataDir });
    await seed(first, 50);
    await first.run('DELETE FROM ks.users WHERE id = 7');
    await first.engine.close();
    await first.engine.close();
    expect(existsSync(join(dataDir, 'snapshot.bin'))).toBe(true);
    const remaining = logs(dataDir);
    expect(remaining).toHaveLength(1);
    expect(statSync(remaining[0] as string).size).toBe(0);

    const second = await openSession({ dataDir });
    expect(await ids(second)).toEqual(range(50).filter((i) => i !== 7));
    expect((await second.run('SELECT name, tags FROM ks.users WHERE id = 42')).rows[0]).toEqual({
      name: 'user42',
      tags: ['a', '42'],
    });
    const cols = await second.run(
      "SELECT column_name, kind FROM system_schema.columns WHERE keyspace_name='ks' AND table_name='users'",
    );
    expect(cols.rows.length).toBe(3);
    await second.engine.close();
  });

  it('recovers every acknowledged write from the commit log without a close (crash)', async () => {
    const dataDir = tempDir();
    const first = await openSession({ dataDir });
    await seed(first, 30);
    await first.run("UPDATE ks.users SET name = 'renamed' WHERE id = 3");
    await first.run('CREATE TABLE ks.events (k int, c int, PRIMARY KEY (k, c))');
    for (const [k, c] of [
      [1, 1],
      [1, 2],
      [2, 1],
    ])
      await first.run('INSERT INTO ks.events (k, c) VALUES (?, ?)', [k, c]);
    await first.run('DELETE FROM ks.events WHERE k = 1');
    await first.run('TRUNCATE ks.users');
    for (let i = 0; i < 30; i++)
      await first.run('INSERT INTO ks.users (id, name) VALUES (?, ?)', [i, i === 3 ? 'renamed' : 'x']);
    // No close: the process "dies" here; the log was written to the OS before each write was answered.
    const second = await openSession({ dataDir });
    expect(await ids(second)).toEqual(range(30));
    expect((await second.run('SELECT name FROM ks.users WHERE id = 3')).rows[0]?.name).toBe('renamed');
    expect((await second.run('SELECT k, c FROM ks.events')).rows).toEqual([{ k: 2, c: 1 }]);
    await second.engine.close();
  });

  it('tolerates a torn tail: keeps the intact records and appends cleanly after them', async () => {
    const dataDir = tempDir();
    const first = await openSession({ dataDir });
    await seed(first, 20);
    const log = logs(dataDir).at(-1) as string;
    const intact = readFileSync(log);
    // A half-written frame (length says 500 bytes, 10 arrive), as kill -9 mid-append leaves it.
    appendFileSync(log, Buffer.from([0, 0, 1, 244, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const second = await openSession({ dataDir });
    expect(await ids(second)).toEqual(range(20));
    expect(statSync(log).size).toBe(intact.length);
    await second.run("INSERT INTO ks.users (id, name) VALUES (100, 'after')");
    const third = await openSession({ dataDir });
    expect(await ids(third)).toEqual([...range(20), 100]);

    // A corrupt frame (bad CRC) ends replay there too.
    const bytes = readFileSync(log);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0xff;
    writeFileSync(log, bytes);
    const fourth = await openSession({ dataDir });
    expect(await ids(fourth)).toEqual(range(20));
    await fourth.engine.close();
  });

  it('snapshots when the log grows, purges deleted and expired rows, and recovers snapshot + log', async () => {
    const dataDir = tempDir();
    let now = Date.UTC(2024, 0, 1);
    const clock = { now: () => now };
    const first = await openSession({ dataDir, clock, compactAtBytes: 4096 });
    await seed(first, 100);
    // Overwrites make most of the log waste, which is what makes a rewrite worth it.
    for (const round of [1, 2])
      for (let i = 0; i < 100; i++) await first.run('UPDATE ks.users SET name = ? WHERE id = ?', [`r${round}`, i]);
    await first.run("INSERT INTO ks.users (id, name) VALUES (500, 'brief') USING TTL 5");
    await first.run('DELETE FROM ks.users WHERE id = 1');
    now += 10_000;
    for (let i = 100; i < 120; i++) await first.run('INSERT INTO ks.users (id, name) VALUES (?, ?)', [i, `user${i}`]);
    await expect.poll(() => existsSync(join(dataDir, 'snapshot.bin'))).toBe(true);
    await expect.poll(() => logs(dataDir).length).toBe(1);
    // The log left beside the snapshot never outgrows it (or the threshold) by more than one turn's writes.
    const snapshotSize = statSync(join(dataDir, 'snapshot.bin')).size;
    expect(statSync(logs(dataDir)[0] as string).size).toBeLessThan(Math.max(4096, snapshotSize) + 2048);
    const second = await openSession({ dataDir, clock });
    expect(await ids(second)).toEqual(range(120).filter((i) => i !== 1));
    await second.engine.close();
  });

  it('seals an insert-only log instead of rewriting it, and recovers the snapshot plus every sealed log', async () => {
    const dataDir = tempDir();
    const first = await openSession({ dataDir, compactAtBytes: 2048 });
    await seed(first, 0);
    for (let i = 0; i < 300; i++) await first.run('INSERT INTO ks.users (id, name) VALUES (?, ?)', [i, `user${i}`]);
    await expect.poll(() => logs(dataDir).length).toBeGreaterThan(2);
    expect(existsSync(join(dataDir, 'snapshot.bin'))).toBe(false);
    // No close: recovery reads every sealed log in order.
    const second = await openSession({ dataDir, compactAtBytes: 2048 });
    expect(await ids(second)).toEqual(range(300));
    await second.run("UPDATE ks.users SET name = 'changed' WHERE id = 5");
    await second.engine.close();
    expect(logs(dataDir)).toHaveLength(1);
    const third = await openSession({ dataDir });
    expect(await ids(third)).toEqual(range(300));
    expect((await third.run('SELECT name FROM ks.users WHERE id = 5')).rows[0]?.name).toBe('changed');
    await third.engine.close();
  });

  it('keeps writes that arrive while a snapshot is being written, and ignores a half-written snapshot', async () => {
    const dataDir = tempDir();
    const first = await openSession({ dataDir, compactAtBytes: 2048 });
    await seed(first, 0);
    const writes = range(400).map((i) => first.run('INSERT INTO ks.users (id, name) VALUES (?, ?)', [i, `user${i}`]));
    await Promise.all(writes);
    // A crash during the next snapshot leaves its temp file behind.
    writeFileSync(join(dataDir, 'snapshot.tmp'), Buffer.from('half a snapshot'));
    const second = await openSession({ dataDir });
    expect(await ids(second)).toEqual(range(400));
    await second.engine.close();
    const third = await openSession({ dataDir });
    expect(await ids(third)).toEqual(range(400));
    await third.engine.close();
  });

  it('ignores logged rows of a table that was dropped and created again', async () => {
    const dataDir = tempDir();
    const first = await openSession({ dataDir });
    await seed(first, 10);
    await first.run('DROP TABLE ks.users');
    await first.run('CREATE TABLE ks.users (id int PRIMARY KEY, name text, tags list<text>)');
    await first.run("INSERT INTO ks.users (id, name) VALUES (99, 'new')");
    const second = await openSession({ dataDir });
    expect(await ids(second)).toEqual([99]);
    await second.engine.close();
  });
});
