import type cassandra from 'cassandra-driver';
import type { Settings } from '../../shared/settings';
import { USER_TEXT_COLUMNS } from '../../shared/user';

type CassandraSettings = Settings['cassandra'];

/** Names of the tables the pipeline writes: the seed's table and the two lookup tables beside it. */
export function tableNames(settings: CassandraSettings) {
  const ks = settings.keyspace;
  const t = settings.table;
  return {
    keyspace: ks,
    users: `${ks}.${t}`,
    byEmail: `${ks}.${t}_by_email`,
    byUsername: `${ks}.${t}_by_username`,
    usersTable: t,
  };
}

function replicationCql(settings: CassandraSettings): string {
  const r = settings.replication;
  if (r.class === 'SimpleStrategy') return `{'class': 'SimpleStrategy', 'replication_factor': ${r.replicationFactor}}`;
  const dcs = Object.entries(r.dataCenters).map(([dc, n]) => `'${dc.replace(/'/g, "''")}': ${n}`);
  return `{'class': 'NetworkTopologyStrategy', ${dcs.join(', ')}}`;
}

/**
 * How exact search by email and username is served: storage-attached indexes on the table (Cassandra 5.0+: no extra
 * writes), or two lookup tables written beside every row (older clusters, where a legacy secondary index would fan
 * every lookup out to all nodes).
 */
export type SearchSupport = 'sai' | 'lookup-tables';

/** SAI from Cassandra 5.0 on (`release_version` of the oldest node); lookup tables before, or when unknown. */
export function searchSupportFor(releaseVersions: readonly (string | undefined)[]): SearchSupport {
  const majors = releaseVersions.map((v) => Number.parseInt(v ?? '', 10));
  if (majors.length === 0 || majors.some((m) => !Number.isFinite(m))) return 'lookup-tables';
  return Math.min(...majors) >= 5 ? 'sai' : 'lookup-tables';
}

/** Names of the two SAI indexes on the users table. */
export function indexNames(settings: CassandraSettings) {
  return { email: `${settings.table}_email_idx`, username: `${settings.table}_username_idx` };
}

/** The DDL, in order: keyspace, the seed's table exactly as the seed created it, then what search needs. */
export function schemaStatements(settings: CassandraSettings, search: SearchSupport = 'lookup-tables'): string[] {
  const n = tableNames(settings);
  const columns = ['id uuid PRIMARY KEY', ...USER_TEXT_COLUMNS.map((c) => `${c} text`)].join(', ');
  const base = [
    `CREATE KEYSPACE IF NOT EXISTS ${n.keyspace} WITH replication = ${replicationCql(settings)}`,
    `CREATE TABLE IF NOT EXISTS ${n.users} (${columns})`,
  ];
  if (search === 'sai') {
    const idx = indexNames(settings);
    return [
      ...base,
      `CREATE INDEX IF NOT EXISTS ${idx.email} ON ${n.users} (email) USING 'sai'`,
      `CREATE INDEX IF NOT EXISTS ${idx.username} ON ${n.users} (username) USING 'sai'`,
    ];
  }
  return [
    ...base,
    `CREATE TABLE IF NOT EXISTS ${n.byEmail} (email text, id uuid, PRIMARY KEY (email, id))`,
    `CREATE TABLE IF NOT EXISTS ${n.byUsername} (username text, id uuid, PRIMARY KEY (username, id))`,
  ];
}

interface ColumnRow {
  name: string;
  type: string;
  kind: string;
}

/** Differences between an existing table and the seed's, phrased for a person; empty when they match. */
export function tableDifferences(columns: readonly ColumnRow[]): string[] {
  const expected = new Map<string, { type: string; kind: string }>([
    ['id', { type: 'uuid', kind: 'partition_key' }],
    ...USER_TEXT_COLUMNS.map((c) => [c, { type: 'text', kind: 'regular' }] as const),
  ]);
  const normalise = (type: string) => (type.toLowerCase() === 'varchar' ? 'text' : type.toLowerCase());
  const out: string[] = [];
  const seen = new Set<string>();
  for (const col of columns) {
    seen.add(col.name);
    const want = expected.get(col.name);
    if (!want) {
      out.push(`extra column ${col.name} ${col.type}`);
      continue;
    }
    if (normalise(col.type) !== want.type) out.push(`column ${col.name} is ${col.type}, expected ${want.type}`);
    if (col.kind !== want.kind)
      out.push(`column ${col.name} is ${col.kind.replace('_', ' ')}, expected ${want.kind.replace('_', ' ')}`);
  }
  for (const name of expected.keys()) if (!seen.has(name)) out.push(`missing column ${name}`);
  return out;
}

/** Creates what is missing, then checks the existing table matches the seed's; rejects naming every difference. */
export async function ensureSchema(
  client: cassandra.Client,
  settings: CassandraSettings,
  search: SearchSupport = 'lookup-tables',
): Promise<void> {
  const statements = schemaStatements(settings, search);
  // Keyspace and table first, then check the table is the seed's, and only then what search needs (an index on a
  // column the table lacks would be refused with a less helpful message).
  for (const statement of statements.slice(0, 2)) await client.execute(statement, [], { prepare: false });
  const n = tableNames(settings);
  // Identifiers were validated by the settings schema, so inlining them is safe; the driver issues this same form.
  const rs = await client.execute(
    `SELECT * FROM system_schema.columns WHERE keyspace_name='${n.keyspace}' AND table_name='${n.usersTable}'`,
    [],
    { prepare: false },
  );
  const columns = rs.rows.map((r) => ({
    name: String(r.get('column_name')),
    type: String(r.get('type')),
    kind: String(r.get('kind')),
  }));
  const diffs = tableDifferences(columns);
  if (diffs.length > 0) {
    throw new SchemaMismatchError(
      `table ${n.users} exists with a different schema than the seed's: ${diffs.join('; ')}`,
    );
  }
  for (const statement of statements.slice(2)) await client.execute(statement, [], { prepare: false });
}

/** The existing table is not the seed's: the pipeline refuses to write into it. */
export class SchemaMismatchError extends Error {
  override readonly name = 'SchemaMismatchError';
}
