// What readers see of one partition, and the two kinds behind it. Most partitions (a table without clustering
// columns, never deleted as a whole) are only columns in the index's typed arrays (partitionIndex.ts): a reader gets
// a FlatPartition made for it. The rest are RichPartition objects, which the table's writers change in place.
import type { ClusteringRange } from './rangeDelete';

/** Shared by new partitions until their first row arrives (never mutated: TableData replaces it). */
export const NO_ROWS: Buffer[] = Object.freeze([]) as unknown as Buffer[];
/** The clustering keys of every partition of a table without clustering columns (never mutated). */
export const SINGLE_CK: Buffer[] = Object.freeze([Buffer.alloc(0)]) as unknown as Buffer[];

/** One partition as readers (SELECT, read-before-write, snapshots) and re-packing see it. */
export interface Partition {
  readonly token: bigint;
  readonly key: Buffer;
  /** The rows in clustering order. */
  readonly rows: Buffer[];
  /** Clustering keys, parallel to the rows. */
  readonly cks: Buffer[];
  /** True when the partition is one row without clustering key, stored as (buffer, offset, length). */
  readonly packed: boolean;
  packedLength(): number;
  /** Stores the key as bytes [at, at + length) of `buf` (re-packing moves it to a fresh slab). */
  setKey(buf: Buffer, at: number, length: number): void;
  /** Makes bytes [at, at + length) of `buf` the partition's only row. */
  setOnlyRow(buf: Buffer, at: number, length: number): void;
}

/**
 * A partition the writers change in place: one with clustering rows, a partition deletion, or any partition a
 * writer asked for by object. The key, and the lone row of a table without clustering columns, are kept as
 * (buffer, offset, length) fields rather than Buffer views; `key` and `rows` build views on demand.
 */
export class RichPartition implements Partition {
  deletedAt: bigint | null = null;
  /** Range tombstones (DELETE of clustering ranges), oldest first; null while there are none. */
  ranges: { range: ClusteringRange; ts: bigint }[] | null = null;
  /** Clustering keys, parallel to the rows (SINGLE_CK while the lone row is packed). */
  cks: Buffer[] = NO_ROWS;
  /** Rows in clustering order when not packed. */
  list: Buffer[] = NO_ROWS;
  private kb: Buffer;
  private ka: number;
  private kl: number;
  /** The packed lone row's buffer, or null. */
  private rb: Buffer | null = null;
  private ra = 0;
  private rl = 0;

  constructor(
    readonly token: bigint,
    key: Buffer,
  ) {
    this.kb = key;
    this.ka = 0;
    this.kl = key.length;
  }

  get key(): Buffer {
    return this.ka === 0 && this.kl === this.kb.length ? this.kb : this.kb.subarray(this.ka, this.ka + this.kl);
  }

  setKey(buf: Buffer, at: number, length: number): void {
    this.kb = buf;
    this.ka = at;
    this.kl = length;
  }

  /** Whether the key is still the very buffer it was created with (not yet copied into storage). */
  holdsKey(key: Buffer): boolean {
    return this.kb === key && this.ka === 0;
  }

  /** Order of this partition's key against `key`. */
  compareKey(key: Buffer): number {
    return -key.compare(this.kb, this.ka, this.ka + this.kl);
  }

  get rows(): Buffer[] {
    const rb = this.rb;
    return rb === null ? this.list : [rb.subarray(this.ra, this.ra + this.rl)];
  }

  get packed(): boolean {
    return this.rb !== null;
  }

  packedLength(): number {
    return this.rl;
  }

  setOnlyRow(buf: Buffer, at: number, length: number): void {
    this.rb = buf;
    this.ra = at;
    this.rl = length;
    this.cks = SINGLE_CK;
    this.list = NO_ROWS;
  }
}

/** Where a FlatPartition's setters write: its entry in the index, valid until the next insert into the index. */
export interface FlatEntryWriter {
  setKeyAt(entry: number, buf: Buffer, at: number, length: number): void;
  setRowAt(entry: number, buf: Buffer, at: number, length: number): void;
}

/**
 * A partition that lives only in the index's columns, as a reader sees it when it is handed over: token, key and row
 * are views of the bytes at that moment. Its setters write through to the index (re-packing uses them, with no
 * insert in between).
 */
export class FlatPartition implements Partition {
  constructor(
    readonly token: bigint,
    readonly key: Buffer,
    /** null while the writer creating it has not stored its row yet. */
    private readonly row: Buffer | null,
    private readonly index: FlatEntryWriter,
    private readonly entry: number,
  ) {}

  get rows(): Buffer[] {
    return this.row === null ? NO_ROWS : [this.row];
  }

  get cks(): Buffer[] {
    return this.row === null ? NO_ROWS : SINGLE_CK;
  }

  get packed(): boolean {
    return this.row !== null;
  }

  packedLength(): number {
    return this.row === null ? 0 : this.row.length;
  }

  setKey(buf: Buffer, at: number, length: number): void {
    this.index.setKeyAt(this.entry, buf, at, length);
  }

  setOnlyRow(buf: Buffer, at: number, length: number): void {
    this.index.setRowAt(this.entry, buf, at, length);
  }
}
