// CREATE INDEX and DROP INDEX as Cassandra 4.1 and 5.0 answer them: the built-in index (kind COMPOSITES) on both,
// storage-attached indexes (kind CUSTOM, `USING 'sai'`) on 5.0 only — 4.1 has no such class and says so.
import type { Statement } from './ast';
import { InvalidRequest } from './bind';
import type { IndexMeta, KeyspaceMeta, TableMeta } from './catalog';
import { ConfigError } from './errors';
import type { SchemaChange } from './types';

type CreateIndex = Extract<Statement, { kind: 'createIndex' }>;

const SAI_CLASS = 'org.apache.cassandra.index.sai.StorageAttachedIndex';
const SASI_CLASS = 'org.apache.cassandra.index.sasi.SASIIndex';
/** Cassandra 5.0's `IndexMetadata` aliases (matched lower-cased). */
const ALIASES_5: Record<string, string> = { sai: SAI_CLASS, storageattachedindex: SAI_CLASS, sasiindex: SASI_CLASS };
/** What 5.0 calls its built-in index when named in USING. */
const LEGACY_NAME = 'legacy_local_table';

/** Whether a release (as system.local reports it) has storage-attached indexes. */
export function hasSai(releaseVersion: string): boolean {
  return Number.parseInt(releaseVersion, 10) >= 5;
}

/** Whether an index is storage-attached (its restrictions combine without ALLOW FILTERING). */
export function isSai(ix: IndexMeta): boolean {
  const cls = ix.options.class_name;
  return ix.kind === 'CUSTOM' && cls !== undefined && (ALIASES_5[cls.toLowerCase()] ?? cls) === SAI_CLASS;
}

/** Custom or not, and the class, after the release's rules for USING; throws Cassandra's errors. */
function implementation(s: CreateIndex, release: string): { custom: boolean; cls: string | null } {
  if (!hasSai(release)) {
    // 4.1: USING needs CUSTOM, CUSTOM needs USING, and only the fully qualified class of an index on the classpath.
    if (!s.custom && s.using !== null) throw new InvalidRequest('Cannot specify index class for a non-CUSTOM index');
    if (s.custom && s.using === null) throw new InvalidRequest('CUSTOM index requires specifiying the index class');
    return { custom: s.custom, cls: s.using };
  }
  if (s.using === null) {
    if (s.custom) throw new InvalidRequest('CUSTOM index requires specifiying the index class');
    return { custom: false, cls: null };
  }
  if (!s.custom && s.using.toLowerCase() === LEGACY_NAME) return { custom: false, cls: null };
  return { custom: true, cls: s.using };
}

function checkClass(cls: string, release: string): void {
  const resolved = hasSai(release) ? (ALIASES_5[cls.toLowerCase()] ?? cls) : cls;
  if (resolved === SASI_CLASS) throw new InvalidRequest('SASI indexes are disabled. Enable in cassandra.yaml to use.');
  if (resolved !== SAI_CLASS || !hasSai(release)) throw new ConfigError(`Unable to find custom indexer class '${cls}'`);
}

function findIndex(keyspace: KeyspaceMeta, name: string): TableMeta | undefined {
  for (const t of keyspace.tables.values()) if (t.indexes.some((ix) => ix.name === name)) return t;
  return undefined;
}

/** Cassandra's default name: `<table>_<column>_idx` without non-word characters, then `_1`, `_2`... if taken. */
function defaultName(keyspace: KeyspaceMeta, table: string, column: string): string {
  const base = `${table}_${column}_idx`.replace(/\W/g, '');
  let name = base;
  for (let i = 1; findIndex(keyspace, name); i++) name = `${base}_${i}`;
  return name;
}

