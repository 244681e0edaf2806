import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_COLUMNS, type UserRow } from '../../shared/user';
import { startDevstack, type Devstack } from '../devstack';
import { classifyCassandraError, connectCassandra } from './cassandraClient';
import { createCassandraSink } from './cassandraSink';
import { makeMessages, testSettings } from './testing/fixtures';
import { decodeChecked } from '../../shared/decode';
import { ensureSchema, tableNames } from './userTable';
import { toUserRow } from './usersQuery';

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
