// The rows of one table in memory: applies row updates and partition deletions with last-write-wins reconciliation.
import type { IndexMeta, TableMeta } from './catalog';
import { clusteringComparator } from './keyCodec';
import { NO_ROWS, RichPartition, type Partition } from './partition';
import { Lone, PartitionIndex } from './partitionIndex';
import { rangeContains, type ClusteringRange } from './rangeDelete';
import { decodeRow, encodeRow, mergeRows, withoutSlots } from './rowCodec';
import { cellHash, ColumnIndex, tokenHigh } from './secondaryIndex';
import { TokenHistogram } from './sizeEstimates';
import { keep, keepRaw, lastKept, release } from './slab';

// keepRaw must run before lastKept is read: it may move on to a new slab.
function keepKey(p: Partition, key: Buffer): void {
  const at = keepRaw(key);
  p.setKey(lastKept(), at, key.length);
}

function keepOnlyRow(p: Partition, row: Buffer): void {
  const at = keepRaw(row);
  p.setOnlyRow(lastKept(), at, row.length);
}

export class TableData {
  readonly partitions = new PartitionIndex();
  readonly compareClustering: (a: Buffer, b: Buffer) => number;
  /** The table id as 16 bytes, as commit-log records carry it. */
  readonly idBytes: Buffer;
  /** Secondary indexes, kept in step with every row change (see `syncIndexes`). */
  indexes: ColumnIndex[] = [];
  /** Partitions and bytes per token bucket, for system.size_estimates. */
  readonly sizes = new TokenHistogram();

  /** Replaced by ALTER TABLE (same id and clustering; columns may be added, dropped or renamed). */
  meta: TableMeta;

  constructor(meta: TableMeta) {
    this.meta = meta;
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

  private partition(token: bigint, key: Buffer): RichPartition {
    const p = this.partitions.getOrCreate(token, key);
    // A new partition holds the caller's buffer: copy it into a slab.
    if (p.holdsKey(key)) {
      keepKey(p, key);
      this.sizes.add(token, 1, key.length);
    }
    return p;
  }

  /** Stores `row` (copied) as row `at` of `p`, releasing the one it replaces. */
  private replace(p: RichPartition, at: number, row: Buffer): void {
    if (this.indexes.length !== 0) this.reindex(p.token, p.rows[at], row);
    this.sizes.add(p.token, 0, row.length - (p.packed ? p.packedLength() : (p.list[at] as Buffer).length));
    if (p.packed) {
      release(p.packedLength());
      keepOnlyRow(p, row);
      return;
    }
    const old = p.list[at] as Buffer;
    if (old === row) return;
    release(old.length);
    p.list[at] = keep(row);
  }

  /** Applies a row update; true when it merged with something already stored (a row or a partition tombstone). */
  applyRow(token: bigint, key: Buffer, ck: Buffer, update: Buffer): boolean {
    if (this.meta.clustering.length === 0) {
      // A lone row: most partitions stay columns in the index (no object of their own).
      const index = this.partitions;
      const state = index.locateLone(token, key);
      if (state !== Lone.rich) {
        // keepRaw must run before lastKept is read, and for the key before the row: each may start a new slab.
        const created = state === Lone.created;
        if (created) {
          const keyAt = keepRaw(key);
          index.setCursorKey(lastKept(), keyAt, key.length);
        }
        const old = index.cursorRow();
        if (old !== undefined) release(old.length);
        const row = mergeRows(old, update, null);
        if (created) this.sizes.add(token, 1, key.length + row.length);
        else this.sizes.add(token, 0, row.length - (old === undefined ? 0 : old.length));
        if (this.indexes.length !== 0) this.reindex(token, old, row);
        const at = keepRaw(row);
        index.setCursorRow(lastKept(), at, row.length);
        return old !== undefined;
      }
      const p = index.cursorRich();
      const shadowed = p.deletedAt !== null;
      if (!p.packed) {
        const row = mergeRows(undefined, update, p.deletedAt);
        if (this.indexes.length !== 0) this.reindex(token, undefined, row);
        this.sizes.add(token, 0, row.length);
        keepOnlyRow(p, row);
        return shadowed;
      }
      this.replace(p, 0, mergeRows(p.rows[0], update, p.deletedAt));
      return true;
    }
    const p = this.partition(token, key);
    const shadow = p.ranges === null ? p.deletedAt : this.shadowAt(p, ck);
    const shadowed = shadow !== null;
    if (p.list === NO_ROWS) {
      const row = mergeRows(undefined, update, shadow);
      if (this.indexes.length !== 0) this.reindex(token, undefined, row);
      this.sizes.add(token, 0, ck.length + row.length);
      // Exact-size arrays: a pushed-to array would reserve room for 17.
      p.cks = [keep(ck)];
      p.list = [keep(row)];
      return shadowed;
    }
    const at = this.rowIndex(p, ck);
    if (at >= 0) {
      this.replace(p, at, mergeRows(p.list[at], update, shadow));
      return true;
    }
    const row = mergeRows(undefined, update, shadow);
    if (this.indexes.length !== 0) this.reindex(token, undefined, row);
    this.sizes.add(token, 0, ck.length + row.length);
    p.cks.splice(-at - 1, 0, keep(ck));
    p.list.splice(-at - 1, 0, keep(row));
    return shadowed;
  }

  /** Copies every row and key into fresh slabs, dropping the holes overwrites left; returns the bytes kept. */
  repack(): number {
    let bytes = 0;
    for (const p of this.partitions.scan(null, null, false)) {
      const key = p.key;
      keepKey(p, key);
      bytes += key.length;
      if (p.packed) {
        const row = p.rows[0] as Buffer;
        keepOnlyRow(p, row);
        bytes += row.length;
        continue;
      }
      if (!(p instanceof RichPartition)) continue;
      for (let i = 0; i < p.list.length; i++) {
        p.list[i] = keep(p.list[i] as Buffer);
        bytes += (p.list[i] as Buffer).length;
        if ((p.cks[i] as Buffer).length > 0) {
          p.cks[i] = keep(p.cks[i] as Buffer);
          bytes += (p.cks[i] as Buffer).length;
        }
      }
    }
    return bytes;
  }

  /** Removes the cells of dropped columns from every row (their slots are never used again). */
  purgeSlots(slots: readonly number[]): void {
    if (slots.length === 0) return;
    for (const p of this.partitions.scan(null, null, false)) {
      const rows = p.rows;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as Buffer;
        if (!decodeRow(row).cells.some((c) => slots.includes(c.slot))) continue;
        const next = withoutSlots(row, slots);
        if (p.packed) {
          release(p.packedLength());
          keepOnlyRow(p, next);
        } else if (p instanceof RichPartition) {
          release(row.length);
          p.list[i] = keep(next);
        }
      }
    }
  }

