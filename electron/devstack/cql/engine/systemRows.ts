// The rows of the system tables, generated from the live schema and node identity each time they are read, and
// loaded into a throw-away TableData so SELECTs on them go through the same code as user tables.
import type { KeyspaceMeta, TableMeta } from './catalog';
import { formatCqlType } from './cqlType';
import { encodeClustering, encodePartitionKey } from './keyCodec';
import { literalToBytes } from './literalCodec';
import { murmur3Token } from './murmur3';
import { encodeRow } from './rowCodec';
import { primaryRanges, type TokenHistogram } from './sizeEstimates';
import { SYSTEM_KEYSPACES, SYSTEM_TABLES, VIRTUAL_KEYSPACES } from './systemSchema';
import { TableData } from './tableData';
import { writeItems } from './valueCheck';
import { cqlVersionOf, type NodeIdentity, type SystemRowSource } from './types';

type Row = Record<string, Buffer | null>;

const text = (s: string) => Buffer.from(s, 'utf8');
const int = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const bool = (v: boolean) => Buffer.from([v ? 1 : 0]);
const double = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(n);
  return b;
};
const uuid = (s: string) => Buffer.from(s.replace(/-/g, ''), 'hex');
const inet = (s: string) => literalToBytes({ kind: 'native', name: 'inet' }, { kind: 'string', value: s });
const textSet = (items: string[]) => writeItems([...items].sort().map(text), items.length);
const textList = (items: string[]) => writeItems(items.map(text), items.length);
const textMap = (m: Record<string, string>) => {
  const keys = Object.keys(m).sort();
  return writeItems(
    keys.flatMap((k) => [text(k), text(m[k] as string)]),
    keys.length,
  );
};

export interface SystemState {
  keyspaces: Map<string, KeyspaceMeta>;
  schemaVersion: string;
  node: NodeIdentity;
  /** A user table's partitions and bytes per token bucket (system.size_estimates). */
  sizes: (table: TableMeta) => TokenHistogram;
  /** Tables whose rows the wire server keeps (tracing, system_views, roles). */
  external?: SystemRowSource;
}

const bigint = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(Math.round(n)));
  return b;
};

/** Per user table and primary range: partitions and mean partition size, as size_estimates / table_estimates list. */
function estimateRows(state: SystemState, rangeTypes: string[] | null): Row[] {
  const ranges = primaryRanges(state.node.tokens);
  const out: Row[] = [];
  for (const k of state.keyspaces.values())
    for (const t of k.tables.values()) {
      if (t.view) continue;
      const sizes = state.sizes(t);
      for (const [start, end] of ranges) {
        const e = sizes.estimate(start, end);
        const row: Row = {
          keyspace_name: text(k.name),
          table_name: text(t.name),
          range_start: text(String(start)),
          range_end: text(String(end)),
          mean_partition_size: bigint(e.partitions >= 0.5 ? e.bytes / e.partitions : 0),
          partitions_count: bigint(e.partitions),
        };
        if (rangeTypes === null) out.push(row);
        else for (const type of rangeTypes) out.push({ ...row, range_type: text(type) });
      }
    }
  return out;
}

function tableRow(t: TableMeta): Row {
  const o = t.options;
  return {
    keyspace_name: text(t.keyspace),
    table_name: text(t.name),
    additional_write_policy: text(o.additional_write_policy),
    bloom_filter_fp_chance: double(o.bloom_filter_fp_chance),
    caching: textMap(o.caching),
    cdc: bool(o.cdc),
    comment: text(t.comment),
    compaction: textMap(o.compaction),
    compression: textMap(o.compression),
    crc_check_chance: double(o.crc_check_chance),
    dclocal_read_repair_chance: double(0),
    default_time_to_live: int(t.defaultTtl),
    extensions: writeItems(
      Object.keys(o.extensions)
        .sort()
        .flatMap((k) => [text(k), text(o.extensions[k] as string)]),
      Object.keys(o.extensions).length,
    ),
    flags: textSet(['compound']),
    gc_grace_seconds: int(o.gc_grace_seconds),
    id: uuid(t.id),
    max_index_interval: int(o.max_index_interval),
    memtable_flush_period_in_ms: int(o.memtable_flush_period_in_ms),
    min_index_interval: int(o.min_index_interval),
    read_repair: text(o.read_repair),
    read_repair_chance: double(0),
    speculative_retry: text(o.speculative_retry),
  };
}

/** A materialized view's system_schema.views row (none for a table). */
function viewRow(t: TableMeta): Row[] {
  const v = t.view;
  if (!v) return [];
  const o = t.options;
  return [
    {
      keyspace_name: text(t.keyspace),
      view_name: text(t.name),
      base_table_id: uuid(v.baseId),
      base_table_name: text(v.baseTable),
      bloom_filter_fp_chance: double(o.bloom_filter_fp_chance),
      caching: textMap(o.caching),
      comment: text(t.comment),
      compaction: textMap(o.compaction),
      compression: textMap(o.compression),
      crc_check_chance: double(o.crc_check_chance),
      default_time_to_live: int(0),
      gc_grace_seconds: int(o.gc_grace_seconds),
      id: uuid(t.id),
      include_all_columns: bool(v.includeAllColumns),
      where_clause: text(v.whereClause),
    },
  ];
}

function columnRows(t: TableMeta): Row[] {
  return t.columns.map((c) => ({
    keyspace_name: text(t.keyspace),
    table_name: text(t.name),
    column_name: text(c.name),
    clustering_order: text(c.order),
    column_name_bytes: text(c.name),
    kind: text(c.kind),
    position: int(c.position),
    type: text(formatCqlType(c.type)),
  }));
}

