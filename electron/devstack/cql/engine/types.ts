// The seam between the CQL wire server (frames, auth, events: electron/devstack/cql/*) and the engine that parses and
// executes CQL (electron/devstack/cql/engine/*). Values cross it as the serialized bytes of the native protocol, so the
// server never needs to understand CQL types and the engine never sees a socket.
import type { Logger } from '../../../../shared/logger';

/** Native CQL type names, as written in CQL (`varchar` is reported as `text`). */
export type NativeTypeName =
  | 'ascii'
  | 'bigint'
  | 'blob'
  | 'boolean'
  | 'counter'
  | 'date'
  | 'decimal'
  | 'double'
  | 'duration'
  | 'float'
  | 'inet'
  | 'int'
  | 'smallint'
  | 'text'
  | 'time'
  | 'timestamp'
  | 'timeuuid'
  | 'tinyint'
  | 'uuid'
  | 'varint';

/** A CQL type: native or a (possibly frozen) collection, a tuple, or a user-defined type. */
export type CqlType =
  | { kind: 'native'; name: NativeTypeName }
  | { kind: 'list'; element: CqlType; frozen: boolean }
  | { kind: 'set'; element: CqlType; frozen: boolean }
  | { kind: 'map'; key: CqlType; value: CqlType; frozen: boolean }
  | { kind: 'tuple'; elements: CqlType[] }
  /**
   * A user-defined type. Its value is laid out as a tuple's, one field after the other. The parser only names it
   * (`keyspace` '' when unqualified, `fields` empty); the catalog resolves the name to the type's fields.
   */
  | { kind: 'udt'; keyspace: string; name: string; fields: UdtField[]; frozen: boolean }
  /** `vector<T, n>` (Cassandra 5.0): exactly n elements of T; on the wire a custom type (VectorType). */
  | { kind: 'vector'; element: CqlType; dimension: number }
  /** A custom type named by its marshal class (`'DynamicCompositeType(...)'`): values are opaque bytes. */
  | { kind: 'custom'; className: string };

/** One field of a user-defined type. */
export interface UdtField {
  name: string;
  type: CqlType;
}

/** One column in result metadata or one bind marker in prepared metadata (the `<col_spec_i>` of the spec). */
export interface ColumnSpec {
  keyspace: string;
  table: string;
  name: string;
  type: CqlType;
}

/** A bound value as it arrived: bytes, null (length -1), or "not set" (length -2, protocol v4+). */
export type BoundValue = Buffer | null | 'unset';

/** Bound values in marker order, or by marker name for QUERY/EXECUTE frames with the names flag. */
export type BoundValues = BoundValue[] | Map<string, BoundValue>;

/** Protocol consistency levels (spec section 3, [consistency]). */
export type Consistency = number;

/** Per-request options the server decoded from the frame. */
export interface ExecuteOptions {
  /** The keyspace set with USE on this connection, or null. */
  sessionKeyspace: string | null;
  consistency: Consistency;
  serialConsistency: Consistency | null;
  /** Rows per page; null or <= 0 means no paging. */
  pageSize: number | null;
  /** Opaque state returned with a previous page. */
  pagingState: Buffer | null;
  /** Client-supplied write timestamp in microseconds (`USING TIMESTAMP` wins over it). */
  defaultTimestamp: bigint | null;
  /** Whether the client asked to skip result metadata (EXECUTE with skip_metadata). */
  skipMetadata: boolean;
}

/** What a statement produced, mapped one-to-one onto RESULT kinds, with the warnings Cassandra would attach. */
export type ExecutionResult = ExecutionOutcome & {
  /** Sent in the response's warning list (frame flag 0x08, protocol v4+); drivers surface them. */
  warnings?: string[];
};

type ExecutionOutcome =
  | { kind: 'void' }
  | {
      kind: 'rows';
      columns: ColumnSpec[];
      /** Row values serialized per column type; null for a missing cell. */
      rows: (Buffer | null)[][];
      /** Set when more pages follow. */
      pagingState: Buffer | null;
    }
  | { kind: 'setKeyspace'; keyspace: string }
  | { kind: 'schemaChange'; change: SchemaChange };

/** A DDL outcome, used both for RESULT schema_change and for the SCHEMA_CHANGE event. */
export interface SchemaChange {
  type: 'CREATED' | 'UPDATED' | 'DROPPED';
  target: 'KEYSPACE' | 'TABLE' | 'TYPE' | 'FUNCTION' | 'AGGREGATE';
  keyspace: string;
  /** Table or type name; absent for KEYSPACE targets. */
  name?: string;
}

