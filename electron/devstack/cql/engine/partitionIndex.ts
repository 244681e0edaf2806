// A table's partitions in token order (then key bytes, for the rare token collision), kept in sorted chunks of at
// most 128 so inserts stay cheap at a million partitions. Everything lives in typed arrays (in blocks of 256 chunks,
// so growing never copies or zeroes the whole index at once: at a million partitions that stalled the store ~100 ms)
// and three pointer arrays shared by all chunks, addressed as chunk id × 128 + slot: no heap object per partition. A
// partition that is one lone row (most of them) is only a token, a key and a row reference here; one that needs more
// (clustering rows, a partition deletion) gets a RichPartition (partition.ts); the columns: partitionEntries.ts. A million heap objects,
// two per partition before, were most of the garbage collector's work at that size (scavenges copying every new
// partition, mark-compacts walking all of them).
//
// Within a chunk, entries stay in the slot they were inserted into; `order` lists slots by position and `toks` holds
// the tokens as doubles by position, so a binary search runs over contiguous doubles and an insert moves only those
// doubles and one byte per later position. The few neighbours a double cannot tell apart are settled with the exact
// token.
import type { Partition, RichPartition } from './partition';
import { BLOCK_CHUNKS, CAPACITY, CHUNK_BLOCK_SHIFT, copyInto, IN_BLOCK, PartitionEntries } from './partitionEntries';

const HALF = CAPACITY / 2;

/** What `locateLone` found. */
export const Lone = { created: 0, flat: 1, rich: 2 } as const;
export type LoneState = (typeof Lone)[keyof typeof Lone];

export class PartitionIndex {
  /** Chunks in token order: their ids, and the last token (as a double) of each. */
  private ids = new Int32Array(16);
  private lasts = new Float64Array(16);
  private chunkCount = 0;
  /** By chunk id: entries in use. Ids of split chunks are reused. */
  private sizes = new Int32Array(16);
  private freeIds: number[] = [];
  private idCount = 0;
  /** Per block, by chunk id × CAPACITY + position. */
  private toks: Float64Array[] = [];
  private order: Uint8Array[] = [];
  /** Per entry (chunk id × CAPACITY + slot): token, key, row, RichPartition. */
  private entries = new PartitionEntries();
  private count = 0;
  /** The entry the last locateLone found or created (valid until the next insert). */
  private cursor = -1;

  get size(): number {
    return this.count;
  }

  /** The partition for (token, key), if any. */
  find(token: bigint, key: Buffer): Partition | undefined {
    const entry = this.entryOf(token, Number(token), key);
    return entry < 0 ? undefined : this.entries.partition(entry);
  }

  /**
   * The RichPartition for (token, key), created empty if absent (holding `key` as given: the caller keeps a copy) and
   * made rich if it was a lone row.
   */
  getOrCreate(token: bigint, key: Buffer): RichPartition {
    const state = this.locateLone(token, key);
    const entry = this.cursor;
    if (state === Lone.rich) return this.entries.rich(entry) as RichPartition;
    return this.entries.promote(entry, key);
  }

  /**
   * Finds (token, key) for a writer of lone rows, creating a flat entry (holding `key` as given, no row yet) if
   * absent, and points the cursor at it: then use cursorRich(), cursorRow() and setCursorKey/Row().
   */
  locateLone(token: bigint, key: Buffer): LoneState {
    const tf = Number(token);
    let [c, i] = this.seek(token, tf, key, false);
    const found = this.entryAt(c, i, token, tf, key);
    if (found >= 0) {
      this.cursor = found;
      return this.entries.rich(found) !== undefined ? Lone.rich : Lone.flat;
    }
    if (this.chunkCount === 0) this.insertChunk(0, this.newChunkId());
    [c, i] = this.insertionPoint([c, i]);
    if (this.sizes[this.ids[c] as number] === CAPACITY) {
      this.split(c);
      [c, i] = this.insertionPoint(this.seek(token, tf, key, false));
    }
    this.cursor = this.insertAt(c, i, tf, token, key);
    return Lone.created;
  }

  cursorRich(): RichPartition {
    return this.entries.rich(this.cursor) as RichPartition;
  }

  /** The cursor's row, or undefined when it has none yet (a flat entry just created). */
  cursorRow(): Buffer | undefined {
    return this.entries.row(this.cursor) ?? undefined;
  }

  setCursorKey(buf: Buffer, at: number, length: number): void {
    this.entries.setKeyAt(this.cursor, buf, at, length);
  }

  setCursorRow(buf: Buffer, at: number, length: number): void {
    this.entries.setRowAt(this.cursor, buf, at, length);
  }

