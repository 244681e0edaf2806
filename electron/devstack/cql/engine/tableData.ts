// The rows of one table in memory: applies row updates and partition deletions with last-write-wins reconciliation.
import type { TableMeta } from './catalog';
import { clusteringComparator } from './keyCodec';
import { PartitionIndex, type Partition } from './partitionIndex';
import { encodeRow, mergeRows } from './rowCodec';

export class TableData {
  readonly partitions = new PartitionIndex();
  readonly compareClustering: (a: Buffer, b: Buffer) => number;

  constructor(readonly meta: TableMeta) {
    this.compareClustering = clusteringComparator(meta.clustering);
  }

  /** Index of the row with clustering `ck` in `p`, or where it would be inserted (negative: -(slot) - 1). */
  rowIndex(p: Partition, ck: Buffer): number {
    let lo = 0;
    let hi = p.cks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = this.compareClustering(p.cks[mid] as Buffer, ck);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return -lo - 1;
  }

  applyRow(token: bigint, key: Buffer, ck: Buffer, update: Buffer): void {
    const p = this.partitions.getOrCreate(token, key);
    if (this.meta.clustering.length === 0) {
      const merged = mergeRows(p.rows[0], update, p.deletedAt);
      if (p.rows.length === 0) {
        p.cks.push(EMPTY);
        p.rows.push(merged);
      } else p.rows[0] = merged;
      return;
    }
    const at = this.rowIndex(p, ck);
    if (at >= 0) p.rows[at] = mergeRows(p.rows[at], update, p.deletedAt);
    else {
      p.cks.splice(-at - 1, 0, Buffer.from(ck));
      p.rows.splice(-at - 1, 0, mergeRows(undefined, update, p.deletedAt));
    }
  }

  deletePartition(token: bigint, key: Buffer, ts: bigint): void {
    const p = this.partitions.getOrCreate(token, key);
    if (p.deletedAt === null || ts > p.deletedAt) p.deletedAt = ts;
    const tombstone = encodeRow({ marker: null, deletedAt: null, cells: [] });
    for (let i = 0; i < p.rows.length; i++) p.rows[i] = mergeRows(p.rows[i], tombstone, p.deletedAt);
  }

  clear(): void {
    this.partitions.clear();
  }
}

const EMPTY = Buffer.alloc(0);
