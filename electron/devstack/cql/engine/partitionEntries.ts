// The per-partition columns of a PartitionIndex (partitionIndex.ts): exact token, key and row references, and the
// RichPartition of an entry that has one. An entry is chunk id × CAPACITY + slot; the columns are kept in blocks of
// 256 chunks (entry >> BLOCK_SHIFT), so growing never copies or zeroes the whole index at once.
import { FlatPartition, RichPartition, type FlatEntryWriter, type Partition } from './partition';

/** Entries per chunk. */
export const CAPACITY = 128;
/** Chunks per block, and the shifts that find an entry's (or a chunk's) block. */
export const BLOCK_CHUNKS = 256;
export const BLOCK_SHIFT = 15;
export const CHUNK_BLOCK_SHIFT = 8;
export const IN_BLOCK = (1 << BLOCK_SHIFT) - 1;

const EMPTY = Buffer.alloc(0);
/** Per entry in `refs`: key offset, key length, row offset, row length (-1: no row yet). */
const KEY_AT = 0;
const KEY_LEN = 1;
const ROW_AT = 2;
const ROW_LEN = 3;

export class PartitionEntries implements FlatEntryWriter {
  private exact: BigInt64Array[] = [];
  private refs: Int32Array[] = [];
  private richs: Array<Array<RichPartition | undefined>> = [];
  private keyBufs: Buffer[][] = [];
  private rowBufs: Buffer[][] = [];

  /** Makes block `block` hold `entries` entries (keeping what it holds). */
  ensure(block: number, entries: number): void {
    const resize = <T>(blocks: T[], make: (old: T | undefined) => T): void => {
      blocks[block] = make(blocks[block]);
    };
    resize(this.exact, (old) => copyInto(old, new BigInt64Array(entries)));
    resize(this.refs, (old) => copyInto(old, new Int32Array(entries * 4)));
    // Filled, so they stay packed (no holes).
    const fill = <T>(old: T[] | undefined, value: T): T[] =>
      (old ?? []).concat(new Array<T>(entries - (old?.length ?? 0)).fill(value));
    resize(this.richs, (old) => fill(old, undefined));
    resize(this.keyBufs, (old) => fill(old, EMPTY));
    resize(this.rowBufs, (old) => fill(old, EMPTY));
  }

  /** A new flat entry: its token, and `key` as given (the caller stores a copy with setKeyAt), no row yet. */
  init(entry: number, token: bigint, key: Buffer): void {
    (this.exact[entry >> BLOCK_SHIFT] as BigInt64Array)[entry & IN_BLOCK] = token;
    this.setRich(entry, undefined);
    this.setKeyAt(entry, key, 0, key.length);
    this.setRowAt(entry, EMPTY, 0, -1);
  }

  /** Forgets an entry's buffers (its chunk was split), so they are not kept alive until the slot is reused. */
  clear(entry: number): void {
    this.setRich(entry, undefined);
    (this.keyBufs[entry >> BLOCK_SHIFT] as Buffer[])[entry & IN_BLOCK] = EMPTY;
    (this.rowBufs[entry >> BLOCK_SHIFT] as Buffer[])[entry & IN_BLOCK] = EMPTY;
  }

  copy(to: number, from: number): void {
    const f = from & IN_BLOCK;
    const t = to & IN_BLOCK;
    (this.exact[to >> BLOCK_SHIFT] as BigInt64Array)[t] = this.token(from);
    const src = this.refs[from >> BLOCK_SHIFT] as Int32Array;
    const dst = this.refs[to >> BLOCK_SHIFT] as Int32Array;
    for (let k = 0; k < 4; k++) dst[t * 4 + k] = src[f * 4 + k] as number;
    this.setRich(to, this.rich(from));
    (this.keyBufs[to >> BLOCK_SHIFT] as Buffer[])[t] = this.keyBuf(from);
    (this.rowBufs[to >> BLOCK_SHIFT] as Buffer[])[t] = this.rowBuf(from);
  }

  token(entry: number): bigint {
    return (this.exact[entry >> BLOCK_SHIFT] as BigInt64Array)[entry & IN_BLOCK] as bigint;
  }

  rich(entry: number): RichPartition | undefined {
    return (this.richs[entry >> BLOCK_SHIFT] as Array<RichPartition | undefined>)[entry & IN_BLOCK];
  }

