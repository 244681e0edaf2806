// A SELECT clause compiled against a table: per selector its result column (named as Cassandra names it:
// `system.totimestamp(system.now())`, `writetime(v)`, `count`, `cast(v as text)`), and either a per-row value or,
// when aggregates are involved, an accumulator per group. SELECT JSON folds the columns into one `[json]` text.
import { readFields } from './udtValues';
import type { SelectExpr, Selector, Term } from './ast';
import { columnOf, InvalidRequest, termBytes } from './bind';
import { castFunction } from './casts';
import type { TableMeta } from './catalog';
import { formatCqlType, native } from './cqlType';
import { FunctionError, knownIn, resolveFunction } from './functions';
import { argInfo, callNode } from './selectionCalls';
import { cellFunction, firstRow, fromArgs, long, type Node, type SelectedRow, type Value } from './selectionNodes';
import { jsonText } from './valueText';
import type { BoundValue, ColumnSpec, CqlType, UdtField } from './types';

export type { SelectedRow } from './selectionNodes';

export interface Selection {
  specs: ColumnSpec[];
  aggregate: boolean;
  /** The result row of one input row (non-aggregate selections). */
  row(r: SelectedRow): (Buffer | null)[];
  /** Accumulators for one group (aggregate selections); non-aggregates keep the group's first row. */
  group(): { add(r: SelectedRow): void; result(): (Buffer | null)[] };
}

const SELECTION = '[selection]';

/** A literal's type where nothing else decides it, as Cassandra 4+ infers constants. */
function defaultType(t: Term): CqlType {
  if (t.kind !== 'literal')
    throw new InvalidRequest(`Cannot infer type for term ? in selection clause (try using a cast to force a type)`);
  const l = t.value;
  switch (l.kind) {
    case 'number':
      if (!/^-?\d+$/.test(l.text)) return native('double');
      return BigInt(l.text) >= -(2n ** 31n) && BigInt(l.text) < 2n ** 31n ? native('int') : native('bigint');
    case 'string':
      return native('text');
    case 'boolean':
      return native('boolean');
    case 'uuid':
      return native('uuid');
    case 'blob':
      return native('blob');
    default:
      throw new InvalidRequest(
        `Cannot infer type for term ${l.kind} in selection clause (try using a cast to force a type)`,
      );
  }
}

function compile(e: SelectExpr, table: TableMeta, bound: BoundValue[], expected: CqlType | null): Node {
  switch (e.kind) {
    case 'column': {
      const c = columnOf(table, e.column);
      const i = table.columns.indexOf(c);
      return { name: c.name, type: c.type, value: (r) => r.values[i] ?? null, state: null };
    }
    case 'count':
      return {
        name: 'count',
        type: native('bigint'),
        value: null,
        state: () => {
          let n = 0n;
          return { add: () => void n++, result: () => long(n) };
        },
      };
    case 'writetime':
    case 'ttl': {
      const c = columnOf(table, e.column);
      const what = e.kind === 'writetime' ? 'writeTime' : 'ttl';
      if (c.cell < 0) throw new InvalidRequest(`Cannot use selection function ${what} on PRIMARY KEY part ${c.name}`);
      return cellFunction(e.kind, c, () => nowSeconds, major >= 5);
    }
    case 'token': {
      const names = table.partitionKey.map((c) => c.name);
      if (e.columns.join(',') !== names.join(','))
        throw new InvalidRequest(`Invalid arguments for token(): expecting ${names.join(', ')}`);
      return {
        name: `system.token(${names.join(', ')})`,
        type: native('bigint'),
        value: (r) => long(r.partition.token),
        state: null,
      };
    }
    case 'cast': {
      const arg = compile(e.arg, table, bound, null);
      if (formatCqlType(arg.type) === formatCqlType(e.type)) return arg;
      const convert =
        arg.type.kind === 'native' && e.type.kind === 'native' ? castFunction(arg.type.name, e.type.name) : null;
      if (convert === null) throw new InvalidRequest(`${arg.name} cannot be cast to ${formatCqlType(e.type)}`);
      return fromArgs(`cast(${arg.name} as ${formatCqlType(e.type)})`, e.type, [arg], (v) =>
        v[0] === null || v[0] === undefined || v[0].length === 0 ? null : convert(v[0]),
      );
    }
    case 'field': {
      const arg = compile(e.arg, table, bound, null);
      const t = arg.type;
      const at = t.kind === 'udt' ? t.fields.findIndex((f) => f.name === e.field) : -1;
      if (t.kind !== 'udt')
        throw new InvalidRequest(`Invalid field selection: ${arg.name} of type ${formatCqlType(t)} is not a user type`);
      if (at < 0) throw new InvalidRequest(`${t.name} has no field ${e.field}`);
      const count = t.fields.length;
      return fromArgs(`${arg.name}.${e.field}`, (t.fields[at] as UdtField).type, [arg], (v) =>
        v[0] === null || v[0] === undefined ? null : (readFields(v[0], count)[at] ?? null),
      );
    }
    case 'term': {
      const type = expected ?? defaultType(e.term);
      const v = termBytes(e.term, type, bound, SELECTION);
      const value = v === 'unset' ? null : v;
      return { name: e.text, type, value: () => value, state: null };
    }
    case 'call':
      try {
        if (!knownIn(e.fn, major)) throw new InvalidRequest(`Unknown function '${e.fn}'`);
        return callNode(e, (x, expected) => compile(x, table, bound, expected));
      } catch (err) {
        if (err instanceof FunctionError) throw new InvalidRequest(err.message);
        throw err;
      }
  }
}

