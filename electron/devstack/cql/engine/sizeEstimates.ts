// What system.size_estimates and system.table_estimates report for a table: partitions and bytes per token range,
// from counts a table keeps as it is written (no scan when they are read). The ring is cut into 256 equal buckets by
// the top bits of the token; a range's figures are the buckets it covers, pro-rated for the ones it covers in part
// (with evenly spread vnode tokens, 2-256 of them, a range is whole buckets).

const BUCKETS = 256;
const BUCKET_WIDTH = 2 ** 56;
const RING_MIN = -(2 ** 63);

/** Partitions and bytes (keys plus packed rows) per token bucket; kept by TableData on every change. */
export class TokenHistogram {
  readonly partitions = new Float64Array(BUCKETS);
  readonly bytes = new Float64Array(BUCKETS);

  /** The bucket of a token, from its double (a token a few units off a boundary may land next door: fine for estimates). */
  static bucketOf(token: bigint): number {
    const b = Math.floor((Number(token) - RING_MIN) / BUCKET_WIDTH);
    return b < 0 ? 0 : b >= BUCKETS ? BUCKETS - 1 : b;
  }

  /** Counts `partitions` more partitions and `bytes` more bytes (either may be negative) where `token` falls. */
  add(token: bigint, partitions: number, bytes: number): void {
    const b = TokenHistogram.bucketOf(token);
    this.partitions[b] = (this.partitions[b] as number) + partitions;
    this.bytes[b] = (this.bytes[b] as number) + bytes;
  }

  clear(): void {
    this.partitions.fill(0);
    this.bytes.fill(0);
  }

  /** Estimated partitions and bytes in the token range (start, end]; `end <= start` wraps around the ring. */
  estimate(start: bigint, end: bigint): { partitions: number; bytes: number } {
    const s = Number(start);
    const e = Number(end);
    if (e > s) return this.between(s, e);
    const high = this.between(s, -RING_MIN);
    const low = this.between(RING_MIN, e);
    return { partitions: high.partitions + low.partitions, bytes: high.bytes + low.bytes };
  }

  private between(from: number, to: number): { partitions: number; bytes: number } {
    let partitions = 0;
    let bytes = 0;
    const first = Math.max(0, Math.floor((from - RING_MIN) / BUCKET_WIDTH));
    const last = Math.min(BUCKETS - 1, Math.floor((to - RING_MIN) / BUCKET_WIDTH));
    for (let b = first; b <= last; b++) {
      const lo = RING_MIN + b * BUCKET_WIDTH;
      const share = (Math.min(to, lo + BUCKET_WIDTH) - Math.max(from, lo)) / BUCKET_WIDTH;
      if (share <= 0) continue;
      partitions += (this.partitions[b] as number) * share;
      bytes += (this.bytes[b] as number) * share;
    }
    return { partitions, bytes };
  }
}

/** The node's primary ranges from its tokens: (t_i, t_i+1], the last wrapping to the first. */
export function primaryRanges(tokens: string[]): [bigint, bigint][] {
  const sorted = tokens.map((t) => BigInt(t)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map((t, i) => [t, sorted[(i + 1) % sorted.length] as bigint]);
}