  setRich(entry: number, partition: RichPartition | undefined): void {
    (this.richs[entry >> BLOCK_SHIFT] as Array<RichPartition | undefined>)[entry & IN_BLOCK] = partition;
  }

  /**
   * Makes the entry a RichPartition holding its key and row (clustering rows, a partition deletion), and drops the
   * columns' references so they do not pin a request's frame.
   */
  promote(entry: number, key: Buffer): RichPartition {
    const p = new RichPartition(this.token(entry), key);
    const refs = this.refs[entry >> BLOCK_SHIFT] as Int32Array;
    const r = (entry & IN_BLOCK) * 4;
    if ((this.keyBufs[entry >> BLOCK_SHIFT] as Buffer[])[entry & IN_BLOCK] !== key)
      p.setKey(this.keyBuf(entry), refs[r + KEY_AT] as number, refs[r + KEY_LEN] as number);
    const row = this.row(entry);
    if (row !== null) p.setOnlyRow(this.rowBuf(entry), refs[r + ROW_AT] as number, row.length);
    this.setRich(entry, p);
    this.setKeyAt(entry, EMPTY, 0, 0);
    this.setRowAt(entry, EMPTY, 0, -1);
    return p;
  }

  setKeyAt(entry: number, buf: Buffer, at: number, length: number): void {
    (this.keyBufs[entry >> BLOCK_SHIFT] as Buffer[])[entry & IN_BLOCK] = buf;
    const refs = this.refs[entry >> BLOCK_SHIFT] as Int32Array;
    refs[(entry & IN_BLOCK) * 4 + KEY_AT] = at;
    refs[(entry & IN_BLOCK) * 4 + KEY_LEN] = length;
  }

  setRowAt(entry: number, buf: Buffer, at: number, length: number): void {
    (this.rowBufs[entry >> BLOCK_SHIFT] as Buffer[])[entry & IN_BLOCK] = buf;
    const refs = this.refs[entry >> BLOCK_SHIFT] as Int32Array;
    refs[(entry & IN_BLOCK) * 4 + ROW_AT] = at;
    refs[(entry & IN_BLOCK) * 4 + ROW_LEN] = length;
  }

  /** The entry's row, or null before its writer stored one. */
  row(entry: number): Buffer | null {
    const refs = this.refs[entry >> BLOCK_SHIFT] as Int32Array;
    const r = (entry & IN_BLOCK) * 4;
    const at = refs[r + ROW_AT] as number;
    const length = refs[r + ROW_LEN] as number;
    return length < 0 ? null : this.rowBuf(entry).subarray(at, at + length);
  }

  /** Order of the entry's key against `key` (the token being equal). */
  compareKey(entry: number, key: Buffer): number {
    const rich = this.rich(entry);
    if (rich !== undefined) return rich.compareKey(key);
    const refs = this.refs[entry >> BLOCK_SHIFT] as Int32Array;
    const at = refs[(entry & IN_BLOCK) * 4 + KEY_AT] as number;
    return -key.compare(this.keyBuf(entry), at, at + (refs[(entry & IN_BLOCK) * 4 + KEY_LEN] as number));
  }

  /** The entry as readers see it: its RichPartition, or a FlatPartition view of its columns now. */
  partition(entry: number): Partition {
    const rich = this.rich(entry);
    if (rich !== undefined) return rich;
    const refs = this.refs[entry >> BLOCK_SHIFT] as Int32Array;
    const r = (entry & IN_BLOCK) * 4;
    const at = refs[r + KEY_AT] as number;
    const key = this.keyBuf(entry).subarray(at, at + (refs[r + KEY_LEN] as number));
    return new FlatPartition(this.token(entry), key, this.row(entry), this, entry);
  }

  private keyBuf(entry: number): Buffer {
    return (this.keyBufs[entry >> BLOCK_SHIFT] as Buffer[])[entry & IN_BLOCK] as Buffer;
  }

  private rowBuf(entry: number): Buffer {
    return (this.rowBufs[entry >> BLOCK_SHIFT] as Buffer[])[entry & IN_BLOCK] as Buffer;
  }
}

/** `into`, with `from`'s elements copied to its start (when there is a `from`). */
export function copyInto<T extends { set(from: T): void }>(from: T | undefined, into: T): T {
  if (from !== undefined) into.set(from);
  return into;
}
