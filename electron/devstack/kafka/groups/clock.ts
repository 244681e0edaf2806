// The coordinator's only source of time, so unit tests can drive session and rebalance timeouts with a fake clock.

/** A cancellable timer handle. */
export interface TimerHandle {
  cancel(): void;
}

/** Wall time in milliseconds and one-shot timers. */
export interface Clock {
  now(): number;
  setTimer(delayMs: number, fire: () => void): TimerHandle;
}

/** The real clock: Date.now and setTimeout, unref'd so a forgotten timer never keeps the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, fire) {
    const timer = setTimeout(fire, Math.max(0, delayMs));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/** A manual clock for tests: time moves only through advance(), which fires due timers in deadline order. */
export interface FakeClock extends Clock {
  advance(ms: number): void;
  /** Number of timers not yet fired or cancelled. */
  pending(): number;
}

export function createFakeClock(start = 1_000_000): FakeClock {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; fire: () => void }>();
  return {
    now: () => now,
    setTimer(delayMs, fire) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, delayMs), fire });
      return { cancel: () => void timers.delete(id) };
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        let due: [number, { at: number; fire: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= until && (!due || entry[1].at < due[1].at)) due = entry;
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fire();
      }
      now = until;
    },
    pending: () => timers.size,
  };
}
