// SELECT: its selection (columns, native and aggregate functions, CAST, writetime/ttl, token, literals), JSON,
// GROUP BY, ORDER BY, PER PARTITION LIMIT, LIMIT and ALLOW FILTERING.
import type { SelectExpr, Selector, Statement, Term } from './ast';
import { whereClause } from './parseDml';
import type { Cursor } from './parserCore';

function alias(c: Cursor): string | null {
  return c.accept('as') ? c.name('alias') : null;
}

function selector(c: Cursor): Selector {
  const expr = selectExpr(c);
  return { ...expr, alias: alias(c) };
}

/** The text a literal or marker argument is written as (it names the result column, as in Cassandra). */
function termText(t: Term): string {
  if (t.kind === 'marker') return t.name === null ? '?' : `:${t.name}`;
  if (t.kind === 'call') return `${t.fn}(${t.args.map(termText).join(', ')})`;
  const l = t.value;
  switch (l.kind) {
    case 'string':
      // As Cassandra's Constants.Literal.getText: the text between quotes, unescaped.
      return `'${l.value}'`;
    case 'number':
    case 'uuid':
      return l.text;
    case 'blob':
      return `0x${l.hex}`;
    case 'boolean':
      return String(l.value);
    case 'null':
      return 'null';
    default:
      return l.kind;
  }
}

const OPERATORS: Record<string, string> = {
  '+': '_add',
  '-': '_substract',
  '*': '_multiply',
  '/': '_divide',
  '%': '_modulo',
};

/** Arithmetic (4.0+): `a + b * -c`, as calls of Cassandra's operation functions (`_add`, ...), and `(x)`. */
function selectExpr(c: Cursor, level = 0): SelectExpr {
  if (level === 2) {
    if (c.isWord('-') && !(c.peek(1).kind === 'number')) {
      c.next();
      return { kind: 'call', fn: '_negate', args: [selectExpr(c, 2)] };
    }
    if (c.isWord('(') && !isTupleLiteral(c)) {
      c.next();
      const inner = selectExpr(c);
      c.expect(')');
      return { kind: 'call', fn: '_paren', args: [inner] };
    }
    return primary(c);
  }
  let left = selectExpr(c, level + 1);
  const ops = level === 0 ? ['+', '-'] : ['*', '/', '%'];
  for (;;) {
    const t = c.peek();
    // A negative number right after an operand is a subtraction (`a -1`).
    if (level === 0 && t.kind === 'number' && t.text.startsWith('-')) {
      c.next();
      const right: SelectExpr = {
        kind: 'term',
        term: { kind: 'literal', value: { kind: 'number', text: t.text.slice(1) } },
        text: t.text.slice(1),
      };
      left = { kind: 'call', fn: '_substract', args: [left, right] };
      continue;
    }
    if (t.kind !== 'punct' || !ops.includes(t.text)) return left;
    c.next();
    left = { kind: 'call', fn: OPERATORS[t.text] as string, args: [left, selectExpr(c, level + 1)] };
  }
}

/** `(1, 2)`: a tuple literal rather than a parenthesized expression. */
function isTupleLiteral(c: Cursor): boolean {
  let depth = 0;
  for (let i = 0; ; i++) {
    const t = c.peek(i);
    if (t.kind === 'eof') return false;
    if (t.kind === 'punct' && t.text === '(') depth++;
    else if (t.kind === 'punct' && t.text === ')' && --depth === 0) return false;
    else if (t.kind === 'punct' && t.text === ',' && depth === 1) return true;
  }
}

