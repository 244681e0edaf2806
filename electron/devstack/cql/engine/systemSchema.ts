// Definitions of the system tables a single Cassandra 4.1 node exposes and drivers read (system.local, peers,
// peers_v2, system_schema.*, system_virtual_schema.*), written as CQL and parsed by our own parser.
import { createHash } from 'node:crypto';
import type { Statement } from './ast';
import { tableFromStatement, type TableMeta } from './catalog';
import { parseCql } from './parser';

const DDL: Record<string, string[]> = {
  system: [
    `CREATE TABLE local (key text PRIMARY KEY, bootstrapped text, broadcast_address inet, broadcast_port int,
      cluster_name text, cql_version text, data_center text, gossip_generation int, host_id uuid, listen_address inet,
      listen_port int, native_protocol_version text, partitioner text, rack text, release_version text,
      rpc_address inet, rpc_port int, schema_version uuid, tokens set<text>, truncated_at map<uuid, blob>)`,
    `CREATE TABLE peers (peer inet PRIMARY KEY, data_center text, host_id uuid, preferred_ip inet, rack text,
      release_version text, rpc_address inet, schema_version uuid, tokens set<text>)`,
    `CREATE TABLE size_estimates (keyspace_name text, table_name text, range_start text, range_end text,
      mean_partition_size bigint, partitions_count bigint,
      PRIMARY KEY ((keyspace_name), table_name, range_start, range_end))`,
    `CREATE TABLE table_estimates (keyspace_name text, table_name text, range_type text, range_start text,
      range_end text, mean_partition_size bigint, partitions_count bigint,
      PRIMARY KEY ((keyspace_name), table_name, range_type, range_start, range_end))`,
    `CREATE TABLE peers_v2 (peer inet, peer_port int, data_center text, host_id uuid, preferred_ip inet,
      preferred_port int, rack text, release_version text, native_address inet, native_port int, schema_version uuid,
      tokens set<text>, PRIMARY KEY ((peer), peer_port))`,
  ],
  system_schema: [
    `CREATE TABLE keyspaces (keyspace_name text PRIMARY KEY, durable_writes boolean, replication frozen<map<text, text>>)`,
    `CREATE TABLE tables (keyspace_name text, table_name text, additional_write_policy text,
      bloom_filter_fp_chance double, caching frozen<map<text, text>>, cdc boolean, comment text,
      compaction frozen<map<text, text>>, compression frozen<map<text, text>>, crc_check_chance double,
      dclocal_read_repair_chance double, default_time_to_live int, extensions frozen<map<text, blob>>,
      flags frozen<set<text>>, gc_grace_seconds int, id uuid, max_index_interval int, memtable_flush_period_in_ms int,
      min_index_interval int, read_repair text, read_repair_chance double, speculative_retry text,
      PRIMARY KEY ((keyspace_name), table_name))`,
    `CREATE TABLE columns (keyspace_name text, table_name text, column_name text, clustering_order text,
      column_name_bytes blob, kind text, position int, type text, PRIMARY KEY ((keyspace_name), table_name, column_name))`,
    `CREATE TABLE indexes (keyspace_name text, table_name text, index_name text, kind text,
      options frozen<map<text, text>>, PRIMARY KEY ((keyspace_name), table_name, index_name))`,
    `CREATE TABLE views (keyspace_name text, view_name text, base_table_id uuid, base_table_name text,
      bloom_filter_fp_chance double, caching frozen<map<text, text>>, comment text, compaction frozen<map<text, text>>,
      compression frozen<map<text, text>>, crc_check_chance double, default_time_to_live int, gc_grace_seconds int,
      id uuid, include_all_columns boolean, where_clause text, PRIMARY KEY ((keyspace_name), view_name))`,
    `CREATE TABLE types (keyspace_name text, type_name text, field_names frozen<list<text>>,
      field_types frozen<list<text>>, PRIMARY KEY ((keyspace_name), type_name))`,
    `CREATE TABLE functions (keyspace_name text, function_name text, argument_types frozen<list<text>>,
      argument_names frozen<list<text>>, body text, called_on_null_input boolean, language text, return_type text,
      PRIMARY KEY ((keyspace_name), function_name, argument_types))`,
    `CREATE TABLE aggregates (keyspace_name text, aggregate_name text, argument_types frozen<list<text>>,
      final_func text, initcond text, return_type text, state_func text, state_type text,
      PRIMARY KEY ((keyspace_name), aggregate_name, argument_types))`,
    `CREATE TABLE triggers (keyspace_name text, table_name text, trigger_name text, options frozen<map<text, text>>,
      PRIMARY KEY ((keyspace_name), table_name, trigger_name))`,
    `CREATE TABLE dropped_columns (keyspace_name text, table_name text, column_name text, dropped_time timestamp,
      kind text, type text, PRIMARY KEY ((keyspace_name), table_name, column_name))`,
  ],
  system_virtual_schema: [
    `CREATE TABLE keyspaces (keyspace_name text PRIMARY KEY)`,
    `CREATE TABLE tables (keyspace_name text, table_name text, comment text, PRIMARY KEY ((keyspace_name), table_name))`,
    `CREATE TABLE columns (keyspace_name text, table_name text, column_name text, clustering_order text,
      column_name_bytes blob, kind text, position int, type text, PRIMARY KEY ((keyspace_name), table_name, column_name))`,
  ],
  // The tables below hold rows the wire server keeps (engine/types.ts SystemRowSource): roles, traces, views.
  system_auth: [
    `CREATE TABLE roles (role text PRIMARY KEY, can_login boolean, is_superuser boolean, member_of set<text>,
      salted_hash text)`,
    `CREATE TABLE role_permissions (role text, resource text, permissions set<text>, PRIMARY KEY (role, resource))`,
    `CREATE TABLE role_members (role text, member text, PRIMARY KEY (role, member))`,
  ],
  system_distributed: [],
  system_traces: [
    `CREATE TABLE sessions (session_id uuid PRIMARY KEY, client inet, command text, coordinator inet,
      coordinator_port int, duration int, parameters map<text, text>, request text, started_at timestamp)`,
    `CREATE TABLE events (session_id uuid, event_id timeuuid, activity text, source inet, source_elapsed int,
      source_port int, thread text, PRIMARY KEY ((session_id), event_id))`,
  ],
  system_views: [
    `CREATE TABLE clients (address inet, port int, client_options frozen<map<text, text>>, connection_stage text,
      driver_name text, driver_version text, hostname text, keyspace_name text, protocol_version int,
      request_count bigint, ssl_cipher_suite text, ssl_enabled boolean, ssl_protocol text, username text,
      PRIMARY KEY ((address), port))`,
    `CREATE TABLE settings (name text PRIMARY KEY, value text)`,
  ],
};