  /**
   * Partitions from a start position in order: after (token, key) when `after`, else from the first at or after it
   * (from the beginning when token is null). Safe against inserts between steps.
   */
  *scan(token: bigint | null, key: Buffer | null, after: boolean): Generator<Partition> {
    let last: Partition | null = null;
    let [c, i] = token === null ? [0, 0] : this.seek(token, Number(token), key, after);
    for (;;) {
      if (c >= this.chunkCount) return;
      const entry = this.entryAtPosition(c, i);
      if (entry < 0) {
        c++;
        i = 0;
        continue;
      }
      // An insert or split may have shifted things; re-seek past the last partition handed out.
      if (last !== null && this.compareEntry(entry, last.token, last.key) <= 0) {
        [c, i] = this.seek(last.token, Number(last.token), last.key, true);
        continue;
      }
      const p = this.entries.partition(entry);
      last = p;
      yield p;
      i++;
    }
  }

  clear(): void {
    this.ids = new Int32Array(16);
    this.lasts = new Float64Array(16);
    this.chunkCount = 0;
    this.sizes = new Int32Array(16);
    this.freeIds = [];
    this.idCount = 0;
    this.toks = [];
    this.order = [];
    this.entries = new PartitionEntries();
    this.count = 0;
    this.cursor = -1;
  }

  /** Order of the partition at `entry` against (token, key); a null key sorts before every key of that token. */
  private compareEntry(entry: number, token: bigint, key: Buffer | null): number {
    const own = this.entries.token(entry);
    if (own !== token) return own < token ? -1 : 1;
    if (key === null) return 1;
    return this.entries.compareKey(entry, key);
  }

