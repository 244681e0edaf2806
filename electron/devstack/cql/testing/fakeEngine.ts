// A small fake of our own CqlEngine interface, so the wire server can be tested with the real driver independently of
// the real engine: the system tables a driver reads at connect, CREATE/USE keyspace, and one key-value table
// `kv (k int PRIMARY KEY, v text)` per keyspace with prepared INSERT/SELECT and paging. Tests only.
import type {
  BoundValues,
  ColumnSpec,
  CqlEngine,
  CqlType,
  EngineResult,
  ExecuteOptions,
  ExecutionResult,
  NodeIdentity,
  PreparedStatementInfo,
  SchemaChange,
} from '../engine/types';

const text: CqlType = { kind: 'native', name: 'text' };
const int: CqlType = { kind: 'native', name: 'int' };
const col = (keyspace: string, table: string, name: string, type: CqlType): ColumnSpec => ({
  keyspace,
  table,
  name,
  type,
});
const utf8 = (s: string) => Buffer.from(s, 'utf8');
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const uuid = (s: string) => Buffer.from(s.replace(/-/g, ''), 'hex');
const inet4 = (s: string) => Buffer.from(s.split('.').map(Number));
/** A list or set; a map is written as its key/value items with `pairs` set. */
function collection(items: Buffer[], pairs = false): Buffer {
  const count = pairs ? items.length / 2 : items.length;
  return Buffer.concat([int32(count), ...items.flatMap((i) => [int32(i.length), i])]);
}

export interface FakeEngine extends CqlEngine {
  /** Requests seen, for assertions about what the server passed through. */
  seen: { query: string; options: ExecuteOptions }[];
  /** Drops every prepared statement, as a restarted node would. */
  forgetPrepared(): void;
}

