// A secondary index on one regular column, kept in memory beside the table's rows: a multiset of (hash of the
// value, top 32 bits of the partition token) pairs in typed arrays, no heap object per entry, so two indexes on
// millions of rows stay in the tens of megabytes and an insert adds one probe. A lookup yields token ranges to read; readers then
// check the real value of every row there (hash collisions, expired cells and rows of other values in the same
// range are filtered out), so the index never has to be exact — only complete: every stored value is in it.
import type { IndexMeta } from './catalog';

/** Empty slot marker; real hashes are never 0 (see `valueHash`). */
const EMPTY = 0;
const MAX_LOAD = 0.7;
const TWO_32 = 4294967296;

/** FNV-1a over bytes [from, to) of `b`, finished with murmur3's fmix32 so the low bits spread; never 0. */
export function hashBytes(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h === EMPTY ? 1 : h;
}

/** The hash of a whole value (a bound query value). */
export function valueHash(v: Buffer): number {
  return hashBytes(v, 0, v.length);
}

/**
 * The hash of the value cell `slot` holds in a packed row (rowCodec's layout), or 0 when the row has no value there
 * (absent or a tombstone). Walks the cells without decoding them: this runs on every write to an indexed table.
 */
export function cellHash(row: Buffer, slot: number): number {
  let at = (row[0] as number) & 2 ? 25 : 17;
  const n = ((row[at] as number) << 8) | (row[at + 1] as number);
  at += 2;
  for (let i = 0; i < n; i++) {
    const s = ((row[at] as number) << 8) | (row[at + 1] as number);
    const cf = row[at + 2] as number;
    at += cf & 1 ? 19 : 3;
    if (cf & 2) {
      if (s === slot) return EMPTY;
      continue;
    }
    const len = row.readUInt32BE(at);
    if (s === slot) return hashBytes(row, at + 4, at + 4 + len);
    at += 4 + len;
  }
  return EMPTY;
}

/**
 * The top 32 bits of a token, from its double (a double is within 1024 of the token, so a lookup reads each range
 * with a margin of `TOKEN_MARGIN`). Deterministic per token, which is all add/remove need.
 */
export function tokenHigh(token: bigint): number {
  // The largest tokens round up to 2^63, whose high would not fit an Int32Array slot: they belong to the last range.
  return Math.min(Math.floor(Number(token) / TWO_32), 0x7fffffff);
}

/** How far past its 2^32-wide range a lookup reads, covering the double's rounding in `tokenHigh`. */
export const TOKEN_MARGIN = 4096n;

/**
 * One index: distinct value hashes in an open-addressing table (linear probing, backward-shift deletion) whose slots
 * point at a chain of entries, one per stored row, each the row's token high. Chains keep a common value (many rows,
 * one hash) out of the probe runs of other values, so inserts stay O(1) whatever the column's cardinality.
 */
export class ColumnIndex {
  /** [hash, first entry] pairs; hash EMPTY = free slot. */
  private heads = new Int32Array(2 * 16);
  private mask = 15;
  private distinct = 0;
  /** Per entry: the token high and the next entry of the chain (-1 = end; free entries chain through `next`). */
  private highs = new Int32Array(16);
  private next = new Int32Array(16);
  private allocated = 0;
  private free = -1;
  private used = 0;

  constructor(
    readonly meta: IndexMeta,
    /** The indexed column's cell slot in stored rows. */
    readonly slot: number,
  ) {}

  /** Entries (one per stored row with a value in the column). */
  get size(): number {
    return this.used;
  }

  /** Bytes the index holds. */
  get bytes(): number {
    return this.heads.byteLength + this.highs.byteLength + this.next.byteLength;
  }

  /** The slot of `hash`, or of the free slot where it would go. */
  private slotOf(hash: number): number {
    const heads = this.heads;
    const mask = this.mask;
    let i = hash & mask;
    for (;;) {
      const h = heads[2 * i] as number;
      if (h === hash || h === EMPTY) return i;
      i = (i + 1) & mask;
    }
  }

  add(hash: number, high: number): void {
    let e = this.free;
    if (e >= 0) this.free = this.next[e] as number;
    else {
      if (this.allocated === this.highs.length) this.growEntries();
      e = this.allocated++;
    }
    this.highs[e] = high;
    let s = this.slotOf(hash);
    if (this.heads[2 * s] === EMPTY) {
      if (this.distinct + 1 > (this.mask + 1) * MAX_LOAD) {
        this.growHeads();
        s = this.slotOf(hash);
      }
      this.heads[2 * s] = hash;
      this.heads[2 * s + 1] = -1;
      this.distinct++;
    }
    this.next[e] = this.heads[2 * s + 1] as number;
    this.heads[2 * s + 1] = e;
    this.used++;
  }

  private growEntries(): void {
    const n = this.highs.length * 2;
    const highs = new Int32Array(n);
    highs.set(this.highs);
    const next = new Int32Array(n);
    next.set(this.next);
    this.highs = highs;
    this.next = next;
  }

  private growHeads(): void {
    const old = this.heads;
    this.mask = this.mask * 2 + 1;
    this.heads = new Int32Array(2 * (this.mask + 1));
    for (let i = 0; i < old.length; i += 2) {
      const h = old[i] as number;
      if (h === EMPTY) continue;
      const s = this.slotOf(h);
      this.heads[2 * s] = h;
      this.heads[2 * s + 1] = old[i + 1] as number;
    }
  }

  /** Removes one (hash, high) entry; false when there is none. */
  remove(hash: number, high: number): boolean {
    const s = this.slotOf(hash);
    if (this.heads[2 * s] === EMPTY) return false;
    let prev = -1;
    let e = this.heads[2 * s + 1] as number;
    while (e !== -1 && this.highs[e] !== high) {
      prev = e;
      e = this.next[e] as number;
    }
    if (e === -1) return false;
    const after = this.next[e] as number;
    if (prev === -1) this.heads[2 * s + 1] = after;
    else this.next[prev] = after;
    this.next[e] = this.free;
    this.free = e;
    this.used--;
    if (after === -1 && prev === -1) this.removeSlot(s);
    return true;
  }

  /** Backward-shift deletion: later slots of the probe run move into the hole unless their home lies after it. */
  private removeSlot(at: number): void {
    const heads = this.heads;
    const mask = this.mask;
    let i = at;
    let j = at;
    for (;;) {
      j = (j + 1) & mask;
      const h = heads[2 * j] as number;
      if (h === EMPTY) break;
      const home = h & mask;
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      heads[2 * i] = h;
      heads[2 * i + 1] = heads[2 * j + 1] as number;
      i = j;
    }
    heads[2 * i] = EMPTY;
    heads[2 * i + 1] = 0;
    this.distinct--;
  }

  /** The distinct token highs of rows that may hold a value with this hash, ascending. */
  highsOf(hash: number): number[] {
    const s = this.slotOf(hash);
    if (this.heads[2 * s] === EMPTY) return [];
    const out: number[] = [];
    for (let e = this.heads[2 * s + 1] as number; e !== -1; e = this.next[e] as number)
      out.push(this.highs[e] as number);
    out.sort((a, b) => a - b);
    return out.filter((h, k) => k === 0 || out[k - 1] !== h);
  }

  clear(): void {
    this.heads = new Int32Array(2 * 16);
    this.mask = 15;
    this.distinct = 0;
    this.highs = new Int32Array(16);
    this.next = new Int32Array(16);
    this.allocated = 0;
    this.free = -1;
    this.used = 0;
  }
}
