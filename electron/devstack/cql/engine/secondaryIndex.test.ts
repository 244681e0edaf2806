// Secondary indexes in the engine: the index structure itself, then CREATE/DROP INDEX and indexed reads kept right
// across every kind of write (driver-level behaviour is in ../cql.index.test.ts).
import { describe, expect, it } from 'vitest';
import type { Relation, Statement } from './ast';
import { tableFromStatement, type IndexMeta } from './catalog';
import { parseCql } from './parser';
import { planRead } from './restrictions';
import { ColumnIndex } from './secondaryIndex';
import { encode, openSession, simpleKeyspace, type Session } from './testSupport';

const text = { kind: 'native', name: 'text' } as const;
const META: IndexMeta = { name: 'i', column: 'v', kind: 'COMPOSITES', options: { target: 'v' } };

async function usersTable(releaseVersion = '5.0.2', clock?: { now(): number }): Promise<Session> {
  const s = await openSession({ releaseVersion, ...(clock ? { clock } : {}) });
  await s.run(simpleKeyspace('ks'));
  await s.run('USE ks');
  await s.run('CREATE TABLE users (id int PRIMARY KEY, email text, username text, age int)');
  return s;
}

const ids = (r: { rows: Record<string, unknown>[] }) => r.rows.map((x) => x.id as number).sort((a, b) => a - b);

describe('ColumnIndex', () => {
  it('keeps a multiset of (hash, token high) pairs through adds and removes, common values included', () => {
    const ix = new ColumnIndex(META, 0);
    const model = new Map<string, number>();
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i++) {
      const hash = rnd(50) + 1; // few distinct values: long chains
      const high = rnd(300) - 150;
      const key = `${hash}:${high}`;
      if (rnd(3) === 0 && (model.get(key) ?? 0) > 0) {
        expect(ix.remove(hash, high)).toBe(true);
        model.set(key, (model.get(key) ?? 0) - 1);
      } else {
        ix.add(hash, high);
        model.set(key, (model.get(key) ?? 0) + 1);
      }
    }
    let total = 0;
    for (let hash = 1; hash <= 50; hash++) {
      const expected = [...model]
        .filter(([k, n]) => n > 0 && k.startsWith(`${hash}:`))
        .map(([k]) => Number(k.split(':')[1]))
        .sort((a, b) => a - b);
      expect(ix.highsOf(hash)).toEqual(expected);
    }
    for (const n of model.values()) total += n;
    expect(ix.size).toBe(total);
    expect(ix.remove(999, 0)).toBe(false);
  });
});

