// Bind markers: their metadata (name and type, inferred from the column they are compared with or assigned to, as
// Cassandra does) and the resolution of terms to stored bytes at execution time.
import type { Relation, Statement, Term } from './ast';
import type { TableMeta } from './catalog';
import { native } from './cqlType';
import { LiteralError, literalToBytes } from './literalCodec';
import { callBytes, callMarkers } from './termCalls';
import { checkValue } from './valueCheck';
import type { BoundValue, BoundValues, ColumnSpec, CqlType } from './types';

export class InvalidRequest extends Error {}

export function columnOf(table: TableMeta, name: string) {
  const c = table.byName.get(name);
  if (!c) throw new InvalidRequest(`Undefined column name ${name} in table ${table.keyspace}.${table.name}`);
  return c;
}

/** The marker metadata of a DML statement against `table`; `markerNames` are the `:name`s from the parser. */
export function markerSpecs(
  s: Statement,
  table: TableMeta,
  markerNames: (string | null)[],
  more?: (specs: (ColumnSpec | undefined)[]) => void,
): ColumnSpec[] {
  const specs = collectMarkerSpecs(s, table, new Array(markerNames.length));
  more?.(specs);
  return completeSpecs(specs);
}

/** Fails on markers no column gave a type to. */
export function completeSpecs(specs: (ColumnSpec | undefined)[]): ColumnSpec[] {
  return Array.from(specs, (spec, i) => {
    if (!spec) throw new InvalidRequest(`Bind marker ${i} is not supported at this position`);
    return spec;
  });
}

/** Fills in `specs` (indexed by marker) the markers of `s`; a BATCH collects all its statements into one array. */
export function collectMarkerSpecs(
  s: Statement,
  table: TableMeta,
  specs: (ColumnSpec | undefined)[],
): (ColumnSpec | undefined)[] {
  const put = (term: Term | null, name: string, type: CqlType) => {
    if (term?.kind === 'call') for (const m of callMarkers(term)) put(m.term, m.name, m.type);
    if (term?.kind !== 'marker') return;
    specs[term.index] = { keyspace: table.keyspace, table: table.name, name: term.name ?? name, type };
  };
  const typeOf = (name: string) => columnOf(table, name).type;
  const relation = (r: Relation) => {
    if (r.kind === 'token' && r.term.kind === 'call' && r.term.fn === 'token')
      // token(k) > token(?, ?): the markers are the partition key's columns.
      r.term.args.forEach((t, i) => {
        const c = table.partitionKey[i];
        if (c) put(t, c.name, c.type);
      });
    else if (r.kind === 'token') put(r.term, 'partition key token', native('bigint'));
    else if (r.kind === 'compare') put(r.term, r.column, typeOf(r.column));
    else if (r.kind === 'in') for (const t of r.terms) put(t, r.column, typeOf(r.column));
    else if (r.kind === 'mapEntry') {
      const t = typeOf(r.column);
      put(r.key, `key(${r.column})`, t.kind === 'map' ? t.key : t);
      put(r.term, `value(${r.column})`, t.kind === 'map' ? t.value : t);
    } else if (r.kind === 'inMarker')
      put(r.term, `in(${r.column})`, { kind: 'list', element: typeOf(r.column), frozen: false });
    else {
      const t = typeOf(r.column);
      const element =
        t.kind === 'map' ? (r.key ? t.key : t.value) : t.kind === 'list' || t.kind === 'set' ? t.element : t;
      put(r.term, r.column, element);
    }
  };
  const using = (u: { ttl: Term | null; timestamp: Term | null }) => {
    put(u.ttl, '[ttl]', native('int'));
    put(u.timestamp, '[timestamp]', native('bigint'));
  };
  switch (s.kind) {
    case 'insert':
      if (s.json) put(s.json.term, '[json]', native('text'));
      s.columns.forEach((c, i) => put(s.values[i] ?? null, c, typeOf(c)));
      using(s.using);
      break;
    case 'update':
      using(s.using);
      for (const a of s.assignments) {
        const t = typeOf(a.column);
        if (a.kind === 'setKey') {
          put(a.key, `key(${a.column})`, t.kind === 'map' ? t.key : native('int'));
          put(a.term, `value(${a.column})`, t.kind === 'map' ? t.value : t.kind === 'list' ? t.element : t);
        } else if (a.kind === 'setField')
          put(
            a.term,
            `${a.column}.${a.field}`,
            t.kind === 'udt' ? (t.fields.find((f) => f.name === a.field)?.type ?? t) : t,
          );
        else if (a.kind === 'remove' && t.kind === 'map')
          put(a.term, a.column, { kind: 'set', element: t.key, frozen: false });
        else put(a.term, a.column, t);
      }
      s.where.forEach(relation);
      for (const c of s.conditions) put(c.term, c.column, typeOf(c.column));
      break;
    case 'delete':
      for (const e of s.elements) {
        const t = typeOf(e.column);
        if (t.kind === 'map') put(e.key, `key(${e.column})`, t.key);
        else if (t.kind === 'set') put(e.key, `value(${e.column})`, t.element);
        else put(e.key, `idx(${e.column})`, native('int'));
      }
      using(s.using);
      s.where.forEach(relation);
      for (const c of s.conditions) put(c.term, c.column, typeOf(c.column));
      break;
    case 'select':
      s.where.forEach(relation);
      put(s.perPartitionLimit ?? null, '[per_partition_limit]', native('int'));
      put(s.limit, '[limit]', native('int'));
      break;
    default:
      break;
  }
  return specs;
}

