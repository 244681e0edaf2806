import type cassandra from 'cassandra-driver';
import type { Settings } from '../../shared/settings';
import { USER_COLUMNS, type UserRow } from '../../shared/user';
import type { RowSink } from './types';
import { tableNames } from './userTable';

/** Rows written per unlogged batch: small enough to stay under Cassandra's 5 KiB batch-size warning for typical users. */
export const DEFAULT_BATCH_ROWS = 16;

type Pending = { row: UserRow; resolve(): void; reject(error: unknown): void };

/**
 * Writes a user row and its two lookup entries with prepared statements. All three are upserts keyed by the
 * (deterministic) id, so a replay after a crash rewrites the same cells and adds nothing. Rows that arrive in the same
 * tick go out together as one unlogged batch (one request instead of three per user); if a batch fails, its rows are
 * retried one by one, so a refusal is pinned on the row that caused it.
 */
export function createCassandraSink(
  client: cassandra.Client,
  settings: Settings['cassandra'],
  options: { batchRows?: number; lookupTables?: boolean } = {},
): RowSink {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const lookupTables = options.lookupTables ?? true;
  const n = tableNames(settings);
  const insertUser = `INSERT INTO ${n.users} (${USER_COLUMNS.join(', ')}) VALUES (${USER_COLUMNS.map(() => '?').join(', ')})`;
  const insertEmail = `INSERT INTO ${n.byEmail} (email, id) VALUES (?, ?)`;
  const insertUsername = `INSERT INTO ${n.byUsername} (username, id) VALUES (?, ?)`;
  const opts = { prepare: true } as const;
  const batchOpts = { prepare: true, logged: false } as const;

  const statements = (row: UserRow) => {
    const out: { query: string; params: unknown[] }[] = [
      { query: insertUser, params: USER_COLUMNS.map((c) => row[c]) },
    ];
    if (!lookupTables) return out;
    if (row.email) out.push({ query: insertEmail, params: [row.email, row.id] });
    if (row.username) out.push({ query: insertUsername, params: [row.username, row.id] });
    return out;
  };
  const writeOne = async (row: UserRow) => {
    await Promise.all(statements(row).map((s) => client.execute(s.query, s.params, opts)));
  };

  const queue: Pending[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    while (queue.length > 0) {
      const group = queue.splice(0, batchRows);
      if (group.length === 1) {
        const [p] = group;
        writeOne(p!.row).then(p!.resolve, p!.reject);
        continue;
      }
      client
        .batch(
          group.flatMap((p) => statements(p.row)),
          batchOpts,
        )
        .then(
          () => group.forEach((p) => p.resolve()),
          () => group.forEach((p) => writeOne(p.row).then(p.resolve, p.reject)),
        );
    }
  };

  return {
    write(row: UserRow) {
      if (batchRows <= 1) return writeOne(row);
      return new Promise<void>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        if (queue.length >= batchRows) flush();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