export function createFakeEngine(node: () => NodeIdentity): FakeEngine {
  const keyspaces = new Set<string>();
  const tables = new Map<string, Map<number, string>>();
  const listeners = new Set<(c: SchemaChange) => void>();
  const prepared = new Map<string, { query: string; info: PreparedStatementInfo }>();
  const seen: FakeEngine['seen'] = [];
  const ok = (value: ExecutionResult): EngineResult<ExecutionResult> => ({ ok: true, value });
  const invalid = (message: string): EngineResult<never> => ({ ok: false, error: { code: 0x2200, message } });
  const emit = (change: SchemaChange) => {
    for (const l of listeners) l(change);
    return ok({ kind: 'schemaChange', change });
  };
  const valueAt = (values: BoundValues, i: number, name: string) =>
    Array.isArray(values) ? values[i] : (values as Map<string, Buffer | null | 'unset'>).get(name);

  function run(query: string, values: BoundValues, options: ExecuteOptions): EngineResult<ExecutionResult> {
    const q = query.trim().replace(/\s+/g, ' ');
    let m: RegExpMatchArray | null;
    if (/^SELECT .* FROM system\.local/i.test(q)) {
      const n = node();
      const columns = [
        col('system', 'local', 'key', text),
        col('system', 'local', 'data_center', text),
        col('system', 'local', 'rack', text),
        col('system', 'local', 'release_version', text),
        col('system', 'local', 'partitioner', text),
        col('system', 'local', 'host_id', { kind: 'native', name: 'uuid' }),
        col('system', 'local', 'rpc_address', { kind: 'native', name: 'inet' }),
        col('system', 'local', 'tokens', { kind: 'set', element: text, frozen: false }),
        col('system', 'local', 'cluster_name', text),
        col('system', 'local', 'schema_version', { kind: 'native', name: 'uuid' }),
      ];
      const row = [
        utf8('local'),
        utf8(n.dataCenter),
        utf8(n.rack),
        utf8(n.releaseVersion),
        utf8('org.apache.cassandra.dht.Murmur3Partitioner'),
        uuid(n.hostId),
        inet4(n.address),
        collection([utf8('0')]),
        utf8(n.clusterName),
        uuid('5a2c2a3e-0000-4000-8000-000000000001'),
      ];
      return ok({ kind: 'rows', columns, rows: [row], pagingState: null });
    }
    if (/^SELECT .* FROM system\.peers_v2/i.test(q)) return invalid('unconfigured table peers_v2');
    if (/^SELECT .* FROM system\.peers/i.test(q))
      return ok({
        kind: 'rows',
        columns: [col('system', 'peers', 'peer', { kind: 'native', name: 'inet' })],
        rows: [],
        pagingState: null,
      });
    if (/^SELECT \* FROM system_schema\.keyspaces/i.test(q)) {
      const replication: CqlType = { kind: 'map', key: text, value: text, frozen: true };
      const columns = [
        col('system_schema', 'keyspaces', 'keyspace_name', text),
        col('system_schema', 'keyspaces', 'durable_writes', { kind: 'native', name: 'boolean' }),
        col('system_schema', 'keyspaces', 'replication', replication),
      ];
      const rows = [...keyspaces].map((k) => [
        utf8(k),
        Buffer.from([1]),
        collection(
          [utf8('class'), utf8('org.apache.cassandra.locator.SimpleStrategy'), utf8('replication_factor'), utf8('1')],
          true,
        ),
      ]);
      return ok({ kind: 'rows', columns, rows, pagingState: null });
    }
    if ((m = q.match(/^CREATE KEYSPACE (\w+)/i))) {
      const ks = (m[1] as string).toLowerCase();
      if (keyspaces.has(ks))
        return {
          ok: false,
          error: { code: 0x2400, message: `Keyspace ${ks} already exists`, keyspace: ks, table: '' },
        };
      keyspaces.add(ks);
      tables.set(ks, new Map());
      return emit({ type: 'CREATED', target: 'KEYSPACE', keyspace: ks });
    }
    if ((m = q.match(/^USE "?(\w+)"?$/i))) {
      const ks = (m[1] as string).toLowerCase();
      return keyspaces.has(ks) ? ok({ kind: 'setKeyspace', keyspace: ks }) : invalid(`Keyspace '${ks}' does not exist`);
    }
    const ks = options.sessionKeyspace;
    const kv = ks === null ? undefined : tables.get(ks);
    if (/^INSERT INTO kv/i.test(q)) {
      if (!kv) return invalid('No keyspace has been specified.');
      const k = valueAt(values, 0, 'k');
      const v = valueAt(values, 1, 'v');
      if (!Buffer.isBuffer(k) || k.length !== 4) return invalid('Expected 4 byte int for k');
      kv.set(k.readInt32BE(0), Buffer.isBuffer(v) ? v.toString('utf8') : '');
      return ok({ kind: 'void' });
    }
    if (/^SELECT k, v FROM kv$/i.test(q)) {
      if (!kv || ks === null) return invalid('No keyspace has been specified.');
      const keys = [...kv.keys()].sort((a, b) => a - b);
      const start = options.pagingState ? options.pagingState.readInt32BE(0) : 0;
      const size = options.pageSize && options.pageSize > 0 ? options.pageSize : keys.length;
      const page = keys.slice(start, start + size);
      const more = start + size < keys.length;
      return ok({
        kind: 'rows',
        columns: [col(ks, 'kv', 'k', int), col(ks, 'kv', 'v', text)],
        rows: page.map((k) => [int32(k), utf8(kv.get(k) as string)]),
        pagingState: more ? int32(start + size) : null,
      });
    }
    return { ok: false, error: { code: 0x2000, message: `line 1:0 fake engine does not understand: ${q}` } };
  }

  return {
    seen,
    forgetPrepared: () => prepared.clear(),
    prepare(query, sessionKeyspace) {
      const q = query.trim();
      const id = Buffer.from(`${sessionKeyspace ?? ''}:${q}`).subarray(0, 16);
      const ks = sessionKeyspace ?? '';
      const isInsert = /^INSERT INTO kv/i.test(q);
      const isSelect = /^SELECT k, v FROM kv$/i.test(q);
      if (!isInsert && !isSelect) return { ok: false, error: { code: 0x2000, message: `cannot prepare ${q}` } };
      const info: PreparedStatementInfo = {
        id,
        bindMarkers: isInsert ? [col(ks, 'kv', 'k', int), col(ks, 'kv', 'v', text)] : [],
        partitionKeyIndexes: isInsert ? [0] : [],
        resultColumns: isSelect ? [col(ks, 'kv', 'k', int), col(ks, 'kv', 'v', text)] : null,
      };
      prepared.set(id.toString('hex'), { query: q, info });
      return { ok: true, value: info };
    },
    async query(query, values, options) {
      seen.push({ query, options });
      // `SLEEP n` answers void after n ms: lets tests make responses complete out of order.
      const sleep = /^SLEEP (\d+)$/.exec(query.trim());
      if (sleep) {
        await new Promise((resolve) => setTimeout(resolve, Number(sleep[1])));
        return ok({ kind: 'void' });
      }
      return run(query, values, options);
    },
    async execute(id, values, options) {
      const p = prepared.get(id.toString('hex'));
      if (!p) return { ok: false, error: { code: 0x2500, message: 'Prepared query not found', id } };
      seen.push({ query: p.query, options });
      return run(p.query, values, options);
    },
    async batch(_type, statements, options) {
      for (const s of statements) {
        const q = 'query' in s ? s.query : prepared.get(s.preparedId.toString('hex'))?.query;
        if (q === undefined && 'preparedId' in s)
          return { ok: false, error: { code: 0x2500, message: 'Prepared query not found', id: s.preparedId } };
        const r = run(q as string, s.values, options);
        if (!r.ok) return r;
      }
      return ok({ kind: 'void' });
    },
    onSchemaChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {},
  };
}
