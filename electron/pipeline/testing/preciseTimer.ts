// Wake-ups with sub-millisecond precision, for the fault proxy's short latencies.
//
// Node's timers count whole milliseconds against a loop clock that can be a millisecond stale, so a 0.5 ms delay
// becomes 1 to 2.5 ms, and a "1 ms round trip" through the proxy measured ~2.5 ms. Spinning on setImmediate would be
// precise but burns a core. Here one worker thread per process sleeps in Atomics.wait (whose timeout takes fractions of
// a millisecond) until the earliest deadline, then posts a message, which wakes the main event loop at once. Idle, it
// blocks without a timeout and costs nothing; it is unref'd, so it never keeps a process alive.
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const control = new Int32Array(workerData, 0, 1);
const deadline = new Float64Array(workerData, 8, 1);
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
// From 0, not the current value: a deadline set while this thread was starting must not be missed.
let seen = 0;
for (;;) {
  Atomics.wait(control, 0, seen);
  seen = Atomics.load(control, 0);
  for (;;) {
    const wait = deadline[0] - nowMs();
    if (wait <= 0) break;
    if (Atomics.wait(control, 0, seen, wait) !== 'timed-out') seen = Atomics.load(control, 0);
  }
  if (Number.isFinite(deadline[0])) parentPort.postMessage(0);
}
`;

const GRID_MS = 0.1;

interface Entry {
  at: number;
  fire(): void;
}

/** A wake-up scheduled with `schedulePrecise`; pass it to `cancelPrecise`. */
export type PreciseTimer = Entry;

let shared: { worker: Worker; control: Int32Array; deadline: Float64Array; offset: number } | null | undefined;
const entries = new Set<Entry>();

function service() {
  if (shared !== undefined) return shared;
  try {
    const buffer = new SharedArrayBuffer(16);
    const worker = new Worker(WORKER, { eval: true, workerData: buffer });
    worker.on('message', wake);
    // Without the thread, what is pending moves to Node timers, and later callers fall back to them.
    worker.on('error', () => {
      shared = null;
      for (const e of entries) setTimeout(e.fire, Math.max(0, e.at - performance.now()));
      entries.clear();
    });
    worker.unref();
    // performance.now() and the worker's hrtime run on the same monotonic clock, a fixed offset apart.
    const offset = Number(process.hrtime.bigint()) / 1e6 - performance.now();
    shared = { worker, control: new Int32Array(buffer, 0, 1), deadline: new Float64Array(buffer, 8, 1), offset };
  } catch {
    shared = null;
  }
  return shared;
}

/** Points the thread at the earliest deadline; `force` after a wake, as the thread then waits for a new one. */
function rearm(force = false): void {
  if (!shared) return;
  let earliest = Infinity;
  for (const e of entries) earliest = Math.min(earliest, e.at);
  // Deadlines round up to a 0.2 ms grid, so wake-ups of a busy stream are shared and at most 5,000 a second.
  const target = Math.ceil(earliest / GRID_MS) * GRID_MS + shared.offset;
  if (!force && shared.deadline[0] === target) return;
  shared.deadline[0] = target;
  Atomics.add(shared.control, 0, 1);
  Atomics.notify(shared.control, 0);
}

function wake(): void {
  const now = performance.now();
  const due = [...entries].filter((e) => e.at <= now).sort((a, b) => a.at - b.at);
  for (const e of due) entries.delete(e);
  rearm(true);
  for (const e of due) e.fire();
}

/** Starts the thread ahead of its first use (it takes tens of milliseconds to boot). */
export function warmPreciseTimer(): void {
  service();
}

/** Calls `fire` once `performance.now()` reaches `at`, or returns null when no worker thread can be had. */
export function schedulePrecise(at: number, fire: () => void): PreciseTimer | null {
  if (!service()) return null;
  const entry = { at, fire };
  entries.add(entry);
  rearm();
  return entry;
}

export function cancelPrecise(timer: PreciseTimer): void {
  if (entries.delete(timer)) rearm();
}
