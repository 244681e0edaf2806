// DML statements: INSERT, UPDATE, DELETE and the WHERE / IF / USING clauses they share with SELECT (parseSelect.ts).
import type { Assignment, CompareOp, Condition, Relation, Statement, Term, Using } from './ast';
import { CqlSyntaxError } from './lexer';
import type { Cursor } from './parserCore';

const OPS: readonly string[] = ['=', '<', '<=', '>', '>=', '!='];

function compareOp(c: Cursor): CompareOp {
  const t = c.peek();
  if (t.kind === 'punct' && OPS.includes(t.text)) {
    c.next();
    return t.text as CompareOp;
  }
  return c.fail('no viable alternative, expecting a comparison operator');
}

function relation(c: Cursor): Relation {
  if (c.isWord('token') && c.isWord('(', 1)) {
    c.next();
    c.next();
    const columns = [c.name('column name')];
    while (c.accept(',')) columns.push(c.name('column name'));
    c.expect(')');
    const op = compareOp(c);
    return { kind: 'token', columns, op, term: c.term() };
  }
  if (c.isWord('(')) c.fail('multi-column relations are not supported');
  const column = c.name('column name');
  if (c.accept('in')) {
    const marker = c.marker();
    if (marker) return { kind: 'inMarker', column, term: marker };
    c.expect('(');
    const terms: Term[] = [];
    if (!c.accept(')')) {
      do terms.push(c.term());
      while (c.accept(','));
      c.expect(')');
    }
    return { kind: 'in', column, terms };
  }
  if (c.accept('contains')) {
    const key = c.accept('key');
    return { kind: 'contains', column, key, term: c.term() };
  }
  if (c.isWord('like')) c.fail('LIKE restrictions are not supported');
  if (c.accept('[')) {
    const key = c.term();
    c.expect(']');
    c.expect('=');
    return { kind: 'mapEntry', column, key, term: c.term() };
  }
  const op = compareOp(c);
  return { kind: 'compare', column, op, term: c.term() };
}

export function whereClause(c: Cursor): Relation[] {
  c.expect('where');
  const relations = [relation(c)];
  while (c.accept('and')) relations.push(relation(c));
  return relations;
}

function using(c: Cursor): Using {
  const u: Using = { ttl: null, timestamp: null };
  if (!c.accept('using')) return u;
  do {
    if (c.accept('ttl')) u.ttl = c.term();
    else if (c.accept('timestamp')) u.timestamp = c.term();
    else c.fail('expecting TTL or TIMESTAMP');
  } while (c.accept('and'));
  return u;
}

/** `IF EXISTS` or `IF col = v AND ...`; IF NOT EXISTS is handled by INSERT. */
function ifClause(c: Cursor): { ifExists: boolean; conditions: Condition[] } {
  if (!c.accept('if')) return { ifExists: false, conditions: [] };
  if (c.accept('exists')) return { ifExists: true, conditions: [] };
  const conditions: Condition[] = [];
  do {
    const column = c.name('column name');
    if (c.isWord('in')) c.fail('IN conditions are not supported');
    conditions.push({ column, op: compareOp(c), term: c.term() });
  } while (c.accept('and'));
  return { ifExists: false, conditions };
}

export function parseInsert(c: Cursor): Statement {
  c.expect('into');
  const table = c.tableRef();
  if (c.accept('json')) {
    const term = c.marker() ?? { kind: 'literal', value: c.literal() };
    let defaultUnset = false;
    if (c.accept('default')) {
      if (c.accept('unset')) defaultUnset = true;
      else c.expect('null');
    }
    const ifNotExists = c.ifNotExists();
    const u = using(c);
    c.end();
    return { kind: 'insert', table, columns: [], values: [], json: { term, defaultUnset }, ifNotExists, using: u };
  }
  c.expect('(');
  const columns = [c.name('column name')];
  while (c.accept(',')) columns.push(c.name('column name'));
  c.expect(')');
  c.expect('values');
  c.expect('(');
  const values = [c.term()];
  while (c.accept(',')) values.push(c.term());
  c.expect(')');
  const ifNotExists = c.ifNotExists();
  const u = using(c);
  c.end();
  if (columns.length !== values.length) c.fail('unmatched column names/values');
  return { kind: 'insert', table, columns, values, ifNotExists, using: u };
}

function assignment(c: Cursor): Assignment {
  const column = c.name('column name');
  if (c.accept('.')) {
    const field = c.name('field name');
    c.expect('=');
    return { kind: 'setField', column, field, term: c.term() };
  }
  if (c.accept('[')) {
    const key = c.term();
    c.expect(']');
    c.expect('=');
    return { kind: 'setKey', column, key, term: c.term() };
  }
  c.expect('=');
  const t = c.peek();
  if ((t.kind === 'ident' || t.kind === 'quoted') && t.text === column && c.isWord('+', 1)) {
    c.next();
    c.next();
    return { kind: 'append', column, term: c.term() };
  }
  if ((t.kind === 'ident' || t.kind === 'quoted') && t.text === column && c.isWord('-', 1)) {
    c.next();
    c.next();
    return { kind: 'remove', column, term: c.term() };
  }
  const term = c.term();
  if (c.accept('+')) {
    const again = c.name('column name');
    if (again !== column) c.fail(`only ${column} = value + ${column} is supported`);
    return { kind: 'prepend', column, term };
  }
  return { kind: 'set', column, term };
}

export function parseUpdate(c: Cursor): Statement {
  const table = c.tableRef();
  const u = using(c);
  c.expect('set');
  const assignments = [assignment(c)];
  while (c.accept(',')) {
    const next = assignment(c);
    // Cassandra's parser: a plain `col = value` cannot be combined with any other change to the same column.
    if (assignments.some((a) => a.column === next.column && (a.kind === 'set' || next.kind === 'set')))
      throw new CqlSyntaxError(`Multiple incompatible setting of column ${next.column}`);
    assignments.push(next);
  }
  const where = whereClause(c);
  const cond = ifClause(c);
  c.end();
  return { kind: 'update', table, assignments, where, ...cond, using: u };
}

export function parseDelete(c: Cursor): Statement {
  const columns: string[] = [];
  const elements: { column: string; key: Term }[] = [];
  const fields: { column: string; field: string }[] = [];
  if (!c.isWord('from')) {
    do {
      const column = c.name('column name');
      if (c.accept('.')) fields.push({ column, field: c.name('field name') });
      else if (c.accept('[')) {
        elements.push({ column, key: c.term() });
        c.expect(']');
      } else columns.push(column);
    } while (c.accept(','));
  }
  c.expect('from');
  const table = c.tableRef();
  const u = using(c);
  const where = whereClause(c);
  const cond = ifClause(c);
  c.end();
  return {
    kind: 'delete',
    table,
    columns,
    elements,
    ...(fields.length > 0 ? { fields } : {}),
    where,
    ...cond,
    using: u,
  };
}