  /** First position whose partition is not before (token, key) — or not at-or-before it when `after`. */
  private seek(token: bigint, tf: number, key: Buffer | null, after: boolean): [number, number] {
    const lasts = this.lasts;
    let lo = 0;
    let hi = this.chunkCount;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((lasts[mid] as number) < tf) lo = mid + 1;
      else hi = mid;
    }
    let c = lo;
    let i = 0;
    if (c < this.chunkCount) {
      const id = this.ids[c] as number;
      const toks = this.toks[id >> CHUNK_BLOCK_SHIFT] as Float64Array;
      const base = (id * CAPACITY) & IN_BLOCK;
      let a = 0;
      let b = this.sizes[id] as number;
      while (a < b) {
        const mid = (a + b) >> 1;
        if ((toks[base + mid] as number) < tf) a = mid + 1;
        else b = mid;
      }
      i = a;
    }
    // Settle ties among equal doubles with exact comparisons; a greater double needs no look at the entry.
    for (;;) {
      if (c >= this.chunkCount) return [this.chunkCount, 0];
      const entry = this.entryAtPosition(c, i);
      if (entry < 0) {
        c++;
        i = 0;
        continue;
      }
      if (this.tokAt(this.ids[c] as number, i) > tf) return [c, i];
      const cmp = this.compareEntry(entry, token, key);
      if (after ? cmp > 0 : cmp >= 0) return [c, i];
      i++;
    }
  }

  /** The entry at position i of the c-th chunk in order, or -1 past that chunk's end. */
  private entryAtPosition(c: number, i: number): number {
    const id = this.ids[c] as number;
    if (i >= (this.sizes[id] as number)) return -1;
    const at = id * CAPACITY;
    return at + ((this.order[id >> CHUNK_BLOCK_SHIFT] as Uint8Array)[(at & IN_BLOCK) + i] as number);
  }

  /** The entry at a seek position if it is exactly (token, key), else -1. */
  private entryAt(c: number, i: number, token: bigint, tf: number, key: Buffer): number {
    if (c >= this.chunkCount) return -1;
    const entry = this.entryAtPosition(c, i);
    if (entry < 0 || this.tokAt(this.ids[c] as number, i) !== tf) return -1;
    return this.compareEntry(entry, token, key) === 0 ? entry : -1;
  }

  /** A seek position to insert at: past the last chunk means the end of the last chunk. */
  private insertionPoint([c, i]: [number, number]): [number, number] {
    if (c < this.chunkCount) return [c, i];
    const last = this.chunkCount - 1;
    return [last, this.sizes[this.ids[last] as number] as number];
  }

  private entryOf(token: bigint, tf: number, key: Buffer): number {
    const [c, i] = this.seek(token, tf, key, false);
    return this.entryAt(c, i, token, tf, key);
  }

  /** Inserts a flat entry without a row at position i of chunk c (which has room); returns the entry. */
  private insertAt(c: number, i: number, tf: number, token: bigint, key: Buffer): number {
    const id = this.ids[c] as number;
    const base = (id * CAPACITY) & IN_BLOCK;
    const n = this.sizes[id] as number;
    const toks = this.toks[id >> CHUNK_BLOCK_SHIFT] as Float64Array;
    const order = this.order[id >> CHUNK_BLOCK_SHIFT] as Uint8Array;
    // By hand: for a few dozen elements a loop beats a call into TypedArray#copyWithin.
    for (let k = base + n; k > base + i; k--) {
      toks[k] = toks[k - 1] as number;
      order[k] = order[k - 1] as number;
    }
    toks[base + i] = tf;
    order[base + i] = n;
    const entry = id * CAPACITY + n;
    this.entries.init(entry, token, key);
    this.sizes[id] = n + 1;
    this.count++;
    if (i === n) this.lasts[c] = tf;
    return entry;
  }

  /** Replaces full chunk c by two half chunks, each with its entries in slots 0..HALF-1. */
  private split(c: number): void {
    const old = this.ids[c] as number;
    const low = this.newChunkId();
    const high = this.newChunkId();
    this.copyHalf(old, 0, low);
    this.copyHalf(old, HALF, high);
    this.sizes[old] = 0;
    // The old chunk's slots must not keep buffers alive until the id is reused.
    for (let k = old * CAPACITY; k < (old + 1) * CAPACITY; k++) {
      this.entries.clear(k);
    }
    this.freeIds.push(old);
    this.ids[c] = low;
    this.insertChunk(c + 1, high);
    this.lasts[c] = this.tokAt(low, HALF - 1);
    this.lasts[c + 1] = this.tokAt(high, HALF - 1);
  }

  private tokAt(id: number, position: number): number {
    return (this.toks[id >> CHUNK_BLOCK_SHIFT] as Float64Array)[((id * CAPACITY) & IN_BLOCK) + position] as number;
  }

  private copyHalf(from: number, firstPosition: number, to: number): void {
    const src = from * CAPACITY;
    const dst = to * CAPACITY;
    const srcToks = this.toks[from >> CHUNK_BLOCK_SHIFT] as Float64Array;
    const srcOrder = this.order[from >> CHUNK_BLOCK_SHIFT] as Uint8Array;
    const dstToks = this.toks[to >> CHUNK_BLOCK_SHIFT] as Float64Array;
    const dstOrder = this.order[to >> CHUNK_BLOCK_SHIFT] as Uint8Array;
    for (let k = 0; k < HALF; k++) {
      const p = (src & IN_BLOCK) + firstPosition + k;
      dstToks[(dst & IN_BLOCK) + k] = srcToks[p] as number;
      dstOrder[(dst & IN_BLOCK) + k] = k;
      this.entries.copy(dst + k, src + (srcOrder[p] as number));
    }
    this.sizes[to] = HALF;
  }

  private insertChunk(c: number, id: number): void {
    if (this.chunkCount === this.ids.length) {
      this.ids = grow(this.ids, this.ids.length * 2);
      this.lasts = grow(this.lasts, this.lasts.length * 2);
    }
    this.ids.copyWithin(c + 1, c, this.chunkCount);
    this.lasts.copyWithin(c + 1, c, this.chunkCount);
    this.ids[c] = id;
    this.chunkCount++;
  }

  private newChunkId(): number {
    const reused = this.freeIds.pop();
    if (reused !== undefined) return reused;
    const id = this.idCount++;
    if (id === this.sizes.length) this.sizes = grow(this.sizes, this.sizes.length * 2);
    this.makeRoom(id);
    return id;
  }

  /**
   * Makes chunk id's block hold it. Blocks after the first are allocated whole (256 chunks); the first starts at one
   * chunk and doubles, so a small table (the system tables a SELECT builds) costs a few KB, not a whole block.
   */
  private makeRoom(id: number): void {
    const block = id >> CHUNK_BLOCK_SHIFT;
    const needed = (id & (BLOCK_CHUNKS - 1)) + 1;
    const have = block < this.toks.length ? (this.toks[block] as Float64Array).length / CAPACITY : 0;
    if (needed <= have) return;
    const chunks = block === 0 ? Math.min(BLOCK_CHUNKS, Math.max(needed, have * 2)) : BLOCK_CHUNKS;
    const entries = chunks * CAPACITY;
    this.toks[block] = copyInto(this.toks[block], new Float64Array(entries));
    this.order[block] = copyInto(this.order[block], new Uint8Array(entries));
    this.entries.ensure(block, entries);
  }
}

function grow<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  return grown;
}
