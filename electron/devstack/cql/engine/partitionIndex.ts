// A table's partitions in token order (then key bytes, for the rare token collision), kept in a list of sorted chunks
// so inserts stay cheap at a million partitions. Each chunk mirrors its tokens as doubles in a Float64Array: binary
// searches run over contiguous memory instead of chasing one object and one BigInt per step, and the few neighbours
// a double cannot tell apart are settled with the exact token. Rows inside a partition are parallel arrays of
// clustering key and packed row, in clustering order.

/** Shared by new partitions until their first row arrives (never mutated: TableData replaces it). */
export const NO_ROWS: Buffer[] = Object.freeze([]) as unknown as Buffer[];
/** The clustering keys of every partition of a table without clustering columns (never mutated). */
export const SINGLE_CK: Buffer[] = Object.freeze([Buffer.alloc(0)]) as unknown as Buffer[];

/**
 * One partition. The key, and the only row of a partition in a table without clustering columns (most of them), are
 * kept as (buffer, offset, length) in fields rather than as Buffer views and a one-element array: a million such
 * partitions are then two heap objects each (this and its token) instead of six, which is most of the garbage
 * collector's work at that size. `key` and `rows` build views on demand for readers.
 */
export class Partition {
  deletedAt: bigint | null = null;
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

  /** Stores the key as bytes [at, at + length) of `buf`. */
  setKey(buf: Buffer, at: number, length: number): void {
    this.kb = buf;
    this.ka = at;
    this.kl = length;
  }

  /** Whether the key is still the very buffer it was created with (not yet copied into storage). */
  holdsKey(key: Buffer): boolean {
    return this.kb === key && this.ka === 0;
  }

  keyEquals(key: Buffer): boolean {
    return key.length === this.kl && key.compare(this.kb, this.ka, this.ka + this.kl) === 0;
  }

  /** Order of this partition's key against `key`. */
  compareKey(key: Buffer): number {
    return -key.compare(this.kb, this.ka, this.ka + this.kl);
  }

  /** The rows in clustering order (a fresh one-element array when the lone row is packed). */
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

  /** Makes bytes [at, at + length) of `buf` the partition's only row (tables without clustering columns). */
  setOnlyRow(buf: Buffer, at: number, length: number): void {
    this.rb = buf;
    this.ra = at;
    this.rl = length;
    this.cks = SINGLE_CK;
    this.list = NO_ROWS;
  }
}

interface Chunk {
  parts: Partition[];
  toks: Float64Array;
}

const CHUNK = 64;

const CAPACITY = CHUNK * 2 + 1;

/** Position ordering of a partition against (token, key); a null key sorts before every key of that token. */
function compareTo(p: Partition, token: bigint, key: Buffer | null): number {
  if (p.token !== token) return p.token < token ? -1 : 1;
  if (key === null) return 1;
  return p.compareKey(key);
}

/** A chunk of `parts`, whose doubles are `toks` (copied, not converted again: BigInt to Number is slow). */
function newChunk(parts: Partition[], toks: Float64Array): Chunk {
  const own = new Float64Array(CAPACITY);
  own.set(toks);
  return { parts, toks: own };
}

export class PartitionIndex {
  private chunks: Chunk[] = [];
  /** Last token (as a double) of each chunk. */
  private lasts = new Float64Array(16);
  private count = 0;

  get size(): number {
    return this.count;
  }

  private setLast(c: number): void {
    const chunk = this.chunks[c] as Chunk;
    this.lasts[c] = chunk.toks[chunk.parts.length - 1] as number;
  }

  private rebuildLasts(): void {
    if (this.lasts.length < this.chunks.length) this.lasts = new Float64Array(this.chunks.length * 2);
    for (let c = 0; c < this.chunks.length; c++) this.setLast(c);
  }