// ttl() needs the request's clock and some functions the node's release; compile runs synchronously per request,
// so both are set just before.
let nowSeconds = 0;
let major = 5;

/** The selection of a SELECT against `table`; `bound` values feed markers in the selection. */
export function compileSelection(
  table: TableMeta,
  selectors: Selector[] | '*',
  bound: BoundValue[],
  now: number,
  json = false,
  releaseVersion = '5.0',
): Selection {
  nowSeconds = now;
  major = Number.parseInt(releaseVersion, 10) || 5;
  const spec = (name: string, type: CqlType): ColumnSpec => ({
    keyspace: table.keyspace,
    table: table.name,
    name,
    type,
  });
  const nodes: { name: string; node: Node }[] =
    selectors === '*'
      ? table.columns.map((c) => ({
          name: c.name,
          node: compile({ kind: 'column', column: c.name }, table, bound, null),
        }))
      : selectors.map((s) => {
          const node = compile(s, table, bound, null);
          return { name: s.alias ?? node.name, node };
        });
  const aggregate = nodes.some((n) => n.node.value === null);
  const values = nodes.map((n) => n.node.value as Value);
  const starts = nodes.map((n) => n.node.state ?? firstRow(n.node.value as Value));
  const toJson = json ? jsonRow(nodes.map((n) => ({ name: n.name, type: n.node.type }))) : null;
  const finish = toJson ?? ((row: (Buffer | null)[]) => row);
  return {
    specs: json ? [spec('[json]', native('text'))] : nodes.map((n) => spec(n.name, n.node.type)),
    aggregate,
    // Plain selections are the hot read path: one closure per column, no JSON step.
    row: toJson ? (r) => toJson(values.map((v) => v(r))) : (r) => values.map((v) => v(r)),
    group() {
      const states = starts.map((s) => s());
      return { add: (r) => states.forEach((s) => s.add(r)), result: () => finish(states.map((s) => s.result())) };
    },
  };
}

/** `{"k": 1, "\"Name\"": "x"}`: names that are not lower case quoted (as Cassandra does), values as toJson(). */
function jsonRow(columns: { name: string; type: CqlType }[]): (row: (Buffer | null)[]) => (Buffer | null)[] {
  const keys = columns.map((c) => JSON.stringify(c.name === c.name.toLowerCase() ? c.name : `"${c.name}"`));
  // An empty value (not null) is written "" whatever its type, as Cassandra 4+ writes it.
  const value = (c: { type: CqlType }, b: Buffer | null) => (b !== null && b.length === 0 ? '""' : jsonText(c.type, b));
  return (row) => [
    Buffer.from(`{${columns.map((c, i) => `${keys[i]}: ${value(c, row[i] ?? null)}`).join(', ')}}`, 'utf8'),
  ];
}

/** Result columns and marker types of a selection, for PREPARE. */
export function selectionMarkers(
  selectors: Selector[] | '*',
  specs: (ColumnSpec | undefined)[],
  table: TableMeta,
): void {
  if (selectors === '*') return;
  const visit = (e: SelectExpr, expected: CqlType | null): void => {
    if (e.kind === 'term' && e.term.kind === 'marker') {
      if (expected === null)
        throw new InvalidRequest('Cannot infer type for term ? in selection clause (try using a cast to force a type)');
      specs[e.term.index] = {
        keyspace: table.keyspace,
        table: table.name,
        name: e.term.name ?? SELECTION,
        type: expected,
      };
    } else if (e.kind === 'cast') visit(e.arg, null);
    else if (e.kind === 'call' && e.args.some(hasMarker)) {
      const f = resolveFunction(
        e.fn,
        e.args.map((a) => argInfo(a, (x, expected) => compile(x, table, [], expected))),
        `Unknown function '${e.fn}'`,
      );
      e.args.forEach((a, i) => visit(a, f.args[i] ?? null));
    }
  };
  for (const s of selectors) visit(s, null);
}

function hasMarker(e: SelectExpr): boolean {
  if (e.kind === 'term') return e.term.kind === 'marker';
  if (e.kind === 'call') return e.args.some(hasMarker);
  if (e.kind === 'cast' || e.kind === 'field') return hasMarker(e.arg);
  return false;
}
