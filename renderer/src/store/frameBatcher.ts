/** Schedules a callback for the next frame; injectable so tests can step frames by hand. */
export type FrameScheduler = (callback: () => void) => void;

const defaultScheduler: FrameScheduler = (callback) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => callback()) : setTimeout(callback, 16);

/**
 * Collects updates from streams and applies them all in one store commit per animation frame, so a burst of events
 * renders once instead of once per event.
 */
export function createFrameBatcher<U>(apply: (updates: U[]) => void, schedule: FrameScheduler = defaultScheduler) {
  let queue: U[] = [];
  let scheduled = false;
  return {
    push(update: U) {
      queue.push(update);
      if (scheduled) return;
      scheduled = true;
      schedule(() => {
        scheduled = false;
        const batch = queue;
        queue = [];
        if (batch.length > 0) apply(batch);
      });
    },
  };
}
