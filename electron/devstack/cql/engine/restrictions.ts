// WHERE clauses of SELECT: which partitions to read (by key, by token range, or all), and the per-row filters,
// with Cassandra's rule that anything beyond key lookups and token ranges needs ALLOW FILTERING.
import type { CompareOp, Relation, Term } from './ast';
import { columnOf, InvalidRequest, requiredBytes, termBytes } from './bind';
import type { ColumnMeta, TableMeta } from './catalog';
import { native } from './cqlType';
import { encodePartitionKey } from './keyCodec';
import { murmur3Token } from './murmur3';
import { readItems } from './valueCheck';
import { compareValues } from './valueCompare';
import { isSai } from './indexDdl';
import type { BoundValue } from './types';

export interface TokenBound {
  token: bigint;
  inclusive: boolean;
}

export interface ReadPlan {
  /** Exact partitions (sorted by token, key), or null for a range scan. */
  keys: { token: bigint; key: Buffer }[] | null;
  lower: TokenBound | null;
  upper: TokenBound | null;
  /** Row filters over the full row (values aligned with table.columns). */
  filters: ((row: (Buffer | null)[]) => boolean)[];
  /** Whether only key lookups and clustering filters are involved (ORDER BY allowed). */
  partitionRestricted: boolean;
  /** A secondary index that narrows a scan to the rows holding `value` (the filters still check every row). */
  index: { name: string; value: Buffer } | null;
}

export const FILTERING_MESSAGE =
  'Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. ' +
  'If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING';

