import type cassandra from 'cassandra-driver';
import type { Logger } from '../../shared/logger';
import { silentLogger } from '../../shared/logger';
import type { Settings } from '../../shared/settings';
import { USER_COLUMNS, USER_TEXT_COLUMNS, type UserRow } from '../../shared/user';
import type { UsersEstimate } from '../../shared/usersJobs';
import { connectCassandra } from './cassandraClient';
import { readSizeEstimate } from './sizeEstimate';
import { countRows, scanPages } from './usersScan';
import { searchSupportFor, tableNames, type SearchSupport } from './userTable';

/** Read access to `created_users` for the app's Users view. */
export interface UsersQuery {
  page(request: {
    pageSize: number;
    pageState: string | null;
  }): Promise<{ rows: UserRow[]; nextPageState: string | null }>;
  byId(id: string): Promise<UserRow | null>;
  /** Exact match through the SAI index, or the lookup table then the rows by id (no scan either way). */
  byEmail(email: string): Promise<UserRow[]>;
  byUsername(username: string): Promise<UserRow[]>;
  /** `system.size_estimates` summed over every node: no scan, however large the table. */
  estimate(): Promise<UsersEstimate>;
  /** The exact row count by a token-range scan of ids; only ever on request (it reads every id). */
  countExactly(options?: { signal?: AbortSignal; onProgress?(rows: number): void }): Promise<number>;
  /**
   * The table's rows in token order, a page at a time (the next one on its way), for streamed exports and aggregates.
   * Columns default to all twelve; others come back null. The first N rows are a uniform sample of ids.
   */
  scan(options?: {
    columns?: readonly string[];
    signal?: AbortSignal;
    fetchSize?: number;
  }): AsyncGenerator<UserRow[], void, undefined>;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A driver row as a `UserRow`. */
export function toUserRow(row: cassandra.types.Row): UserRow {
  const out = { id: String(row.id) } as UserRow;
  for (const c of USER_TEXT_COLUMNS) {
    const v: unknown = row[c];
    out[c] = v === null || v === undefined ? null : (v as string);
  }
  return out;
}

/**
 * Opens its own client on first use (queries must not compete with the pipeline's write pool) and reconnects after a
 * failure. Nothing here reads the whole table unless asked to (`countExactly`, `scan`).
 */
export function createUsersQuery(options: { settings: Settings['cassandra']; logger?: Logger }): UsersQuery {
  const settings = options.settings;
  const logger = options.logger ?? silentLogger;
  const n = tableNames(settings);
  const columns = USER_COLUMNS.join(', ');
  let client: Promise<cassandra.Client> | null = null;
  let partitionerChecked = false;
  /** Token ranges mean Murmur3 tokens; another partitioner would make the slices wrong, so say so instead. */
  const scanTarget = async (signal?: AbortSignal, fetchSize?: number) => {
    const c = await get();
    if (!partitionerChecked) {
      const rs = await c.execute("SELECT partitioner FROM system.local WHERE key = 'local'", [], { prepare: false });
      const partitioner = String(rs.first()?.get('partitioner') ?? '');
      if (partitioner && !partitioner.endsWith('Murmur3Partitioner'))
        throw new Error(`token-range scans need Murmur3Partitioner; this cluster uses ${partitioner}`);
      partitionerChecked = true;
    }
    return { client: c, table: n.users, key: 'id', ...(signal ? { signal } : {}), ...(fetchSize ? { fetchSize } : {}) };
  };
  const get = () =>
    (client ??= connectCassandra(settings).then(
      (c) => c.client,
      (error: unknown) => {
        client = null;
        throw error;
      },
    ));
  const run = async (query: string, params: unknown[], opts: cassandra.QueryOptions = {}) => {
    const c = await get();
    return c.execute(query, params, { prepare: true, ...opts });
  };
  const byIds = async (ids: string[]) => {
    const rows = await Promise.all(ids.map((id) => run(`SELECT ${columns} FROM ${n.users} WHERE id = ?`, [id])));
    return rows.flatMap((rs) => rs.rows.map(toUserRow));
  };
  // How the pipeline serves search on this cluster (see userTable): SAI indexes on the table, or the lookup tables.
  let search: Promise<SearchSupport> | null = null;
  const searchSupport = () =>
    (search ??= get().then((c) => searchSupportFor(c.hosts.values().map((h) => h.cassandraVersion))));
  const lookup = async (table: string, column: 'email' | 'username', value: string) => {
    if ((await searchSupport()) === 'sai') {
      const rs = await run(`SELECT ${columns} FROM ${n.users} WHERE ${column} = ?`, [value]);
      return rs.rows.map(toUserRow);
    }
    const rs = await run(`SELECT id FROM ${table} WHERE ${column} = ?`, [value]);
    const ids = rs.rows.map((r) => String(r.get('id')));
    // A lookup entry can outlive a change of the user's row; keep only rows that still match.
    return (await byIds(ids)).filter((row) => row[column] === value);
  };
  return {
    async page({ pageSize, pageState }) {
      const size = Math.min(1000, Math.max(1, Math.floor(pageSize)));
      const rs = await run(`SELECT ${columns} FROM ${n.users}`, [], {
        fetchSize: size,
        ...(pageState ? { pageState } : {}),
      });
      return { rows: rs.rows.map(toUserRow), nextPageState: rs.pageState ?? null };
    },
    async byId(id) {
      if (!UUID.test(id)) return null;
      const [row] = await byIds([id.toLowerCase()]);
      return row ?? null;
    },
    byEmail: (email) => lookup(n.byEmail, 'email', email),
    byUsername: (username) => lookup(n.byUsername, 'username', username),
    async estimate() {
      return readSizeEstimate(await get(), n.keyspace, n.usersTable);
    },
    async countExactly({ signal, onProgress } = {}) {
      const target = await scanTarget(signal);
      logger.info({ table: n.users }, 'exact count: token-range scan of ids');
      return countRows({ ...target, ...(onProgress ? { onProgress: (rows: number) => onProgress(rows) } : {}) });
    },
    async *scan({ columns: wanted, signal, fetchSize } = {}) {
      const target = await scanTarget(signal, fetchSize);
      if (!wanted) {
        for await (const page of scanPages(target, USER_COLUMNS)) yield page.map(toUserRow);
        return;
      }
      // Only the columns asked for cross the wire and get decoded (the id too, unless asked: '' then).
      const text = USER_TEXT_COLUMNS.filter((c) => wanted.includes(c));
      const withId = wanted.includes('id');
      for await (const page of scanPages(target, withId ? ['id', ...text] : text)) {
        yield page.map((row) => {
          const out = { id: withId ? String(row.get('id')) : '' } as UserRow;
          for (const c of USER_TEXT_COLUMNS) {
            const v: unknown = row[c];
            out[c] = v === null || v === undefined ? null : String(v);
          }
          return out;
        });
      }
    },
    async close() {
      const c = client;
      client = null;
      search = null;
      if (c) await (await c.catch(() => null))?.shutdown();
    },
  };
}
