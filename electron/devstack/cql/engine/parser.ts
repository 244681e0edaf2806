// Entry point of the CQL parser: picks the statement by its first words. Anything the engine does not run is a
// syntax error (0x2000) or, for known-but-unsupported statements, an explicit message naming it.
import type { ParsedStatement, Statement } from './ast';
import { CqlSyntaxError } from './lexer';
import { parseAlterTable, parseAlterType, parseCreateType, parseDropType } from './parseAlter';
import { parseAlterKeyspace, parseCreateIndex, parseCreateKeyspace, parseCreateTable } from './parseDdl';
import { parseDelete, parseInsert, parseUpdate } from './parseDml';
import { parseSelect } from './parseSelect';
import { parseCreateView } from './parseView';
import { Cursor } from './parserCore';

/** Raised for statements that parse but that this store deliberately does not run (answered as invalid, 0x2200). */
export class CqlUnsupportedError extends Error {}

function statement(c: Cursor, inBatch: boolean): Statement {
  const first = c.peek();
  const word = first.kind === 'ident' ? first.text : '';
  switch (word) {
    case 'select':
      c.next();
      return parseSelect(c);
    case 'insert':
      c.next();
      return parseInsert(c);
    case 'update':
      c.next();
      return parseUpdate(c);
    case 'delete':
      c.next();
      return parseDelete(c);
    default:
      break;
  }
  if (inBatch) return c.fail('only INSERT, UPDATE and DELETE are allowed in a BATCH');
  switch (word) {
    case 'use': {
      c.next();
      const keyspace = c.name('keyspace name');
      c.end();
      return { kind: 'use', keyspace };
    }
    case 'create':
      c.next();
      if (c.accept('keyspace') || c.accept('schema')) return parseCreateKeyspace(c);
      if (c.accept('table') || c.accept('columnfamily')) return parseCreateTable(c);
      if (c.accept('index')) return parseCreateIndex(c, false);
      if (c.accept('type')) return parseCreateType(c);
      if (c.isWord('materialized') && c.isWord('view', 1)) {
        c.next();
        c.next();
        return parseCreateView(c);
      }
      if (c.isWord('custom') && c.isWord('index', 1)) {
        c.next();
        c.next();
        return parseCreateIndex(c, true);
      }
      for (const what of ['materialized', 'function', 'aggregate', 'trigger', 'role', 'user'])
        if (c.isWord(what) || (what === 'function' && c.isWord('or')))
          throw new CqlUnsupportedError(
            `CREATE ${what.toUpperCase()} is not supported by this embedded store (tables, keyspaces only)`,
          );
      return c.fail('no viable alternative at CREATE');
    case 'drop': {
      c.next();
      if (c.accept('index')) {
        const ifExists = c.ifExists();
        const first = c.name('index name');
        const qualified = c.accept('.');
        const name = qualified ? c.name('index name') : first;
        c.end();
        return { kind: 'dropIndex', keyspace: qualified ? first : null, name, ifExists };
      }
      if (c.accept('type')) return parseDropType(c);
      if (c.isWord('materialized') && c.isWord('view', 1)) {
        c.next();
        c.next();
        const ifExists = c.ifExists();
        const view = c.tableRef();
        c.end();
        return { kind: 'dropView', view, ifExists };
      }
      const isKeyspace = c.accept('keyspace') || c.accept('schema');
      if (!isKeyspace && !(c.accept('table') || c.accept('columnfamily'))) {
        const what = c.peek().text;
        if (['function', 'aggregate', 'trigger', 'role', 'user', 'materialized'].includes(what))
          throw new CqlUnsupportedError(`DROP ${what.toUpperCase()} is not supported by this embedded store`);
        return c.fail('no viable alternative at DROP');
      }
      const ifExists = c.ifExists();
      if (isKeyspace) {
        const name = c.name('keyspace name');
        c.end();
        return { kind: 'dropKeyspace', name, ifExists };
      }
      const table = c.tableRef();
      c.end();
      return { kind: 'dropTable', table, ifExists };
    }
    case 'truncate': {
      c.next();
      c.accept('table');
      const table = c.tableRef();
      c.end();
      return { kind: 'truncate', table };
    }
    case 'begin':
      return batch(c);
    case 'describe':
    case 'desc':
      c.next();
      return describe(c);
    case 'alter':
      if (c.isWord('table', 1) || c.isWord('columnfamily', 1)) {
        c.next();
        c.next();
        return parseAlterTable(c);
      }
      if (c.isWord('type', 1)) {
        c.next();
        c.next();
        return parseAlterType(c);
      }
      if (c.isWord('materialized', 1) && c.isWord('view', 2)) {
        c.next();
        c.next();
        c.next();
        const s = parseAlterTable(c);
        if (s.kind !== 'alterTable' || s.action.kind !== 'with')
          return c.fail('only ALTER MATERIALIZED VIEW ... WITH options is valid');
        return { ...s, view: true };
      }
      if (c.isWord('keyspace', 1) || c.isWord('schema', 1)) {
        c.next();
        c.next();
        return parseAlterKeyspace(c);
      }
      throw new CqlUnsupportedError(`${word.toUpperCase()} statements are not supported by this embedded store`);
    case 'grant':
    case 'revoke':
    case 'list':
      throw new CqlUnsupportedError(`${word.toUpperCase()} statements are not supported by this embedded store`);
    default:
      return c.fail('no viable alternative at input');
  }
}

