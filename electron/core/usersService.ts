// What the Users view asks of the core beyond a page: the size estimate (cached, so however many windows poll it the
// cluster sees one small query per node every 30 s at most), and the jobs that read the whole table on request —
// exact count, streamed export, demographics — each with progress and cancel, in constant memory.
import { basename, isAbsolute } from 'node:path';
import { createDemographicsAccumulator, DEMOGRAPHICS_COLUMNS } from '../../shared/demographics';
import type { Logger } from '../../shared/logger';
import { appError, err, ok, type Result } from '../../shared/result';
import type { UserRow } from '../../shared/user';
import { exportFileName } from '../../shared/userExport';
import {
  USERS_ESTIMATE_MAX_AGE_MS,
  type UsersEstimate,
  type UsersExportRequest,
  type UsersJob,
  type UsersSearch,
} from '../../shared/usersJobs';
import type { UsersQuery } from '../pipeline';
import { encodeExport, writeExportFile } from './exportWriter';
import { createUsersJobs, MAX_RUNNING } from './usersJobs';

/** An export the host streams somewhere (a browser download): pull `chunks`; `return()` on it cancels the job. */
export interface UsersExportStream {
  fileName: string;
  contentType: string;
  chunks: AsyncGenerator<Buffer, void, undefined>;
}

/** The Users view's long-running side. */
export interface UsersService {
  estimate(): Promise<UsersEstimate>;
  countExactly(): Result<UsersJob>;
  demographics(sample: number | null): Result<UsersJob>;
  /** Writes the export to `path` (chosen by the host's save dialog); the job is returned as it starts. */
  exportToFile(path: string, request: UsersExportRequest): Promise<Result<UsersJob>>;
  exportStream(request: UsersExportRequest): Result<UsersExportStream>;
  cancelJob(id: string): Result<void>;
  jobs(): UsersJob[];
  /** Cancels running jobs; the estimate cache goes with the service. */
  close(): void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const busy = () =>
  err(appError('busy', `${MAX_RUNNING} jobs are already reading the table; wait for one or cancel it`, true));

/** Options of `createUsersService`. */
export interface UsersServiceOptions {
  query: UsersQuery;
  onJobs(jobs: UsersJob[]): void;
  logger: Logger;
  now?: () => number;
}

/** Builds the service over one users query (rebuilt with it when the settings change). */
export function createUsersService({ query, onJobs, logger, now = Date.now }: UsersServiceOptions): UsersService {
  const jobs = createUsersJobs({ onChange: onJobs, now });
  let cached: UsersEstimate | null = null;
  let reading: Promise<UsersEstimate> | null = null;

  const estimate = (): Promise<UsersEstimate> => {
    if (cached && now() - cached.at < USERS_ESTIMATE_MAX_AGE_MS) return Promise.resolve(cached);
    return (reading ??= query
      .estimate()
      .catch((error: unknown): UsersEstimate => ({ state: 'unavailable', reason: messageOf(error), at: now() }))
      .then((value) => {
        cached = value;
        reading = null;
        return value;
      }));
  };
  const expectedRows = async () => {
    const e = await estimate();
    return e.state === 'ok' ? e.users : null;
  };
  const searchRows = async (s: UsersSearch): Promise<UserRow[]> =>
    s.by === 'email'
      ? query.byEmail(s.value)
      : s.by === 'username'
        ? query.byUsername(s.value)
        : query.byId(s.value).then((row) => (row ? [row] : []));
  /** The rows an export reads: a search's hits, or the whole table in token order. */
  const exportSource = async (request: UsersExportRequest, signal: AbortSignal) => {
    if (!request.search) return { pages: query.scan({ signal, fetchSize: 2500 }), expected: await expectedRows() };
    const rows = await searchRows(request.search);
    async function* hits() {
      if (rows.length > 0) yield rows;
    }
    return { pages: hits(), expected: rows.length };
  };
  const exportLabel = (request: UsersExportRequest) =>
    `Export ${request.format === 'csv' ? 'CSV' : 'JSON Lines'}${request.search ? ` of ${request.search.by} = ${request.search.value}` : ''}`;

  return {
    estimate,
    countExactly() {
      const job = jobs.run('count', 'Exact count', null, async (handle) => {
        const count = await query.countExactly({ signal: handle.signal, onProgress: (rows) => handle.progress(rows) });
        return { kind: 'count', count, at: now() };
      });
      return job ? ok(job) : busy();
    },
    demographics(sample) {
      const label = sample === null ? 'Demographics over the whole table' : `Demographics over ${sample} users`;
      const job = jobs.run('demographics', label, sample, async (handle) => {
        const acc = createDemographicsAccumulator(now());
        let complete = true;
        for await (const page of query.scan({
          columns: DEMOGRAPHICS_COLUMNS,
          signal: handle.signal,
          fetchSize: sample ?? 5000,
        })) {
          for (const row of page) {
            if (sample !== null && acc.total >= sample) break;
            acc.add(row);
          }
          handle.progress(acc.total);
          if (sample !== null && acc.total >= sample) {
            complete = false;
            break;
          }
        }
        return { kind: 'demographics', demographics: acc.result(), sample: !complete };
      });
      return job ? ok(job) : busy();
    },
    async exportToFile(path, request) {
      if (!isAbsolute(path)) return err(appError('invalid_path', 'an export needs an absolute file path'));
      const handle = jobs.begin('export', exportLabel(request), null);
      if (!handle) return busy();
      void (async () => {
        try {
          const source = await exportSource(request, handle.signal);
          handle.expect(source.expected);
          let totals = { rows: 0, bytes: 0 };
          const chunks = encodeExport(request.format, source.pages, (rows, bytes) => {
            totals = { rows, bytes };
            handle.progress(rows);
          });
          await writeExportFile(path, chunks, handle.signal);
          handle.succeed({ kind: 'export', format: request.format, ...totals, fileName: basename(path), path });
          logger.info({ rows: totals.rows, bytes: totals.bytes }, 'users exported to a file');
        } catch (error) {
          handle.fail(error);
        }
      })();
      return ok(jobs.get(handle.id)!);
    },
    exportStream(request) {
      const { fileName, contentType } = exportFileName(request.format, now());
      if (jobs.list().filter((j) => j.state === 'running').length >= MAX_RUNNING) return busy();
      // The job starts when the host first pulls (a download that never starts leaves no job behind).
      async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
        const handle = jobs.begin('export', exportLabel(request), null);
        if (!handle) throw new Error(busy().error.message);
        let totals = { rows: 0, bytes: 0 };
        let finished = false;
        try {
          const source = await exportSource(request, handle.signal);
          handle.expect(source.expected);
          for await (const chunk of encodeExport(request.format, source.pages, (rows, bytes) => {
            totals = { rows, bytes };
            handle.progress(rows);
          })) {
            handle.signal.throwIfAborted();
            yield chunk;
          }
          handle.signal.throwIfAborted();
          finished = true;
          handle.succeed({ kind: 'export', format: request.format, ...totals, fileName, path: null });
        } catch (error) {
          finished = true;
          handle.fail(error);
          throw error;
        } finally {
          // The host stopped pulling (the download was closed): that is a cancel.
          if (!finished) {
            jobs.cancel(handle.id, 'the download was closed');
            handle.fail(handle.signal.reason);
          }
        }
      }
      return ok({ fileName, contentType, chunks: chunks() });
    },
    cancelJob(id) {
      return jobs.cancel(id, 'cancelled by the user')
        ? ok(undefined)
        : err(appError('not_running', `no running job ${id}`));
    },
    jobs: () => jobs.list(),
    close: () => jobs.close('the connection settings changed'),
  };
}
