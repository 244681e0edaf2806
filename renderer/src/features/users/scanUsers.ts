import type { Api } from '../../../../shared/ipc';
import type { UserRow } from '../../../../shared/user';

/** Options of `scanUsers`. */
export interface ScanOptions {
  pageSize?: number;
  /** Stop after this many rows (a sample); the whole table when absent. */
  limit?: number;
  signal?: AbortSignal;
  onProgress?(rowsSoFar: number): void;
}

/** The result of a scan: the rows, and whether it stopped early (cancelled or sampled). */
export interface ScanResult {
  rows: UserRow[];
  complete: boolean;
  cancelled: boolean;
}

/** Reads the table page by page with Cassandra page state, reporting progress and honouring cancel. */
export async function scanUsers(api: Api, options: ScanOptions = {}): Promise<ScanResult> {
  const pageSize = options.pageSize ?? 1000;
  const rows: UserRow[] = [];
  let pageState: string | null = null;
  do {
    if (options.signal?.aborted) return { rows, complete: false, cancelled: true };
    const page = await api.users.page({ pageSize, pageState });
    if (!page.ok) throw new Error(page.error.message);
    rows.push(...page.value.rows);
    pageState = page.value.nextPageState;
    options.onProgress?.(rows.length);
    if (options.limit !== undefined && rows.length >= options.limit) {
      return { rows: rows.slice(0, options.limit), complete: pageState === null, cancelled: false };
    }
  } while (pageState !== null);
  return { rows, complete: true, cancelled: false };
}
