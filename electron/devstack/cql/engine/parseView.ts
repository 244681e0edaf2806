// CREATE MATERIALIZED VIEW, after those words: the SELECT it is defined by, its IS NOT NULL filter and primary key.
import type { Statement } from './ast';
import { primaryKey, tableWith } from './parseDdl';
import type { Cursor } from './parserCore';

/** `[IF NOT EXISTS] [ks.]v AS SELECT cols|* FROM [ks.]base WHERE c IS NOT NULL [AND ...] PRIMARY KEY (...) [WITH ...]`. */
export function parseCreateView(c: Cursor): Statement {
  const ifNotExists = c.ifNotExists();
  const view = c.tableRef();
  c.expect('as');
  c.expect('select');
  let columns: string[] | null = null;
  if (!c.accept('*')) {
    columns = [];
    do columns.push(c.name('column name'));
    while (c.accept(','));
  }
  c.expect('from');
  const base = c.tableRef();
  const notNull: string[] = [];
  if (c.accept('where'))
    do {
      notNull.push(c.name('column name'));
      // Cassandra also takes other restrictions here; this store keeps views to the IS NOT NULL filter it requires.
      if (!c.accept('is')) c.fail('only IS NOT NULL restrictions are supported in a materialized view by this store');
      c.expect('not');
      c.expect('null');
    } while (c.accept('and'));
  c.expect('primary');
  c.expect('key');
  const key = primaryKey(c);
  const { clusteringOrder, options } = tableWith(c);
  c.end();
  return { kind: 'createView', view, ifNotExists, base, columns, notNull, ...key, clusteringOrder, options };
}
