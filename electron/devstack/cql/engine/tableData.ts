// The rows of one table in memory: applies row updates and partition deletions with last-write-wins reconciliation.
import type { TableMeta } from './catalog';
import { clusteringComparator } from './keyCodec';
import { NO_ROWS, PartitionIndex, type Partition } from './partitionIndex';
import { encodeRow, mergeRows } from './rowCodec';
import { keep, release } from './slab';

export class TableData {
  readonly partitions = new PartitionIndex();
  readonly compareClustering: (a: Buffer, b: Buffer) => number;
  /** The table id as 16 bytes, as commit-log records carry it. */
  readonly idBytes: Buffer;

  constructor(readonly meta: TableMeta) {
    this.idBytes = Buffer.from(meta.id.replace(/-/g, ''), 'hex');
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

  private partition(token: bigint, key: Buffer): Partition {
    const p = this.partitions.getOrCreate(token, key);
    if (p.key === key) p.key = keep(key);
    return p;
  }

  private replace(p: Partition, at: number, row: Buffer): void {
    const old = p.rows[at] as Buffer;
    if (old === row) return;
    release(old.length);
    p.rows[at] = keep(row);
  }

  /** Applies a row update; true when it merged with something already stored (a row or a partition tombstone). */
  applyRow(token: bigint, key: Buffer, ck: Buffer, update: Buffer): boolean {
    const p = this.partition(token, key);
    const shadowed = p.deletedAt !== null;
    if (p.rows === NO_ROWS) {
      // Exact-size arrays: most partitions hold one row, and a pushed-to array would reserve room for 17.
      p.cks = this.meta.clustering.length === 0 ? SINGLE_CK : [keep(ck)];
      p.rows = [keep(mergeRows(undefined, update, p.deletedAt))];
      return shadowed;
    }
    if (this.meta.clustering.length === 0) {
      this.replace(p, 0, mergeRows(p.rows[0], update, p.deletedAt));
      return true;
    }
    const at = this.rowIndex(p, ck);
    if (at >= 0) {
      this.replace(p, at, mergeRows(p.rows[at], update, p.deletedAt));
      return true;
    }
    p.cks.splice(-at - 1, 0, keep(ck));
    p.rows.splice(-at - 1, 0, keep(mergeRows(undefined, update, p.deletedAt)));
    return shadowed;
  }

  /** Copies every row and key into fresh slabs, dropping the holes overwrites left; returns the bytes kept. */
  repack(): number {
    let bytes = 0;
    for (const p of this.partitions.scan(null, null, false)) {
      p.key = keep(p.key);
      bytes += p.key.length;
      for (let i = 0; i < p.rows.length; i++) {
        p.rows[i] = keep(p.rows[i] as Buffer);
        bytes += (p.rows[i] as Buffer).length;
        if ((p.cks[i] as Buffer).length > 0) {
          p.cks[i] = keep(p.cks[i] as Buffer);
          bytes += (p.cks[i] as Buffer).length;
        }
      }
    }
    return bytes;
  }

  deletePartition(token: bigint, key: Buffer, ts: bigint): void {
    const p = this.partition(token, key);
    if (p.deletedAt === null || ts > p.deletedAt) p.deletedAt = ts;
    const tombstone = encodeRow({ marker: null, deletedAt: null, cells: [] });
    for (let i = 0; i < p.rows.length; i++) this.replace(p, i, mergeRows(p.rows[i], tombstone, p.deletedAt));
  }

  clear(): void {
    this.partitions.clear();
  }
}

/** The clustering keys of every partition of a table without clustering columns (never mutated). */
const SINGLE_CK: Buffer[] = Object.freeze([Buffer.alloc(0)]) as unknown as Buffer[];
