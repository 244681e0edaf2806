/**
 * Bounds the writes in flight: `acquire` resolves when a slot is free, which is what holds the fetch loop back when
 * Cassandra is slow (backpressure) and keeps memory bounded whatever the lag.
 */
export interface InFlightLimiter {
  /** Resolves with true once a slot is taken, or false if the limiter was closed while waiting. */
  acquire(): Promise<boolean>;
  /** Takes a slot at once if one is free. */
  tryAcquire(): boolean;
  release(): void;
  readonly inFlight: number;
  readonly limit: number;
  /** Resolves when nothing is in flight. */
  idle(): Promise<void>;
  /** Wakes every waiter with false; later acquires fail fast. */
  close(): void;
}

export function createInFlightLimiter(limit: number): InFlightLimiter {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`createInFlightLimiter: limit must be a whole number ≥ 1, got ${limit}`);
  let inFlight = 0;
  let closed = false;
  const waiters: ((ok: boolean) => void)[] = [];
  let idleWaiters: (() => void)[] = [];

  return {
    get inFlight() {
      return inFlight;
    },
    limit,
    tryAcquire() {
      if (closed || inFlight >= limit) return false;
      inFlight++;
      return true;
    },
    acquire() {
      if (closed) return Promise.resolve(false);
      if (inFlight < limit && waiters.length === 0) {
        inFlight++;
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => waiters.push(resolve));
    },
    release() {
      if (inFlight === 0) throw new Error('InFlightLimiter: release without acquire');
      const next = closed ? undefined : waiters.shift();
      if (next) {
        next(true); // the slot passes straight to the next waiter
        return;
      }
      inFlight--;
      if (inFlight === 0) {
        const waiting = idleWaiters;
        idleWaiters = [];
        for (const w of waiting) w();
      }
    },
    idle() {
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    close() {
      closed = true;
      for (const w of waiters.splice(0)) w(false);
    },
  };
}
