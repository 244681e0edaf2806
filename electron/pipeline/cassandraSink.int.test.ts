import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_COLUMNS, type UserRow } from '../../shared/user';
import { startDevstack, type Devstack } from '../devstack';
import { classifyCassandraError, connectCassandra } from './cassandraClient';
import { createCassandraSink } from './cassandraSink';
import { makeMessages, testSettings } from './testing/fixtures';
import { decodeChecked } from '../../shared/decode';
import { ensureSchema, tableNames } from './userTable';
import { createUsersQuery, toUserRow } from './usersQuery';
import { cassandraSinkConnector } from './sinkConnector';

let stack: Devstack;
beforeAll(async () => {
  stack = await startDevstack({});
});
afterAll(async () => {
  await stack?.close();
});

const rowsOf = (values: string[]): UserRow[] =>
  values.map((v) => {
    const r = decodeChecked(Buffer.from(v), 1 << 20);
    if (!r.ok) throw new Error('bad fixture');
    return r.row;
  });

describe('Cassandra sink (lookup tables) against the embedded store', () => {
  it('stores every row exactly as given, its lookup entries, and the last of several versions of one user', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address).cassandra;
    const { client } = await connectCassandra(settings);
    try {
      await ensureSchema(client, settings, 'lookup-tables');
      const sink = createCassandraSink(client, settings, {
        search: 'lookup-tables',
        classifyError: classifyCassandraError,
      });
      const rows = rowsOf(makeMessages(500, 0, 11).good);
      // Three versions of one user written in the same tick: they must not share a batch (one timestamp), so the last wins.
      // Values that sort in the opposite order: on a timestamp tie Cassandra keeps the larger value, which would be the first.
      const versions = ['c', 'b', 'a'].map((v) => ({ ...rows[0]!, first_name: `version ${v}` }));
      const all = [...rows.slice(1), ...versions];
      await Promise.all(
        all.map((row) => new Promise<void>((resolve, reject) => sink.write(row, (e) => (e ? reject(e) : resolve())))),
      );

      const n = tableNames(settings);
      const stored = new Map<string, UserRow>();
      await new Promise<void>((resolve, reject) =>
        client.eachRow(
          `SELECT ${USER_COLUMNS.join(', ')} FROM ${n.users}`,
          [],
          { prepare: true, fetchSize: 200, autoPage: true },
          (_i, r) => {
            const row = toUserRow(r);
            stored.set(row.id, row);
          },
          (error) => (error ? reject(error) : resolve()),
        ),
      );
      expect(stored.size).toBe(rows.length);
      for (const row of rows.slice(1)) expect(stored.get(row.id)).toEqual(row);
      expect(stored.get(rows[0]!.id)?.first_name).toBe('version a');
      const byEmail = await client.execute(`SELECT id FROM ${n.byEmail} WHERE email = ?`, [rows[7]!.email], {
        prepare: true,
      });
      expect(byEmail.rows.map((r) => String(r.get('id')))).toEqual([rows[7]!.id]);
      const byUsername = await client.execute(
        `SELECT id FROM ${n.byUsername} WHERE username = ?`,
        [rows[9]!.username],
        {
          prepare: true,
        },
      );
      expect(byUsername.rows.map((r) => String(r.get('id')))).toEqual([rows[9]!.id]);
      expect(sink.limits()).toEqual({ maxBytes: 5 * 1024, maxPartitions: 10 });
    } finally {
      await client.shutdown();
    }
  });
});

const writeAll = (sink: { write(row: UserRow, done: (e?: unknown) => void): void }, rows: UserRow[]) =>
  Promise.all(
    rows.map((row) => new Promise<void>((resolve, reject) => sink.write(row, (e) => (e ? reject(e) : resolve())))),
  );

describe('batch limits', () => {
  it('starting far above the server thresholds, the warnings it returns bring the batches back under them, and every row lands', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address).cassandra;
    const connection = await cassandraSinkConnector({ limits: { maxBytes: 40_000, maxPartitions: 40 } })(settings);
    try {
      const sink = connection.sink as ReturnType<typeof createCassandraSink>;
      const rows = rowsOf(makeMessages(600, 0, 14).good);
      for (let i = 0; i < rows.length; i += 100) await writeAll(sink, rows.slice(i, i + 100));
      expect(sink.limits().maxBytes).toBeLessThanOrEqual(5 * 1024);
      // The partitions warning came too (18 rows fit in the first batch's bytes); smaller byte budgets then keep
      // batches under 10 partitions, so it is lowered only as far as that warning said.
      expect(sink.limits().maxPartitions).toBeLessThan(40);
      const users = createUsersQuery({ settings });
      for (const row of [rows[0]!, rows[299]!, rows[599]!]) expect(await users.byId(row.id)).toEqual(row);
      await users.close();
    } finally {
      await connection.close();
    }
  });
});

describe('search support decided from the cluster', () => {
  it('Cassandra 5.0: SAI indexes on email and username, one write per user, search answered through them', async () => {
    const settings = testSettings(stack.kafka.address, stack.cql.address).cassandra;
    const connection = await cassandraSinkConnector()(settings);
    try {
      expect(connection.info.search).toBe('sai');
      const rows = rowsOf(makeMessages(200, 0, 12).good);
      await writeAll(connection.sink, rows);
      const { client } = await connectCassandra(settings);
      const indexes = await client.execute(
        'SELECT index_name, kind, options FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?',
        [settings.keyspace, settings.table],
      );
      expect(indexes.rows.map((r) => String(r.get('index_name'))).sort()).toEqual([
        `${settings.table}_email_idx`,
        `${settings.table}_username_idx`,
      ]);
      const tables = await client.execute('SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?', [
        settings.keyspace,
      ]);
      expect(tables.rows.map((r) => String(r.get('table_name')))).toEqual([settings.table]); // no lookup tables
      await client.shutdown();
      const users = createUsersQuery({ settings });
      expect(await users.byEmail(rows[3]!.email!)).toEqual([rows[3]]);
      expect(await users.byUsername(rows[5]!.username!)).toEqual([rows[5]]);
      expect(await users.byEmail('nobody@example.invalid')).toEqual([]);
      await users.close();
    } finally {
      await connection.close();
    }
  });

  it('Cassandra 4.1: lookup tables, and search through them', async () => {
    const old = await startDevstack({ cql: { cassandraVersion: '4.1' } });
    try {
      const settings = testSettings(old.kafka.address, old.cql.address).cassandra;
      const connection = await cassandraSinkConnector()(settings);
      expect(connection.info.search).toBe('lookup-tables');
      const rows = rowsOf(makeMessages(50, 0, 13).good);
      await writeAll(connection.sink, rows);
      await connection.close();
      const users = createUsersQuery({ settings });
      expect(await users.byEmail(rows[3]!.email!)).toEqual([rows[3]]);
      expect(await users.byUsername(rows[5]!.username!)).toEqual([rows[5]]);
      await users.close();
    } finally {
      await old.close();
    }
  });
});