function droppedColumnRows(t: TableMeta): Row[] {
  return t.dropped.map((d) => {
    const time = Buffer.alloc(8);
    time.writeBigInt64BE(BigInt(d.droppedAt) / 1000n);
    return {
      keyspace_name: text(t.keyspace),
      table_name: text(t.name),
      column_name: text(d.name),
      dropped_time: time,
      kind: text(d.kind),
      type: text(d.type),
    };
  });
}

/** Every keyspace as system_schema sees it: the system ones (with their tables) and the user's. */
function allKeyspaces(
  state: SystemState,
): { name: string; replication: Record<string, string>; durable: boolean; tables: TableMeta[] }[] {
  const out = Object.entries(SYSTEM_KEYSPACES).map(([name, replication]) => ({
    name,
    replication,
    durable: true,
    tables: [...(SYSTEM_TABLES.get(name)?.values() ?? [])],
  }));
  for (const k of state.keyspaces.values())
    out.push({ name: k.name, replication: k.replication, durable: k.durableWrites, tables: [...k.tables.values()] });
  return out;
}

function rowsFor(keyspace: string, table: string, state: SystemState): Row[] {
  const external = state.external?.(keyspace, table);
  if (external) return external;
  const n = state.node;
  if (keyspace === 'system' && table === 'local')
    return [
      {
        key: text('local'),
        bootstrapped: text('COMPLETED'),
        broadcast_address: inet(n.address),
        broadcast_port: int(7000),
        cluster_name: text(n.clusterName),
        cql_version: text(cqlVersionOf(n.releaseVersion)),
        data_center: text(n.dataCenter),
        gossip_generation: int(Math.floor(Date.now() / 1000)),
        host_id: uuid(n.hostId),
        listen_address: inet(n.address),
        listen_port: int(7000),
        native_protocol_version: text('4'),
        partitioner: text('org.apache.cassandra.dht.Murmur3Partitioner'),
        rack: text(n.rack),
        release_version: text(n.releaseVersion),
        rpc_address: inet(n.address),
        rpc_port: int(n.port),
        schema_version: uuid(state.schemaVersion),
        tokens: textSet(n.tokens),
        truncated_at: null,
      },
    ];
  if (keyspace === 'system' && table === 'size_estimates') return estimateRows(state, null);
  // One data center: a node's local primary ranges are its primary ranges.
  if (keyspace === 'system' && table === 'table_estimates') return estimateRows(state, ['local_primary', 'primary']);
  if (keyspace === 'system_schema') {
    const all = allKeyspaces(state);
    switch (table) {
      case 'keyspaces':
        return all.map((k) => ({
          keyspace_name: text(k.name),
          durable_writes: bool(k.durable),
          replication: textMap(k.replication),
        }));
      case 'tables':
        return all.flatMap((k) => k.tables.filter((t) => !t.view).map(tableRow));
      case 'views':
        return all.flatMap((k) => k.tables.flatMap(viewRow));
      case 'columns':
        return all.flatMap((k) => k.tables.flatMap(columnRows));
      case 'types':
        return [...state.keyspaces.values()].flatMap((k) =>
          [...k.types.values()].map((u) => ({
            keyspace_name: text(k.name),
            type_name: text(u.name),
            field_names: textList(u.fields.map((f) => f.name)),
            field_types: textList(u.fields.map((f) => formatCqlType(f.type))),
          })),
        );
      case 'dropped_columns':
        return all.flatMap((k) => k.tables.flatMap(droppedColumnRows));
      case 'indexes':
        return all.flatMap((k) =>
          k.tables.flatMap((t) =>
            t.indexes.map((ix) => ({
              keyspace_name: text(t.keyspace),
              table_name: text(t.name),
              index_name: text(ix.name),
              kind: text(ix.kind),
              options: textMap(ix.options),
            })),
          ),
        );
      default:
        return [];
    }
  }
  if (keyspace === 'system_virtual_schema') {
    const virtual = [...VIRTUAL_KEYSPACES].map((name) => ({
      name,
      tables: [...(SYSTEM_TABLES.get(name)?.values() ?? [])],
    }));
    switch (table) {
      case 'keyspaces':
        return virtual.map((k) => ({ keyspace_name: text(k.name) }));
      case 'tables':
        return virtual.flatMap((k) =>
          k.tables.map((t) => ({ keyspace_name: text(k.name), table_name: text(t.name), comment: text('') })),
        );
      case 'columns':
        return virtual.flatMap((k) => k.tables.flatMap(columnRows));
      default:
        return [];
    }
  }
  return [];
}

/** The data of a system table, or null when `keyspace.table` is not one. */
export function systemTableData(keyspace: string, table: string, state: SystemState): TableData | null {
  const meta = SYSTEM_TABLES.get(keyspace)?.get(table);
  if (!meta) return null;
  const data = new TableData(meta);
  for (const row of rowsFor(keyspace, table, state)) {
    const key = encodePartitionKey(meta.partitionKey.map((c) => row[c.name] ?? Buffer.alloc(0)));
    const ck = encodeClustering(meta.clustering.map((c) => row[c.name] ?? Buffer.alloc(0)));
    const cells = meta.regular.flatMap((c) => {
      const v = row[c.name];
      return v === undefined || v === null ? [] : [{ slot: c.cell, ts: 0n, expiry: 0, ttl: 0, value: v }];
    });
    data.applyRow(
      murmur3Token(key),
      key,
      ck,
      encodeRow({ marker: { ts: 0n, expiry: 0, ttl: 0 }, deletedAt: null, cells }),
    );
  }
  return data;
}

export const isSystemKeyspace = (name: string): boolean => name in SYSTEM_KEYSPACES || VIRTUAL_KEYSPACES.has(name);

export { textList };