/** Indexes of the markers giving the partition key components by `=` (token-aware routing); [] when incomplete. */
export function partitionKeyIndexes(s: Statement, table: TableMeta): number[] {
  const byColumn = new Map<string, number>();
  if (s.kind === 'insert')
    s.columns.forEach((c, i) => {
      const t = s.values[i];
      if (t?.kind === 'marker') byColumn.set(c, t.index);
    });
  if (s.kind === 'select' || s.kind === 'update' || s.kind === 'delete')
    for (const r of s.where)
      if (r.kind === 'compare' && r.op === '=' && r.term.kind === 'marker') byColumn.set(r.column, r.term.index);
  const out: number[] = [];
  for (const c of table.partitionKey) {
    const i = byColumn.get(c.name);
    if (i === undefined) return [];
    out.push(i);
  }
  return out;
}

/** Bound values in marker order, whether they came positionally or by name. */
export function orderValues(values: BoundValues, specs: ColumnSpec[]): BoundValue[] {
  if (Array.isArray(values)) {
    if (values.length !== specs.length)
      throw new InvalidRequest(`There were ${specs.length} markers(?) in CQL but ${values.length} bound variables`);
    return values;
  }
  return specs.map((s) => {
    const v = values.get(s.name) ?? values.get(s.name.toLowerCase());
    if (v === undefined) throw new InvalidRequest(`Invalid request, missing value for bind variable ${s.name}`);
    return v;
  });
}

/** A term's stored bytes for a column of `type`: null for null, 'unset' for an unset marker. */
export function termBytes(term: Term, type: CqlType, bound: BoundValue[], what: string): Buffer | null | 'unset' {
  if (term.kind === 'literal') {
    try {
      return literalToBytes(type, term.value);
    } catch (e) {
      if (e instanceof LiteralError) throw new InvalidRequest(e.message.replace('"value"', what));
      throw e;
    }
  }
  if (term.kind === 'call') return callBytes(term, type, bound, what, termBytes);
  const v = bound[term.index];
  if (v === undefined || v === null || v === 'unset') return v ?? null;
  const checked = checkValue(type, v);
  if (typeof checked === 'string') throw new InvalidRequest(`Invalid value for ${what}: ${checked}`);
  return checked;
}

/** A term that must be a value (keys, LIMIT, TTL...). */
export function requiredBytes(term: Term, type: CqlType, bound: BoundValue[], what: string): Buffer {
  const v = termBytes(term, type, bound, what);
  if (v === null) throw new InvalidRequest(`Invalid null value for ${what}`);
  if (v === 'unset') throw new InvalidRequest(`Invalid unset value for ${what}`);
  return v;
}
