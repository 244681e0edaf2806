// Columnar, growable index of the batches in one log (or one segment): base/last offset, byte position, size and max
// timestamp per batch. About 40 bytes per batch whatever the batch size, so an on-disk log keeps only this in memory.

/** Where one stored batch is and what it covers. */
export interface BatchEntry {
  baseOffset: number;
  lastOffset: number;
  position: number;
  size: number;
  maxTimestamp: number;
}

export class BatchIndex {
  private base: Float64Array<ArrayBuffer> = new Float64Array(64);
  private last: Float64Array<ArrayBuffer> = new Float64Array(64);
  private pos: Float64Array<ArrayBuffer> = new Float64Array(64);
  private len: Float64Array<ArrayBuffer> = new Float64Array(64);
  private maxTs: Float64Array<ArrayBuffer> = new Float64Array(64);
  /** Entries [head, tail) are live; dropping from the front only moves head. */
  private head = 0;
  private tail = 0;

  get count(): number {
    return this.tail - this.head;
  }

  private grow(): void {
    const live = this.count;
    const capacity = Math.max(64, live * 2);
    const move = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const next = new Float64Array(capacity);
      next.set(a.subarray(this.head, this.tail));
      return next;
    };
    this.base = move(this.base);
    this.last = move(this.last);
    this.pos = move(this.pos);
    this.len = move(this.len);
    this.maxTs = move(this.maxTs);
    this.head = 0;
    this.tail = live;
  }

  push(entry: BatchEntry): void {
    if (this.tail === this.base.length) this.grow();
    const i = this.tail++;
    this.base[i] = entry.baseOffset;
    this.last[i] = entry.lastOffset;
    this.pos[i] = entry.position;
    this.len[i] = entry.size;
    this.maxTs[i] = entry.maxTimestamp;
  }

  /** Forgets the oldest `n` entries. */
  dropFront(n: number): void {
    this.head = Math.min(this.tail, this.head + n);
  }

  /** Entry by live index (0 = oldest). */
  at(i: number): BatchEntry {
    const j = this.head + i;
    return {
      baseOffset: this.base[j] as number,
      lastOffset: this.last[j] as number,
      position: this.pos[j] as number,
      size: this.len[j] as number,
      maxTimestamp: this.maxTs[j] as number,
    };
  }

  baseOffsetAt(i: number): number {
    return this.base[this.head + i] as number;
  }

  size(i: number): number {
    return this.len[this.head + i] as number;
  }

  /** Live index of the first batch whose lastOffset >= offset, or count when none. */
  findByOffset(offset: number): number {
    let lo = this.head;
    let hi = this.tail;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.last[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  /** Live index of the first batch whose maxTimestamp >= ts, or count when none (linear: timestamps need not be monotonic). */
  findByTimestamp(ts: number): number {
    for (let j = this.head; j < this.tail; j++) if ((this.maxTs[j] as number) >= ts) return j - this.head;
    return this.count;
  }

  /** Live index of the batch with the greatest maxTimestamp (first on ties), or -1 when empty. */
  maxTimestampIndex(): number {
    let best = -1;
    for (let j = this.head; j < this.tail; j++)
      if (best < 0 || (this.maxTs[j] as number) > (this.maxTs[best] as number)) best = j;
    return best < 0 ? -1 : best - this.head;
  }
}
