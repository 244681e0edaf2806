// Running a batch's statements as one write: Cassandra's checks on what a batch may hold (conditions on one table,
// counters only in COUNTER batches), every statement computed against the rows the earlier ones wrote (batchRows.ts),
// then the size warnings and one apply.
import type { Term } from './ast';
import { checkBatch, checkCounterBatch } from './batchChecks';
import { BatchRows } from './batchRows';
import { InvalidRequest, requiredBytes } from './bind';
import { lwtResult } from './lwt';
import { runMutation } from './mutation';
import type { Dml, WriteContext } from './mutationTypes';
import type { Storage } from './storage';
import type { TableData } from './tableData';
import type { BoundValue, ExecutionResult } from './types';

const VOID: ExecutionResult = { kind: 'void' };

/** One statement of a batch with its table and values (`defaultTimestamp`: the batch's USING TIMESTAMP). */
export interface BatchItem {
  statement: Dml;
  data: TableData;
  bound: BoundValue[];
  defaultTimestamp?: bigint | null;
}

/** Whether a write has IF conditions (a lightweight transaction). */
export function isConditional(s: Dml): boolean {
  return s.kind === 'insert' ? s.ifNotExists : s.ifExists || s.conditions.length > 0;
}

/** The statement without its IF clause (a conditional batch applies once every condition held). */
function unconditional(s: Dml): Dml {
  if (s.kind === 'insert') return s.ifNotExists ? { ...s, ifNotExists: false } : s;
  return s.ifExists || s.conditions.length > 0 ? { ...s, ifExists: false, conditions: [] } : s;
}

/** The `USING TIMESTAMP` of a CQL batch, which applies to every statement in it. */
export function batchTimestamp(term: Term, bound: BoundValue[]): bigint {
  return requiredBytes(term, { kind: 'native', name: 'bigint' }, bound, '[timestamp]').readBigInt64BE(0);
}

export async function applyBatch(
  type: 'logged' | 'unlogged' | 'counter',
  items: BatchItem[],
  ctx: WriteContext,
  storage: Storage,
): Promise<ExecutionResult> {
  checkCounterBatch(
    type,
    items.map((i) => i.data.meta.counter),
  );
  const conditional = items.some((i) => isConditional(i.statement));
  if (conditional) {
    const first = items[0] as BatchItem;
    if (items.some((i) => i.data !== first.data))
      throw new InvalidRequest('Batch with conditions cannot span multiple tables');
    // Every condition is checked against the rows as they are before the batch; one that fails answers for all.
    for (const item of items) {
      if (!isConditional(item.statement)) continue;
      const c = item.defaultTimestamp === undefined ? ctx : { ...ctx, defaultTimestamp: item.defaultTimestamp };
      const result = runMutation(item.statement, item.data, item.bound, c).result;
      if (result?.kind === 'rows' && result.rows[0]?.[0]?.[0] === 0) return result;
    }
    items = items.map((i) => ({ ...i, statement: unconditional(i.statement) }));
  }
  const batch = new BatchRows();
  const shared = { ...ctx, pending: batch.pending };
  for (const item of items) {
    const c = item.defaultTimestamp === undefined ? shared : { ...shared, defaultTimestamp: item.defaultTimestamp };
    batch.add(runMutation(item.statement, item.data, item.bound, c).mutations);
  }
  const mutations = batch.mutations;
  const warnings = checkBatch(type, mutations);
  await storage.apply(mutations);
  if (conditional) return lwtResult((items[0] as BatchItem).data.meta, true, [], []);
  return warnings.length === 0 ? VOID : { kind: 'void', warnings };
}