/** Replication each system keyspace reports, as Cassandra 4.1 does. */
export const SYSTEM_KEYSPACES: Record<string, Record<string, string>> = {
  system: { class: 'org.apache.cassandra.locator.LocalStrategy' },
  system_schema: { class: 'org.apache.cassandra.locator.LocalStrategy' },
  system_auth: { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '1' },
  system_distributed: { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '3' },
  system_traces: { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '2' },
};

/** Virtual keyspaces are listed only in system_virtual_schema, like Cassandra's. */
export const VIRTUAL_KEYSPACES = new Set(['system_virtual_schema', 'system_views']);

/** Stable ids so a table's id does not change between restarts. */
function stableId(keyspace: string, table: string): string {
  const h = createHash('md5').update(`${keyspace}.${table}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-3${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function build(): Map<string, Map<string, TableMeta>> {
  const out = new Map<string, Map<string, TableMeta>>();
  for (const [keyspace, ddls] of Object.entries(DDL)) {
    const tables = new Map<string, TableMeta>();
    for (const ddl of ddls) {
      const s = parseCql(ddl).statement as Extract<Statement, { kind: 'createTable' }>;
      const t = tableFromStatement(s, keyspace);
      tables.set(t.name, { ...t, id: stableId(keyspace, t.name) });
    }
    out.set(keyspace, tables);
  }
  return out;
}

/** keyspace → table → metadata for every system table. */
export const SYSTEM_TABLES = build();
