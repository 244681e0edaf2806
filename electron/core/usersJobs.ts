// Long jobs over the users table (exact count, export, demographics): each has an id, progress, speed, an ETA from
// the expected row count, cancel through an AbortSignal, and a result. The list is small and bounded: running jobs
// (at most MAX_RUNNING) and the last finished job of each kind. Changes are reported at most every PROGRESS_MS.
import { randomUUID } from 'node:crypto';
import type { UsersJob, UsersJobKind, UsersJobResult } from '../../shared/usersJobs';

/** More than this many jobs at once is refused: each holds a scan open against the cluster. */
export const MAX_RUNNING = 4;
const PROGRESS_MS = 250;

/** What a job's code holds: its signal, and the calls that report progress and the outcome. */
export interface JobHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(rows: number): void;
  /** Sets the rows expected once known (the ETA follows). */
  expect(rows: number | null): void;
  succeed(result: UsersJobResult): void;
  /** A failure; after a cancel it records the job as cancelled instead. */
  fail(error: unknown): void;
}

/** The registry of jobs. */
export interface UsersJobs {
  /** Starts a job whose outcome its caller reports through the handle; null when MAX_RUNNING are running. */
  begin(kind: UsersJobKind, label: string, expected: number | null): JobHandle | null;
  /** Starts `work` as a job and reports its result or failure; null when too many are running. */
  run(
    kind: UsersJobKind,
    label: string,
    expected: number | null,
    work: (job: JobHandle) => Promise<UsersJobResult>,
  ): UsersJob | null;
  get(id: string): UsersJob | null;
  cancel(id: string, reason?: string): boolean;
  /** Running jobs first, then the last finished one of each kind. */
  list(): UsersJob[];
  /** Cancels every running job (the settings changed, the core is closing). */
  close(reason: string): void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** `onChange` receives the whole (small) list whenever it changes, throttled for progress. */
export function createUsersJobs(options: { onChange(jobs: UsersJob[]): void; now?: () => number }): UsersJobs {
  const now = options.now ?? Date.now;
  const running = new Map<string, { view: UsersJob; controller: AbortController }>();
  const finished = new Map<UsersJobKind, UsersJob>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastEmit = 0;

  const list = () => [...[...running.values()].map((r) => ({ ...r.view })), ...finished.values()];
  const emitNow = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    lastEmit = now();
    options.onChange(list());
  };
  const emitSoon = () => {
    if (timer) return;
    timer = setTimeout(emitNow, Math.max(0, lastEmit + PROGRESS_MS - now()));
  };
  const speed = (view: UsersJob) => {
    const seconds = (now() - view.startedAt) / 1000;
    view.rowsPerSecond = seconds > 0.2 ? Math.round(view.rows / seconds) : 0;
    view.etaSeconds =
      view.expected !== null && view.rowsPerSecond > 0 && view.expected > view.rows
        ? Math.ceil((view.expected - view.rows) / view.rowsPerSecond)
        : null;
  };
  const end = (id: string, patch: Partial<UsersJob>) => {
    const entry = running.get(id);
    if (!entry) return;
    running.delete(id);
    speed(entry.view);
    const view: UsersJob = { ...entry.view, ...patch, finishedAt: now(), etaSeconds: null };
    finished.set(view.kind, view);
    emitNow();
  };

  const begin = (kind: UsersJobKind, label: string, expected: number | null): JobHandle | null => {
    if (running.size >= MAX_RUNNING) return null;
    const id = randomUUID();
    const controller = new AbortController();
    const view: UsersJob = {
      id,
      kind,
      state: 'running',
      label,
      rows: 0,
      rowsPerSecond: 0,
      expected,
      etaSeconds: null,
      startedAt: now(),
      finishedAt: null,
      error: null,
      result: null,
    };
    running.set(id, { view, controller });
    emitNow();
    return {
      id,
      signal: controller.signal,
      progress(rows) {
        if (!running.has(id)) return;
        view.rows = rows;
        speed(view);
        emitSoon();
      },
      expect(rows) {
        view.expected = rows;
        speed(view);
      },
      succeed(result) {
        end(id, { state: 'done', result, ...('rows' in result ? { rows: result.rows } : {}) });
      },
      fail(error) {
        if (controller.signal.aborted) end(id, { state: 'cancelled', error: messageOf(controller.signal.reason) });
        else end(id, { state: 'failed', error: messageOf(error) });
      },
    };
  };

  return {
    begin,
    run(kind, label, expected, work) {
      const job = begin(kind, label, expected);
      if (!job) return null;
      void work(job).then(
        (result) => (job.signal.aborted ? job.fail(job.signal.reason) : job.succeed(result)),
        (error: unknown) => job.fail(error),
      );
      const view = running.get(job.id)?.view;
      return view ? { ...view } : null;
    },
    get: (id) => {
      const entry = running.get(id);
      if (entry) return { ...entry.view };
      return [...finished.values()].find((j) => j.id === id) ?? null;
    },
    cancel(id, reason = 'cancelled') {
      const entry = running.get(id);
      if (!entry) return false;
      entry.controller.abort(new Error(reason));
      return true;
    },
    list,
    close(reason) {
      for (const entry of running.values()) entry.controller.abort(new Error(reason));
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