/** Adds the index to its table (building it is the storage's job); null when IF NOT EXISTS found one. */
export function createIndex(
  s: CreateIndex,
  keyspace: KeyspaceMeta | undefined,
  ks: string,
  release: string,
): SchemaChange | null {
  const impl = implementation(s, release);
  if (!keyspace) throw new InvalidRequest(`Keyspace '${ks}' doesn't exist`);
  const table = keyspace.tables.get(s.table.table);
  if (!table) throw new InvalidRequest(`Table '${s.table.table}' doesn't exist`);
  if (s.name !== null && findIndex(keyspace, s.name)) {
    if (s.ifNotExists) return null;
    throw new InvalidRequest(`Index '${s.name}' already exists`);
  }
  const column = table.byName.get(s.target.column);
  if (!column) throw new InvalidRequest(`Column '${s.target.column}' doesn't exist`);
  if (column.kind === 'partition_key' && table.partitionKey.length === 1)
    throw new InvalidRequest(`Cannot create secondary index on the only partition key column ${column.name}`);
  const t = column.type;
  const isCollection = t.kind === 'list' || t.kind === 'set' || t.kind === 'map';
  const frozenCollection = isCollection && t.frozen;
  const fn = s.target.fn === 'simple' && isCollection && !t.frozen ? 'values' : s.target.fn;
  if (frozenCollection && fn !== 'full')
    throw new InvalidRequest(
      `Cannot create ${fn === 'simple' ? 'values' : fn}() index on frozen column ${column.name}. Frozen collections ` +
        `are immutable and must be fully indexed by using the 'full(${column.name})' modifier`,
    );
  if (!frozenCollection && fn === 'full')
    throw new InvalidRequest('full() indexes can only be created on frozen collections');
  if (!isCollection && fn !== 'simple')
    throw new InvalidRequest(
      `Cannot create ${fn}() index on ${column.name}. Non-collection columns only support simple indexes`,
    );
  if (t.kind === 'udt' && !t.frozen) throw new InvalidRequest('Secondary indexes are not supported on non-frozen UDTs');
  if (column.kind === 'static')
    throw new InvalidRequest(
      'Indexes on static columns are not supported by this embedded store (regular columns only)',
    );
  if ((fn === 'keys' || fn === 'entries') && t.kind !== 'map')
    throw new InvalidRequest(`Cannot create index on ${fn} of column ${column.name} with non-map type`);
  if (column.kind !== 'regular')
    throw new InvalidRequest(
      'Indexes on primary key columns are not supported by this embedded store (regular columns only)',
    );
  if (s.options.size > 0 && !impl.custom) throw new InvalidRequest('Cannot specify options for a non-CUSTOM index');
  if (s.options.size > 0) throw new InvalidRequest('Index options are not supported by this embedded store');
  const name = s.name ?? defaultName(keyspace, table.name, column.name);
  const target = fn === 'simple' ? column.name : `${fn}(${column.name})`;
  const options: Record<string, string> = impl.custom ? { class_name: impl.cls as string, target } : { target };
  const index: IndexMeta = { name, column: column.name, kind: impl.custom ? 'CUSTOM' : 'COMPOSITES', options };
  const same = table.indexes.find(
    (ix) => ix.kind === index.kind && JSON.stringify(sorted(ix.options)) === JSON.stringify(sorted(options)),
  );
  if (same) {
    if (s.ifNotExists) return null;
    throw new InvalidRequest(`Index ${name} is a duplicate of existing index ${same.name}`);
  }
  if (impl.custom) checkClass(impl.cls as string, release);
  table.indexes = [...table.indexes, index];
  return { type: 'UPDATED', target: 'TABLE', keyspace: ks, name: table.name };
}

function sorted(o: Record<string, string>): [string, string][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Removes the index from its table; null when IF EXISTS found none. */
export function dropIndex(
  s: Extract<Statement, { kind: 'dropIndex' }>,
  keyspace: KeyspaceMeta | undefined,
  ks: string,
): SchemaChange | null {
  const table = keyspace ? findIndex(keyspace, s.name) : undefined;
  if (!table) {
    if (s.ifExists) return null;
    // Cassandra's message, stray quote included.
    throw new InvalidRequest(`Index '${ks}.${s.name}' doesn't exist'`);
  }
  table.indexes = table.indexes.filter((ix) => ix.name !== s.name);
  return { type: 'UPDATED', target: 'TABLE', keyspace: ks, name: table.name };
}
