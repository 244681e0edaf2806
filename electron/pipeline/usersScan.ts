// Reads a table range by range over the token ring with paged queries (`WHERE token(k) > ? AND token(k) <= ?`):
// rows come in token order, one page in memory at a time (and the next one on its way), and a scan can stop between
// pages. Counting runs a few ranges at once; streaming (export, demographics) reads them in order.
import cassandra from 'cassandra-driver';
import { splitRing, type TokenRange } from './tokenRanges';

/** Slices of the ring a scan is cut into: small enough for progress and bounded queries, few enough to be cheap. */
export const SCAN_RANGES = 64;

/** What to read: `table` is `keyspace.table`, `key` its partition key column. */
export interface ScanTarget {
  client: cassandra.Client;
  table: string;
  key: string;
  /** Default `splitRing(SCAN_RANGES)`. */
  ranges?: readonly TokenRange[];
  /** Rows per page (default 2000). */
  fetchSize?: number;
  signal?: AbortSignal;
}

const long = (token: bigint) => cassandra.types.Long.fromString(token.toString());

function rangeQuery(target: ScanTarget, columns: string, range: TokenRange) {
  const lower = range.includeStart ? '>=' : '>';
  return {
    cql: `SELECT ${columns} FROM ${target.table} WHERE token(${target.key}) ${lower} ? AND token(${target.key}) <= ?`,
    params: [long(range.start), long(range.end)],
  };
}

async function fetchPage(target: ScanTarget, columns: string, range: TokenRange, pageState: string | undefined) {
  const q = rangeQuery(target, columns, range);
  return target.client.execute(q.cql, q.params, {
    prepare: true,
    fetchSize: target.fetchSize ?? 2000,
    ...(pageState ? { pageState } : {}),
  });
}

/** The table's rows in token order, page by page; the next page is requested while the caller handles this one. */
export async function* scanPages(
  target: ScanTarget,
  columns: readonly string[],
): AsyncGenerator<cassandra.types.Row[], void, undefined> {
  const ranges = target.ranges ?? splitRing(SCAN_RANGES);
  const cols = columns.join(', ');
  let index = 0;
  let next: Promise<cassandra.types.ResultSet> | null = ranges[0]
    ? fetchPage(target, cols, ranges[0], undefined)
    : null;
  try {
    while (next) {
      target.signal?.throwIfAborted();
      const rs = await next;
      next = null;
      if (rs.pageState) next = fetchPage(target, cols, ranges[index]!, rs.pageState);
      else if (index + 1 < ranges.length) next = fetchPage(target, cols, ranges[++index]!, undefined);
      if (rs.rows.length > 0) yield rs.rows;
    }
  } finally {
    // Stopped early (cancel, a failed write downstream): the prefetched page is not wanted, nor its failure.
    next?.catch(() => undefined);
  }
}

/** Counts the rows of `target` exactly: every range paged through by `SELECT key`, `concurrency` ranges at once. */
export async function countRows(
  target: ScanTarget & { concurrency?: number; onProgress?(rows: number, rangesDone: number, ranges: number): void },
): Promise<number> {
  const ranges = target.ranges ?? splitRing(SCAN_RANGES);
  let total = 0;
  let done = 0;
  let cursor = 0;
  let failed = false;
  const worker = async () => {
    while (cursor < ranges.length && !failed) {
      const range = ranges[cursor++]!;
      let pageState: string | undefined;
      do {
        target.signal?.throwIfAborted();
        const rs = await fetchPage({ fetchSize: 5000, ...target }, target.key, range, pageState);
        total += rs.rowLength;
        pageState = rs.pageState ?? undefined;
        target.onProgress?.(total, done, ranges.length);
      } while (pageState);
      done++;
      target.onProgress?.(total, done, ranges.length);
    }
  };
  const guarded = () =>
    worker().catch((error: unknown) => {
      // One range failed: the others stop at their next page rather than read on for nothing.
      failed = true;
      throw error;
    });
  await Promise.all(Array.from({ length: Math.min(target.concurrency ?? 4, ranges.length) }, guarded));
  target.signal?.throwIfAborted();
  return total;
}
