// The shapes mutations take between statement execution (mutation.ts), batches and storage.
import type { Statement } from './ast';
import type { TableData } from './tableData';
import type { ExecutionResult } from './types';

export type Mutation =
  | {
      kind: 'row';
      data: TableData;
      token: bigint;
      key: Buffer;
      ck: Buffer;
      row: Buffer;
      /** Cell slots whose value was computed from the current one (collection changes): the whole new value. */
      readModifyWrite?: number[];
    }
  | { kind: 'partitionDelete'; data: TableData; token: bigint; key: Buffer; ts: bigint }
  /** A range tombstone; `range` is rangeDelete.ts' encoding, as the commit log keeps it. */
  | { kind: 'rangeDelete'; data: TableData; token: bigint; key: Buffer; range: Buffer; ts: bigint };

export interface WriteContext {
  nowMicros: bigint;
  nowSeconds: number;
  defaultTimestamp: bigint | null;
  /** The caller applies the mutations before anything else runs, so a row may live in a reused buffer. */
  appliedAtOnce?: boolean;
  /**
   * Rows written earlier in the same batch and not applied yet: a collection change reads through them, so two
   * appends to one list in one batch both land (see batchRows.ts).
   */
  pending?: (data: TableData, key: Buffer, ck: Buffer) => Buffer | undefined;
}

export interface MutationOutcome {
  mutations: Mutation[];
  /** Set for lightweight transactions. */
  result: ExecutionResult | null;
}

export type Dml = Extract<Statement, { kind: 'insert' | 'update' | 'delete' }>;