function compareOk(op: CompareOp, c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

function cartesian(lists: Buffer[][]): Buffer[][] {
  return lists.reduce<Buffer[][]>((acc, values) => acc.flatMap((prefix) => values.map((v) => [...prefix, v])), [[]]);
}

export function planRead(table: TableMeta, where: Relation[], bound: BoundValue[], allowFiltering: boolean): ReadPlan {
  const eq = new Map<string, Buffer[]>();
  const filters: ReadPlan['filters'] = [];
  let lower: TokenBound | null = null;
  let upper: TokenBound | null = null;
  let needsFiltering = false;
  /** CONTAINS restrictions an index on a non-frozen collection's keys or values answers. */
  let scanServed = 0;
  /** Equality restrictions an index can serve, each with whether it is storage-attached. */
  const indexed: { name: string; value: Buffer; sai: boolean }[] = [];
  const indexOf = (c: ColumnMeta) => table.columns.indexOf(c);
  for (const r of where) {
    if (r.kind === 'token') {
      const names = table.partitionKey.map((c) => c.name);
      if (r.columns.join(',') !== names.join(','))
        throw new InvalidRequest(
          `The token function arguments must be in the partition key order: ${names.join(', ')}`,
        );
      const token =
        r.term.kind === 'call' && r.term.fn === 'token'
          ? tokenOf(table, r.term.args, bound)
          : requiredBytes(r.term, native('bigint'), bound, 'partition key token').readBigInt64BE(0);
      if (r.op === '>' || r.op === '>=') lower = { token, inclusive: r.op === '>=' };
      else if (r.op === '<' || r.op === '<=') upper = { token, inclusive: r.op === '<=' };
      else if (r.op === '=') {
        lower = { token, inclusive: true };
        upper = { token, inclusive: true };
      } else throw new InvalidRequest('Unsupported "!=" relation on token');
      continue;
    }
    const col = columnOf(table, r.column);
    const at = indexOf(col);
    if (r.kind === 'mapEntry') {
      const t = col.type;
      if (t.kind !== 'map') throw new InvalidRequest(`Column ${col.name} cannot be used as a map`);
      const key = requiredBytes(r.key, t.key, bound, `key(${col.name})`);
      const v = requiredBytes(r.term, t.value, bound, `value(${col.name})`);
      filters.push((row) => {
        const items = row[at] ? readItems(row[at] as Buffer, 2) : null;
        if (!items) return false;
        for (let i = 0; i < items.length; i += 2)
          if (compareValues(t.key, items[i] as Buffer, key) === 0)
            return compareValues(t.value, items[i + 1] as Buffer, v) === 0;
        return false;
      });
      // An entries() index serves it, by a scan as for CONTAINS.
      if (table.indexes.some((x) => x.options.target === `entries(${col.name})`)) scanServed++;
      else needsFiltering = true;
      continue;
    }
    if (r.kind === 'contains') {
      if (col.type.kind !== 'list' && col.type.kind !== 'set' && col.type.kind !== 'map')
        throw new InvalidRequest(`Cannot use CONTAINS on non-collection column ${col.name}`);
      const t = col.type;
      const elementType = t.kind === 'map' ? (r.key ? t.key : t.value) : t.element;
      const v = requiredBytes(r.term, elementType, bound, col.name);
      const per = t.kind === 'map' ? 2 : 1;
      const offset = t.kind === 'map' && !r.key ? 1 : 0;
      filters.push((row) => {
        const items = row[at] ? readItems(row[at] as Buffer, per) : null;
        if (!items) return false;
        for (let i = offset; i < items.length; i += per)
          if (compareValues(elementType, items[i] as Buffer, v) === 0) return true;
        return false;
      });
      // An index on the collection's keys or values serves it: read by a scan here (same rows, no ALLOW FILTERING).
      const target = `${t.kind === 'map' && r.key ? 'keys' : 'values'}(${col.name})`;
      if (table.indexes.some((x) => x.options.target === target)) scanServed++;
      else needsFiltering = true;
      continue;
    }
    let values: Buffer[] | null = null;
    if (r.kind === 'in') values = r.terms.map((t) => requiredBytes(t, col.type, bound, col.name));
    else if (r.kind === 'inMarker') {
      const list = requiredBytes(r.term, { kind: 'list', element: col.type, frozen: false }, bound, `in(${col.name})`);
      values = readItems(list, 1) ?? [];
    } else if (r.op === '=') values = [requiredBytes(r.term, col.type, bound, col.name)];
    if (values !== null) {
      const ix =
        r.kind === 'compare'
          ? table.indexes.find((x) => x.column === col.name && !/^(keys|values|entries)\(/.test(x.options.target ?? ''))
          : undefined;
      if (col.kind === 'partition_key') eq.set(col.name, values);
      else if (ix) indexed.push({ name: ix.name, value: values[0] as Buffer, sai: isSai(ix) });
      else if (col.cell >= 0) needsFiltering = true;
      const set = values;
      filters.push((row) => row[at] != null && set.some((v) => compareValues(col.type, row[at] as Buffer, v) === 0));
      continue;
    }
    if (r.kind !== 'compare') continue;
    // Durations have no order (1mo vs 30d), so Cassandra refuses <, <=, >, >= on them.
    if (col.type.kind === 'native' && col.type.name === 'duration' && r.op !== '!=')
      throw new InvalidRequest('Slice restrictions are not supported on duration columns');
    const v = termBytes(r.term, col.type, bound, col.name);
    if (v === null || v === 'unset') throw new InvalidRequest(`Invalid null value in condition for column ${col.name}`);
    if (col.kind === 'partition_key')
      throw new InvalidRequest(
        `Only EQ and IN relation are supported on the partition key (unless you use the token() function)`,
      );
    if (col.cell >= 0 || r.op === '!=') needsFiltering = true;
    const op = r.op;
    filters.push((row) => row[at] != null && compareOk(op, compareValues(col.type, row[at] as Buffer, v)));
  }
  const pkComplete = table.partitionKey.every((c) => eq.has(c.name));
  // One index serves the query; the built-in index filters any other indexed restriction, SAI intersects them.
  const allSai = indexed.every((x) => x.sai);
  const served = pkComplete ? 0 : indexed.length === 0 ? 0 : allSai ? indexed.length : 1;
  if (!pkComplete && filters.length > served + scanServed) needsFiltering = true;
  const first = indexed[0];
  const index = !pkComplete && first ? { name: first.name, value: first.value } : null;
  if (needsFiltering && !allowFiltering) throw new InvalidRequest(FILTERING_MESSAGE);
  let keys: ReadPlan['keys'] = null;
  if (pkComplete) {
    const combos = cartesian(table.partitionKey.map((c) => eq.get(c.name) as Buffer[]));
    const seen = new Set<string>();
    keys = [];
    for (const combo of combos) {
      const key = encodePartitionKey(combo);
      const hex = key.toString('hex');
      if (seen.has(hex)) continue;
      seen.add(hex);
      keys.push({ key, token: murmur3Token(key) });
    }
    keys.sort((a, b) => (a.token !== b.token ? (a.token < b.token ? -1 : 1) : Buffer.compare(a.key, b.key)));
  }
  return { keys, lower, upper, filters, partitionRestricted: pkComplete, index };
}

/** `token(a, b)` on the right of a token relation: the token of that partition key. */
function tokenOf(table: TableMeta, args: Term[], bound: BoundValue[]): bigint {
  if (args.length !== table.partitionKey.length)
    throw new InvalidRequest(
      `Invalid number of arguments in call to function system.token: ${table.partitionKey.length} required but ${args.length} provided`,
    );
  const key = encodePartitionKey(
    table.partitionKey.map((c, i) => requiredBytes(args[i] as Term, c.type, bound, c.name)),
  );
  return murmur3Token(key);
}