  /** The newest tombstone over row `ck` of `p`: the partition's or a range's. */
  private shadowAt(p: RichPartition, ck: Buffer): bigint | null {
    let shadow = p.deletedAt;
    for (const r of p.ranges ?? [])
      if ((shadow === null || r.ts > shadow) && rangeContains(this.meta.clustering, r.range, ck)) shadow = r.ts;
    return shadow;
  }

  /** A range tombstone: rows in the range written at or before `ts` go, and so will such rows written later. */
  deleteRange(token: bigint, key: Buffer, range: ClusteringRange, ts: bigint): void {
    const p = this.partition(token, key);
    (p.ranges ??= []).push({ range, ts });
    const tombstone = encodeRow({ marker: null, deletedAt: null, cells: [] });
    if (p.packed) return;
    for (let i = 0; i < p.list.length; i++)
      if (rangeContains(this.meta.clustering, range, p.cks[i] as Buffer))
        this.replace(p, i, mergeRows(p.list[i], tombstone, ts));
  }

  deletePartition(token: bigint, key: Buffer, ts: bigint): void {
    const p = this.partition(token, key);
    if (p.deletedAt === null || ts > p.deletedAt) p.deletedAt = ts;
    const tombstone = encodeRow({ marker: null, deletedAt: null, cells: [] });
    const n = p.packed ? 1 : p.list.length;
    for (let i = 0; i < n; i++) this.replace(p, i, mergeRows(p.rows[i], tombstone, p.deletedAt));
  }

  clear(): void {
    this.partitions.clear();
    for (const ix of this.indexes) ix.clear();
    this.sizes.clear();
  }

  /** Moves each index's entry for a row from its old value to its new one (either may be absent). */
  private reindex(token: bigint, old: Buffer | undefined, row: Buffer): void {
    for (const ix of this.indexes) {
      const before = old === undefined ? 0 : cellHash(old, ix.slot);
      const after = cellHash(row, ix.slot);
      if (before === after) continue;
      const high = tokenHigh(token);
      if (before !== 0) ix.remove(before, high);
      if (after !== 0) ix.add(after, high);
    }
  }

  /** The index named `name`, if this table has it. */
  index(name: string): ColumnIndex | undefined {
    return this.indexes.find((ix) => ix.meta.name === name);
  }

  /** Makes the indexes match `wanted`: new ones are built from the rows stored now, dropped ones released. */
  syncIndexes(wanted: IndexMeta[]): void {
    const next: ColumnIndex[] = [];
    for (const meta of wanted) {
      const have = this.indexes.find((ix) => ix.meta.name === meta.name && ix.meta.column === meta.column);
      if (have) {
        next.push(have);
        continue;
      }
      const column = this.meta.byName.get(meta.column);
      if (!column || column.kind !== 'regular') continue;
      // Indexes on a non-frozen collection's elements are answered by a scan (restrictions.ts): nothing to build.
      const t = column.type;
      if ((t.kind === 'list' || t.kind === 'set' || t.kind === 'map') && !t.frozen) continue;
      const ix = new ColumnIndex(meta, column.cell);
      for (const p of this.partitions.scan(null, null, false)) {
        const high = tokenHigh(p.token);
        for (const row of p.rows) {
          const h = cellHash(row, ix.slot);
          if (h !== 0) ix.add(h, high);
        }
      }
      next.push(ix);
    }
    this.indexes = next;
  }
}
