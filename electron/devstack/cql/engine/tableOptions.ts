// Table options (CREATE TABLE ... WITH name = value): kept as given, normalised as Cassandra normalises them (full
// class names, default sub-options), reported in system_schema.tables and DESCRIBE. The store's behaviour depends
// only on default_time_to_live; the rest are what a cluster would do with them, shown so schemas round-trip.
import type { Literal } from './ast';
import { CqlSyntaxError } from './lexer';
import { literalText } from './parseDdl';

/** Options other than comment and default_time_to_live (kept on the table itself), as system_schema names them. */
export interface TableOptions {
  additional_write_policy: string;
  bloom_filter_fp_chance: number;
  caching: Record<string, string>;
  cdc: boolean;
  compaction: Record<string, string>;
  compression: Record<string, string>;
  crc_check_chance: number;
  extensions: Record<string, string>;
  gc_grace_seconds: number;
  max_index_interval: number;
  memtable_flush_period_in_ms: number;
  min_index_interval: number;
  read_repair: string;
  speculative_retry: string;
}

const COMPACTION = 'org.apache.cassandra.db.compaction.';
const COMPRESSION = 'org.apache.cassandra.io.compress.';

/** Cassandra 4.1/5.0 defaults. */
export function defaultTableOptions(): TableOptions {
  return {
    additional_write_policy: '99p',
    bloom_filter_fp_chance: 0.01,
    caching: { keys: 'ALL', rows_per_partition: 'NONE' },
    cdc: false,
    compaction: { class: `${COMPACTION}SizeTieredCompactionStrategy`, max_threshold: '32', min_threshold: '4' },
    compression: { chunk_length_in_kb: '16', class: `${COMPRESSION}LZ4Compressor` },
    crc_check_chance: 1,
    extensions: {},
    gc_grace_seconds: 864000,
    max_index_interval: 2048,
    memtable_flush_period_in_ms: 0,
    min_index_interval: 128,
    read_repair: 'BLOCKING',
    speculative_retry: '99p',
  };
}

const NUMBERS = [
  'bloom_filter_fp_chance',
  'crc_check_chance',
  'gc_grace_seconds',
  'max_index_interval',
  'memtable_flush_period_in_ms',
  'min_index_interval',
] as const;
const STRINGS = ['additional_write_policy', 'read_repair', 'speculative_retry'] as const;
const MAPS = ['caching', 'compaction', 'compression', 'extensions'] as const;
/** Options CREATE TABLE accepts beyond TableOptions. */
const OWN = ['comment', 'default_time_to_live', 'id', 'memtable', 'dclocal_read_repair_chance', 'read_repair_chance'];

function map(l: Literal, name: string): Record<string, string> {
  if (l.kind !== 'map') throw new Error(`Invalid value for property '${name}': it must be a map`);
  return Object.fromEntries(l.entries.map(([k, v]) => [literalText(k), literalText(v)]));
}

function withClass(given: Record<string, string>, prefix: string): Record<string, string> {
  const cls = given.class;
  return cls === undefined || cls.includes('.') ? given : { ...given, class: `${prefix}${cls}` };
}

/** The options of a CREATE TABLE's WITH clause; throws Error with Cassandra's message for an unknown one. */
export function tableOptionsFrom(given: Map<string, Literal>): TableOptions {
  const o = defaultTableOptions();
  for (const [name, value] of given) {
    if ((NUMBERS as readonly string[]).includes(name)) {
      const n = Number(literalText(value));
      if (!Number.isFinite(n)) throw new Error(`Invalid value for property '${name}': ${literalText(value)}`);
      o[name as (typeof NUMBERS)[number]] = n;
    } else if ((STRINGS as readonly string[]).includes(name)) o[name as (typeof STRINGS)[number]] = literalText(value);
    else if (name === 'cdc') o.cdc = literalText(value).toLowerCase() === 'true';
    else if (name === 'caching') o.caching = { ...o.caching, ...map(value, name) };
    else if (name === 'compaction') {
      const m = withClass(map(value, name), COMPACTION);
      if (m.class === undefined) throw new Error("Missing sub-option 'class' for the 'compaction' option.");
      o.compaction = { max_threshold: '32', min_threshold: '4', ...m };
    } else if (name === 'compression') {
      const m = withClass(map(value, name), COMPRESSION);
      o.compression = m.enabled === 'false' ? { enabled: 'false' } : { chunk_length_in_kb: '16', ...m };
    } else if ((MAPS as readonly string[]).includes(name)) o.extensions = map(value, name);
    else if (!OWN.includes(name)) throw new CqlSyntaxError(`Unknown property '${name}'`);
  }
  return o;
}

/** The options after an ALTER TABLE … WITH: those given replace the table's (normalised as at CREATE), the rest stay. */
export function alteredTableOptions(current: TableOptions, given: Map<string, Literal>): TableOptions {
  const fresh = tableOptionsFrom(given);
  const out: TableOptions = { ...current };
  const target = out as unknown as Record<string, unknown>;
  for (const name of given.keys())
    if (name in fresh) target[name] = (fresh as unknown as Record<string, unknown>)[name];
  return out;
}

/** Normalises options read back from schema.json (absent in data dirs written before options were kept). */
export function tableOptionsFromJson(json: Partial<TableOptions> | undefined): TableOptions {
  return { ...defaultTableOptions(), ...json };
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const cqlMap = (m: Record<string, string>) =>
  `{${Object.keys(m)
    .sort()
    .map((k) => `${quote(k)}: ${quote(m[k] as string)}`)
    .join(', ')}}`;

/** The WITH clause lines of DESCRIBE, in Cassandra's order. */
export function tableOptionsCql(o: TableOptions, comment: string, defaultTtl: number): string[] {
  return [
    `additional_write_policy = ${quote(o.additional_write_policy)}`,
    `bloom_filter_fp_chance = ${o.bloom_filter_fp_chance}`,
    `caching = ${cqlMap(o.caching)}`,
    `cdc = ${o.cdc}`,
    `comment = ${quote(comment)}`,
    `compaction = ${cqlMap(o.compaction)}`,
    `compression = ${cqlMap(o.compression)}`,
    `crc_check_chance = ${Number.isInteger(o.crc_check_chance) ? o.crc_check_chance.toFixed(1) : o.crc_check_chance}`,
    `default_time_to_live = ${defaultTtl}`,
    `extensions = ${cqlMap(o.extensions)}`,
    `gc_grace_seconds = ${o.gc_grace_seconds}`,
    `max_index_interval = ${o.max_index_interval}`,
    `memtable_flush_period_in_ms = ${o.memtable_flush_period_in_ms}`,
    `min_index_interval = ${o.min_index_interval}`,
    `read_repair = ${quote(o.read_repair)}`,
    `speculative_retry = ${quote(o.speculative_retry)}`,
  ];
}
