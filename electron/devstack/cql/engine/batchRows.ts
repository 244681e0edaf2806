// A batch's row writes before they are applied. Cassandra applies every statement of a batch as one mutation at one
// timestamp: two appends to one list both land, in order. Here a collection change is computed from the row as it
// stands (read-modify-write), so a later statement must read the rows earlier statements wrote, and its whole new
// value must replace theirs rather than tie with them. Batches without collection changes never build the map.
import type { Mutation } from './mutation';
import { mergeRows, withoutSlots } from './rowCodec';
import type { TableData } from './tableData';

type RowMutation = Extract<Mutation, { kind: 'row' }>;

const rowKey = (data: TableData, key: Buffer, ck: Buffer): string =>
  `${data.meta.id}\u0000${key.toString('latin1')}\u0000${ck.toString('latin1')}`;

function combine(earlier: RowMutation, later: RowMutation): RowMutation {
  const replaced = later.readModifyWrite;
  const base = replaced ? withoutSlots(earlier.row, replaced) : earlier.row;
  const slots = [...new Set([...(earlier.readModifyWrite ?? []), ...(replaced ?? [])])];
  return { ...later, row: mergeRows(base, later.row, null), ...(slots.length > 0 ? { readModifyWrite: slots } : {}) };
}

export class BatchRows {
  /** The batch's mutations in statement order (combined per row once tracking started). */
  mutations: Mutation[] = [];
  /** Row key → position in `mutations`; null until a statement first reads through the batch. */
  private index: Map<string, number> | null = null;

  /** The row the batch has written so far for (table, key, ck), to merge over the stored one. */
  readonly pending = (data: TableData, key: Buffer, ck: Buffer): Buffer | undefined => {
    const index = this.track();
    const at = index.get(rowKey(data, key, ck));
    return at === undefined ? undefined : (this.mutations[at] as RowMutation).row;
  };

  add(mutations: Mutation[]): void {
    for (const m of mutations) this.addOne(m);
  }

  private addOne(m: Mutation): void {
    if (this.index === null || m.kind !== 'row') {
      this.mutations.push(m);
      return;
    }
    const k = rowKey(m.data, m.key, m.ck);
    const at = this.index.get(k);
    if (at === undefined) {
      this.index.set(k, this.mutations.length);
      this.mutations.push(m);
    } else this.mutations[at] = combine(this.mutations[at] as RowMutation, m);
  }

  /** Starts keeping one combined mutation per row (merging what was added before). */
  private track(): Map<string, number> {
    if (this.index !== null) return this.index;
    const before = this.mutations;
    this.mutations = [];
    this.index = new Map();
    for (const m of before) this.addOne(m);
    return this.index;
  }
}
