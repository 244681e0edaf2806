// ALTER TABLE: ADD, DROP, RENAME, WITH (Cassandra 4.0+/5.0 grammar, IF [NOT] EXISTS included); CREATE / ALTER /
// DROP TYPE.
import type { AlterTableAction, ColumnDefinition, Literal, Statement } from './ast';
import type { CqlType } from './types';
import type { Cursor } from './parserCore';

function addedColumn(c: Cursor): ColumnDefinition {
  const name = c.name('column name');
  const type = c.type();
  return { name, type, isStatic: c.accept('static') };
}

/** Parses what follows `ALTER TABLE` / `ALTER COLUMNFAMILY`. */
export function parseAlterTable(c: Cursor): Statement {
  const ifExists = c.ifExists();
  const table = c.tableRef();
  let action: AlterTableAction;
  if (c.accept('add')) {
    const ifNotExists = c.ifNotExists();
    const columns: ColumnDefinition[] = [];
    if (c.accept('(')) {
      do columns.push(addedColumn(c));
      while (c.accept(','));
      c.expect(')');
    } else columns.push(addedColumn(c));
    action = { kind: 'add', ifNotExists, columns };
  } else if (c.accept('drop')) {
    const ifExists = c.ifExists();
    const columns: string[] = [];
    if (c.accept('(')) {
      do columns.push(c.name('column name'));
      while (c.accept(','));
      c.expect(')');
    } else columns.push(c.name('column name'));
    let timestamp: bigint | null = null;
    if (c.accept('using')) {
      c.expect('timestamp');
      const t = c.literal();
      if (t.kind !== 'number') c.fail('expecting a timestamp');
      timestamp = BigInt(t.text);
    }
    action = { kind: 'drop', ifExists, columns, timestamp };
  } else if (c.accept('rename')) {
    const ifExists = c.ifExists();
    const renames: [string, string][] = [];
    do {
      const from = c.name('column name');
      c.expect('to');
      renames.push([from, c.name('column name')]);
    } while (c.accept('and'));
    action = { kind: 'rename', ifExists, renames };
  } else if (c.accept('with')) {
    const options = new Map<string, Literal>();
    do {
      const option = c.name('table option');
      c.expect('=');
      options.set(option, c.literal());
    } while (c.accept('and'));
    action = { kind: 'with', options };
  } else if (c.accept('alter')) {
    const column = c.name('column name');
    c.expect('type');
    c.type();
    action = { kind: 'alterType', column };
  } else return c.fail('no viable alternative at ALTER TABLE');
  c.end();
  return { kind: 'alterTable', table, ifExists, action };
}

/** `[IF NOT EXISTS] [ks.]name (field type, ...)`, after CREATE TYPE. */
export function parseCreateType(c: Cursor): Statement {
  const ifNotExists = c.ifNotExists();
  const { keyspace, table: name } = c.tableRef();
  c.expect('(');
  const fields: { name: string; type: CqlType }[] = [];
  do fields.push({ name: c.name('field name'), type: c.type() });
  while (c.accept(','));
  c.expect(')');
  c.end();
  return { kind: 'createType', keyspace, name, ifNotExists, fields };
}

/** `[IF EXISTS] [ks.]name ADD [IF NOT EXISTS] f type | RENAME [IF EXISTS] a TO b [AND ...] | ALTER f TYPE t`. */
export function parseAlterType(c: Cursor): Statement {
  const ifExists = c.ifExists();
  const { keyspace, table: name } = c.tableRef();
  let action: Extract<Statement, { kind: 'alterType' }>['action'];
  if (c.accept('add')) {
    const ifNotExists = c.ifNotExists();
    action = { kind: 'add', ifNotExists, field: c.name('field name'), type: c.type() };
  } else if (c.accept('rename')) {
    const ifExists = c.ifExists();
    const renames: [string, string][] = [];
    do {
      const from = c.name('field name');
      c.expect('to');
      renames.push([from, c.name('field name')]);
    } while (c.accept('and'));
    action = { kind: 'rename', ifExists, renames };
  } else if (c.accept('alter')) {
    c.name('field name');
    c.expect('type');
    c.type();
    action = { kind: 'alterField' };
  } else return c.fail('no viable alternative at ALTER TYPE');
  c.end();
  return { kind: 'alterType', keyspace, name, ifExists, action };
}

/** `[IF EXISTS] [ks.]name`, after DROP TYPE. */
export function parseDropType(c: Cursor): Statement {
  const ifExists = c.ifExists();
  const { keyspace, table: name } = c.tableRef();
  c.end();
  return { kind: 'dropType', keyspace, name, ifExists };
}