/** Server-side DESCRIBE, as Cassandra 4 answers it (cqlsh 6 sends it to the server). */
function describe(c: Cursor): Statement {
  c.accept('full');
  c.accept('only');
  const done = (s: Statement): Statement => {
    if (c.accept('with')) c.expect('internals');
    c.end();
    return s;
  };
  const listing = ['keyspaces', 'tables', 'columnfamilies', 'types', 'functions', 'aggregates'] as const;
  for (const word of listing)
    if (c.accept(word))
      return done({ kind: 'describe', what: word === 'columnfamilies' ? 'tables' : word, keyspace: null, name: null });
  if (c.accept('schema')) return done({ kind: 'describe', what: 'schema', keyspace: null, name: null });
  if (c.accept('cluster')) return done({ kind: 'describe', what: 'cluster', keyspace: null, name: null });
  if (c.accept('keyspace')) {
    const name = c.peek().kind === 'eof' || c.isWord(';') ? null : c.name('keyspace name');
    return done({ kind: 'describe', what: 'keyspace', keyspace: name, name: null });
  }
  if (c.accept('table') || c.accept('columnfamily')) {
    const ref = c.tableRef();
    return done({ kind: 'describe', what: 'table', keyspace: ref.keyspace, name: ref.table });
  }
  if (c.accept('index')) {
    const ref = c.tableRef();
    return done({ kind: 'describe', what: 'index', keyspace: ref.keyspace, name: ref.table });
  }
  if (c.accept('type')) {
    const ref = c.tableRef();
    return done({ kind: 'describe', what: 'type', keyspace: ref.keyspace, name: ref.table });
  }
  // A view is described like a table (describe.ts writes its CREATE MATERIALIZED VIEW).
  if (c.isWord('materialized') && c.isWord('view', 1)) {
    c.next();
    c.next();
    const ref = c.tableRef();
    return done({ kind: 'describe', what: 'table', keyspace: ref.keyspace, name: ref.table });
  }
  for (const what of ['function', 'aggregate'])
    if (c.isWord(what))
      throw new CqlUnsupportedError(`DESCRIBE ${what.toUpperCase()} is not supported by this embedded store`);
  const ref = c.tableRef();
  return done({ kind: 'describe', what: 'name', keyspace: ref.keyspace, name: ref.table });
}

function batch(c: Cursor): Statement {
  c.expect('begin');
  let batchType: 'logged' | 'unlogged' | 'counter' = 'logged';
  if (c.accept('unlogged')) batchType = 'unlogged';
  else if (c.accept('counter')) batchType = 'counter';
  c.expect('batch');
  let using: { ttl: null; timestamp: ReturnType<Cursor['term']> | null } = { ttl: null, timestamp: null };
  if (c.accept('using')) {
    c.expect('timestamp');
    using = { ttl: null, timestamp: c.term() };
  }
  const statements: Statement[] = [];
  while (!c.isWord('apply')) {
    const before = c.pos;
    statements.push(inner(c));
    if (c.pos === before) c.fail('expecting a statement');
  }
  c.expect('apply');
  c.expect('batch');
  c.end();
  return { kind: 'batch', batchType, statements, using };
}

/** A statement inside BEGIN BATCH: ends at `;` or where the next statement begins. */
function inner(c: Cursor): Statement {
  // Parse on a view of the cursor that stops at the statement's end: we temporarily cut the token list there.
  const start = c.pos;
  let end = start;
  while (end < c.tokens.length - 1) {
    const t = c.tokens[end];
    if (t && t.kind === 'punct' && t.text === ';') break;
    if (end > start && t && t.kind === 'ident' && ['insert', 'update', 'delete', 'apply'].includes(t.text)) break;
    end++;
  }
  const saved = c.tokens.splice(end, c.tokens.length - end, { kind: 'eof', text: '', at: c.tokens[end]?.at ?? 0 });
  let s: Statement;
  try {
    s = statement(c, true);
  } finally {
    c.tokens.splice(c.tokens.length - 1, 1, ...saved);
  }
  c.pos = end;
  c.accept(';');
  return s;
}

/** Parses one CQL statement; throws CqlSyntaxError or CqlUnsupportedError. */
export function parseCql(query: string): ParsedStatement {
  const c = new Cursor(query);
  const s = statement(c, false);
  return { statement: s, markers: c.markers };
}

export { CqlSyntaxError };
