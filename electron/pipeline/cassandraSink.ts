import type cassandra from 'cassandra-driver';
import type { Settings } from '../../shared/settings';
import { USER_COLUMNS, type UserRow } from '../../shared/user';
import type { RowSink } from './types';
import { tableNames } from './userTable';

/**
 * Users per unlogged batch by default: 1, i.e. no batches. A batch of different partitions makes the coordinator fan
 * out, loses token-aware routing and trips `batch_size_warn_threshold`; single prepared statements go straight to a
 * replica. Batching stays an explicit opt-in (`batchRows` > 1) for clusters where fewer requests are known to pay.
 */
export const DEFAULT_BATCH_ROWS = 1;

/** Options of the Cassandra sink. */
export interface CassandraSinkOptions {
  /** Users per unlogged batch (3 statements each); 1 (the default) sends every statement on its own. */
  batchRows?: number;
  /** Also write the email and username lookup tables (default true). */
  lookupTables?: boolean;
}

type Pending = { row: UserRow; resolve(): void; reject(error: unknown): void };

/**
 * Writes a user row and its two lookup entries with prepared statements. All three are upserts keyed by the
 * (deterministic) id, so they are idempotent (the driver may retry them) and a replay after a crash rewrites the same
 * cells and adds nothing. A row's promise settles only when all of its statements are acknowledged, which is what
 * the commit watermark waits for; how many rows are in flight is bounded by the caller.
 *
 * With `batchRows` > 1, rows that arrive in the same tick go out together as unlogged batches of up to that many
 * users; if a batch fails, its rows are retried one by one, so a refusal is pinned on the row that caused it.
 */
export function createCassandraSink(
  client: cassandra.Client,
  settings: Settings['cassandra'],
  options: CassandraSinkOptions = {},
): RowSink {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new RangeError(`batchRows must be an integer ≥ 1, got ${String(options.batchRows)}`);
  }
  const lookupTables = options.lookupTables ?? true;
  const n = tableNames(settings);
  const insertUser = `INSERT INTO ${n.users} (${USER_COLUMNS.join(', ')}) VALUES (${USER_COLUMNS.map(() => '?').join(', ')})`;
  const insertEmail = `INSERT INTO ${n.byEmail} (email, id) VALUES (?, ?)`;
  const insertUsername = `INSERT INTO ${n.byUsername} (username, id) VALUES (?, ?)`;
  // Prepared, so the driver knows each statement's partition key and routes it to a replica (token-aware policy).
  const opts = { prepare: true, isIdempotent: true } as const;
  const batchOpts = { prepare: true, logged: false, isIdempotent: true } as const;

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
  if (batchRows === 1) return { write: writeOne };

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
