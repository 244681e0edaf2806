import type cassandra from 'cassandra-driver';
import type { Settings } from '../../shared/settings';
import { USER_COLUMNS, type UserRow } from '../../shared/user';
import type { RowSink } from './types';
import { tableNames } from './userTable';

/**
 * Writes a user row and its two lookup entries with prepared statements. All three are upserts keyed by the
 * (deterministic) id, so a replay after a crash rewrites the same cells and adds nothing.
 */
export function createCassandraSink(client: cassandra.Client, settings: Settings['cassandra']): RowSink {
  const n = tableNames(settings);
  const insertUser = `INSERT INTO ${n.users} (${USER_COLUMNS.join(', ')}) VALUES (${USER_COLUMNS.map(() => '?').join(', ')})`;
  const insertEmail = `INSERT INTO ${n.byEmail} (email, id) VALUES (?, ?)`;
  const insertUsername = `INSERT INTO ${n.byUsername} (username, id) VALUES (?, ?)`;
  const opts = { prepare: true } as const;
  return {
    async write(row: UserRow) {
      const params = USER_COLUMNS.map((c) => row[c]);
      const writes: Promise<unknown>[] = [client.execute(insertUser, params, opts)];
      if (row.email) writes.push(client.execute(insertEmail, [row.email, row.id], opts));
      if (row.username) writes.push(client.execute(insertUsername, [row.username, row.id], opts));
      await Promise.all(writes);
    },
  };
}