  /** First position whose partition is not before (token, key) — or not at-or-before it when `after`. */
  private seek(token: bigint, tf: number, key: Buffer | null, after: boolean): [number, number] {
    const nc = this.chunks.length;
    let lo = 0;
    let hi = nc;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.lasts[mid] as number) < tf) lo = mid + 1;
      else hi = mid;
    }
    let c = lo;
    let i = 0;
    if (c < nc) {
      const chunk = this.chunks[c] as Chunk;
      let a = 0;
      let b = chunk.parts.length;
      while (a < b) {
        const mid = (a + b) >> 1;
        if ((chunk.toks[mid] as number) < tf) a = mid + 1;
        else b = mid;
      }
      i = a;
    }
    // Settle ties among equal doubles with exact comparisons; a greater double needs no look at the partition,
    // which keeps random inserts from touching (and cache-missing on) objects they do not need.
    for (;;) {
      const chunk = this.chunks[c];
      if (!chunk) return [nc, 0];
      if (i >= chunk.parts.length) {
        c++;
        i = 0;
        continue;
      }
      if ((chunk.toks[i] as number) > tf) return [c, i];
      const cmp = compareTo(chunk.parts[i] as Partition, token, key);
      if (after ? cmp > 0 : cmp >= 0) return [c, i];
      i++;
    }
  }

  /** The partition at a seek position if it is exactly (token, key). */
  private at(c: number, i: number, token: bigint, tf: number, key: Buffer): Partition | undefined {
    const chunk = this.chunks[c];
    if (!chunk || i >= chunk.parts.length || chunk.toks[i] !== tf) return undefined;
    const p = chunk.parts[i] as Partition;
    return p.token === token && p.keyEquals(key) ? p : undefined;
  }

  find(token: bigint, key: Buffer): Partition | undefined {
    const tf = Number(token);
    const [c, i] = this.seek(token, tf, key, false);
    return this.at(c, i, token, tf, key);
  }

  /** The partition for (token, key), created empty if absent; `key` is stored as given (the caller keeps a copy). */
  getOrCreate(token: bigint, key: Buffer): Partition {
    const tf = Number(token);
    const [c, i] = this.seek(token, tf, key, false);
    const found = this.at(c, i, token, tf, key);
    if (found) return found;
    const p = new Partition(token, key);
    this.count++;
    if (this.chunks.length === 0) {
      this.chunks.push(newChunk([p], Float64Array.of(tf)));
      this.rebuildLasts();
      return p;
    }
    const ci = c === this.chunks.length ? c - 1 : c;
    const chunk = this.chunks[ci] as Chunk;
    const at = c === this.chunks.length ? chunk.parts.length : i;
    // Shift by hand: Array.prototype.splice allocates and is several times slower for this.
    const parts = chunk.parts;
    parts.push(p);
    for (let k = parts.length - 1; k > at; k--) parts[k] = parts[k - 1] as Partition;
    parts[at] = p;
    chunk.toks.copyWithin(at + 1, at, parts.length - 1);
    chunk.toks[at] = tf;
    if (parts.length >= CAPACITY) {
      this.chunks.splice(
        ci,
        1,
        newChunk(parts.slice(0, CHUNK), chunk.toks.subarray(0, CHUNK)),
        newChunk(parts.slice(CHUNK), chunk.toks.subarray(CHUNK, parts.length)),
      );
      if (this.lasts.length < this.chunks.length) {
        const grown = new Float64Array(this.chunks.length * 2);
        grown.set(this.lasts);
        this.lasts = grown;
      }
      this.lasts.copyWithin(ci + 1, ci, this.chunks.length - 1);
      this.setLast(ci);
      this.setLast(ci + 1);
    } else this.setLast(ci);
    return p;
  }

  /**
   * Partitions from a start position in order: after (token, key) when `after`, else from the first at or after it
   * (from the beginning when token is null). Safe against inserts between steps.
   */
  *scan(token: bigint | null, key: Buffer | null, after: boolean): Generator<Partition> {
    let last: Partition | null = null;
    let [c, i] = token === null ? [0, 0] : this.seek(token, Number(token), key, after);
    for (;;) {
      const chunk = this.chunks[c];
      if (!chunk) return;
      const p = chunk.parts[i];
      if (!p) {
        c++;
        i = 0;
        continue;
      }
      // An insert or split may have shifted things; re-seek past the last partition handed out.
      if (last !== null && (p.token !== last.token ? p.token < last.token : compareTo(p, last.token, last.key) <= 0)) {
        [c, i] = this.seek(last.token, Number(last.token), last.key, true);
        continue;
      }
      last = p;
      yield p;
      i++;
    }
  }

  clear(): void {
    this.chunks = [];
    this.lasts = new Float64Array(16);
    this.count = 0;
  }
}
