// The Murmur3 token ring cut into equal slices, for scans that read a table range by range (what the Spark connector
// and DSBulk do): each slice is a few bounded queries, slices can run in parallel, and progress is slices done.

/** Murmur3Partitioner's smallest and largest tokens. */
export const MIN_TOKEN = -(2n ** 63n);
export const MAX_TOKEN = 2n ** 63n - 1n;

/** One slice `(start, end]` of the ring; the first also includes `start` (the ring's minimum token). */
export interface TokenRange {
  start: bigint;
  end: bigint;
  includeStart: boolean;
}

/** `count` contiguous slices covering the whole ring exactly once, in token order. */
export function splitRing(count: number): TokenRange[] {
  if (!Number.isInteger(count) || count < 1) throw new Error('splitRing: count must be a positive integer');
  const span = MAX_TOKEN - MIN_TOKEN;
  const ranges: TokenRange[] = [];
  let start = MIN_TOKEN;
  for (let i = 1; i <= count; i++) {
    const end = i === count ? MAX_TOKEN : MIN_TOKEN + (span * BigInt(i)) / BigInt(count);
    ranges.push({ start, end, includeStart: i === 1 });
    start = end;
  }
  return ranges;
}
