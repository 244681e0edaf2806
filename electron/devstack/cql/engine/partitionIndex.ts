// A table's partitions in token order (then key bytes, for the rare token collision), kept in a list of sorted chunks
// so inserts stay cheap at a million partitions. Rows inside a partition are parallel arrays of clustering key and
// packed row, in clustering order.

export interface Partition {
  token: bigint;
  key: Buffer;
  cks: Buffer[];
  rows: Buffer[];
  /** Partition-level tombstone timestamp. */
  deletedAt: bigint | null;
}

const CHUNK = 512;

/** Position ordering of a partition against (token, key); a null key sorts before every key of that token. */
function compareTo(p: Partition, token: bigint, key: Buffer | null): number {
  if (p.token !== token) return p.token < token ? -1 : 1;
  if (key === null) return 1;
  return Buffer.compare(p.key, key);
}

export class PartitionIndex {
  private chunks: Partition[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Index of the first partition not before `isBefore`, as [chunk, offset]. */
  private seek(isBefore: (p: Partition) => boolean): [number, number] {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid] as Partition[];
      if (isBefore(chunk[chunk.length - 1] as Partition)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.chunks.length) return [lo, 0];
    const chunk = this.chunks[lo] as Partition[];
    let a = 0;
    let b = chunk.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (isBefore(chunk[mid] as Partition)) a = mid + 1;
      else b = mid;
    }
    return [lo, a];
  }

  find(token: bigint, key: Buffer): Partition | undefined {
    const [c, i] = this.seek((p) => compareTo(p, token, key) < 0);
    const p = this.chunks[c]?.[i];
    return p && p.token === token && p.key.equals(key) ? p : undefined;
  }

  getOrCreate(token: bigint, key: Buffer): Partition {
    const [c, i] = this.seek((p) => compareTo(p, token, key) < 0);
    const found = this.chunks[c]?.[i];
    if (found && found.token === token && found.key.equals(key)) return found;
    const p: Partition = { token, key: Buffer.from(key), cks: [], rows: [], deletedAt: null };
    this.count++;
    if (this.chunks.length === 0) {
      this.chunks.push([p]);
      return p;
    }
    // Past the end: append to the last chunk.
    const ci = c === this.chunks.length ? c - 1 : c;
    const chunk = this.chunks[ci] as Partition[];
    chunk.splice(c === this.chunks.length ? chunk.length : i, 0, p);
    if (chunk.length > CHUNK * 2) this.chunks.splice(ci, 1, chunk.slice(0, CHUNK), chunk.slice(CHUNK));
    return p;
  }

  /**
   * Partitions from a start position in order: after (token, key) when `after`, else from the first with
   * token >= `token` (or from the beginning when token is null). Safe against inserts between steps.
   */
  *scan(token: bigint | null, key: Buffer | null, after: boolean): Generator<Partition> {
    let last: Partition | null = null;
    let [c, i] =
      token === null
        ? [0, 0]
        : this.seek((p) => {
            const cmp = compareTo(p, token, key);
            return after ? cmp <= 0 : cmp < 0;
          });
    for (;;) {
      const chunk = this.chunks[c];
      if (!chunk) return;
      const p = chunk[i];
      if (!p) {
        c++;
        i = 0;
        continue;
      }
      // A split or insert may have moved things; re-seek past the last partition handed out.
      if (last !== null && compareTo(p, last.token, last.key) <= 0) {
        const from: Partition = last;
        [c, i] = this.seek((q) => compareTo(q, from.token, from.key) <= 0);
        continue;
      }
      last = p;
      yield p;
      i++;
    }
  }

  clear(): void {
    this.chunks = [];
    this.count = 0;
  }
}