describe('CQL engine: secondary indexes', () => {
  it('creates legacy and SAI indexes with Cassandra names, rows and events, and drops them', async () => {
    const s = await usersTable();
    const created = await s.run('CREATE INDEX ON users (email)');
    expect(created.result).toEqual({
      kind: 'schemaChange',
      change: { type: 'UPDATED', target: 'TABLE', keyspace: 'ks', name: 'users' },
    });
    await s.run("CREATE INDEX IF NOT EXISTS by_username ON ks.users (username) USING 'sai'");
    await s.run(
      "CREATE CUSTOM INDEX by_age ON users (age) USING 'org.apache.cassandra.index.sai.StorageAttachedIndex'",
    );
    const rows = await s.run("SELECT * FROM system_schema.indexes WHERE keyspace_name = 'ks'");
    expect(rows.rows).toEqual([
      {
        keyspace_name: 'ks',
        table_name: 'users',
        index_name: 'by_age',
        kind: 'CUSTOM',
        options: { class_name: 'org.apache.cassandra.index.sai.StorageAttachedIndex', target: 'age' },
      },
      {
        keyspace_name: 'ks',
        table_name: 'users',
        index_name: 'by_username',
        kind: 'CUSTOM',
        options: { class_name: 'sai', target: 'username' },
      },
      {
        keyspace_name: 'ks',
        table_name: 'users',
        index_name: 'users_email_idx',
        kind: 'COMPOSITES',
        options: { target: 'email' },
      },
    ]);
    const describe = await s.run('DESCRIBE TABLE users');
    expect(describe.rows.map((r) => r.create_statement)).toEqual([
      expect.stringContaining('CREATE TABLE ks.users'),
      'CREATE INDEX users_email_idx ON ks.users (email);',
      "CREATE CUSTOM INDEX by_username ON ks.users (username) USING 'sai';",
      "CREATE CUSTOM INDEX by_age ON ks.users (age) USING 'org.apache.cassandra.index.sai.StorageAttachedIndex';",
    ]);
    expect(await s.failure('CREATE INDEX users_email_idx ON users (age)')).toEqual({
      code: 0x2200,
      message: "Index 'users_email_idx' already exists",
    });
    expect((await s.failure('CREATE INDEX other ON users (email)')).message).toBe(
      'Index other is a duplicate of existing index users_email_idx',
    );
    expect((await s.failure('CREATE INDEX ON users (id)')).message).toBe(
      'Cannot create secondary index on the only partition key column id',
    );
    expect((await s.failure('CREATE INDEX ON users (nope)')).message).toBe("Column 'nope' doesn't exist");
    expect(await s.failure("CREATE CUSTOM INDEX ON users (age) USING 'com.example.Nope'")).toEqual({
      code: 0x2300,
      message: "Unable to find custom indexer class 'com.example.Nope'",
    });
    await s.run('DROP INDEX users_email_idx');
    await s.run('DROP INDEX IF EXISTS users_email_idx');
    expect((await s.failure('DROP INDEX ks.users_email_idx')).message).toBe(
      "Index 'ks.users_email_idx' doesn't exist'",
    );
    await s.run('CREATE INDEX ON users (email)');
    expect((await s.run("SELECT index_name FROM system_schema.indexes WHERE keyspace_name = 'ks'")).rows).toHaveLength(
      3,
    );
  });

  it('refuses SAI on 4.1 as Cassandra 4.1 does, and keeps legacy indexes working there', async () => {
    const s = await usersTable('4.1.5');
    expect(await s.failure("CREATE INDEX ON users (email) USING 'sai'")).toEqual({
      code: 0x2200,
      message: 'Cannot specify index class for a non-CUSTOM index',
    });
    expect(await s.failure("CREATE CUSTOM INDEX ON users (email) USING 'StorageAttachedIndex'")).toEqual({
      code: 0x2300,
      message: "Unable to find custom indexer class 'StorageAttachedIndex'",
    });
    expect(
      await s.failure(
        "CREATE CUSTOM INDEX ON users (email) USING 'org.apache.cassandra.index.sai.StorageAttachedIndex'",
      ),
    ).toEqual({
      code: 0x2300,
      message: "Unable to find custom indexer class 'org.apache.cassandra.index.sai.StorageAttachedIndex'",
    });
    await s.run('CREATE INDEX ON users (email)');
    await s.run("INSERT INTO users (id, email) VALUES (1, 'a@x')");
    expect(ids(await s.run("SELECT id FROM users WHERE email = 'a@x'"))).toEqual([1]);
  });

  it('answers equality through the index and stays right across updates, deletes, TTL and truncate', async () => {
    let now = 1_700_000_000_000;
    const s = await usersTable('5.0.2', { now: () => now });
    for (let i = 0; i < 200; i++)
      await s.run('INSERT INTO users (id, email, username) VALUES (?, ?, ?)', [i, `u${i % 50}@x`, `name${i}`]);
    await s.run('CREATE INDEX ON users (email)'); // built from the rows already there
    expect(ids(await s.run('SELECT id FROM users WHERE email = ?', ['u7@x']))).toEqual([7, 57, 107, 157]);
    await s.run("UPDATE users SET email = 'moved@x' WHERE id = 57");
    await s.run('DELETE email FROM users WHERE id = 107');
    await s.run('DELETE FROM users WHERE id = 157');
    await s.run("INSERT INTO users (id, email) VALUES (500, 'u7@x') USING TTL 10");
    expect(ids(await s.run("SELECT id FROM users WHERE email = 'u7@x'"))).toEqual([7, 500]);
    expect(ids(await s.run("SELECT id FROM users WHERE email = 'moved@x'"))).toEqual([57]);
    now += 11_000;
    expect(ids(await s.run("SELECT id FROM users WHERE email = 'u7@x'"))).toEqual([7]);
    expect((await s.run("SELECT count(*) FROM users WHERE email = 'u8@x'")).rows[0]?.count?.toString()).toBe('4');
    await s.run('TRUNCATE users');
    expect(ids(await s.run("SELECT id FROM users WHERE email = 'u7@x'"))).toEqual([]);
  });

  it('plans an indexed equality as an index read and asks for ALLOW FILTERING as Cassandra does', async () => {
    const s = await usersTable();
    await s.run('CREATE INDEX ON users (email)');
    await s.run("CREATE INDEX ON users (username) USING 'sai'");
    const filtering = (await s.failure('SELECT * FROM users WHERE age = 3')).message;
    expect(filtering).toMatch(/^Cannot execute this query as it might involve data filtering/);
    expect((await s.failure("SELECT * FROM users WHERE email = 'a' AND age = 3")).message).toBe(filtering);
    // Built-in index + another index: one serves, the other is filtered.
    expect((await s.failure("SELECT * FROM users WHERE email = 'a' AND username = 'b'")).message).toBe(filtering);
    await s.run("SELECT * FROM users WHERE email = 'a' AND age = 3 ALLOW FILTERING");
    const ddl = parseCql('CREATE TABLE users (id int PRIMARY KEY, email text, username text, age int)').statement;
    const table = tableFromStatement(ddl as Extract<Statement, { kind: 'createTable' }>, 'ks');
    table.indexes = [{ ...META, name: 'users_email_idx', column: 'email' }];
    const v = encode('a', text);
    const where: Relation[] = [
      { kind: 'compare', column: 'email', op: '=', term: { kind: 'marker', index: 0, name: null } },
    ];
    expect(planRead(table, where, [v], false).index).toEqual({ name: 'users_email_idx', value: v });
    table.indexes = [];
    expect(() => planRead(table, where, [v], false)).toThrow(filtering);
  });
  it('pages through many matches in token order, clustering rows included', async () => {
    const s = await openSession({ releaseVersion: '5.0.2' });
    await s.run(simpleKeyspace('ks'));
    await s.run('USE ks');
    await s.run('CREATE TABLE ev (p int, c int, kind text, PRIMARY KEY (p, c))');
    await s.run('CREATE INDEX ON ev (kind)');
    for (let p = 0; p < 30; p++)
      for (let c = 0; c < 5; c++)
        await s.run('INSERT INTO ev (p, c, kind) VALUES (?, ?, ?)', [p, c, c % 2 ? 'odd' : 'even']);
    await s.run('DELETE FROM ev WHERE p = 3');
    const seen: string[] = [];
    let pagingState: Buffer | null = null;
    do {
      const page: Awaited<ReturnType<Session['run']>> = await s.run('SELECT p, c FROM ev WHERE kind = ?', ['even'], {
        pageSize: 7,
        pagingState,
      });
      for (const r of page.rows) seen.push(`${String(r.p)}/${String(r.c)}`);
      pagingState = page.pagingState;
    } while (pagingState);
    expect(seen).toHaveLength(29 * 3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.some((x) => x.startsWith('3/'))).toBe(false);
  });
});
