// Decoders for request bodies (spec section 4.1). They read what the engine needs and nothing more; a body that does
// not fit the layout throws CqlDecodeError.
import type { BatchStatement, BoundValue, BoundValues, Consistency } from '../engine/types';
import { type BodyReader, CqlDecodeError } from './bodyReader';
import { QueryFlag } from './constants';

/** The <query_parameters> of QUERY and EXECUTE. */
export interface QueryParameters {
  consistency: Consistency;
  values: BoundValues;
  skipMetadata: boolean;
  pageSize: number | null;
  pagingState: Buffer | null;
  serialConsistency: Consistency | null;
  defaultTimestamp: bigint | null;
  /** v5 `With keyspace` (0x80): supersedes the connection's keyspace for this request. */
  keyspace: string | null;
}

const NO_VALUES: BoundValue[] = [];

function readValues(r: BodyReader, named: boolean, allowUnset: boolean): BoundValues {
  const n = r.short();
  if (named) {
    const map = new Map<string, BoundValue>();
    for (let i = 0; i < n; i++) map.set(r.string(), r.value(allowUnset));
    return map;
  }
  const list: BoundValue[] = new Array<BoundValue>(n);
  for (let i = 0; i < n; i++) list[i] = r.value(allowUnset);
  return list;
}

export function readQueryParameters(r: BodyReader, version: number): QueryParameters {
  const consistency = r.short();
  // v5 widened the flags from [byte] to [int].
  const flags = version >= 5 ? r.int() : r.byte();
  const values =
    flags & QueryFlag.values ? readValues(r, (flags & QueryFlag.namesForValues) !== 0, version >= 4) : NO_VALUES;
  const pageSize = flags & QueryFlag.pageSize ? r.int() : null;
  const pagingState = flags & QueryFlag.pagingState ? r.bytes() : null;
  const serialConsistency = flags & QueryFlag.serialConsistency ? r.short() : null;
  let defaultTimestamp: bigint | null = null;
  if (flags & QueryFlag.defaultTimestamp) {
    defaultTimestamp = r.long();
    if (defaultTimestamp < 0n) throw new CqlDecodeError('Out of bound timestamp, must be positive');
  }
  const keyspace = version >= 5 && flags & QueryFlag.withKeyspace ? r.string() : null;
  // now_in_seconds is for tests of TTL expiry on a real cluster; the engine uses its own clock.
  if (version >= 5 && flags & QueryFlag.nowInSeconds) r.int();
  return {
    consistency,
    values,
    skipMetadata: (flags & QueryFlag.skipMetadata) !== 0,
    pageSize,
    pagingState,
    serialConsistency,
    defaultTimestamp,
    keyspace,
  };
}

export interface QueryRequest {
  query: string;
  params: QueryParameters;
}

export function readQuery(r: BodyReader, version: number): QueryRequest {
  const query = r.longString();
  return { query, params: readQueryParameters(r, version) };
}

export interface ExecuteRequest {
  id: Buffer;
  /** v5: the result metadata id the client holds (from PREPARE or a Metadata_changed result). */
  resultMetadataId: Buffer | null;
  params: QueryParameters;
}

export function readExecute(r: BodyReader, version: number): ExecuteRequest {
  const id = r.shortBytes();
  const resultMetadataId = version >= 5 ? r.shortBytes() : null;
  return { id, resultMetadataId, params: readQueryParameters(r, version) };
}

/** PREPARE: the query, and from v5 an [int] of flags whose 0x01 carries a keyspace. */
export function readPrepare(r: BodyReader, version: number): { query: string; keyspace: string | null } {
  const query = r.longString();
  if (version < 5) return { query, keyspace: null };
  const flags = r.int();
  return { query, keyspace: flags & 0x01 ? r.string() : null };
}

export interface BatchRequest {
  type: 'logged' | 'unlogged' | 'counter';
  statements: BatchStatement[];
  consistency: Consistency;
  serialConsistency: Consistency | null;
  defaultTimestamp: bigint | null;
  keyspace: string | null;
}

const batchTypes = ['logged', 'unlogged', 'counter'] as const;

/**
 * BATCH puts the names flag after the values it governs (CASSANDRA-10246), so the body is read assuming plain values
 * first and, when the flags turn out to say "named", read again with a name before each value.
 */
export function readBatch(r: BodyReader, version: number): BatchRequest {
  const start = r.pos;
  try {
    const plain = readBatchAs(r, version, false);
    if (!plain.named) return plain.request;
  } catch (error) {
    if (!(error instanceof CqlDecodeError)) throw error;
  }
  r.pos = start;
  const named = readBatchAs(r, version, true);
  if (!named.named) throw new CqlDecodeError('BATCH values carry names but the names flag (0x40) is not set');
  return named.request;
}

function readBatchAs(r: BodyReader, version: number, named: boolean): { request: BatchRequest; named: boolean } {
  const typeByte = r.byte();
  const type = batchTypes[typeByte];
  if (type === undefined) throw new CqlDecodeError(`Unknown batch type ${typeByte}`);
  const n = r.short();
  const statements: BatchStatement[] = [];
  for (let i = 0; i < n; i++) {
    const kind = r.byte();
    let queryOrId: string | Buffer;
    if (kind === 0) queryOrId = r.longString();
    else if (kind === 1) queryOrId = r.shortBytes();
    else throw new CqlDecodeError(`Invalid query kind in BATCH messages. Must be 0 or 1 but got ${kind}`);
    const values = readValues(r, named, version >= 4);
    statements.push(typeof queryOrId === 'string' ? { query: queryOrId, values } : { preparedId: queryOrId, values });
  }
  const consistency = r.short();
  const flags = version >= 5 ? r.int() : r.byte();
  const serialConsistency = flags & QueryFlag.serialConsistency ? r.short() : null;
  const defaultTimestamp = flags & QueryFlag.defaultTimestamp ? r.long() : null;
  const keyspace = version >= 5 && flags & QueryFlag.withKeyspace ? r.string() : null;
  if (version >= 5 && flags & QueryFlag.nowInSeconds) r.int();
  return {
    request: { type, statements, consistency, serialConsistency, defaultTimestamp, keyspace },
    named: (flags & QueryFlag.namesForValues) !== 0,
  };
}