/** Error codes of the native protocol that the engine can produce (spec section 9). */
export const CqlErrorCode = {
  serverError: 0x0000,
  protocolError: 0x000a,
  badCredentials: 0x0100,
  unavailable: 0x1000,
  overloaded: 0x1001,
  isBootstrapping: 0x1002,
  truncateError: 0x1003,
  writeTimeout: 0x1100,
  readTimeout: 0x1200,
  syntaxError: 0x2000,
  unauthorized: 0x2100,
  invalid: 0x2200,
  configError: 0x2300,
  alreadyExists: 0x2400,
  unprepared: 0x2500,
} as const;

/** An error as data; `alreadyExists` carries keyspace/table, `unprepared` carries the unknown id. */
export type CqlError =
  | { code: Exclude<(typeof CqlErrorCode)[keyof typeof CqlErrorCode], 0x2400 | 0x2500>; message: string }
  | { code: 0x2400; message: string; keyspace: string; table: string }
  | { code: 0x2500; message: string; id: Buffer };

/** Every engine call answers with a result or an error, never a throw. */
export type EngineResult<T> = { ok: true; value: T } | { ok: false; error: CqlError };

/** What PREPARE returns: the id plus the metadata the RESULT prepared message carries. */
export interface PreparedStatementInfo {
  id: Buffer;
  /** One per bind marker, in order; named markers carry their name. */
  bindMarkers: ColumnSpec[];
  /** Indexes into bindMarkers of the partition key components, in key order (for token-aware drivers). */
  partitionKeyIndexes: number[];
  /** Result columns for SELECTs; null for statements without rows. */
  resultColumns: ColumnSpec[] | null;
}

/** One statement inside a BATCH: a query string or a prepared id, with its values. */
export type BatchStatement = { query: string; values: BoundValues } | { preparedId: Buffer; values: BoundValues };

/** The engine the wire server drives. Implementations must never throw; all failures come back as CqlError. */
export interface CqlEngine {
  prepare(query: string, sessionKeyspace: string | null): EngineResult<PreparedStatementInfo>;
  /** QUERY: parse and run a CQL string. */
  query(query: string, values: BoundValues, options: ExecuteOptions): Promise<EngineResult<ExecutionResult>>;
  /** EXECUTE: run a prepared statement; unknown ids answer `unprepared`. */
  execute(id: Buffer, values: BoundValues, options: ExecuteOptions): Promise<EngineResult<ExecutionResult>>;
  batch(
    type: 'logged' | 'unlogged' | 'counter',
    statements: BatchStatement[],
    options: ExecuteOptions,
  ): Promise<EngineResult<ExecutionResult>>;
  /** Called after every successful DDL, so the server can push SCHEMA_CHANGE events to registered connections. */
  onSchemaChange(listener: (change: SchemaChange) => void): () => void;
  /** Flushes the commit log and snapshots; idempotent. */
  close(): Promise<void>;
}

/** Facts about the node that the engine's system tables report (system.local, system.peers*). */
export interface NodeIdentity {
  /** Address the node listens on and advertises as rpc_address / broadcast_address. */
  address: string;
  port: number;
  dataCenter: string;
  rack: string;
  clusterName: string;
  /** Reported as release_version; drivers branch on it. */
  releaseVersion: string;
  hostId: string;
  /** The node's vnode tokens (decimal strings) in ring order, as system.local `tokens` lists them. */
  tokens: string[];
}

/** The CQL language version Cassandra 4.1 reports, in system.local and in SUPPORTED alike. */
export const CQL_VERSION = '3.4.6';

/** The CQL language version a release reports: 3.4.7 from 5.0 on. */
export function cqlVersionOf(releaseVersion: string): string {
  return Number.parseInt(releaseVersion, 10) >= 5 ? '3.4.7' : CQL_VERSION;
}

/** `count` tokens spread evenly over the Murmur3 ring, the first at its minimum (one token: the whole ring). */
export function evenTokens(count: number): string[] {
  const step = (1n << 64n) / BigInt(count);
  return Array.from({ length: count }, (_, i) => String(-(1n << 63n) + BigInt(i) * step));
}

/** Options of `createCqlEngine`. */
/**
 * Rows of a system table the wire server keeps (system_traces, system_views, system_auth), as serialized cells by
 * column name; null leaves the table to the engine. Read on every SELECT of such a table.
 */
export type SystemRowSource = (keyspace: string, table: string) => Record<string, Buffer | null>[] | null;

export interface CqlEngineOptions {
  /** Where the commit log and snapshots live; omit for in-memory. */
  dataDir?: string;
  /** Read lazily because the port is known only once the server listens. */
  node: () => NodeIdentity;
  logger?: Logger;
  /** The server's own system rows (tracing, clients, settings, roles). */
  systemRows?: SystemRowSource;
}