function primary(c: Cursor): SelectExpr {
  const t = c.peek();
  if (t.kind === 'ident' && c.isWord('(', 1)) {
    const fn = t.text;
    if (fn === 'writetime' || fn === 'ttl') {
      c.next();
      c.next();
      const column = c.name('column name');
      c.expect(')');
      return { kind: fn, column };
    }
    if (fn === 'token') {
      c.next();
      c.next();
      const columns = [c.name('column name')];
      while (c.accept(',')) columns.push(c.name('column name'));
      c.expect(')');
      return { kind: 'token', columns };
    }
    if (fn === 'cast') {
      c.next();
      c.next();
      const arg = selectExpr(c);
      c.expect('as');
      const type = c.type();
      c.expect(')');
      return { kind: 'cast', arg, type };
    }
    if (fn === 'count' && c.isWord('*', 2)) {
      c.next();
      c.next();
      c.next();
      c.expect(')');
      return { kind: 'count' };
    }
  }
  const fn = c.functionName();
  if (fn !== null) {
    c.expect('(');
    const args: SelectExpr[] = [];
    if (!c.accept(')')) {
      do args.push(selectExpr(c));
      while (c.accept(','));
      c.expect(')');
    }
    // Cassandra: COUNT(x) of any literal x counts rows, like COUNT(*).
    const only = args[0];
    if (fn === 'count' && args.length === 1 && only?.kind === 'term' && only.term.kind === 'literal') {
      if (only.term.value.kind === 'number' && only.text !== '1')
        c.fail(`Only COUNT(1) is supported, got COUNT(${only.text})`);
      return { kind: 'count' };
    }
    return { kind: 'call', fn, args };
  }
  const v = c.peek();
  const isValue =
    v.kind === 'string' ||
    v.kind === 'number' ||
    v.kind === 'uuid' ||
    v.kind === 'blob' ||
    v.kind === 'marker' ||
    v.kind === 'named' ||
    (v.kind === 'ident' && ['true', 'false', 'null'].includes(v.text)) ||
    (v.kind === 'punct' && ['[', '{', '-'].includes(v.text));
  if (isValue) {
    const term = c.term();
    return { kind: 'term', term, text: termText(term) };
  }
  let expr: SelectExpr = { kind: 'column', column: c.name('column name') };
  while (c.isWord('.') && (c.peek(1).kind === 'ident' || c.peek(1).kind === 'quoted')) {
    c.next();
    expr = { kind: 'field', arg: expr, field: c.name('field name') };
  }
  return expr;
}

export function parseSelect(c: Cursor): Statement {
  // `json` is also a valid column name: it is the keyword only when a selection follows it.
  const json = c.isWord('json') && !c.isWord('from', 1) && !c.isWord(',', 1) && !c.isWord('as', 1);
  if (json) c.next();
  const distinct = c.accept('distinct');
  let selectors: Selector[] | '*';
  if (c.accept('*')) selectors = '*';
  else {
    selectors = [selector(c)];
    while (c.accept(',')) selectors.push(selector(c));
  }
  c.expect('from');
  const table = c.tableRef();
  const where = c.isWord('where') ? whereClause(c) : [];
  let groupBy: string[] | undefined;
  if (c.accept('group')) {
    c.expect('by');
    groupBy = [c.name('column name')];
    while (c.accept(',')) groupBy.push(c.name('column name'));
  }
  const orderBy: { column: string; desc: boolean }[] = [];
  if (c.accept('order')) {
    c.expect('by');
    do {
      const column = c.name('column name');
      const desc = c.accept('desc');
      if (!desc) c.accept('asc');
      orderBy.push({ column, desc });
    } while (c.accept(','));
  }
  let perPartitionLimit: Term | null = null;
  if (c.accept('per')) {
    c.expect('partition');
    c.expect('limit');
    perPartitionLimit = c.term();
  }
  const limit = c.accept('limit') ? c.term() : null;
  let allowFiltering = false;
  if (c.accept('allow')) {
    c.expect('filtering');
    allowFiltering = true;
  }
  c.end();
  const extra = {
    ...(json ? { json } : {}),
    ...(groupBy ? { groupBy } : {}),
    ...(perPartitionLimit ? { perPartitionLimit } : {}),
  };
  return { kind: 'select', table, selectors, distinct, where, orderBy, limit, allowFiltering, ...extra };
}
